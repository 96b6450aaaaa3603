"""Every format legible: what small pages leave out (priority, formats) and in which order, WhatsApp's safe
zones on status, the QR code's address on phone images, and handouts a print shop can cut (gutter, bleed
and crop marks per copy, 8 pt body text, --up auto). The shipped posters are checked in every language at
status, square and 4-up (layout only, so it stays fast)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posters.errors import FitError, SpecError
from posters.geometry import Rect, mm, parse_size
from posters.imposition import COPY_BLEED_MM, GUTTER_MM, MARK_OFFSET_MM, grid
from posters.layout import legibility, safe_area
from posters.page import Box, ImageItem, Mark, PictureItem, QRItem, Rule, TextLine
from posters.pipeline import choose_up, dropped_note, layout, layout_handout, make_handout, render_pdf
from posters.spec.load import load_text
from posters.spec.validate import load_spec, validate
from posters.styles import HANDOUT_MIN_BODY_PT, SCREEN_RESERVED, TARGET_SCALE

from .conftest import CONTENT

SHIPPED = sorted(CONTENT.glob("*.yaml"))
A4 = parse_size("A4")


def _spec(text: str, name: str = "t.yaml"):
    return validate(load_text(text, name), name, Path(name).stem)


def _shipped() -> list[tuple[Path, str]]:
    return [(p, lang) for p in SHIPPED for lang in load_spec(p).languages]


_POSTERS: dict[Path, object] = {}


def _load(path: Path):
    if path not in _POSTERS:
        _POSTERS[path] = load_spec(path)
    return _POSTERS[path]


LONG = " ".join(["Much longer words that only the larger sizes have any room for."] * 9)
FILL = " ".join(["Words that every size must print, whatever else it leaves out."] * 9)

# A poster with a lot of text that must stay, one long block (blocks[2]) and two entries a page may spare.
DROPPING = f"""\
title: {{en: Drops}}
languages: [en]
blocks:
  - kind: headline
    text: {{en: Stay safe}}
  - kind: text
    text: {{en: Keep this short line.}}
  - kind: text
    priority: {{long}}
    text: {{en: "{LONG}"}}
  - {{kind: text, text: {{en: "{FILL}"}}}}
  - {{kind: text, text: {{en: "{FILL}"}}}}
  - {{kind: text, text: {{en: "{FILL}"}}}}
  - {{kind: text, text: {{en: "{FILL[:450]}"}}}}
  - kind: checklist
    items:
      - do: {{en: Lock your phone.}}
      - priority: {{item}}
        dont: {{en: "Don't pay."}}
  - kind: footer
    sources:
      - name: {{en: A source}}
      - name: {{en: Another source}}
        priority: could
"""


def _dropping(long: str, item: str):
    return _spec(DROPPING.replace("{long}", long).replace("{item}", item))


# ---- spec: priority and formats ---------------------------------------------------------------------------------

def test_priority_and_formats_are_read_on_blocks_items_pairs_and_sources():
    poster = _spec("""\
title: {en: T}
languages: [en]
blocks:
  - kind: text
    priority: should
    formats: [print]
    text: {en: a}
  - kind: checklist
    items:
      - {do: {en: b}, priority: could, formats: [screen]}
      - dont: {en: c}
  - kind: mythfact
    pairs:
      - {myth: {en: d}, fact: {en: e}, priority: could}
  - kind: footer
    sources:
      - {name: {en: f}, priority: should}
