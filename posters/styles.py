"""Named text styles and the page's type scale: every size is a multiple of the body size, every colour a
theme role, so blocks say "set this in the helpline-number style" and never carry their own numbers."""

from __future__ import annotations

from .dataclass_fast import dataclass

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

# The target type size of each format, as a scale of its body size (1.0 = BODY_PER_SHORT_SIDE of the short
# side). A poster that does not fit at its target leaves out its `could`, then its `should` content before
# its type shrinks below the target (down to SCALE_FLOOR). A phone image is always seen shrunk to a phone's
# width (about 65 mm), where scale 1.0 is a 5 pt body: screens aim for the full size. Paper is read where it
# hangs, and the whole message is what it is printed for: it keeps everything down to 0.75 (A4: 12.4 pt).
TARGET_SCALE = {"print": 0.75, "screen": 1.0}
# A handout copy's body text is never smaller than this, whatever the cell: copies are read in the hand.
HANDOUT_MIN_BODY_PT = 8.0
# ... and its larger styles step up from the body by this share of their usual step (a headline 1.8 times
# the body instead of 2.3): in a hand, a few centimetres from the eye, the body sets the pace.
HANDOUT_CONTRAST = 0.6
# A handout copy is cut out of its sheet, so its margin only has to keep text off the cut (business cards
# keep 3 mm): 4.5% of the short side, 4 mm on a 4-up A4 copy.
HANDOUT_MARGIN_PER_SHORT_SIDE = 0.045
# Shares of the height (top, bottom) that a phone app covers with its own bars when it shows the image:
# WhatsApp's status viewer puts the sender, time and progress bar on top and the reply bar below. Nothing
# but background goes there.
SCREEN_RESERVED = {"status": (0.14, 0.12)}


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
    "qr-url-screen": TextStyle("bold", 1.6, "accent", "left", 1.2),  # the address instead of the code
    # pictures
    "picture-caption": TextStyle("bold", 1.1, "ink", "center", 1.3),
    "step-caption": TextStyle("bold", 0.95, "ink", "center", 1.3),
    # footer
    "sources": TextStyle("body", 0.58, "muted", "left", 1.35),
    "organisation": TextStyle("bold", 0.7, "ink", "left", 1.35),
}


def style(name: str) -> TextStyle:
    return STYLES[name]
