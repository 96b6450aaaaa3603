"""The block registry: the only list of block kinds. Validation, layout, the JSON Schema and the README's
key list all read it; a new kind is one module in this folder plus one line here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from ..spec.model import Block, Poster, Printed
from . import checklist, footer, headline, helpline, mythfact, qr, text
from .base import BlockKind, Context

KINDS: Mapping[str, BlockKind] = MappingProxyType({k.name: k for k in (
    headline.KIND,
    text.KIND,
    checklist.KIND,
    mythfact.KIND,
    helpline.KIND,
    qr.KIND,
    footer.KIND,
)})


def kind_of(block: Block) -> BlockKind:
    return KINDS[block.kind]


def printed_texts(poster: Poster, lang: str) -> Iterator[Printed]:
    """Every string printed for `lang`, with where it was written (coverage and character checks)."""
    yield poster.title.get(lang), poster.title.pos
    for b in poster.blocks:
        yield from kind_of(b).printed(b, lang)


__all__ = ["KINDS", "BlockKind", "Context", "kind_of", "printed_texts"]
