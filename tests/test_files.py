"""What goes into the PDF file: subsets hold only the glyphs drawn, streams are Flate without an ASCII85
layer, embedded fonts carry no layout tables, and the benchmark poster stays small."""

from __future__ import annotations

import io
import struct

import pytest
from pypdf import PdfReader

from posters.geometry import parse_size
from posters.pipeline import render_pdf
from posters.spec.validate import load_spec

from .conftest import ROOT

BENCH_SPEC = ROOT / "bench" / "whatsapp-calls.hi-en.yaml"


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(load_spec(BENCH_SPEC), "hi", parse_size("A3"))


def _drawn_codes(reader: PdfReader) -> dict[str, set[int]]:
    """Font resource name -> the one-byte codes the page's text operators draw with it."""
    from pypdf.generic import ContentStream

    used: dict[str, set[int]] = {}
    font = ""
    for args, op in ContentStream(reader.pages[0].get_contents(), reader).operations:
        if op == b"Tf":
            font = args[0]
        elif op in (b"TJ", b"Tj"):
            for item in args[0] if op == b"TJ" else args:
                if isinstance(item, (str, bytes)):  # a string: its bytes are the codes
                    used.setdefault(font, set()).update(getattr(item, "original_bytes", item))
    return used


def test_the_benchmark_poster_draws_text(pdf):
    assert sum(map(len, _drawn_codes(PdfReader(io.BytesIO(pdf))).values())) > 100


def test_subsets_hold_only_the_glyphs_drawn(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    drawn = _drawn_codes(reader)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert set(fonts) == set(drawn)
    for name, ref in fonts.items():
        font = ref.get_object()
        program = font["/FontDescriptor"]["/FontFile2"].get_data()
        (n_glyphs,) = struct.unpack(">H", _table(program, b"maxp")[4:6])
        # .notdef, the space and the drawn glyphs, plus the components of composite glyphs (few)
        assert n_glyphs <= len(drawn[name] | {32}) + 1 + 4, (name, n_glyphs, len(drawn[name]))
        # codes: the drawn ones, 0 (.notdef), 32 (space), and 1-31 padded with the space
        assert font["/LastChar"] + 1 <= max(33, len(drawn[name] | {0, 32}))


def _table(program: bytes, tag: bytes) -> bytes:
    n = struct.unpack(">H", program[4:6])[0]
    for i in range(n):
        t, _, off, length = struct.unpack(">4sIII", program[12 + 16 * i:28 + 16 * i])
        if t == tag:
            return program[off:off + length]
    raise KeyError(tag)


def test_font_programs_have_no_layout_tables_and_a_short_name_table(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        program = ref.get_object()["/FontDescriptor"]["/FontFile2"].get_data()
        for tag in (b"GSUB", b"GPOS", b"GDEF"):
            with pytest.raises(KeyError):
                _table(program, tag)
        assert len(_table(program, b"name")) < 800  # identity records only, not the licence text


def test_no_stream_is_ascii85_encoded(pdf):
    assert b"ASCII85Decode" not in pdf
    assert pdf.count(b"/FlateDecode") >= 5


def test_the_benchmark_poster_stays_small(pdf):
    # 56.8 KB before subsets lost ReportLab's ASCII block and streams their ASCII85, 33.0 KB before the
    # small sRGB output profile, a compressed XMP packet and shorter page streams; issue 16 asks for 30
    assert len(pdf) <= 30_000
