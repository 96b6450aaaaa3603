"""Pieces several block kinds share: a block title line."""

from __future__ import annotations

from ..page import TextLine
from ..spec.model import Text
from ..styles import style
from .base import Context

TITLE_GAP_EM = 0.45  # below a block's title


def set_title(c: Context, t: Text | None, w: float, name: str) -> tuple[list[TextLine], float]:
    """A block's optional title at the frame's top; its lines and the height it takes with its gap."""
    if t is None:
        return [], 0.0
    lines, h = c.setter.set(t.get(c.language.code), style("title"), w, t.pos, name)
    return lines, h + c.setter.em(TITLE_GAP_EM)
