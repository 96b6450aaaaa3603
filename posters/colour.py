"""Theme colours (themes.json) to ReportLab colours for office (sRGB) or press (CMYK) output, RGB images
to press CMYK, and images to PNG bytes that say they are sRGB and at which resolution.

Each theme colour is defined once in CMYK (what the press prints, FOGRA39) and once in sRGB (the same
colour as it looks on that press: the CMYK value converted through the FOGRA39 profile, relative
colorimetric). Office PDFs and PNGs use the sRGB value, press PDFs the CMYK value, so both look alike.
"""

from __future__ import annotations

import struct
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING

from reportlab.lib.colors import CMYKColor, Color

from .themes import CMYK as CMYK
from .themes import RGB as RGB
from .themes import ROLES as ROLES
from .themes import Theme as Theme
from .themes import ThemeColour as ThemeColour
from .themes import builtin_theme as builtin_theme
from .themes import load_themes as load_themes
from .themes import total_ink_pct as total_ink_pct

if TYPE_CHECKING:
    from PIL import Image as PILImage

FOGRA39_ICC = "FOGRA39L-300.icc"  # CMYK output profile built from FOGRA39L.ti3 (see posters/icc/README.md)
SRGB_ICC = "sRGB.icc"  # full sRGB profile: colour conversions
SRGB_OUTPUT_ICC = "sRGB-v2-small.icc"  # a 588-byte sRGB profile for office PDFs' output intent (README there)
SOLID_TEXT_MIN_PT = 10.0  # press text smaller than this is one solid ink (issue 14): a tint would print as a screen
MAX_INK_PCT = 300.0  # total ink of any theme colour (C+M+Y+K in %)
NEAR_BLACK = 8  # RGB pixels with every channel <= this become 100% K in press images
WHITE_CMYK = CMYKColor(0, 0, 0, 0)
WHITE_RGB = Color(1, 1, 1)
SOLID_BLACK = CMYKColor(0, 0, 0, 1)


def icc_bytes(name: str) -> bytes:
    """The bytes of one shipped ICC profile (FOGRA39_ICC, SRGB_ICC or SRGB_OUTPUT_ICC), read from the
    package's folder (importlib.resources would cost a build more time to import than the read takes)."""
    from .assets import PACKAGE_DIR

    return (PACKAGE_DIR / "icc" / name).read_bytes()


def theme_colours(theme: Theme | str, press: bool) -> dict[str, Color]:
    """A theme's colours as ReportLab colours: CMYKColor for press, sRGB Color for office."""
    theme = builtin_theme(theme) if isinstance(theme, str) else theme
    return _theme_colours(theme, press)


@cache
def _theme_colours(theme: Theme, press: bool) -> dict[str, Color]:
    if press:
        return {c.name: CMYKColor(*c.cmyk) for c in theme.colours}
    return {c.name: Color(c.srgb[0] / 255, c.srgb[1] / 255, c.srgb[2] / 255) for c in theme.colours}


def white(press: bool) -> Color:
    """Unprinted paper, in the colour space of the profile."""
    return WHITE_CMYK if press else WHITE_RGB


def _cmyk_of(colour: Color) -> CMYK | None:
    if isinstance(colour, CMYKColor):
        return (colour.cyan, colour.magenta, colour.yellow, colour.black)
    return None


def is_pure_k(colour: Color) -> bool:
    """100% black and no other ink: the one colour that overprints on press."""
    return _cmyk_of(colour) == (0, 0, 0, 1)


def is_solid(colour: Color) -> bool:
    """No ink at all, or one ink at 100%: prints without a screen, so small text stays sharp."""
    cmyk = _cmyk_of(colour)
    if cmyk is None:
        return False
    return all(v in (0, 1) for v in cmyk) and sum(cmyk) <= 1


def press_text_colour(colour: Color, size_pt: float) -> Color:
    """The colour press text of this size is drawn in: below SOLID_TEXT_MIN_PT a colour that would print
    as a tint or as several inks (mis-registration blurs it) becomes 100% K; white stays white."""
    if size_pt < SOLID_TEXT_MIN_PT and not is_solid(colour):
        return SOLID_BLACK
    return colour


