"""The PDF itself: text copies out exactly (pdfium honours /ActualText), the ToUnicode fallback maps
conjunct glyphs to their characters, every font is embedded, /Lang and the title are set, and the
same input gives the same bytes."""

from __future__ import annotations

import re
import zlib

import pytest

from posters.geometry import parse_size
from posters.pipeline import layout, render_pdf
from posters.preview import extract_lines
from posters.spec.validate import load_spec

from .conftest import CONTENT

TRICKY = "क्या स्त्री क्षत्रिय द्वार सर्वर रिकॉर्ड ज़रूर फ़ोन माँ हँसी संदेश WhatsApp 1930 cybercrime.gov.in"


def _spec(lang_text: str) -> str:
    return f"""\
title: {{hi: परीक्षण}}
languages: [hi]
blocks:
  - kind: text
    text: {{hi: "{lang_text}"}}
"""


def _visual_lines(page) -> list[str]:
    """Layout lines in drawing order, where consecutive lines on one baseline (a myth/fact chip and
    its text, a step number and its text) read as one line, as an extractor reads them."""
    out: list[tuple[float, str]] = []
    for ln in page.lines:
        if out and abs(out[-1][0] - ln.baseline_pt) < 0.05:
            out[-1] = (out[-1][0], out[-1][1] + " " + ln.text)
        else:
            out.append((ln.baseline_pt, ln.text))
    return [text for _, text in out]


def test_tricky_words_extract_exactly(spec_from):
    poster = spec_from(_spec(TRICKY))
    pdf = render_pdf(poster, "hi", parse_size("a4"))
    assert " ".join(extract_lines(pdf)) == TRICKY


@pytest.mark.parametrize("word", ["क्या", "स्त्री", "क्षत्रिय", "द्वार", "सर्वर", "रिकॉर्ड", "ज़", "फ़ँ"])
def test_each_tricky_word_alone(spec_from, word):
    pdf = render_pdf(spec_from(_spec(word)), "hi", parse_size("a5"))
    assert extract_lines(pdf) == [word]


@pytest.mark.parametrize("size", ["a4", "a3", "status", "420x297mm"])
def test_every_line_of_the_shipped_posters_extracts_exactly(size):
    """Every language of every shipped poster, one and two columns."""
    from posters.errors import FitError

    checked = 0
    for path in sorted(CONTENT.glob("*.yaml")):
        poster = load_spec(path)
        for lang in poster.languages:
            try:
                page = layout(poster, lang, parse_size(size))
            except FitError:
                continue  # too much text for this shape: reported to the user, nothing to extract
            pdf = render_pdf(poster, lang, parse_size(size))
            assert extract_lines(pdf) == _visual_lines(page), (path.name, lang)
            checked += 1
    assert checked >= 20


def _to_unicode_maps(pdf: bytes) -> list[dict[str, str]]:
    maps = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            data = zlib.decompressobj().decompress(m.group(1))
        except zlib.error:
            continue
        if b"begincmap" in data:
            sections = re.findall(rb"beginbfchar\n(.*?)endbfchar", data, re.S)
            pairs = [p for sec in sections for p in re.findall(rb"<([0-9A-F]{2})> <([0-9A-F]+)>", sec)]
            maps.append({code.decode(): bytes.fromhex(u.decode()).decode("utf-16-be") for code, u in pairs})
    return maps


def test_conjunct_glyphs_have_multi_character_tounicode(spec_from):
    pdf = render_pdf(spec_from(_spec("क्षत्रिय सर्वर द्वार")), "hi", parse_size("a5"))
    values = {v for m in _to_unicode_maps(pdf) for v in m.values()}
    assert "क्ष" in values  # the KSSA ligature copies as its three characters
    assert "र्" in values  # the reph copies as RA + VIRAMA
    assert all(len(v) >= 1 for v in values)


@pytest.fixture(scope="module")
def shipped_pdf():
    path = sorted(CONTENT.glob("*.yaml"))[0]
    return render_pdf(load_spec(path), "hi", parse_size("a4"))


def test_every_font_is_embedded_and_subset(shipped_pdf):
    fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+\-]+)", shipped_pdf)
    assert fonts
    assert not any(b"Helvetica" in f or b"Times" in f or b"Courier" in f for f in fonts)
    assert all(re.match(rb"[A-Z]{6}\+", f) for f in fonts), fonts  # subset tag
    assert shipped_pdf.count(b"/FontFile2") == len(fonts)


def test_lang_and_title(shipped_pdf):
    assert b"/Lang (hi)" in shipped_pdf
    title = re.search(rb"/Title \((.*?)\) /", shipped_pdf, re.S)
    assert title and title.group(1).startswith(b"\\376\\377")  # UTF-16 title


def test_build_is_reproducible():
    path = sorted(CONTENT.glob("*.yaml"))[0]
    poster = load_spec(path)
    assert render_pdf(poster, "en", parse_size("a4")) == render_pdf(poster, "en", parse_size("a4"))


@pytest.mark.parametrize("size", ["a5", "a4"])
def test_qr_code_decodes_to_its_url(spec_from, size):
    import zxingcpp

    from posters.preview import render_png

    url = "https://cybercrime.gov.in"
    poster = spec_from(_spec("स्कैन करें") + f"  - kind: qr\n    url: {url}\n    caption: {{hi: स्कैन करें}}\n")
    image = render_png(render_pdf(poster, "hi", parse_size(size)), dpi=100)
    found = zxingcpp.read_barcodes(image)
    assert [r.text for r in found] == [url]


