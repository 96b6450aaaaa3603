"""What a laid-out page is made of: positioned text lines, boxes, marks, QR codes, images, pictures and rules (pt),
grouped into frames that blocks build in local coordinates and the page stacks; draw reads only this."""

from __future__ import annotations

from dataclasses import field, replace
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple, Protocol, Union

from .dataclass_fast import dataclass
from .errors import Diagnostic
from .geometry import PageSize, Rect
from .shaping import EmojiGap, ShapedRun
from .spec.model import Pos

if TYPE_CHECKING:
    from .themes import Theme


class PlacedWord(NamedTuple):
    """A word of a line: its left edge (pt), its shaped runs and its text."""

    x_pt: float
    runs: tuple[ShapedRun | EmojiGap, ...]
    text: str


class LineWord(Protocol):
    """What a line keeps of each of its words (text.Word is one)."""

    @property
    def runs(self) -> tuple[ShapedRun | EmojiGap, ...]: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class TextLine:
    """One line of text: words on a common baseline. The words are kept with their offsets from the line's
    left edge `x_pt`, so moving a line (as every frame is moved onto the page) moves one number, not every
    word, and a line made only to be measured (a trial layout) builds no per-word objects."""

    baseline_pt: float
    size_pt: float
    color: str
    source_words: tuple[LineWord, ...]
    offsets_pt: tuple[float, ...]  # each word's left edge, from the line's x_pt
    text: str  # the source text of this line, exactly (what copy/paste must give back)
    box: Rect  # ink-safe box: ascender to descender
    block: str
    pictures: tuple[PictureItem, ...] = ()  # the emoji typed in the text, drawn in their gaps
    x_pt: float = 0.0

    @cached_property
    def words(self) -> tuple[PlacedWord, ...]:
        """The words at their positions on the page (made on first use)."""
        x = self.x_pt
        return tuple(PlacedWord(x + dx, w.runs, w.text) for w, dx in zip(self.source_words, self.offsets_pt))

    def moved(self, dx: float, dy: float) -> TextLine:
        b = self.box
        return TextLine(self.baseline_pt + dy, self.size_pt, self.color, self.source_words, self.offsets_pt,
                        self.text, Rect(b.x + dx, b.y + dy, b.w, b.h), self.block,
                        tuple(p.moved(dx, dy) for p in self.pictures) if self.pictures else (), self.x_pt + dx)


@dataclass(frozen=True)
class Box:
    rect: Rect
    color: str
    radius_pt: float = 0.0
    bleed: tuple[str, ...] = ()  # page edges this box runs off (prepress extends it into the bleed)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(_move(self.rect, dx, dy), self.color, self.radius_pt, self.bleed)


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
    """A PNG/JPEG image (a logo, a picture) stretched to `rect`; with its pixel size, what it is and where
    the spec names it, so a page can say when it prints at too low a resolution."""

    rect: Rect
    path: str
    px: tuple[int, int] = (0, 0)
    what: str = ""  # "the logo 'logo.png'"
    source: Pos | None = None

    @property
    def ppi(self) -> float:
        """Pixels per inch at the printed size (the lower of width and height)."""
        if not self.px[0] or self.rect.w <= 0 or self.rect.h <= 0:
            return float("inf")
        return min(self.px[0] / (self.rect.w / 72), self.px[1] / (self.rect.h / 72))

    def moved(self, dx: float, dy: float) -> ImageItem:
        return replace(self, rect=_move(self.rect, dx, dy))


EMOJI_PREFIX = "emoji:"  # a PictureItem named "emoji:<sequence>" is a shipped emoji, not an icon


@dataclass(frozen=True)
class PictureItem:
    """A vector picture drawn as large as fits `rect`, centred: a built-in icon by `name`, or the user's
    SVG file at `path` (absolute). `color` is the theme colour of the picture's currentColor parts."""

    rect: Rect
    name: str
    color: str
    path: str = ""

    def moved(self, dx: float, dy: float) -> PictureItem:
        return PictureItem(_move(self.rect, dx, dy), self.name, self.color, self.path)


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


MIN_PPI = 150  # an image printed at fewer pixels per inch gets a warning

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
    dropped: tuple[str, ...] = ()  # YAML paths of content left out to keep the type legible, in reading order

    @property
    def lines(self) -> list[TextLine]:
        return [i for i in self.items if isinstance(i, TextLine)]

    @property
    def notes(self) -> list[Diagnostic]:
        """Warnings about this page that do not stop the build: images printed below MIN_PPI (on a screen
        size, below the screen's own pixels)."""
        from .geometry import PX_DPI

        least = PX_DPI if self.size.px else MIN_PPI
        out = []
        for item in self.items:
            if isinstance(item, ImageItem) and item.ppi < least:
                src = item.source
                need_w = round(item.px[0] * least / item.ppi)
                out.append(Diagnostic(
                    f"{item.what or 'an image'} prints at {item.ppi:.0f} ppi on {self.size.label} "
                    f"({item.px[0]}x{item.px[1]} pixels over {item.rect.w / 72 * 25.4:.0f} x "
                    f"{item.rect.h / 72 * 25.4:.0f} mm); below {least:g} ppi it looks blurred or blocky",
                    src.file if src else None, src.line if src else None, src.col if src else None,
                    src.path if src else None,
                    f"use a larger image, at least {need_w} pixels wide, or an SVG (drawn sharp at any size)",
                    severity="warning"))
        return out