@cache
def _transform(to_cmyk: bool):  # type: ignore[no-untyped-def]  # a PIL ImageCms transform
    from PIL import ImageCms

    fogra = ImageCms.ImageCmsProfile(BytesIO(icc_bytes(FOGRA39_ICC)))
    srgb = ImageCms.ImageCmsProfile(BytesIO(icc_bytes(SRGB_ICC)))
    intent = ImageCms.Intent.RELATIVE_COLORIMETRIC
    if to_cmyk:
        return ImageCms.buildTransform(srgb, fogra, "RGB", "CMYK", renderingIntent=intent,
                                       flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    return ImageCms.buildTransform(fogra, srgb, "CMYK", "RGB", renderingIntent=intent)


def cmyk_to_srgb(cmyk: CMYK) -> RGB:
    """A CMYK colour as printed on FOGRA39, in sRGB (relative colorimetric: paper white is sRGB white)."""
    from PIL import Image, ImageCms

    im = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in cmyk))
    out = ImageCms.applyTransform(im, _transform(False))
    assert out is not None
    r, g, b = out.getpixel((0, 0))  # type: ignore[misc]
    return (int(r), int(g), int(b))


def srgb_to_cmyk(rgb: RGB) -> CMYK:
    """An sRGB colour in FOGRA39 CMYK (whole percent), converted as logos are: through the shipped
    profiles, with (near) pure black as 100% K only."""
    from PIL import Image

    pixel = rgb_to_cmyk_image(Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
    c, m, y, k = (round(int(v) / 255 * 100) / 100 for v in pixel)  # type: ignore[union-attr]
    return (c, m, y, k)


def rgb_to_cmyk_image(image: PILImage.Image) -> PILImage.Image:
    """An RGB image (logo) in FOGRA39 CMYK for press, through the shipped profiles; pixels that are
    (near) pure black become 100% K only, so black type in a logo prints on one plate, sharp."""
    from PIL import Image, ImageChops, ImageCms

    rgb = image.convert("RGB")
    cmyk = ImageCms.applyTransform(rgb, _transform(True))
    assert cmyk is not None
    # mask: 255 where every channel is <= NEAR_BLACK
    dark = rgb.point(lambda v: 255 if v <= NEAR_BLACK else 0).split()
    mask = ImageChops.multiply(ImageChops.multiply(dark[0], dark[1]), dark[2])
    cmyk.paste(Image.new("CMYK", cmyk.size, (0, 0, 0, 255)), mask=mask)
    return cmyk


def srgb_to_linear(c: float) -> float:
    """The sRGB transfer curve (IEC 61966-2-1) undone: an encoded channel value in 0..1 to linear light."""
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (0-255 channels)."""
    r, g, b = rgb
    return 0.2126 * srgb_to_linear(r / 255) + 0.7152 * srgb_to_linear(g / 255) + 0.0722 * srgb_to_linear(b / 255)


def _srgb_of(colour: Color) -> RGB:
    cmyk = _cmyk_of(colour)
    if cmyk is not None:
        return cmyk_to_srgb(cmyk)
    return (round(colour.red * 255), round(colour.green * 255), round(colour.blue * 255))


def contrast(c1: Color, c2: Color) -> float:
    """WCAG 2.x contrast ratio (1 to 21) of two colours; CMYK colours are taken as printed on FOGRA39."""
    l1, l2 = sorted((relative_luminance(_srgb_of(c1)), relative_luminance(_srgb_of(c2))), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def png_bytes(image: PILImage.Image, dpi: float | None = None) -> bytes:
    """PNG bytes with an sRGB chunk (plus the gAMA and cHRM values the PNG spec gives for sRGB, for
    older readers) and the resolution (pHYs) when `dpi` is given or the image's info carries one."""
    from PIL import PngImagePlugin

    if dpi is None:
        info_dpi = image.info.get("dpi")
        dpi = float(info_dpi[0]) if info_dpi else None
    meta = PngImagePlugin.PngInfo()
    meta.add(b"sRGB", bytes([0]))  # perceptual rendering intent
    meta.add(b"gAMA", struct.pack(">I", 45455))
    meta.add(b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000))
    buf = BytesIO()
    kwargs: dict[str, object] = {"optimize": True, "pnginfo": meta}
    if dpi:
        kwargs["dpi"] = (dpi, dpi)
    image.save(buf, format="PNG", **kwargs)
    return buf.getvalue()
