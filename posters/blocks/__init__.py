"""The block registry: the only list of block kinds. Validation, layout, the JSON Schema and the README's
key list all read it; a new kind is one module in this folder plus one line here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from ..spec.model import Block, Poster, Printed
from . import checklist, footer, headline, helpline, mythfact, picture, qr, steps, text
from .base import BlockKind, Context

KINDS: Mapping[str, BlockKind] = MappingProxyType({k.name: k for k in (
    headline.KIND,
    text.KIND,
    checklist.KIND,
    mythfact.KIND,
    helpline.KIND,
    qr.KIND,
    picture.KIND,
    steps.KIND,
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


def keys_markdown() -> str:
    """The README's table of block kinds and their keys, made from the registry (a test keeps the README
    equal to it; `python -m posters.blocks` prints it)."""
    from ..spec.fields import ListOf, Record

    rows = ["| kind | key | required | what it takes |", "| --- | --- | --- | --- |"]
    for kind in KINDS.values():
        rows.append(f"| `{kind.name}` | | | {kind.doc} |")
        for f in kind.fields:
            what = f.doc or f.type.doc
            if isinstance(f.type, ListOf) and isinstance(f.type.item, Record):
                inner = ", ".join(f"`{g.key}:`" for g in f.type.item.fields)
                what = f"{f.type.doc} of {'one of ' if f.type.item.one_of else ''}{inner}"
                if f.type.item.also:
                    what += ", each with an optional " + ", ".join(f"`{g.key}:`" for g in f.type.item.also)
            rows.append(f"| | `{f.key}:` | {'yes' if f.required else ''} | {what} |")
    return "\n".join(rows)
