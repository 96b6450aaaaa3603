"""The text block: one paragraph in one of three styles (normal, emphasis, note)."""

from __future__ import annotations

from typing import Any

from ..dataclass_fast import dataclass
from ..page import Frame
from ..spec.fields import Choice, Field, LocalText
from ..spec.model import ALWAYS, Pos, Show, Text
from ..styles import style
from .base import BlockKind, Context, block_name

PARAGRAPH_STYLES = ("normal", "emphasis", "note")


@dataclass(frozen=True)
class Paragraph:
    text: Text
    style: str  # normal | emphasis | note
    pos: Pos
    kind: str = "text"
    show: Show = ALWAYS  # priority and formats (validation sets them)


def _build(v: dict[str, Any], pos: Pos) -> Paragraph:
    return Paragraph(v["text"], v.get("style", "normal"), pos)


def _layout(c: Context, b: Paragraph, w: float) -> Frame:
    lines, h = c.setter.set(b.text.get(c.language.code), style(b.style), w, b.text.pos, block_name(b))
    return Frame(tuple(lines), h)


KIND = BlockKind(
    name="text", doc="a paragraph",
    fields=(Field("text", LocalText(), True, "the text block"),
            Field("style", Choice(PARAGRAPH_STYLES, "text style"),
                  doc="normal (default), emphasis (bold, larger, centred) or note (small, grey)")),
    build=_build, layout=_layout)