def test_a_qr_code_is_encoded_as_reportlab_encodes_it_without_its_barcode_widgets():
    """posters.qr loads ReportLab's QR encoder from its file: the same symbols, without the 40 ms import of
    every barcode widget (and ReportLab's drawing and paragraph modules) that its package brings."""
    import subprocess
    import sys

    code = ("import sys; from posters.qr import qr_matrix; qr_matrix('https://cybercrime.gov.in'); "
            "print('reportlab.graphics.barcode' in sys.modules, 'reportlab.platypus' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == ["False", "False"]

    from reportlab.graphics.barcode import qrencoder

    from posters.qr import qr_matrix

    for data, level in [("https://cybercrime.gov.in", "M"), ("tel:1930", "H"), ("https://example.org/" + "x" * 200, "L")]:
        qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
        qr.addData(data)
        qr.make()
        assert qr_matrix(data, level) == tuple(tuple(bool(v) for v in row) for row in qr.modules)


def test_output_does_not_depend_on_what_was_built_before(tmp_path):
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from posters.spec.validate import load_spec; "
            "from posters.pipeline import render_pdf; from posters.geometry import parse_size; "
            "c = Path(sys.argv[1]); out = Path(sys.argv[2]); "
            "[render_pdf(load_spec(p), 'hi', parse_size('a4')) for p in sorted(c.glob('*.yaml'))[1:]]; "
            "out.write_bytes(render_pdf(load_spec(sorted(c.glob('*.yaml'))[0]), 'hi', parse_size('a4')))")
    alone = render_pdf(load_spec(sorted(CONTENT.glob("*.yaml"))[0]), "hi", parse_size("a4"))
    subprocess.run([sys.executable, "-c", code, str(CONTENT), str(tmp_path / "after.pdf")], check=True)
    assert (tmp_path / "after.pdf").read_bytes() == alone


def test_source_date_epoch_sets_the_date(monkeypatch):
    poster = load_spec(sorted(CONTENT.glob("*.yaml"))[0])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf = render_pdf(poster, "en", parse_size("a5"))
    assert b"/CreationDate (D:20231114221320+00'00')" in pdf
    assert pdf == render_pdf(poster, "en", parse_size("a5"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    from posters.errors import UsageError

    with pytest.raises(UsageError):
        render_pdf(poster, "en", parse_size("a5"))


def test_flate_gives_bytes_zlib_reads_back():
    from posters.flate import flate

    data = "सर्वर पर रिकॉर्ड नहीं होती ".encode() * 50
    packed = flate(data)
    assert type(packed) is bytes  # a bytearray would be written into the PDF as its repr
    assert zlib.decompress(packed) == data and len(packed) < len(data) // 10


@pytest.mark.parametrize("profile", ["office", "press"])
def test_every_stream_is_flate_that_zlib_reads(profile):
    """Each stream says /FlateDecode and holds exactly /Length bytes that zlib decompresses (page contents,
    font programs, ToUnicode maps, the output profile), but for the press file's metadata: PDF/X wants it
    readable as it is."""
    poster = load_spec(CONTENT / "whatsapp-calls.yaml")
    pdf = render_pdf(poster, "hi", parse_size("A4"), profile)
    streams = list(re.finditer(rb"<<\n/Filter \[ /FlateDecode \] /Length (\d+)[^>]*>>\nstream\n", pdf))
    plain = re.findall(rb"<<\n/Length \d+ /Subtype /XML /Type /Metadata\n>>\nstream\n", pdf)
    assert len(plain) == (profile == "press")
    assert len(streams) + len(plain) == pdf.count(b"\nstream\n") and len(streams) >= 7
    for m in streams:
        n = int(m.group(1))
        assert pdf[m.end() + n:m.end() + n + 9] == b"endstream"
        zlib.decompress(pdf[m.end():m.end() + n])


def test_quick_and_slow_line_drawing_write_the_same_bytes(tmp_path, monkeypatch):
    """Most lines take draw's quick path; the slow one (glyph by glyph) must write the same operators, here for
    words whose runs change font mid-word (Latin, Devanagari and Tamil in one word)."""
    import posters.draw as draw
    from posters.pipeline import _render_poster  # not through the render cache: the same job twice

    spec = tmp_path / "mixed.yaml"
    spec.write_text("title: {hi: मिश्रित}\nlanguages: [hi]\nblocks:\n  - kind: headline\n"
                    "    text: {hi: ab-नंबरதமிழ் x क्या रिकॉर्ड}\n  - kind: text\n"
                    "    text: {hi: सर्वर ab-नंबरதமிழ் x}\n", encoding="utf-8")
    poster = load_spec(spec)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    quick = _render_poster(poster, "hi", parse_size("A4"), "office", "fogra39").data

    def slow(*args: object, **kwargs: object) -> list[str]:
        raise draw._Slow

    monkeypatch.setattr(draw, "_quick_line_ops", slow)
    assert _render_poster(poster, "hi", parse_size("A4"), "office", "fogra39").data == quick
