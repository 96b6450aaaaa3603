"""The myth/fact block: cards that each pair a myth (greyed) with its fact (bold), labelled by chips."""

from __future__ import annotations

from typing import Any

from ..dataclass_fast import dataclass
from ..geometry import Rect
from ..page import Box, Frame, Item
from ..spec.fields import Field, ListOf, LocalText, Record
from ..spec.model import ALWAYS, Pos, Show, Text
from ..styles import style
from .base import COMMON_FIELDS, BlockKind, Context, block_name, label_fields, show_of
from .common import set_title

CARD_PAD_EM = 0.6
CARD_RADIUS_EM = 0.4
CARD_GAP_EM = 0.5
CHIP_PAD_EM = 0.45  # chip text to chip edge, left and right
CHIP_GAP_EM = 0.6  # chip to text column
CHIP_RISE_EM = 0.2  # chip edge above the text's ascent and below its descent
CHIP_RADIUS_EM = 0.25
CHIP_CLEAR_EM = 0.25  # below a chip, before the next row
ROW_GAP_EM = 0.45  # between the myth row and the fact row


@dataclass(frozen=True)
class MythFact:
    title: Text | None
    myth_label: Text | None
    fact_label: Text | None
    pairs: tuple[Pair, ...]
    pos: Pos
    kind: str = "mythfact"
    show: Show = ALWAYS  # priority and formats (validation sets them)


@dataclass(frozen=True)
class Pair:
    myth: Text
    fact: Text
    pos: Pos | None = None
    show: Show = ALWAYS


PAIR = Record((Field("myth", LocalText(), True, "the myth"), Field("fact", LocalText(), True, "the fact")),
              "a myth/fact pair", build=lambda v, pos: Pair(v["myth"], v["fact"], pos, show_of(v)), also=COMMON_FIELDS)


def _build(v: dict[str, Any], pos: Pos) -> MythFact:
    return MythFact(v.get("title"), v.get("myth_label"), v.get("fact_label"), v["pairs"], pos)


def _layout(c: Context, b: MythFact, w: float) -> Frame:
    s = c.setter
    lang = c.language.code
    name = block_name(b)
    items: list[Item] = []
    lines, h = set_title(c, b.title, w, name)
    items += lines
    y = -h
    labels = (c.label("myth", b.myth_label), c.label("fact", b.fact_label))
    chip = style("chip")
    chip_size = s.size(chip.size)
    chip_w = max(s.width(t, chip, b.pos) for t in labels) + 2 * s.em(CHIP_PAD_EM)
    pad = s.em(CARD_PAD_EM)
    col_x = pad + chip_w + s.em(CHIP_GAP_EM)
    col_w = w - pad - col_x
    asc_c, desc_c = s.metrics(chip.role)
    chips = {label: s.set(label, chip, chip_w, b.pos, name)[0] for label in labels}  # each set once, moved per card
    for pair in b.pairs:
        myth, fact = pair.myth, pair.fact
        card_top = y
        row_top = y - pad
        card_items: list[Item] = []
        for label, text, text_style, chip_color in ((labels[0], myth, "myth", "bad"), (labels[1], fact, "fact", "good")):
            lines, h = s.set(text.get(lang), style(text_style), col_w, text.pos, name, col_x, row_top)
            base = lines[0].baseline_pt
            # the chip's baseline on the text's first baseline
            shift = base - chips[label][0].baseline_pt
            chip_lines = [ln.moved(pad, shift) for ln in chips[label]]
            chip_rect = Rect(pad, base - desc_c * chip_size - s.em(CHIP_RISE_EM), chip_w,
                             (asc_c + desc_c) * chip_size + 2 * s.em(CHIP_RISE_EM))
            card_items += [Box(chip_rect, chip_color, s.em(CHIP_RADIUS_EM)), *chip_lines, *lines]
            # the next row starts below this row's text and its chip, whichever reaches lower
            row_top = min(row_top - h - s.em(ROW_GAP_EM), chip_rect.y - s.em(CHIP_CLEAR_EM))
        card_bottom = row_top + s.em(ROW_GAP_EM) - pad
        items.append(Box(Rect(0.0, card_bottom, w, card_top - card_bottom), "card", s.em(CARD_RADIUS_EM)))
        items += card_items
        y = card_bottom - s.em(CARD_GAP_EM)
    return Frame(tuple(items), -y - s.em(CARD_GAP_EM))


KIND = BlockKind(
    name="mythfact", doc="myth/fact cards",
    fields=(Field("title", LocalText(), what="the myth/fact title"),
            *label_fields("myth", "fact"),
            Field("pairs", ListOf(PAIR, "the myth/fact pairs"), True)),
    build=_build, layout=_layout, labels=("myth", "fact"), entries="pairs")
