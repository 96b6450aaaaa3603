"""The footer block: sources (printed small), an optional organisation line, the organisation's logo (sized
and placed as the spec says) and up to four partner logos in a row; pinned to the bottom."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..dataclass_fast import dataclass
from ..geometry import Rect, mm
from ..page import Frame, ImageItem, Item, PictureItem, Rule
from ..spec.fields import (
    Checker,
    Choice,
    Field,
    FieldType,
    ImageFile,
    ListOf,
    LocalText,
    Record,
    Url,
    read_fields,
    record_schema,
)
from ..spec.load import Raw
from ..spec.model import ALWAYS, Pos, Show, Text, UserFile
from ..styles import style
from ..text import short_url
from .base import COMMON_FIELDS, BlockKind, Context, block_name, label_fields, show_of

TOP_GAP_EM = 0.4  # rule to text
RULE_EM = 0.05  # the rule's width (at least 0.5 pt)
ORG_GAP_EM = 0.25
LOGO_LINES = {"small": 3.0, "medium": 5.0, "large": 8.0}  # a logo is as tall as this many source lines ...
LOGO_MAX_WIDTH = {"left": 0.3, "right": 0.3, "centre": 0.6}  # ... and at most this share of the width
LOGO_SIZES = tuple(LOGO_LINES)
LOGO_POSITIONS = ("right", "left", "centre")
LOGO_MM = (5.0, 120.0)  # a size in mm: the logo's height, within these
LOGO_GAP_EM = 0.8
MAX_PARTNERS = 4
PARTNER_LINES = 4.0  # partner logos: as tall as this many source lines (less if the row is full)
ROW_GAP_EM = 0.5  # text to the partner row
_MM_RE = re.compile(r"(\d+(?:\.\d+)?)\s*mm", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    name: Text
    url: str | None
    pos: Pos | None = None
    show: Show = ALWAYS


@dataclass(frozen=True)
class Logo(UserFile):
    """A logo file, checked to exist inside the spec's folder: a PNG/JPEG (its size in pixels) or an SVG
    drawn as vectors (its size in SVG units); how tall it prints and where it sits."""

    path: str  # absolute, resolved
    width_px: float
    height_px: float
    pos: Pos
    size: str | float = "small"  # small | medium | large, or the height in mm
    position: str = "right"  # right | left | centre

    @property
    def vector(self) -> bool:
        return self.path.lower().endswith(".svg")

    def item(self, rect: Rect, what: str) -> Item:
        """The page item that draws it: vectors for an SVG, an image (with its pixels, for the ppi note) else."""
        if self.vector:
            return PictureItem(rect, Path(self.path).stem, "ink", self.path)
        return ImageItem(rect, self.path, (int(self.width_px), int(self.height_px)),
                         f"{what} {Path(self.path).name!r}", self.pos)


@dataclass(frozen=True)
class Footer:
    sources_label: Text | None
    sources: tuple[Source, ...]
    organisation: Text | None
    logo: Logo | None
    pos: Pos
    logos: tuple[Logo, ...] = ()  # partner logos, in a row
    kind: str = "footer"
    show: Show = ALWAYS  # priority and formats (validation sets them)


SOURCE = Record((Field("name", LocalText(), True, "the source's name"),
                 Field("url", Url(), what="the source's URL")),
                "a source", build=lambda v, pos: Source(v["name"], v.get("url"), pos, show_of(v)), also=COMMON_FIELDS)


@dataclass(frozen=True)
class LogoSize(FieldType):
    """small, medium or large (a height in source lines, so it scales with the poster), or a height in mm."""

    doc = "small (default), medium, large, or a height in mm such as 20mm"

    def read(self, c: Checker, node: Raw, path: str, what: str) -> str | float | None:
        text = node.text if node.text is not None else str(node.value)
        if isinstance(node.value, str) and node.value in LOGO_SIZES:
            return node.value
        m = _MM_RE.fullmatch(text.strip()) if isinstance(node.value, str) else None
        if m and LOGO_MM[0] <= float(m.group(1)) <= LOGO_MM[1]:
            return float(m.group(1))
        c.error(node, path, f"the logo size {text!r} is not small, medium, large or a height in mm "
                f"({LOGO_MM[0]:g} to {LOGO_MM[1]:g})",
                hint="write size: medium, or a height such as size: 20mm")
        return None

    def schema(self) -> dict[str, Any]:
        return {"anyOf": [{"enum": list(LOGO_SIZES)}, {"type": "string", "pattern": "^\\d+(\\.\\d+)?\\s*[Mm][Mm]$"}]}


LOGO_FILE = ImageFile("logo", svg=True)
LOGO_FIELDS = (Field("file", LOGO_FILE, True, "the logo file"),
               Field("size", LogoSize(), what="the logo size", doc=LogoSize.doc),
               Field("position", Choice(LOGO_POSITIONS, "logo position"),
                     doc="right (default), left or centre (above the sources)"))


class LogoField(FieldType):
    """`logo: file.png`, or `logo: {file: file.png, size: medium, position: left}`."""

    doc = ("an SVG (kept as vectors), PNG or JPEG relative to this file, or {file:, size: small|medium|large|"
           "20mm, position: right|left|centre}")

    def read(self, c: Checker, node: Raw, path: str, what: str) -> Logo | None:
        if isinstance(node.value, dict):
            v = read_fields(c, node, path, LOGO_FIELDS, "the logo")
            if v is None:
                return None
            file_path, w, h = v["file"]
            return Logo(file_path, w, h, c.pos(node, path), v.get("size", "small"), v.get("position", "right"))
        got = LOGO_FILE.read(c, node, path, what)
        return None if got is None else Logo(got[0], got[1], got[2], c.pos(node, path))

    def schema(self) -> dict[str, Any]:
        return {"oneOf": [LOGO_FILE.schema(), record_schema(LOGO_FIELDS)]}


class PartnerLogo(FieldType):
    doc = "a logo file"

    def read(self, c: Checker, node: Raw, path: str, what: str) -> Logo | None:
        got = LOGO_FILE.read(c, node, path, "a partner logo")
        return None if got is None else Logo(got[0], got[1], got[2], c.pos(node, path))

    def schema(self) -> dict[str, Any]:
        return LOGO_FILE.schema()


class PartnerLogos(ListOf):
    """Up to MAX_PARTNERS logo files, one row."""

    def read(self, c: Checker, node: Raw, path: str, what: str) -> tuple[Any, ...] | None:
        if isinstance(node.value, list) and len(node.value) > self.max_items:
            c.error(node, path, f"{self.what} has {len(node.value)} items; at most {self.max_items} fit in the row",
                    hint=f"keep the {self.max_items} most important partners, or put the others' names in the "
                         "organisation line")
            return None
        return super().read(c, node, path, what)


def _build(v: dict[str, Any], pos: Pos) -> Footer:
    return Footer(v.get("sources_label"), v["sources"], v.get("organisation"), v.get("logo"), pos,
                  v.get("logos", ()))


def _logo_box(logo: Logo, height_pt: float, max_w: float) -> tuple[float, float]:
    """The logo's printed width and height: `height_pt` tall, narrower than `max_w` (aspect kept)."""
    w = min(height_pt * logo.width_px / logo.height_px, max_w)
    return w, w * logo.height_px / logo.width_px


