"""The one override of ReportLab internals (posters/glyphfont.py) still matches the ReportLab installed:
the methods it mirrors are unchanged, and its HarfBuzz-read face agrees with ReportLab's parse
(tests/test_pdf.py checks what it writes)."""

from __future__ import annotations

import hashlib
import inspect
import io
import re

import pytest
import reportlab
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from posters.fonts import load_fontset
from posters.geometry import parse_size
from posters.glyphfont import (
    MIRRORED_ADDOBJECTS_SHA256,
    MIRRORED_ADDSUBSETOBJECTS_SHA256,
    MIRRORED_INIT_SHA256,
    MIRRORED_SPLITSTRING_SHA256,
    PLACEHOLDER_BASE,
)
from posters.spec.validate import load_spec

from .conftest import CONTENT, written_both_ways


def _mirrored() -> list[tuple[object, str, str, str]]:
    from reportlab.pdfbase.ttfonts import TTFontFace

    return [  # ReportLab's method, our copy, the digest we checked it at, its name in posters/glyphfont.py
        (TTFont.addObjects, "GlyphFont.addObjects", MIRRORED_ADDOBJECTS_SHA256, "MIRRORED_ADDOBJECTS_SHA256"),
        (TTFont.__init__, "GlyphFont.__init__", MIRRORED_INIT_SHA256, "MIRRORED_INIT_SHA256"),
        (TTFontFace.addSubsetObjects, "HarfBuzzFace.addSubsetObjects", MIRRORED_ADDSUBSETOBJECTS_SHA256,
         "MIRRORED_ADDSUBSETOBJECTS_SHA256"),
        (TTFont.splitString, "the code assignment of GlyphFont.new_codes", MIRRORED_SPLITSTRING_SHA256,
         "MIRRORED_SPLITSTRING_SHA256"),
    ]


@pytest.mark.parametrize("index", range(4), ids=["addObjects", "__init__", "addSubsetObjects", "splitString"])
def test_reportlab_methods_we_mirror_are_unchanged(index: int) -> None:
    method, ours, expected, constant = _mirrored()[index]
    digest = hashlib.sha256(inspect.getsource(method).encode()).hexdigest()  # type: ignore[arg-type]
    assert digest == expected, (
        f"ReportLab {reportlab.Version} changed {method.__qualname__}: compare it with {ours} in "  # type: ignore[attr-defined]
        f"posters/glyphfont.py, carry the change over, then update {constant} and the version range in "
        "pyproject.toml")


def test_codes_are_assigned_as_reportlab_assigns_them():
    """GlyphFont.new_codes gives the codes, subsets and next code splitString would, across several calls,
    past the first subset (600 glyphs), with repeats, the space, the no-break space and .notdef; the first
    batches all new and in subset 0 (assigned at once), before and after code 32."""
    from posters.glyphfont import GlyphFont

    class Doc:  # what a font keeps per document is keyed by the document object
        pass

    source = next(f for f in load_fontset().fonts if "Devanagari" in f.name)
    ours, theirs = GlyphFont(source), GlyphFont(source)
    doc_ours, doc_theirs = Doc(), Doc()
    chars = sorted(ours.face.charToGlyph)
    batches = [chars[:20], chars[500:520], chars[520:530], [32, 0xA0, 0, *chars[20:60]], chars[60:400], chars[380:700],
               [*chars[10:20], 0x10FFFF]]
    for batch in batches:
        codes = ours.new_codes(doc_ours, batch)
        theirs.splitString("".join(map(chr, batch)), doc_theirs)
        assigned = theirs._assignState(doc_theirs).assignments
        assert codes == [assigned.get(32 if c == 0xA0 else c, 0) for c in batch]
    a, b = ours._assignState(doc_ours), theirs._assignState(doc_theirs)
    assert (a.assignments, a.subsets, a.nextCode) == (b.assignments, b.subsets, b.nextCode)
    assert len(a.subsets) >= 3


