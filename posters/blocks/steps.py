"""The steps block: 2 to 4 numbered panels, each a large icon over a short caption, in a row (or two by two
when the column is narrow), for readers who take in pictures before words."""

from __future__ import annotations

import math
from typing import Any

from ..dataclass_fast import dataclass
from ..geometry import Rect
from ..page import Box, Frame, Item, Mark, PictureItem
from ..spec.fields import Field, IconName, ListOf, LocalText, Record
from ..spec.model import ALWAYS, Pos, Show, Text
from ..styles import style
from .base import BlockKind, Context, block_name
from .common import set_title

MIN_PANEL_EM = 6.5  # narrower panels than this go two by two
GUTTER_EM = 0.6  # between panels
PAD_EM = 0.5  # inside a panel's card
ICON_SHARE = 0.6  # the icon's side as a share of the panel's inner width ...
ICON_MAX_EM = 4.0  # ... at most this many body sizes
CAPTION_GAP_EM = 0.35
RADIUS_EM = 0.4
NUMBER_R_EM = 0.58  # the step number's disc, as in a checklist, in the panel's top-left corner
NUMBER_GAP_EM = 0.2  # disc to icon
MIN_ICON_EM = 2.0  # an icon squeezed smaller than this by the number goes without the number


@dataclass(frozen=True)
class Step:
    icon: str
    caption: Text


@dataclass(frozen=True)
class Steps:
    title: Text | None
    steps: tuple[Step, ...]
    pos: Pos
    kind: str = "steps"
    show: Show = ALWAYS  # priority and formats (validation sets them)


STEP = Record((Field("icon", IconName(), True, "the step's icon"),
               Field("caption", LocalText(), True, "the step's caption", doc="a few words")),
              "a step", build=lambda v, pos: Step(v["icon"], v["caption"]))


def _build(v: dict[str, Any], pos: Pos) -> Steps:
    return Steps(v.get("title"), v["steps"], pos)


def _layout(c: Context, b: Steps, w: float) -> Frame:
    s = c.setter
    name = block_name(b)
    items: list[Item] = []
    lines, y = set_title(c, b.title, w, name)
    items += lines
    y = -y
    n = len(b.steps)
    gutter, pad = s.em(GUTTER_EM), s.em(PAD_EM)
    cols = n
    if (w - (n - 1) * gutter) / n < s.em(MIN_PANEL_EM):
        cols = min(n, 2)
    panel_w = (w - (cols - 1) * gutter) / cols
    inner_w = panel_w - 2 * pad
    r = s.em(NUMBER_R_EM)
    beside_number = inner_w - 2 * (2 * r + s.em(NUMBER_GAP_EM))  # the icon is centred, clear of the disc
    numbered = beside_number >= s.em(MIN_ICON_EM)
    side = min(ICON_SHARE * inner_w, s.em(ICON_MAX_EM), beside_number if numbered else inner_w)
    number = 0
    for row in range(math.ceil(n / cols)):
        row_steps = b.steps[row * cols:(row + 1) * cols]
        captions = []
        for i, st in enumerate(row_steps):
            x = i * (panel_w + gutter)
            caption, h = s.set(st.caption.get(c.language.code), style("step-caption"), inner_w, st.caption.pos,
                               name, x + pad, y - pad - side - s.em(CAPTION_GAP_EM))
            captions.append((x, st, caption, h))
        panel_h = 2 * pad + side + s.em(CAPTION_GAP_EM) + max(h for *_, h in captions)
        for x, st, caption, _ in captions:
            items.append(Box(Rect(x, y - panel_h, panel_w, panel_h), "card", s.em(RADIUS_EM)))
            if numbered:
                number += 1
                cx, cy = x + pad + r, y - pad - r
                items.append(Mark("step", cx, cy, r, "primary"))
                digits, _ = s.set(str(number), style("step-number"), 2 * r, st.caption.pos, name, x + pad, y)
                items += [d.moved(0.0, cy - (d.box.y + d.box.h / 2)) for d in digits]  # centred in the disc
            items.append(PictureItem(Rect(x + (panel_w - side) / 2, y - pad - side, side, side), st.icon, "primary"))
            items += caption
        y -= panel_h + gutter
    return Frame(tuple(items), -y - gutter)


KIND = BlockKind(
    name="steps", doc="2 to 4 picture panels, each an icon over a short caption",
    fields=(Field("title", LocalText(), what="the steps' title"),
            Field("steps", ListOf(STEP, "the list of steps", max_items=4, min_items=2), True)),
    build=_build, layout=_layout)