def _partners(c: Context, logos: tuple[Logo, ...], w: float, top: float) -> tuple[list[Item], float]:
    """Partner logos in a row across the width, each centred in an equal share; the row's items and height."""
    s = c.setter
    sources = style("sources")
    gap = s.em(LOGO_GAP_EM)
    cell = (w - gap * (len(logos) - 1)) / len(logos)
    row_h = PARTNER_LINES * sources.leading * s.size(sources.size)
    boxes = [_logo_box(logo, row_h, cell) for logo in logos]
    row_h = max(h for _, h in boxes)
    items: list[Item] = []
    for i, (logo, (lw, lh)) in enumerate(zip(logos, boxes)):
        x = i * (cell + gap) + (cell - lw) / 2
        items.append(logo.item(Rect(x, top - (row_h + lh) / 2, lw, lh), "the partner logo"))
    return items, row_h


def _printed(b: Footer) -> Iterator[str]:
    for src in b.sources:
        if src.url:
            yield src.url


def _layout(c: Context, b: Footer, w: float) -> Frame:
    s = c.setter
    lang = c.language.code
    name = block_name(b)
    sources = style("sources")
    parts = [src.name.get(lang) + (f" ({short_url(src.url)})" if src.url else "") for src in b.sources]
    text = f"{c.label('sources', b.sources_label)}: " + "; ".join(parts)
    y = -s.em(TOP_GAP_EM)
    items: list[Item] = [Rule(0.0, 0.0, w, 0.0, max(0.5, s.em(RULE_EM)), "muted")]
    logo_bottom = y
    full_w = w
    x = 0.0
    if b.logo:
        # right or left: beside the text, which keeps clear of it; centre: above the text
        logo = b.logo
        height = (mm(logo.size) if isinstance(logo.size, float)
                  else LOGO_LINES[logo.size] * sources.leading * s.size(sources.size))
        logo_w, logo_h = _logo_box(logo, height, LOGO_MAX_WIDTH[logo.position] * w)
        logo_x = {"right": w - logo_w, "left": 0.0, "centre": (w - logo_w) / 2}[logo.position]
        items.append(logo.item(Rect(logo_x, y - logo_h, logo_w, logo_h), "the logo"))
        logo_bottom = y - logo_h
        if logo.position == "centre":
            y = logo_bottom - s.em(LOGO_GAP_EM) / 2
        else:
            w -= logo_w + s.em(LOGO_GAP_EM)
            x = logo_w + s.em(LOGO_GAP_EM) if logo.position == "left" else 0.0
    lines, h = s.set(text, sources, w, b.pos, name, x, y)
    items += lines
    y -= h
    if b.organisation:
        y -= s.em(ORG_GAP_EM)
        lines, h = s.set(b.organisation.get(lang), style("organisation"), w, b.organisation.pos, name, x, y)
        items += lines
        y -= h
    y = min(y, logo_bottom)
    if b.logos:
        row, row_h = _partners(c, b.logos, full_w, y - s.em(ROW_GAP_EM))
        items += row
        y -= s.em(ROW_GAP_EM) + row_h
    return Frame(tuple(items), -y)


KIND = BlockKind(
    name="footer", doc="sources (printed small) and an optional organisation line, logo and partner logos",
    fields=(*label_fields("sources"),
            Field("sources", ListOf(SOURCE, "the sources"), True),
            Field("organisation", LocalText(), what="the organisation"),
            Field("logo", LogoField(), what="the logo",
                  doc="an SVG (kept as vectors), PNG or JPEG, relative to this file and inside its folder; or "
                      "{file:, size: small (default), medium, large or a height such as 20mm, "
                      "position: right (default), left or centre}"),
            Field("logos", PartnerLogos(PartnerLogo(), "the list of partner logos", MAX_PARTNERS), what="the partner logos",
                  doc=f"up to {MAX_PARTNERS} partner logo files, in a row under the text")),
    build=_build, layout=_layout, labels=("sources",), placement="bottom", unique=True, printed_extra=_printed,
    entries="sources")