def test_harfbuzz_face_reads_what_reportlab_reads():
    """Metrics as ReportLab parses them; cmap and advances from HarfBuzz, equal to ReportLab's own pass
    (which also maps U+FFFF, the end marker of a format 4 cmap, to .notdef)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from posters.fonts import load_fontset
    from posters.glyphfont import HarfBuzzFace

    for font in load_fontset().fonts:
        ours, theirs = HarfBuzzFace(font), TTFontFace(str(font.path))
        for name in ("name", "bbox", "ascent", "descent", "capHeight", "flags", "italicAngle", "stemV",
                     "defaultWidth", "unitsPerEm", "_full_font"):
            assert getattr(ours, name) == getattr(theirs, name), (font.name, name)
        theirs.charToGlyph.pop(0xFFFF, None)
        theirs.charWidths.pop(0xFFFF, None)
        assert ours.charToGlyph == theirs.charToGlyph, font.name
        assert ours.charWidths == theirs.charWidths, font.name


def test_pinned_version_range_holds_the_installed_reportlab():
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    m = re.search(r'"reportlab\[[^\]]*\]>=([\d.]+),<([\d.]+)"', pyproject)
    assert m, "pyproject.toml must pin ReportLab to a range"
    low, high = (tuple(int(p) for p in v.split(".")) for v in m.groups())
    installed = tuple(int(p) for p in reportlab.Version.split(".")[:len(high)])
    assert low[:len(installed)] <= installed < high



# --- drawing text: the quick path (a template per run) and the glyph-by-glyph one agree -------------

def _draw(poster, lang: str, before=None) -> bytes:
    """The poster's PDF, drawn as the pipeline draws it; `before(doc)` runs on the empty document."""
    from posters.draw import draw_page
    from posters.pipeline import _document, layout
    from posters.prepress import finish

    page = layout(poster, lang, parse_size("a4"))
    doc = _document(lang, page.title, parse_size("a4"), "office")
    if before is not None:
        before(doc.canvas._doc)
    doc.canvas.saveState()
    doc.canvas.translate(doc.sheet.trim.x, doc.sheet.trim.y)
    draw_page(doc.canvas, page, doc.sheet.bleed_pt)
    doc.canvas.restoreState()
    return finish(doc)


def test_glyphs_past_the_first_subset_are_drawn_glyph_by_glyph():
    """A font whose first 256 codes are taken draws the rest from a second subset (the slow path, with
    its font switches); the text still copies out exactly and the page looks the same."""
    from PIL import ImageChops

    from posters.draw import glyph_font
    from posters.preview import extract_lines, render_png

    poster = load_spec(CONTENT / "whatsapp-calls.yaml")
    body = load_fontset().chain("body", "Deva")[0]

    def fill_first_subset(doc) -> None:
        glyph_font(body).assign(doc, list(range(1, 300)))  # codes for glyphs the page may not draw

    normal, spilled = _draw(poster, "hi"), _draw(poster, "hi", fill_first_subset)
    fonts = PdfReader(io.BytesIO(spilled)).pages[0]["/Resources"]["/Font"]
    assert any(name.endswith("+1") for name in fonts)  # the second subset is drawn with
    assert extract_lines(spilled) == extract_lines(normal)
    diff = ImageChops.difference(render_png(normal, 72).convert("RGB"), render_png(spilled, 72).convert("RGB"))
    assert max(max(px) for px in diff.get_flattened_data()) <= 16


def test_templates_do_not_carry_one_document_into_the_next():
    """A run's template is kept for the next document, its codes are not: the same poster gives the same
    bytes after other posters were drawn with the same words."""
    a = load_spec(CONTENT / "whatsapp-calls.yaml")
    first = _draw(a, "hi")
    for other in sorted(CONTENT.glob("*.yaml"))[:3]:
        _draw(load_spec(other), "hi")
    assert _draw(a, "hi") == first


