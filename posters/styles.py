"""Named text styles and the page's type scale: every size is a multiple of the body size, every colour a
theme role, so blocks say "set this in the helpline-number style" and never carry their own numbers."""

from __future__ import annotations

from dataclasses import dataclass

# Body size as a fraction of the page's short side (A4: 16.5 pt, A3: 23.3 pt).
BODY_PER_SHORT_SIDE = 1 / 36
SCALE_MAX, SCALE_FLOOR = 1.25, 0.72  # the fitting search moves the whole scale between these
MIN_PRINT_PT = 6.5  # nothing is set smaller than this, whatever the page
MARGIN_PER_SHORT_SIDE = 0.06  # the safe margin text stays inside (desktop printers' unprintable edge)
BLOCK_GAP_EM = 1.0  # vertical space between blocks, in body sizes
COLUMN_GUTTER_EM = 1.5  # between the two columns of a square or landscape page
MAX_EXTRA_GAP_EM = 2.0  # left-over height spread between blocks, at most this much per gap
TWO_COLUMN_MIN_ASPECT = 0.9  # pages at least this wide for their height also try two columns
TWO_COLUMN_MIN_GAIN = 0.02  # two columns win only if they give this much larger type


@dataclass(frozen=True)
class TextStyle:
    """How a piece of text is set: font role, size as a multiple of the body size, theme colour,
    alignment, and line pitch as a multiple of the size."""

    role: str  # body | bold | display (see fonts/manifest.json)
    size: float  # x body size
    color: str  # a theme colour name
    align: str = "left"  # left | center
    leading: float = 1.4


STYLES: dict[str, TextStyle] = {
    # headline band
    "kicker": TextStyle("bold", 1.15, "highlight", "center", 1.35),
    "headline": TextStyle("display", 2.3, "on_primary", "center", 1.18),
    # paragraphs (the `style:` of a text block)
    "normal": TextStyle("body", 1.0, "ink"),
    "emphasis": TextStyle("bold", 1.2, "primary", "center"),
    "note": TextStyle("body", 0.85, "muted"),
    # block titles, lists and cards
    "title": TextStyle("bold", 1.2, "primary", "left", 1.3),
    "item": TextStyle("body", 1.0, "ink"),
    "step-number": TextStyle("bold", 0.95, "on_primary", "center"),
    "myth": TextStyle("body", 1.0, "muted"),
    "fact": TextStyle("bold", 1.0, "ink"),
    "chip": TextStyle("bold", 0.8, "on_primary", "center"),
    # helpline box
    "helpline-label": TextStyle("bold", 1.25, "on_accent", "center", 1.3),
    "helpline-number": TextStyle("display", 4.2, "highlight", "center", 1.1),
    "helpline-portal": TextStyle("bold", 1.9, "on_accent", "center", 1.2),
    "helpline-note": TextStyle("body", 1.0, "on_accent", "center", 1.35),
    # QR code
    "qr-caption": TextStyle("bold", 1.1, "ink", "left", 1.35),
    "qr-url": TextStyle("body", 0.95, "accent", "left", 1.3),
    # pictures
    "picture-caption": TextStyle("bold", 1.1, "ink", "center", 1.3),
    "step-caption": TextStyle("bold", 0.95, "ink", "center", 1.3),
    # footer
    "sources": TextStyle("body", 0.58, "muted", "left", 1.35),
    "organisation": TextStyle("bold", 0.7, "ink", "left", 1.35),
}


def style(name: str) -> TextStyle:
    return STYLES[name]
