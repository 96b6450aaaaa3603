"""The checklist block: do (tick), don't (cross) and numbered step items, in any mix, under an optional title;
an item's `icon:` replaces its round mark with a pictogram of the same size, in the mark's colour."""

from __future__ import annotations

from typing import Any

from ..dataclass_fast import dataclass
from ..geometry import Rect
from ..page import Frame, Item, Mark, PictureItem
from ..spec.fields import Field, IconName, ListOf, LocalText, Record
from ..spec.model import ALWAYS, Pos, Show, Text
from ..styles import style
from .base import COMMON_FIELDS, BlockKind, Context, block_name, show_of
from .common import set_title

MARK_R_EM = 0.58  # radius of the round tick/cross/number marker
MARK_GAP_EM = 0.6  # marker to text
MARK_RAISE_EM = 0.32  # marker centre above the first baseline
ITEM_GAP_EM = 0.5
ICON_SIDE_R = 2.2  # an item's icon box, in mark radii: a little larger than the mark, since icons have
# padding inside their box; it starts where the mark does, and stays clear of the text


@dataclass(frozen=True)
class CheckItem:
    mark: str  # "do" (a tick), "dont" (a cross) or "step" (a number: the step's place among the steps)
    text: Text
    icon: str | None = None  # a built-in pictogram drawn instead of the round mark
    pos: Pos | None = None
    show: Show = ALWAYS


@dataclass(frozen=True)
class Checklist:
    title: Text | None
    items: tuple[CheckItem, ...]
    pos: Pos
    kind: str = "checklist"
    show: Show = ALWAYS  # priority and formats (validation sets them)


def _item(v: dict[str, Any], pos: Pos) -> CheckItem:
    key = next(k for k in v if k in ("do", "dont", "step"))
    return CheckItem(key, v[key], v.get("icon"), pos, show_of(v))


ITEM = Record(
    (Field("do", LocalText(), what="the checklist item", doc="a tick: something to do"),
     Field("dont", LocalText(), what="the checklist item", doc="a cross: something not to do"),
     Field("step", LocalText(), what="the checklist item", doc="a numbered step")),
    "a checklist item", one_of=True, build=_item,
    also=(Field("icon", IconName(), what="the checklist item's icon",
                doc="a built-in icon instead of the tick, cross or number"), *COMMON_FIELDS))


def _build(v: dict[str, Any], pos: Pos) -> Checklist:
    return Checklist(v.get("title"), v["items"], pos)


def _layout(c: Context, b: Checklist, w: float) -> Frame:
    s = c.setter
    name = block_name(b)
    items: list[Item] = []
    lines, h = set_title(c, b.title, w, name)
    items += lines
    y = -h
    r = s.em(MARK_R_EM)
    text_x = 2 * r + s.em(MARK_GAP_EM)
    step = 0
    for it in b.items:
        lines, h = s.set(it.text.get(c.language.code), style("item"), w - text_x, it.text.pos, name, text_x, y)
        first_base = lines[0].baseline_pt
        cy = first_base + s.em(MARK_RAISE_EM)
        color = {"do": "good", "dont": "bad"}.get(it.mark, "primary")
        if it.mark == "step":
            step += 1
        if it.icon:
            # the pictogram takes the round mark's place, in its colour (the step keeps its count)
            side = ICON_SIDE_R * r
            items.append(PictureItem(Rect(0.0, cy - side / 2, side, side), it.icon, color))
        elif it.mark == "step":
            items.append(Mark("step", r, cy, r, "primary"))
            # the step's number, centred in its disc and on the item's baseline (reads "1 text")
            digits, _ = s.set(str(step), style("step-number"), 2 * r, it.text.pos, name, 0.0, y)
            items += [d.moved(0.0, first_base - d.baseline_pt) for d in digits]
        else:
            items.append(Mark("check" if it.mark == "do" else "cross", r, cy, r, color))
        items += lines
        y -= max(h, 2 * r) + s.em(ITEM_GAP_EM)
    return Frame(tuple(items), -y - s.em(ITEM_GAP_EM))


KIND = BlockKind(
    name="checklist", doc="do (tick), don't (cross) and numbered step items, in any mix",
    fields=(Field("title", LocalText(), what="the checklist title"),
            Field("items", ListOf(ITEM, "the checklist's items"), True)),
    build=_build, layout=_layout, entries="items")