""")
    text, checklist, mythfact, footer = poster.blocks
    assert (text.show.priority, text.show.formats) == ("should", ("print",))
    assert (checklist.items[0].show.priority, checklist.items[0].show.formats) == ("could", ("screen",))
    assert checklist.items[0].pos.path == "blocks[1].items[0]" and checklist.items[0].mark == "do"
    assert checklist.items[1].show.priority == "must" and checklist.items[1].show.formats == ("print", "screen")
    assert mythfact.pairs[0].show.priority == "could"
    assert footer.sources[0].show.priority == "should" and footer.show.priority == "must"


@pytest.mark.parametrize("line, message, hint", [
    ("    priority: later\n", "unknown priority level 'later'", "priority levels: must, should, could"),
    ("    formats: [paper]\n", "unknown format 'paper'", "formats: print, screen"),
    ("    formats: print\n", "must be a list", "'- '"),
])
def test_a_wrong_priority_or_format_is_reported_at_its_line(line, message, hint):
    spec = "title: {en: T}\nlanguages: [en]\nblocks:\n  - kind: text\n" + line + "    text: {en: a}\n"
    with pytest.raises(SpecError) as info:
        _spec(spec)
    d = info.value.diagnostics[0]
    assert d.line == 5 and message in d.message and hint in (d.hint or ""), (d.message, d.hint)


def test_a_checklist_item_still_needs_exactly_one_of_do_dont_step():
    spec = "title: {en: T}\nlanguages: [en]\nblocks:\n  - kind: checklist\n    items:\n      - priority: could\n"
    with pytest.raises(SpecError) as info:
        _spec(spec)
    assert "needs exactly one of" in info.value.diagnostics[0].message


def test_the_key_table_lists_the_common_keys_once():
    from posters.blocks import keys_markdown

    table = keys_markdown()
    assert table.count("| | `priority:`") == 1 and table.count("| | `formats:`") == 1
    assert "each with an optional `priority:`, `formats:`" in table


# ---- layout: what is left out, in which order ---------------------------------------------------------------------

def test_the_order_of_leaving_out_is_could_then_should_each_last_written_first():
    from posters.layout import _droppable

    poster = _dropping("should", "could")
    assert _droppable(poster.blocks) == ["blocks[8].sources[1]", "blocks[7].items[1]", "blocks[2]"]
    poster = _dropping("could", "should")
    assert _droppable(poster.blocks) == ["blocks[8].sources[1]", "blocks[2]", "blocks[7].items[1]"]
    assert _droppable(_dropping("must", "must").blocks) == ["blocks[8].sources[1]"]


HEIGHTS_MM = range(120, 301, 6)


def _priority(poster, path: str) -> str:
    from posters.blocks import parts

    return next(show.priority for b in poster.blocks for p, show in parts(b) if p == path)


def test_what_fits_again_is_put_back():
    """The last piece left out made room; an earlier, smaller one that fits again comes back."""
    from posters.layout import _put_back

    # pretend everything fits once blocks[2] (the long text) is out
    fits = lambda dropped: "blocks[2]" in dropped  # noqa: E731
    poster = _dropping("could", "could")
    assert _put_back(poster.blocks, ["blocks[8].sources[1]", "blocks[7].items[1]", "blocks[2]"], fits) == [
        "blocks[2]"]
    poster = _dropping("should", "should")  # the should item comes back; the could source waits for blocks[2]
    assert _put_back(poster.blocks, ["blocks[8].sources[1]", "blocks[7].items[1]", "blocks[2]"], fits) == [
        "blocks[8].sources[1]", "blocks[2]"]
    # a could stays out while a should is out
    poster = _dropping("should", "could")
    assert _put_back(poster.blocks, ["blocks[8].sources[1]", "blocks[7].items[1]", "blocks[2]"], fits) == [
        "blocks[8].sources[1]", "blocks[7].items[1]", "blocks[2]"]


@pytest.mark.parametrize("long, item", [("could", "could"), ("could", "should"), ("should", "could"),
                                        ("must", "could")])
def test_pages_leave_out_in_that_order_and_keep_the_target_while_they_can(long, item):
    from posters.layout import _droppable

    poster = _dropping(long, item)
    order = _droppable(poster.blocks)
    seen = set()
    for h in HEIGHTS_MM:
        try:
            page = layout(poster, "en", parse_size(f"148x{h}mm"))
        except FitError:
            continue
        n = len(page.dropped)
        assert set(page.dropped) <= set(order), (h, page.dropped)  # only what may go
        coulds = {p for p in order if _priority(poster, p) == "could"}
        if any(_priority(poster, p) == "should" for p in page.dropped):  # should goes only after every could
            assert coulds <= set(page.dropped), (h, page.dropped)
        assert list(page.dropped) == sorted(page.dropped, key=lambda p: [int(x) for x in re.findall(r"\d+", p)])
        if n < len(order):  # something droppable is still there: the type kept its target
            assert page.scale >= TARGET_SCALE["print"] - 0.005, (h, page.scale, page.dropped)  # search tolerance
        texts = " ".join(ln.text for ln in page.lines)
        assert ("Much longer" in texts) == ("blocks[2]" not in page.dropped)
        assert ("Another source" in texts) == ("blocks[8].sources[1]" not in page.dropped)
        seen.add(n)
    assert 0 in seen and len(seen) >= 2, seen  # the sweep saw whole pages and pages that left something out


def test_must_content_shrinks_the_type_instead():
    poster = _dropping("must", "must")
    shrunk = []
    for h in HEIGHTS_MM:
        try:
            shrunk.append(layout(poster, "en", parse_size(f"148x{h}mm")))
        except FitError:
            continue
    small = [p for p in shrunk if p.scale < TARGET_SCALE["print"] - 1e-9]
    assert small, "no height made the type shrink"
    for p in small:  # only the one could entry ever goes; the must blocks stay and the type shrinks
        assert p.dropped == ("blocks[8].sources[1]",)
        assert "Much longer" in " ".join(ln.text for ln in p.lines)


def test_a_fit_error_names_what_was_left_out():
    with pytest.raises(FitError) as info:
        layout(_dropping("could", "could"), "en", parse_size("60x60mm"))
    message = info.value.diagnostics[0].message
    assert "even with blocks[2], blocks[7].items[1], blocks[8].sources[1] left out" in message, message


def test_formats_keep_a_block_to_paper_or_to_phone_images_without_a_note():
    poster = _spec("""\
