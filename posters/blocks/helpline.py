"""The helpline block: a big number in a box (a phone icon beside it unless turned off), with its label, an
optional web portal and a note."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..dataclass_fast import dataclass
from ..geometry import Rect
from ..page import Box, Frame, Item
from ..spec.fields import Field, IconName, LocalText, Plain, Url
from ..spec.model import ALWAYS, Pos, Show, Text
from ..styles import style
from ..text import short_url
from .base import BlockKind, Context, block_name
from .common import set_with_icon

PAD_EM = 0.8
RADIUS_EM = 0.5
LABEL_GAP_EM = 0.15  # label to number
PORTAL_GAP_EM = 0.1  # number to portal
PORTAL_STEP = 0.92  # a portal address too wide for the box is set smaller in steps of this
NOTE_GAP_EM = 0.2
ICON_SIDE = 0.85  # the icon's side, in number type sizes (its glyph about as tall as the digits)
DEFAULT_ICON = "phone"


@dataclass(frozen=True)
class Helpline:
    number: str
    label: Text
    note: Text | None
    portal: str | None  # a web address printed large under the number
    pos: Pos
    icon: str | None = DEFAULT_ICON  # beside the number; None: no icon
    kind: str = "helpline"
    show: Show = ALWAYS  # priority and formats (validation sets them)


def _build(v: dict[str, Any], pos: Pos) -> Helpline:
    icon = v.get("icon", DEFAULT_ICON)
    return Helpline(v["number"], v["label"], v.get("note"), v.get("portal"), pos, None if icon == "none" else icon)


def _printed(b: Helpline) -> Iterator[str]:
    yield b.number
    if b.portal:
        yield b.portal


def _layout(c: Context, b: Helpline, w: float) -> Frame:
    s = c.setter
    lang = c.language.code
    name = block_name(b)
    pad = s.em(PAD_EM)
    inner_w = w - 2 * pad
    y = -pad
    items: list[Item] = []
    lines, h = s.set(b.label.get(lang), style("helpline-label"), inner_w, b.label.pos, name, pad, y)
    items += lines
    y -= h + s.em(LABEL_GAP_EM)
    st = style("helpline-number")
    number_items, h = set_with_icon(c, b.number, st, b.icon, "highlight", ICON_SIDE * s.size(st.size), "left",
                             pad, y, inner_w, b.pos.child("number"), name)
    items += number_items
    y -= h
    if b.portal:
        y -= s.em(PORTAL_GAP_EM)
        portal, portal_style = short_url(b.portal), style("helpline-portal")
        # an address cannot wrap: in a narrow box it is set smaller, down to the body size
        while portal_style.size > 1.0 and s.width(portal, portal_style, b.pos.child("portal")) > inner_w:
            portal_style = replace(portal_style, size=max(1.0, portal_style.size * PORTAL_STEP))
        lines, h = s.set(portal, portal_style, inner_w, b.pos.child("portal"), name, pad, y)
        items += lines
        y -= h
    if b.note:
        y -= s.em(NOTE_GAP_EM)
        lines, h = s.set(b.note.get(lang), style("helpline-note"), inner_w, b.note.pos, name, pad, y)
        items += lines
        y -= h
    y -= pad
    return Frame((Box(Rect(0.0, y, w, -y), "accent", s.em(RADIUS_EM)), *items), -y)


KIND = BlockKind(
    name="helpline", doc="a big number in a box",
    fields=(Field("number", Plain(24, r"[0-9+][0-9 \-]*", "may only contain digits, spaces, '-' and a leading '+'",
                                  '"1930"'), True, "the helpline number",
                  doc="quote it; digits, spaces, '-' and a leading '+'"),
            Field("label", LocalText(), True, "the helpline label"),
            Field("portal", Url(), what="the helpline's portal", doc="a web address printed large under the number"),
            Field("note", LocalText(), what="the helpline note"),
            Field("icon", IconName(allow_none=True), what="the helpline's icon",
                  doc=f"a built-in icon beside the number ({DEFAULT_ICON} unless given); none for no icon")),
    build=_build, layout=_layout, printed_extra=_printed)
