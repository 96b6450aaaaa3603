"""Shared helpers: specs written to a temporary folder, and the shipped fonts only (never system fonts)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from posters.fonts import load_fontset
from posters.spec.validate import load_spec

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

MINIMAL = """\
title: {hi: सूचना, en: Notice}
languages: [hi, en]
blocks:
  - kind: headline
    text: {hi: "क्या आपकी कॉल रिकॉर्ड होती है?", en: "Is your call recorded?"}
  - kind: text
    text: {hi: सामने वाला स्क्रीन रिकॉर्डिंग कर सकता है।, en: The other person can record the screen.}
"""


def harfbuzz_reference(font, text: str, script: str, lang: str):
    """Shape with uharfbuzz directly (not through posters): the glyphs the tests expect, and the font."""
    import uharfbuzz as hb

    hbf = hb.Font(hb.Face(hb.Blob(font.data)))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "ltr"
    buf.script = script
    buf.language = lang
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_GRAPHEMES
    hb.shape(hbf, buf, {"kern": True, "liga": True})
    return [(i.codepoint, i.cluster, p.x_advance, p.x_offset, p.y_offset)
            for i, p in zip(buf.glyph_infos, buf.glyph_positions)], hbf


@pytest.fixture(autouse=True)
def _fresh_render_cache():
    """Each test renders anew: a poster another test (or a monkeypatched one) made is never reused."""
    from posters import pipeline

    pipeline._RENDERED.clear()


@pytest.fixture(scope="session")
def fontset():
    return load_fontset()


@pytest.fixture
def write_spec(tmp_path):
    """Write YAML text to a spec file and return its path."""

    def _write(text: str, name: str = "poster.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def spec_from(write_spec):
    """Write YAML text and load it as a validated Poster."""

    def _load(text: str, name: str = "poster.yaml"):
        return load_spec(write_spec(text, name))

    return _load


# ---- every diagnostic the suite produces, for tests/test_zz_diagnostics.py -----------------------------
SEEN_DIAGNOSTICS: list = []


def _record_diagnostics() -> None:
    """Wrap Diagnostic's constructor so each one made while the tests run is kept for inspection."""
    from posters.errors import Diagnostic

    original = Diagnostic.__init__
    if getattr(original, "_recording", False):
        return

    def init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        original(self, *args, **kwargs)
        SEEN_DIAGNOSTICS.append(self)

    init._recording = True  # type: ignore[attr-defined]
    Diagnostic.__init__ = init  # type: ignore[method-assign]


_record_diagnostics()


def written_both_ways(page, lang: str, profile: str, monkeypatch) -> tuple[bytes, bytes]:  # type: ignore[no-untyped-def]
    """A laid-out page drawn into two new documents: one written by prepress._pdf_data, one by ReportLab's
    canvas.save() with its zlib filter swapped for posters' own (as _pdf_data does for the page's
    contents). For the tests that hold our file writer to ReportLab's."""
    from reportlab.pdfbase import pdfdoc

    from posters.flate import flate
    from posters.pipeline import _drawn
    from posters.prepress import _pdf_data

    def drawn():  # type: ignore[no-untyped-def]
        doc = _drawn(page, lang, profile)
        doc.canvas.showPage()
        return doc

    ours = _pdf_data(drawn().canvas)
    theirs = drawn()
    monkeypatch.setattr(pdfdoc.PDFZCompress, "encode", lambda text: flate(text.encode("utf-8") if isinstance(text, str) else text))
    theirs.canvas.save()
    return ours, theirs.buffer.getvalue()
