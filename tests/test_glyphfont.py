"""The one override of ReportLab internals (posters/glyphfont.py) still matches the ReportLab installed:
the method it mirrors is unchanged (tests/test_pdf.py checks what it writes)."""

from __future__ import annotations

import hashlib
import inspect
import re

import reportlab
from reportlab.pdfbase.ttfonts import TTFont

from posters.glyphfont import MIRRORED_ADDOBJECTS_SHA256


def test_reportlab_method_we_mirror_is_unchanged():
    source = inspect.getsource(TTFont.addObjects)
    digest = hashlib.sha256(source.encode()).hexdigest()
    assert digest == MIRRORED_ADDOBJECTS_SHA256, (
        f"ReportLab {reportlab.Version} changed TTFont.addObjects: compare it with GlyphFont.addObjects in "
        "posters/glyphfont.py, carry the change over, then update MIRRORED_ADDOBJECTS_SHA256 and the version "
        "range in pyproject.toml")


def test_pinned_version_range_holds_the_installed_reportlab():
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8")
    m = re.search(r'"reportlab\[[^\]]*\]>=([\d.]+),<([\d.]+)"', pyproject)
    assert m, "pyproject.toml must pin ReportLab to a range"
    low, high = (tuple(int(p) for p in v.split(".")) for v in m.groups())
    installed = tuple(int(p) for p in reportlab.Version.split(".")[:len(high)])
    assert low[:len(installed)] <= installed < high

