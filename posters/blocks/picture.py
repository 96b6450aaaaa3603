"""The picture block: one large built-in icon or the user's own picture file (SVG drawn as vectors, PNG or
JPEG as an image), centred, with an optional caption in every language under it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..dataclass_fast import dataclass
from ..geometry import Rect
from ..page import Frame, ImageItem, Item, PictureItem
from ..spec.fields import Choice, Field, IconName, ImageFile, LocalText
from ..spec.model import ALWAYS, Pos, Show, Text, UserFile
from ..styles import style
from .base import BlockKind, Context, block_name

SIZES = ("small", "medium", "large")
SHARE = {"small": 0.25, "medium": 0.45, "large": 0.7}  # the picture's width as a share of the column ...
MAX_EM = {"small": 4.0, "medium": 7.0, "large": 11.0}  # ... but no wider than this many body sizes, so it
# shrinks with the type when the poster is full
MAX_ASPECT = 1.25  # a tall picture is no taller than this times its box width
CAPTION_GAP_EM = 0.45


@dataclass(frozen=True)
class PictureFile(UserFile):
    """The user's picture beside the spec: its absolute path and its width and height (pixels, or SVG units)."""

    path: str
    width: float
    height: float

    @property
    def vector(self) -> bool:
        return self.path.lower().endswith(".svg")


@dataclass(frozen=True)
class PictureBlock:
    icon: str | None
    file: PictureFile | None
    caption: Text | None
    size: str  # small | medium | large
    pos: Pos
    kind: str = "picture"
    show: Show = ALWAYS  # priority and formats (validation sets them)


def _build(v: dict[str, Any], pos: Pos) -> PictureBlock:
    file = PictureFile(*v["file"]) if "file" in v else None
    return PictureBlock(v.get("icon"), file, v.get("caption"), v.get("size", "medium"), pos)


def _layout(c: Context, b: PictureBlock, w: float) -> Frame:
    s = c.setter
    name = block_name(b)
    box_w = min(SHARE[b.size] * w, s.em(MAX_EM[b.size]))
    pic_w = pic_h = box_w
    if b.file is not None:
        aspect = b.file.height / b.file.width
        pic_h = min(box_w * aspect, box_w * MAX_ASPECT)
        pic_w = pic_h / aspect
    rect = Rect((w - pic_w) / 2, -pic_h, pic_w, pic_h)
    items: list[Item]
    if b.file is None:
        items = [PictureItem(rect, b.icon or "", "primary")]
    elif b.file.vector:
        items = [PictureItem(rect, Path(b.file.path).stem, "ink", b.file.path)]
    else:
        items = [ImageItem(rect, b.file.path, (int(b.file.width), int(b.file.height)),
                           f"the picture {Path(b.file.path).name!r}", b.pos.child("file"))]
    height = pic_h
    if b.caption is not None:
        lines, h = s.set(b.caption.get(c.language.code), style("picture-caption"), w, b.caption.pos, name, 0.0,
                         -pic_h - s.em(CAPTION_GAP_EM))
        items += lines
        height += s.em(CAPTION_GAP_EM) + h
    return Frame(tuple(items), height)


KIND = BlockKind(
    decorative=True,
    name="picture", doc="one large icon or your own picture, with an optional caption",
    fields=(Field("icon", IconName(), what="the picture's icon", group="picture",
                  doc="a built-in icon (or give `file:` instead)"),
            Field("file", ImageFile("picture", svg=True), what="the picture file", group="picture",
                  doc="your own SVG (drawn as vectors), PNG or JPEG, relative to this file and inside its folder"),
            Field("caption", LocalText(), what="the picture's caption"),
            Field("size", Choice(SIZES, "picture size"),
                  doc="small, medium (default) or large: a share of the column's width")),
    build=_build, layout=_layout)
