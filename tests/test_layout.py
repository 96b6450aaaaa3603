"""Layout: everything inside the safe area, nothing overlapping, one scale for all page sizes, shrink to
fit down to a legible floor, then a clear error naming the block."""

from __future__ import annotations

import itertools

import pytest

from posters.errors import FitError, FontCoverageError, SpecError
from posters.geometry import mm, parse_size
from posters.layout import layout_poster
from posters.page import Box, TextLine
from posters.spec.validate import load_spec
from posters.styles import BODY_PER_SHORT_SIDE, SCALE_FLOOR, SCALE_MAX

from .conftest import CONTENT, MINIMAL

SIZES = ["a5", "a4", "a3", "a2", "300x400mm", "letter"]


def _check_page(page):
    lines = page.lines
    assert lines
    for ln in lines:
        assert page.safe.contains(ln.box, tol=0.5), (ln.text, ln.box, page.safe)
    for a, b in itertools.combinations(lines, 2):
        assert not a.box.overlaps(b.box, tol=0.5), (a.text, b.text)


@pytest.mark.parametrize("size", SIZES)
def test_shipped_posters_fit_without_clipping_or_overlap(fontset, size):
    for path in sorted(CONTENT.glob("*.yaml")):
        poster = load_spec(path)
        for lang in poster.languages:
            page = layout_poster(poster, lang, parse_size(size), fontset)
            _check_page(page)
            assert SCALE_FLOOR <= page.scale <= SCALE_MAX


def test_sizes_are_in_proportion(spec_from, fontset):
    poster = spec_from(MINIMAL)
    a4 = layout_poster(poster, "hi", parse_size("A4"), fontset)
    a3 = layout_poster(poster, "hi", parse_size("A3"), fontset)
    assert a4.scale == a3.scale == SCALE_MAX  # short content: no shrinking on either
    assert a3.body_pt / a4.body_pt == pytest.approx(297 / 210, rel=1e-6)
    assert a4.body_pt == pytest.approx(mm(210) * BODY_PER_SHORT_SIDE * SCALE_MAX)
    # every text size keeps its ratio to the body size
    r4 = sorted({round(ln.size_pt / a4.body_pt, 4) for ln in a4.lines})
    r3 = sorted({round(ln.size_pt / a3.body_pt, 4) for ln in a3.lines})
    assert r4 == r3


def test_lines_break_only_at_spaces(spec_from, fontset):
    text = "सामने वाला स्क्रीन रिकॉर्डिंग से या दूसरे फ़ोन से आपकी वीडियो कॉल रिकॉर्ड कर सकता है। " * 3
    poster = spec_from(MINIMAL.replace("सामने वाला स्क्रीन रिकॉर्डिंग कर सकता है।", text.strip()))
    page = layout_poster(poster, "hi", parse_size("a5"), fontset)
    body_lines = [ln.text for ln in page.lines if ln.block.startswith("blocks[1]")]
    assert len(body_lines) > 2
    assert " ".join(body_lines) == text.strip()
    for ln in page.lines:
        for w in ln.words:
            assert " " not in w.text


def _with_text_blocks(n: int) -> str:
    text = " ".join(["यह एक लंबा वाक्य है जो पोस्टर पर जगह लेता है।"] * 5)
    block = f"  - kind: text\n    text: {{hi: {text}, en: Long text.}}\n"
    return MINIMAL + block * n


def test_long_text_shrinks_but_not_below_the_floor(spec_from, fontset):
    poster = spec_from(_with_text_blocks(10))
    page = layout_poster(poster, "hi", parse_size("a4"), fontset)
    assert SCALE_FLOOR <= page.scale < SCALE_MAX
    _check_page(page)


def test_too_much_text_names_the_block(spec_from, fontset):
    poster = spec_from(_with_text_blocks(30))
    with pytest.raises(FitError) as info:
        layout_poster(poster, "hi", parse_size("a5"), fontset)
    d = info.value.diagnostics[0]
    assert "too tall for A5" in d.message and "mm" in d.message
    assert d.path.startswith("blocks[") and d.line >= 8
    assert "larger size" in d.hint


def test_word_wider_than_the_page_is_an_error(spec_from, fontset):
    poster = spec_from(MINIMAL.replace("Is your call recorded?", "Is " + "x" * 120))
    with pytest.raises(FitError) as info:
        layout_poster(poster, "en", parse_size("a5"), fontset)
    d = info.value.diagnostics[0]
    assert "wider than the column" in d.message and d.line == 5 and d.path == "blocks[0].text"


def test_character_without_font_names_it_and_its_place(spec_from, fontset):
    poster = spec_from(MINIMAL.replace("The other person", "The ☃ person"))
    with pytest.raises(FontCoverageError) as info:
        layout_poster(poster, "en", parse_size("a4"), fontset)
    d = info.value.diagnostics[0]
    assert "U+2603" in d.message and d.line == 7 and d.path == "blocks[1].text"


def test_emphasis_markup(spec_from, fontset):
    poster = spec_from(MINIMAL.replace("The other person can", "The **other person** can"))
    page = layout_poster(poster, "en", parse_size("a4"), fontset)
    line = next(ln for ln in page.lines if "other person" in ln.text)
    assert "**" not in line.text
    fonts = {r.font.weight for w in line.words for r in w.runs}
    assert fonts == {400, 700}
    with pytest.raises(SpecError):
        layout_poster(spec_from(MINIMAL.replace("The other", "The **other")), "en", parse_size("a4"), fontset)


def test_headline_band_runs_to_the_page_edges(spec_from, fontset):
    page = layout_poster(spec_from(MINIMAL), "hi", parse_size("a4"), fontset)
    band = next(i for i in page.items if isinstance(i, Box))
    assert band.rect.x == 0 and band.rect.w == page.size.width_pt and band.rect.top == page.size.height_pt
    assert set(band.bleed) == {"top", "left", "right"}
    headline_lines = [i for i in page.items if isinstance(i, TextLine) and i.block.startswith("blocks[0]")]
    assert all(band.rect.contains(ln.box) for ln in headline_lines)


def test_every_uncovered_character_is_reported_at_once(spec_from, fontset):
    poster = spec_from(MINIMAL.replace("The other person", "The ☃ person").replace("Is your call", "Is ♞ your call"))
    with pytest.raises(FontCoverageError) as info:
        layout_poster(poster, "en", parse_size("a4"), fontset)
    found = {(d.line, d.message.split("(")[1][:6]) for d in info.value.diagnostics}
    assert found == {(5, "U+265E"), (7, "U+2603")}
    assert all("SNOWMAN" in d.message or "KNIGHT" in d.message for d in info.value.diagnostics)


def test_stray_vowel_sign_is_reported_not_printed_on_a_dotted_circle(spec_from, fontset):
    # caught while reading the spec, at the sign itself, before any layout
    with pytest.raises(SpecError) as info:
        spec_from(MINIMAL.replace("सामने वाला", "सामने ि वाला"))
    d = info.value.diagnostics[0]
    assert "U+093F" in d.message and "dotted circle" in d.message and (d.line, d.col) == (7, 22)
