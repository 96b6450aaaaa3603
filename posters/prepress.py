"""Document-level PDF settings: page boxes, metadata (/Lang, title) and reproducible output."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .geometry import PageSize
from .spec.model import LANGUAGES

# BCP 47 tags for /Lang
_BCP47 = {code: code for code in LANGUAGES}


@dataclass(frozen=True)
class Document:
    canvas: Canvas
    buffer: BytesIO


def new_document(size: PageSize, lang: str, title: str, initial_font: str) -> Document:
    """A canvas with metadata set and no unembedded standard font (the initial font is one of ours)."""
    buf = BytesIO()
    canvas = Canvas(buf, pagesize=(size.width_pt, size.height_pt), invariant=1, pageCompression=1,
                    initialFontName=initial_font, lang=_BCP47[lang])
    canvas.setTitle(title)
    canvas.setSubject(f"Awareness poster ({LANGUAGES[lang][1]})")
    canvas.setCreator(f"posters {__version__}")
    canvas.setProducer(f"posters {__version__}")
    canvas.setAuthor("")
    canvas.setTrimBox((0, 0, size.width_pt, size.height_pt))
    return Document(canvas, buf)


def finish(doc: Document) -> bytes:
    doc.canvas.showPage()
    doc.canvas.save()
    return doc.buffer.getvalue()
