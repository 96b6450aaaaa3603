"""fonts/coverage.json matches the font files, and a poster reads only the fonts it uses."""

from __future__ import annotations

import json

import pytest
import uharfbuzz as hb

from posters.fonts import COVERAGE_FILE, code_point_ranges, fonts_dir, load_fontset, read_coverage

from .conftest import CONTENT


def test_coverage_table_matches_every_font_file():
    base = fonts_dir()
    manifest = json.loads((base / "manifest.json").read_text("utf-8"))
    table = read_coverage(base)
    stale = []
    for entry in manifest["files"]:
        face = hb.Face(hb.Blob((base / entry["file"]).read_bytes()))
        if table.get(entry["file"]) != tuple(code_point_ranges(set(face.unicodes))):
            stale.append(entry["file"])
    assert not stale, f"{COVERAGE_FILE} is out of date for {stale}: run python tools/font_coverage.py"


def test_code_point_ranges_round_trip():
    cps = {32, 33, 34, 0x915, 0x917, 0x918, 0x1F600}
    ranges = code_point_ranges(cps)
    assert ranges == [(32, 34), (0x915, 0x915), (0x917, 0x918), (0x1F600, 0x1F600)]
    assert {cp for lo, hi in ranges for cp in range(lo, hi + 1)} == cps


def test_a_changed_font_file_is_read_not_trusted(tmp_path):
    base = fonts_dir()
    (tmp_path / "manifest.json").write_text((base / "manifest.json").read_text("utf-8"), "utf-8")
    table = json.loads((base / COVERAGE_FILE).read_text("utf-8"))
    name = next(iter(table["files"]))
    table["files"][name]["bytes"] += 1
    (tmp_path / COVERAGE_FILE).write_text(json.dumps(table), "utf-8")
    for other in table["files"]:
        (tmp_path / other).symlink_to(base / other)
    assert name not in read_coverage(tmp_path)
    assert len(read_coverage(tmp_path)) == len(table["files"]) - 1


@pytest.mark.parametrize(("lang", "expected"), [
    ("hi", ["Baloo2-ExtraBold", "NotoSansDevanagari-Bold", "NotoSansDevanagari-Regular"]),
    ("ta", ["BalooThambi2-ExtraBold", "NotoSansTamil-Bold", "NotoSansTamil-Regular"]),
])
def test_a_poster_reads_only_the_fonts_it_draws_with(monkeypatch, lang, expected):
    import posters.draw as draw
    import posters.pipeline as pipeline
    from posters.geometry import parse_size
    from posters.spec.validate import load_spec

    poster = load_spec(CONTENT / "whatsapp-calls.yaml")
    fresh = load_fontset.__wrapped__()  # a font set of its own, uncached: no font file read yet
    monkeypatch.setattr(pipeline, "load_fontset", lambda: fresh)
    monkeypatch.setattr(draw, "_PARSED", {})
    pipeline.render_pdf(poster, lang, parse_size("A3"))
    read_by_harfbuzz = sorted(f.name for f in fresh.fonts if "data" in vars(f))
    parsed_by_reportlab = sorted(gf.source.name for gf in draw._PARSED.values())
    assert read_by_harfbuzz == parsed_by_reportlab == expected
