"""The footer block: sources (printed small), an optional organisation line and logo; pinned to the bottom."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..geometry import Rect
from ..page import Frame, ImageItem, Item, Rule
from ..spec.fields import Field, ImageFile, ListOf, LocalText, Record, Url
from ..spec.model import Pos, Text
from ..styles import style
from ..text import short_url
from .base import BlockKind, Context, label_fields

TOP_GAP_EM = 0.4  # rule to text
RULE_EM = 0.05  # the rule's width (at least 0.5 pt)
ORG_GAP_EM = 0.25
LOGO_LINES = 3  # the logo is as tall as this many source lines ...
LOGO_MAX_WIDTH = 0.3  # ... and at most this share of the width
LOGO_GAP_EM = 0.8


@dataclass(frozen=True)
class Source:
    name: Text
    url: str | None


@dataclass(frozen=True)
class Logo:
    """An organisation's logo image, checked to exist inside the spec's folder."""

    path: str  # absolute, resolved
    width_px: int
    height_px: int
    pos: Pos


@dataclass(frozen=True)
class Footer:
    sources_label: Text | None
    sources: tuple[Source, ...]
    organisation: Text | None
    logo: Logo | None
    pos: Pos
    kind: str = "footer"


SOURCE = Record((Field("name", LocalText(), True, "the source's name"),
                 Field("url", Url(), what="the source's URL")),
                "a source", build=lambda v, pos: Source(v["name"], v.get("url")))


def _build(v: dict[str, Any], pos: Pos) -> Footer:
    logo = None
    if "logo" in v:
        path, w, h = v["logo"]
        logo = Logo(path, w, h, pos.child("logo"))
    return Footer(v.get("sources_label"), v["sources"], v.get("organisation"), logo, pos)


def _printed(b: Footer) -> Iterator[str]:
    for src in b.sources:
        if src.url:
            yield src.url


def _layout(c: Context, b: Footer, w: float) -> Frame:
    s = c.setter
    lang = c.language.code
    name = f"{b.pos.path} ({b.kind})"
    sources = style("sources")
    parts = [src.name.get(lang) + (f" ({short_url(src.url)})" if src.url else "") for src in b.sources]
    text = f"{c.label('sources', b.sources_label)}: " + "; ".join(parts)
    y = -s.em(TOP_GAP_EM)
    items: list[Item] = [Rule(0.0, 0.0, w, 0.0, max(0.5, s.em(RULE_EM)), "muted")]
    logo_bottom = y
    if b.logo:
        # the logo sits at the right; the text keeps clear of it
        logo_h = LOGO_LINES * sources.leading * s.size(sources.size)
        logo_w = min(logo_h * b.logo.width_px / b.logo.height_px, LOGO_MAX_WIDTH * w)
        logo_h = logo_w * b.logo.height_px / b.logo.width_px
        items.append(ImageItem(Rect(w - logo_w, y - logo_h, logo_w, logo_h), b.logo.path))
        logo_bottom = y - logo_h
        w -= logo_w + s.em(LOGO_GAP_EM)
    lines, h = s.set(text, sources, w, b.pos, name, 0.0, y)
    items += lines
    y -= h
    if b.organisation:
        y -= s.em(ORG_GAP_EM)
        lines, h = s.set(b.organisation.get(lang), style("organisation"), w, b.organisation.pos, name, 0.0, y)
        items += lines
        y -= h
    return Frame(tuple(items), -min(y, logo_bottom))


KIND = BlockKind(
    name="footer", doc="sources (printed small) and an optional organisation line and logo",
    fields=(*label_fields("sources"),
            Field("sources", ListOf(SOURCE, "the sources"), True),
            Field("organisation", LocalText(), what="the organisation"),
            Field("logo", ImageFile(), what="the logo",
                  doc="a PNG/JPEG, relative to this file and inside its folder")),
    build=_build, layout=_layout, labels=("sources",), placement="bottom", unique=True, printed_extra=_printed)