title: {en: T}
languages: [en]
blocks:
  - kind: text
    formats: [print]
    text: {en: On paper only}
  - kind: text
    formats: [screen]
    text: {en: On the phone only}
  - kind: checklist
    items:
      - {do: {en: Everywhere}}
      - {do: {en: Phone item}, formats: [screen]}
""")
    paper = [ln.text for ln in layout(poster, "en", A4).lines]
    phone = [ln.text for ln in layout(poster, "en", parse_size("status")).lines]
    assert "On paper only" in paper and "On the phone only" not in paper and "Phone item" not in paper
    assert "On the phone only" in phone and "Phone item" in phone and "On paper only" not in phone
    assert layout(poster, "en", A4).dropped == () and layout(poster, "en", parse_size("square")).dropped == ()


def _leaving_out() -> tuple[str, object]:
    """A size at which the test poster leaves something out."""
    poster = _dropping("could", "could")
    for h in HEIGHTS_MM:
        name = f"148x{h}mm"
        try:
            if layout(poster, "en", parse_size(name)).dropped:
                return name, poster
        except FitError:
            continue
    raise AssertionError("no size left anything out")


def test_the_note_is_one_line_naming_the_poster_language_format_and_paths():
    name, poster = _leaving_out()
    page = layout(poster, "en", parse_size(name))
    assert dropped_note(f"t.en.{name}", page.dropped) == (
        f"note: t.en.{name}: left out {', '.join(page.dropped)} to keep the type legible")
    tall = "148x600mm"
    assert dropped_note(f"t.en.{tall}", layout(poster, "en", parse_size(tall)).dropped) is None


def test_check_prints_the_note(tmp_path):
    from click.testing import CliRunner

    from posters.cli import main

    name, poster = _leaving_out()
    spec = tmp_path / "t.yaml"
    spec.write_text(DROPPING.replace("{long}", "could").replace("{item}", "could"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), "--size", name])
    assert result.exit_code == 0, result.output
    page = layout(poster, "en", parse_size(name))
    assert f"note: t.en.{name}: left out {', '.join(page.dropped)} to keep the type legible" in result.output


# ---- phone images: QR and safe zones ----------------------------------------------------------------------------

QR_SPEC = """\
title: {en: T}
languages: [en]
blocks:
  - kind: headline
    text: {en: Report it}
  - kind: qr
    url: https://cybercrime.gov.in/Webform/Index.aspx
    caption: {en: Report online}
