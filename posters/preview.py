"""A produced PDF to a PNG image (pypdfium2), so previews show exactly what was written."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image


def render_png(pdf_bytes: bytes, dpi: float = 100.0, page: int = 0, trim: bool = True) -> Image.Image:
    """Rasterise one page of a PDF, by default only its TrimBox (no bleed or marks); a PIL image."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        pg = pdf[page]
        scale = dpi / 72.0
        image = pg.render(scale=scale).to_pil().convert("RGB")
        if trim:
            # crop in pixels, rounding the trim size itself, so 1080 px stays 1080 px
            ml, mb, mr, mt = pg.get_mediabox()
            tl, tb, tr, tt = pg.get_trimbox()
            x0, y0 = round((tl - ml) * scale), round((mt - tt) * scale)
            w, h = round((tr - tl) * scale), round((tt - tb) * scale)
            if (x0, y0, w, h) != (0, 0, image.width, image.height):
                canvas = image.crop((x0, y0, x0 + w, y0 + h))
                image = canvas
        image.info["dpi"] = (dpi, dpi)  # png_bytes writes it into the PNG
        result: Image.Image = image
        return result
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


def png_bytes(image: Image.Image, dpi: float | None = None) -> bytes:
    """PNG bytes marked sRGB, with the resolution the image was rendered at (or `dpi`)."""
    from .colour import png_bytes as srgb_png_bytes

    return srgb_png_bytes(image, dpi)
