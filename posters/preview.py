"""A produced PDF to a PNG image (pypdfium2), so previews show exactly what was written."""

from __future__ import annotations

from pathlib import Path


def render_png(pdf_bytes: bytes, dpi: float = 100.0, page: int = 0):
    """Rasterise one page of a PDF; returns a PIL image."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        bitmap = pdf[page].render(scale=dpi / 72.0)
        return bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()


def extract_lines(pdf_bytes: bytes, page: int = 0) -> list[str]:
    """The text of a page as pdfium extracts it (honouring /ActualText), one entry per line."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        text = pdf[page].get_textpage().get_text_range()
    finally:
        pdf.close()
    return [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]


def save_png(image, path: Path) -> None:
    image.save(path, format="PNG", optimize=True)