"""


@pytest.mark.parametrize("size", ["status", "square"])
def test_phone_images_show_the_address_large_instead_of_a_qr_code(size):
    poster = _spec(QR_SPEC)
    page = layout(poster, "en", parse_size(size))
    assert not [i for i in page.items if isinstance(i, QRItem)]
    url = [ln for ln in page.lines if ln.text == "cybercrime.gov.in/Webform/Index.aspx"]
    assert url and url[0].size_pt >= 1.5 * page.body_pt
    assert "Report online" in [ln.text for ln in page.lines]
    paper = layout(poster, "en", A4)
    assert [i.url for i in paper.items if isinstance(i, QRItem)] == ["https://cybercrime.gov.in/Webform/Index.aspx"]


def test_no_qr_code_is_drawn_on_a_status_image():
    import zxingcpp

    from posters.geometry import PX_DPI
    from posters.preview import render_png

    image = render_png(render_pdf(_spec(QR_SPEC), "en", parse_size("status")), dpi=PX_DPI)
    assert image.size == (1080, 1920) and zxingcpp.read_barcodes(image) == []


def _ink_rects(page) -> list[tuple[str, Rect]]:
    out: list[tuple[str, Rect]] = []
    for it in page.items:
        if isinstance(it, TextLine):
            out.append((it.text, it.box))
        elif isinstance(it, (QRItem, ImageItem, PictureItem)):
            out.append((type(it).__name__, it.rect))
        elif isinstance(it, Mark):
            out.append(("mark", Rect(it.cx - it.r, it.cy - it.r, 2 * it.r, 2 * it.r)))
        else:
            assert isinstance(it, (Box, Rule))  # background: allowed anywhere
    return out


def test_status_safe_zone_is_clear_of_whatsapps_bars():
    size = parse_size("status")
    top, bottom = SCREEN_RESERVED["status"]
    assert (top, bottom) == (0.14, 0.12)
    safe = safe_area(size)
    assert safe.top <= size.height_pt * (1 - top) + 1e-9 and safe.y >= size.height_pt * bottom - 1e-9
    assert safe_area(parse_size("square")).h == pytest.approx(safe_area(parse_size("square")).w)


@pytest.mark.parametrize("path, lang", _shipped(), ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_shipped_posters_on_status_keep_text_and_pictures_out_of_the_bars(path, lang):
    size = parse_size("status")
    page = layout(_load(path), lang, size)
    top_pt = size.height_pt * (1 - SCREEN_RESERVED["status"][0])
    bottom_pt = size.height_pt * SCREEN_RESERVED["status"][1]
    for what, r in _ink_rects(page):
        assert r.top <= top_pt + 0.5 and r.y >= bottom_pt - 0.5, f"{what!r} sits under WhatsApp's bars"
    assert page.scale >= legibility(size).floor - 1e-9


@pytest.mark.parametrize("path, lang", _shipped(), ids=lambda v: v.stem if isinstance(v, Path) else v)
def test_shipped_posters_build_square_and_as_4up_handouts(path, lang):
    poster = _load(path)
    square = layout(poster, lang, parse_size("square"))
    assert not [i for i in square.items if isinstance(i, QRItem)]
    copy = layout_handout(poster, lang, 4, A4)
    assert copy.body_pt >= HANDOUT_MIN_BODY_PT - 1e-6


def test_at_least_three_shipped_posters_build_as_8up_handouts():
    """8-up copies are A7-like cards (63 x 91 mm on A4): three posters say their message there in Hindi."""
    ok = []
    for path in SHIPPED:
        try:
            assert layout_handout(_load(path), "hi", 8, A4).body_pt >= HANDOUT_MIN_BODY_PT - 1e-6
        except FitError:
            continue
        ok.append(path.stem)
    assert len(ok) >= 3, ok


# ---- handouts ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("up", [2, 4, 8])
@pytest.mark.parametrize("sheet", ["A4", "A3"])
def test_copies_have_a_gutter_their_own_bleed_and_marks_outside_every_bleed(up, sheet):
    g = grid(up, parse_size(sheet))
    copies, bleeds = g.copies, g.bleeds
    sheet_rect = Rect(0, 0, g.sheet.width_pt, g.sheet.height_pt)
    assert len(copies) == up
    for i, a in enumerate(copies):
        assert bleeds[i].w == pytest.approx(a.w + 2 * mm(COPY_BLEED_MM))
        assert sheet_rect.contains(bleeds[i])
        for j, b in enumerate(copies):
            if i < j:
                assert not bleeds[i].overlaps(bleeds[j], tol=0)
                gap_x = max(b.x - a.right, a.x - b.right)
                gap_y = max(b.y - a.top, a.y - b.top)
                assert max(gap_x, gap_y) >= mm(GUTTER_MM) - 1e-6
    clear = mm(MARK_OFFSET_MM) - 1e-6
    for x1, y1, x2, y2 in g.marks:
        seg = Rect(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1))
        assert sheet_rect.contains(seg) and seg.w + seg.h >= mm(1.5) - 1e-6
        for b in bleeds:  # at least 0.5 mm clear of every copy's bleed
            assert not Rect(b.x - clear, b.y - clear, b.w + 2 * clear, b.h + 2 * clear).overlaps(seg, tol=1e-6)
    # every copy has two marks at each of its four corners, on its own trim lines
    for c in copies:
        for cx in (c.x, c.right):
            for cy in (c.y, c.top):
                on_x = [m for m in g.marks if m[0] == m[2] == pytest.approx(cx) and min(abs(m[1] - cy), abs(m[3] - cy))
                        < mm(COPY_BLEED_MM + MARK_OFFSET_MM) + 0.01]
                on_y = [m for m in g.marks if m[1] == m[3] == pytest.approx(cy) and min(abs(m[0] - cx), abs(m[2] - cx))
                        < mm(COPY_BLEED_MM + MARK_OFFSET_MM) + 0.01]
                assert on_x and on_y


def test_each_copys_background_runs_into_its_bleed_and_the_gutter_stays_blank():
    from posters.preview import render_png

    poster = load_spec(CONTENT / "if-it-happens.yaml")
    made = make_handout(poster, "en", 4, A4)
    g = grid(4, A4)
    dpi = 144
    image = render_png(made.data, dpi=dpi, trim=False).convert("RGB")
    px = dpi / 72

    def at(x_pt: float, y_pt: float) -> tuple[int, int, int]:
        return image.getpixel((int(x_pt * px), int((g.sheet.height_pt - y_pt) * px)))

    for c in g.copies:
        inside = at(c.x + mm(0.7), c.y + mm(0.7))
        in_bleed = at(c.x - mm(1.3), c.y - mm(1.3))
        assert inside == in_bleed and inside != (255, 255, 255), (inside, in_bleed)
    left, right = g.copies[0], g.copies[1]
    assert at((left.right + right.x) / 2, left.y + left.h / 2) == (255, 255, 255)


def test_a_copy_never_sets_body_text_below_8pt_and_too_many_copies_fail_with_a_hint():
    dense = _dropping("must", "must")
    with pytest.raises(FitError) as info:
        layout_handout(dense, "en", 8, A4)
    d = info.value.diagnostics[0]
    assert "body text at least 8 pt" in d.message and "--up 4" in (d.hint or "") and "--up auto" in (d.hint or "")


def test_up_auto_picks_the_most_copies_that_keep_8pt():
    small = _spec("title: {en: T}\nlanguages: [en]\nblocks:\n  - kind: headline\n    text: {en: Hi}\n")
    assert choose_up(small, "en", A4) == 8 and make_handout(small, "en", None, A4).up == 8
    for path in SHIPPED:
        poster = _load(path)
        up = choose_up(poster, "en", A4)
        assert layout_handout(poster, "en", up, A4).body_pt >= HANDOUT_MIN_BODY_PT - 1e-6
        for more in (u for u in (2, 4, 8) if u > up):
            with pytest.raises(FitError):
                layout_handout(poster, "en", more, A4)
    with pytest.raises(FitError):
        choose_up(_dropping("must", "must"), "en", A4)


def test_handout_cli_takes_up_auto_and_names_the_file_by_the_copies_chosen(tmp_path):
    from click.testing import CliRunner

    from posters.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["handout", str(CONTENT / "if-it-happens.yaml"), "--up", "auto", "--lang", "hi",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    up = choose_up(load_spec(CONTENT / "if-it-happens.yaml"), "hi", A4)
    assert (out / f"if-it-happens.hi.{up}up-a4.pdf").is_file()
    assert f"note: if-it-happens.hi.{up}up-a4: left out" in result.output


def test_build_prints_the_note_once_per_poster(tmp_path):
    from click.testing import CliRunner

    from posters.cli import main

    name, poster = _leaving_out()
    spec = tmp_path / "t.yaml"
    spec.write_text(DROPPING.replace("{long}", "could").replace("{item}", "could"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(spec), "--size", name, "--size", "148x600mm", "-o",
                                       str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    notes = [ln for ln in result.output.splitlines() if ln.startswith("note: t.en.")]
    page = layout(poster, "en", parse_size(name))
    assert notes == [f"note: t.en.{name}: left out {', '.join(page.dropped)} to keep the type legible"]
