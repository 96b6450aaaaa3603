"""What a laid-out page is made of: positioned text lines, boxes, marks, QR codes, images, pictures and rules (pt),
grouped into frames that blocks build in local coordinates and the page stacks; draw reads only this."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Union

from .geometry import PageSize, Rect
from .shaping import ShapedRun

if TYPE_CHECKING:
    from .themes import Theme


@dataclass(frozen=True)
class PlacedWord:
    x_pt: float
    runs: tuple[ShapedRun, ...]
    text: str
    width_pt: float


@dataclass(frozen=True)
class TextLine:
    """One line of text: words at absolute positions on a common baseline."""

    baseline_pt: float
    size_pt: float
    color: str
    words: tuple[PlacedWord, ...]
    text: str  # the source text of this line, exactly (what copy/paste must give back)
    box: Rect  # ink-safe box: ascender to descender
    block: str

    def moved(self, dx: float, dy: float) -> TextLine:
        b = self.box
        words = self.words if not dx else tuple(replace(w, x_pt=w.x_pt + dx) for w in self.words)
        return replace(self, baseline_pt=self.baseline_pt + dy, words=words, box=Rect(b.x + dx, b.y + dy, b.w, b.h))


@dataclass(frozen=True)
class Box:
    rect: Rect
    color: str
    radius_pt: float = 0.0
    bleed: tuple[str, ...] = ()  # page edges this box runs off (prepress extends it into the bleed)

    def moved(self, dx: float, dy: float) -> Box:
        return replace(self, rect=_move(self.rect, dx, dy))


@dataclass(frozen=True)
class Mark:
    """A round checklist marker: a tick, a cross, or a disc under a step number."""

    kind: str  # "check" | "cross" | "step"
    cx: float
    cy: float
    r: float
    color: str

    def moved(self, dx: float, dy: float) -> Mark:
        return replace(self, cx=self.cx + dx, cy=self.cy + dy)


@dataclass(frozen=True)
class QRItem:
    rect: Rect  # includes the quiet zone
    url: str

    def moved(self, dx: float, dy: float) -> QRItem:
        return replace(self, rect=_move(self.rect, dx, dy))


@dataclass(frozen=True)
class ImageItem:
    rect: Rect
    path: str

    def moved(self, dx: float, dy: float) -> ImageItem:
        return replace(self, rect=_move(self.rect, dx, dy))


@dataclass(frozen=True)
class PictureItem:
    """A vector picture drawn as large as fits `rect`, centred: a built-in icon by `name`, or the user's
    SVG file at `path` (absolute). `color` is the theme colour of the picture's currentColor parts."""

    rect: Rect
    name: str
    color: str
    path: str = ""

    def moved(self, dx: float, dy: float) -> PictureItem:
        return replace(self, rect=_move(self.rect, dx, dy))


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width_pt: float
    color: str

    def moved(self, dx: float, dy: float) -> Rule:
        return replace(self, x1=self.x1 + dx, y1=self.y1 + dy, x2=self.x2 + dx, y2=self.y2 + dy)


Item = Union[TextLine, Box, Mark, QRItem, ImageItem, PictureItem, Rule]  # noqa: UP007 (a runtime alias on Python 3.10)


def _move(r: Rect, dx: float, dy: float) -> Rect:
    return Rect(r.x + dx, r.y + dy, r.w, r.h)


@dataclass(frozen=True)
class Frame:
    """A block's content in local coordinates: x from the frame's left edge, y up from its top edge (so
    everything inside has y <= 0), `height_pt` tall. Items are in reading (drawing) order."""

    items: tuple[Item, ...]
    height_pt: float

    def placed(self, x: float, top: float) -> list[Item]:
        """The items moved so that the frame's top-left corner is at (x, top)."""
        return [item.moved(x, top) for item in self.items]


def placed(items: list[Item] | tuple[Item, ...], dx: float, dy: float) -> list[Item]:
    return [item.moved(dx, dy) for item in items]


@dataclass(frozen=True)
class Page:
    size: PageSize
    lang: str
    title: str
    theme: Theme
    scale: float
    body_pt: float
    safe: Rect
    items: tuple[Item, ...] = field(default=())
    columns: int = 1

    @property
    def lines(self) -> list[TextLine]:
        return [i for i in self.items if isinstance(i, TextLine)]
