"""The QR block: a vector QR code with a caption and the printed address beside it on paper; on a phone
image (where nobody can scan it) the caption and the address in large type instead."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..dataclass_fast import dataclass
from ..geometry import Rect, mm
from ..page import Frame, Item, QRItem
from ..spec.fields import Field, LocalText, Url
from ..spec.model import ALWAYS, Pos, Show, Text
from ..styles import style
from ..text import short_url
from .base import BlockKind, Context, block_name

SIDE_EM = 5.5  # the code's side, in body sizes ...
MIN_SIDE_MM = 24.0  # ... but never smaller than phones scan comfortably from arm's length
GAP_EM = 0.8  # code to caption
URL_GAP_EM = 0.3  # caption to the printed address


@dataclass(frozen=True)
class QRCode:
    url: str
    caption: Text
    pos: Pos
    kind: str = "qr"
    show: Show = ALWAYS  # priority and formats (validation sets them)


def _build(v: dict[str, Any], pos: Pos) -> QRCode:
    return QRCode(v["url"], v["caption"], pos)


def _printed(b: QRCode) -> Iterator[str]:
    yield b.url


def _layout(c: Context, b: QRCode, w: float) -> Frame:
    s = c.setter
    name = block_name(b)
    if c.screen:
        # a QR code cannot be scanned with the phone that shows it: the caption and the address, large
        lines, h = s.set(b.caption.get(c.language.code), style("qr-caption"), w, b.caption.pos, name)
        url_lines, uh = s.set(short_url(b.url), style("qr-url-screen"), w, b.pos, name, 0.0, -h - s.em(URL_GAP_EM))
        return Frame((*lines, *url_lines), h + s.em(URL_GAP_EM) + uh)
    side = max(s.em(SIDE_EM), mm(MIN_SIDE_MM))
    text_x = side + s.em(GAP_EM)
    lines, h = s.set(b.caption.get(c.language.code), style("qr-caption"), w - text_x, b.caption.pos, name, text_x)
    url_lines, uh = s.set(b.url, style("qr-url"), w - text_x, b.pos, name, text_x, -h - s.em(URL_GAP_EM))
    text_h = h + s.em(URL_GAP_EM) + uh
    height = max(side, text_h)
    dy = -(height - text_h) / 2  # centre the text against the code
    text: list[Item] = [ln.moved(0.0, dy) for ln in lines + url_lines]
    return Frame((QRItem(Rect(0.0, -side - (height - side) / 2, side, side), b.url), *text), height)


KIND = BlockKind(
    name="qr", doc="a QR code with a caption beside it (on status and square: the caption and the address, large)",
    fields=(Field("url", Url(), True, "the QR code's URL"),
            Field("caption", LocalText(), True, "the QR code's caption")),
    build=_build, layout=_layout, printed_extra=_printed)
