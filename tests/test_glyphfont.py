"""The one override of ReportLab internals (posters/glyphfont.py) still matches the ReportLab installed:
the methods it mirrors are unchanged, and its HarfBuzz-read face agrees with ReportLab's parse
(tests/test_pdf.py checks what it writes)."""

from __future__ import annotations

import hashlib
import inspect
import re

import reportlab
from reportlab.pdfbase.ttfonts import TTFont

from posters.glyphfont import MIRRORED_ADDOBJECTS_SHA256, MIRRORED_ADDSUBSETOBJECTS_SHA256, MIRRORED_INIT_SHA256


def test_reportlab_method_we_mirror_is_unchanged():
    source = inspect.getsource(TTFont.addObjects)
    digest = hashlib.sha256(source.encode()).hexdigest()
    assert digest == MIRRORED_ADDOBJECTS_SHA256, (
        f"ReportLab {reportlab.Version} changed TTFont.addObjects: compare it with GlyphFont.addObjects in "
        "posters/glyphfont.py, carry the change over, then update MIRRORED_ADDOBJECTS_SHA256 and the version "
        "range in pyproject.toml")


def test_reportlab_constructor_we_mirror_is_unchanged():
    source = inspect.getsource(TTFont.__init__)
    digest = hashlib.sha256(source.encode()).hexdigest()
    assert digest == MIRRORED_INIT_SHA256, (
        f"ReportLab {reportlab.Version} changed TTFont.__init__: compare it with GlyphFont.__init__ in "
        "posters/glyphfont.py, carry the change over, then update MIRRORED_INIT_SHA256")


def test_reportlab_subset_objects_we_mirror_are_unchanged():
    from reportlab.pdfbase.ttfonts import TTFontFace

    digest = hashlib.sha256(inspect.getsource(TTFontFace.addSubsetObjects).encode()).hexdigest()
    assert digest == MIRRORED_ADDSUBSETOBJECTS_SHA256, (
        f"ReportLab {reportlab.Version} changed TTFontFace.addSubsetObjects: compare it with "
        "HarfBuzzFace.addSubsetObjects in posters/glyphfont.py, carry the change over, then update "
        "MIRRORED_ADDSUBSETOBJECTS_SHA256")


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

