"""Document-level print settings: profiles (press, office), page boxes, crop and cut marks, metadata
(/Lang, title), CMYK enforcement and reproducible output."""

from __future__ import annotations

import os
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .errors import Diagnostic, UsageError
from .geometry import PageSize, Rect, mm
from .languages import LANGUAGES

MARK_LENGTH_MM = 5.0  # crop marks: 5 mm long ...
MARK_GAP_MM = 0.0  # ... starting at the bleed edge, so they never print inside the bleed
SLUG_MM = 2.0  # room beyond the marks
MARK_WIDTH_PT = 0.25
REGISTRATION = CMYKColor(1, 1, 1, 1)  # marks print on every plate


@dataclass(frozen=True)
class Profile:
    """How a PDF is set up for where it will be printed."""

    name: str
    bleed_mm: float
    marks: bool
    cmyk_only: bool
    description: str


PROFILES = {
    "office": Profile("office", 0.0, False, False,
                      "exactly the paper size, no marks; text kept inside the margins desktop printers can print"),
    "press": Profile("press", 3.0, True, True,
                     "CMYK only, 3 mm bleed, crop marks, TrimBox and BleedBox set: for a print shop"),
}
DEFAULT_PROFILE = "office"


@dataclass(frozen=True)
class Sheet:
    """Where the trim area sits on the PDF page."""

    media_w: float
    media_h: float
    trim: Rect
    bleed_pt: float

    @property
    def bleed_box(self) -> Rect:
        b = self.bleed_pt
        return Rect(self.trim.x - b, self.trim.y - b, self.trim.w + 2 * b, self.trim.h + 2 * b)


def sheet_for(size: PageSize, profile: Profile) -> Sheet:
    bleed = mm(profile.bleed_mm)
    margin = bleed + mm(MARK_GAP_MM + MARK_LENGTH_MM + SLUG_MM) if profile.marks else 0.0
    trim = Rect(margin, margin, size.width_pt, size.height_pt)
    return Sheet(size.width_pt + 2 * margin, size.height_pt + 2 * margin, trim, bleed)


@dataclass(frozen=True)
class Document:
    canvas: Canvas
    buffer: BytesIO
    sheet: Sheet


def new_document(size: PageSize, lang: str, title: str, initial_font: str, profile: Profile,
                 sheet: Sheet | None = None) -> Document:
    """A canvas with metadata and page boxes set, and no unembedded standard font (the initial font
    is one of ours). `invariant` keeps dates and IDs fixed, so the same input gives the same bytes;
    ReportLab dates the file from SOURCE_DATE_EPOCH when it is set (else 2000-01-01)."""
    sheet = sheet or sheet_for(size, profile)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise UsageError(Diagnostic(f"SOURCE_DATE_EPOCH is {epoch!r}, not a whole number of seconds",
                                    hint="unset it, or set it to a Unix time such as 1700000000"))
    buf = BytesIO()
    canvas = Canvas(buf, pagesize=(sheet.media_w, sheet.media_h), invariant=1, pageCompression=1,
                    initialFontName=initial_font, lang=LANGUAGES[lang].pdf_lang, enforceColorSpace="cmyk" if profile.cmyk_only else None)
    canvas.setTitle(title)
    canvas.setSubject(f"Awareness poster ({LANGUAGES[lang].name})")
    canvas.setCreator(f"posters {__version__}")
    canvas.setProducer(f"posters {__version__}")
    canvas.setAuthor("")
    t, b = sheet.trim, sheet.bleed_box
    canvas.setTrimBox((t.x, t.y, t.right, t.top))
    canvas.setBleedBox((b.x, b.y, b.right, b.top))
    return Document(canvas, buf, sheet)


def draw_crop_marks(canvas, sheet: Sheet) -> None:
    """Corner crop marks on the trim lines, outside the bleed."""
    t = sheet.trim
    start = sheet.bleed_pt + mm(MARK_GAP_MM)
    length = mm(MARK_LENGTH_MM)
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH_PT)
    for x, dx in ((t.x, -1), (t.right, 1)):
        for y, dy in ((t.y, -1), (t.top, 1)):
            canvas.line(x + dx * start, y, x + dx * (start + length), y)  # horizontal, beyond the side
            canvas.line(x, y + dy * start, x, y + dy * (start + length))  # vertical, beyond top/bottom
    canvas.restoreState()


def draw_cut_marks(canvas, area: Rect, xs: list[float], ys: list[float], length_pt: float) -> None:
    """Marks in the sheet margin in line with every cut (xs: vertical cuts, ys: horizontal ones)."""
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH_PT)
    gap = mm(1)
    for x in xs:
        canvas.line(x, area.top + gap, x, area.top + gap + length_pt)
        canvas.line(x, area.y - gap, x, area.y - gap - length_pt)
    for y in ys:
        canvas.line(area.x - gap, y, area.x - gap - length_pt, y)
        canvas.line(area.right + gap, y, area.right + gap + length_pt, y)
    canvas.restoreState()


def finish(doc: Document) -> bytes:
    doc.canvas.showPage()
    doc.canvas.save()
    return doc.buffer.getvalue()
