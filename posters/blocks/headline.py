"""The headline block: a coloured band with the poster's main line (and an optional kicker above it, and an
optional icon beside or above the line)."""

from __future__ import annotations

from typing import Any

from ..dataclass_fast import dataclass
from ..geometry import Rect
from ..page import Box, Frame, Item
from ..spec.fields import Choice, Field, IconName, LocalText
from ..spec.model import ALWAYS, Pos, Show, Text
from ..styles import style
from .base import BlockKind, Context, block_name
from .common import set_with_icon

PAD_EM = 0.9  # band padding around the text
KICKER_GAP_EM = 0.35  # between the kicker and the headline
CARD_RADIUS_EM = 0.4  # a headline that is not first is a rounded card in its column
ICON_SIDE = {"above": 1.5, "left": 1.2}  # the icon's side, in headline type sizes
ICON_POSITIONS = ("above", "left")


@dataclass(frozen=True)
class Headline:
    text: Text
    kicker: Text | None
    pos: Pos
    icon: str | None = None
    icon_position: str = "left"  # above | left
    kind: str = "headline"
    show: Show = ALWAYS  # priority and formats (validation sets them)


def _build(v: dict[str, Any], pos: Pos) -> Headline:
    return Headline(v["text"], v.get("kicker"), pos, v.get("icon"), v.get("icon_position", "left"))


def _layout(c: Context, b: Headline, w: float) -> Frame:
    """As the poster's first block, the band runs to the page's edges and top; elsewhere it is a card."""
    name = block_name(b)
    s = c.setter
    pad = s.em(PAD_EM)
    x = 0.0 if c.band else pad
    tw = w if c.band else w - 2 * pad
    top = pad if c.band else 0.0  # the band's text starts at the frame's top, the band above it
    y = top - pad
    items: list[Item] = []
    if b.kicker:
        lines, h = s.set(b.kicker.get(c.language.code), style("kicker"), tw, b.kicker.pos, name, x, y)
        items += lines
        y -= h + s.em(KICKER_GAP_EM)
    st = style("headline")
    side = ICON_SIDE[b.icon_position] * s.size(st.size)
    text_items, h = set_with_icon(c, b.text.get(c.language.code), st, b.icon, "highlight", side, b.icon_position,
                             x, y, tw, b.text.pos, name)
    items += text_items
    y -= h + pad
    if c.band:
        band = Box(Rect(-c.left_pt, y, c.page_w_pt, c.above_pt - y), "primary", 0, ("top", "left", "right"))
    else:
        band = Box(Rect(0.0, y, w, -y), "primary", s.em(CARD_RADIUS_EM))
    return Frame((band, *items), -y)


KIND = BlockKind(
    name="headline", doc="a coloured band across the top of the page",
    fields=(Field("text", LocalText(), True, "the headline"),
            Field("kicker", LocalText(), what="the headline's kicker", doc="a small line above the headline"),
            Field("icon", IconName(), what="the headline's icon"),
            Field("icon_position", Choice(ICON_POSITIONS, "icon position"),
                  doc="left (default: beside the text; above it where beside it the text would need another line) or above")),
    build=_build, layout=_layout)
