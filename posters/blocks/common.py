"""Pieces several block kinds share: a block title line, and an icon beside or above centred text."""

from __future__ import annotations

from ..geometry import Rect
from ..page import Item, PictureItem, TextLine
from ..spec.model import Pos, Text
from ..styles import TextStyle, style
from ..text import TooWide
from .base import Context

TITLE_GAP_EM = 0.45  # below a block's title


def set_title(c: Context, t: Text | None, w: float, name: str) -> tuple[list[TextLine], float]:
    """A block's optional title at the frame's top; its lines and the height it takes with its gap."""
    if t is None:
        return [], 0.0
    lines, h = c.setter.set(t.get(c.language.code), style("title"), w, t.pos, name)
    return lines, h + c.setter.em(TITLE_GAP_EM)


ICON_GAP_EM = 0.45  # between an icon and the text beside or below it


def set_with_icon(c: Context, text: str, st: TextStyle, icon: str | None, icon_color: str, side_pt: float,
                  position: str, x: float, y: float, w: float, pos: Pos, name: str) -> tuple[list[Item], float]:
    """Centred text with an icon `side_pt` square to its left (the icon and the text centred together as
    one group, the icon centred on the text's height) or above it (centred); with no icon, just the text.
    Returns the items and the height used from `y` down. An icon goes above instead when beside it the
    text would need more lines (or would not fit at all)."""
    s = c.setter
    gap = s.em(ICON_GAP_EM)
    if icon is None:
        lines, h = s.set(text, st, w, pos, name, x, y)
        return list(lines), h
    beside: list[TextLine] | None = None
    if position == "left":
        alone, _ = s.set(text, st, w, pos, name, x, y)
        try:
            beside, h = s.set(text, st, w - side_pt - gap, pos, name, x + side_pt + gap, y)
        except TooWide:
            beside = None
        if beside is not None and len(beside) > len(alone):
            beside = None
    if beside is None:
        pic = PictureItem(Rect(x + (w - side_pt) / 2, y - side_pt, side_pt, side_pt), icon, icon_color)
        lines, h = s.set(text, st, w, pos, name, x, y - side_pt - gap)
        return [pic, *lines], side_pt + gap + h
    full = max(h, side_pt)
    lines = [ln.moved(0.0, -(full - h) / 2) for ln in beside]
    ink_top = max(ln.box.top for ln in lines)
    ink_bottom = min(ln.box.y for ln in lines)
    centre = (ink_top + ink_bottom) / 2
    icon_y = min(max(centre - side_pt / 2, y - full), y - side_pt)  # on the ink's middle, inside the block
    left = min(ln.box.x for ln in lines) - gap - side_pt
    return [PictureItem(Rect(left, icon_y, side_pt, side_pt), icon, icon_color), *lines], full