def test_a_raised_mark_keeps_its_run_on_the_quick_path():
    """A run with vertical offsets changes the text rise inside its word's TJ and sets it back to 0."""
    from posters.draw import glyph_font
    from posters.shaping import shape_text

    fontset = load_fontset()
    runs = [r for w in ("क़्ष", "ड़्ढ़", "ट्ठ्", "क्ष्ण्ञ", "हृ", "ङ्क्ष", "द्र्य", "र्द्ध्र्य") for r in
            shape_text(fontset, w, "body", "hi", "Deva")]
    raised = [r for r in runs if any(r.y_offsets)]
    if not raised:
        pytest.skip("no test word has a vertical offset in this font")
    run = raised[0]
    gf = glyph_font(run.font)
    table = {PLACEHOLDER_BASE + g: f"{i:02X}" for i, g in enumerate(dict.fromkeys(run.gids), start=1)}
    text = gf.rise_fragment(table, run, 20.0)
    assert text is not None
    rises = re.findall(r"\] TJ\n(-?[\d.]+) Ts\n\[", text)
    assert rises and rises[0] != "0" and rises[-1] == "0"  # raised (or lowered), then back on the baseline


@pytest.mark.parametrize("text", ["क्या ", "a(b)c\\d\r\ne\t", "বাংলা ", "⚠️ ok", ""])
def test_text_strings_read_back_as_written(text):
    """/ActualText as a literal UTF-16BE string, its parentheses, backslash, CR and LF escaped (hex where
    that is shorter, as for Bengali, whose low bytes are above 127): a reader gets the text back."""
    from pypdf.generic import read_hex_string_from_stream, read_string_from_stream

    from posters.glyphfont import text_string

    written = text_string(text)
    assert written.isascii()
    stream = io.BytesIO(written.encode("ascii"))
    read = read_string_from_stream(stream) if written.startswith("(") else read_hex_string_from_stream(stream)
    assert str(read) == text
    if text:
        assert written.startswith("(") == (text != "বাংলা ")


def test_every_byte_survives_a_literal_string():
    from pypdf.generic import read_string_from_stream

    from posters.glyphfont import LITERAL_BYTE

    written = "(" + "".join(LITERAL_BYTE) + ")"
    assert written.isascii()  # the page stream is encoded as UTF-8: nothing above 127 may be in it
    read = read_string_from_stream(io.BytesIO(written.encode("ascii")))
    assert getattr(read, "original_bytes", read) == bytes(range(256))


def test_font_program_is_written_as_reportlab_writes_it():
    """glyphfont.font_program gives TTFontMaker's bytes: tables in tag order, padded, head's checksum
    adjustment worked out over the whole file."""
    from reportlab.pdfbase.ttfonts import TTFontMaker

    from posters.glyphfont import font_program

    tables = {"head": bytes(range(54)), "maxp": b"\x00\x01\x00\x00\x00\x05", "glyf": b"\x07" * 37, "OS/2": b"ab"}
    maker = TTFontMaker()
    for tag, data in tables.items():
        maker.add(tag, data)
    assert font_program(dict(tables)) == maker.makeStream()


@pytest.mark.parametrize(("profile", "lang"), [("office", "hi"), ("press", "en"), ("office", "ta")])
def test_our_file_writer_writes_what_reportlab_save_writes(fontset, profile: str, lang: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """prepress._pdf_data mirrors PDFDocument.GetPDFData for speed: for the same document it must give
    exactly the bytes canvas.save() gives (once ReportLab's zlib filter is ours, as _pdf_data makes the
    page's), or a ReportLab update changed what it mirrors."""
    from posters.pipeline import layout

    page = layout(load_spec(CONTENT / "whatsapp-calls.yaml"), lang, parse_size("A4"))
    ours, theirs = written_both_ways(page, lang, profile, monkeypatch)
    assert ours == theirs
