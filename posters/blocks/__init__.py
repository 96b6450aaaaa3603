"""The block registry: the only list of block kinds. Validation, layout, the JSON Schema and the README's
key list all read it; a new kind is one module in this folder plus one line here."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType

from ..spec.model import Block, Poster, Printed, Show, Text, UserFile
from . import checklist, footer, headline, helpline, mythfact, picture, qr, steps, text
from .base import COMMON_FIELDS, BlockKind, Context, block_name, found_in

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


def parts(block: Block) -> Iterator[tuple[str, Show]]:
    """The block and each of its entries (checklist items, myth/fact pairs, sources) that carry their own
    priority and formats, as (YAML path, Show), in reading order."""
    yield block.pos.path, block.show
    field = kind_of(block).entries
    if field:
        for i, entry in enumerate(getattr(block, field)):
            pos = entry.pos
            yield (pos.path if pos else f"{block.pos.path}.{field}[{i}]"), entry.show


def pruned(block: Block, keep: Callable[[str, Show], bool]) -> Block | None:
    """The block with only the entries `keep(path, show)` accepts; None when the block itself is not kept
    or none of its entries is left (a checklist with no items is no checklist)."""
    if not keep(block.pos.path, block.show):
        return None
    field = kind_of(block).entries
    if not field:
        return block
    entries = getattr(block, field)
    kept = tuple(e for (path, show), e in zip(list(parts(block))[1:], entries) if keep(path, show))
    if not kept:
        return None
    if len(kept) == len(entries):
        return block
    out: Block = replace(block, **{field: kept})  # type: ignore[type-var]
    return out


def printed_texts(poster: Poster, lang: str) -> Iterator[Printed]:
    """Every string printed for `lang`, with where it was written (coverage and character checks)."""
    yield poster.title.get(lang), poster.title.pos
    for b in poster.blocks:
        yield from kind_of(b).printed(b, lang)


def user_files(poster: Poster) -> list[str]:
    """The user's files the poster's blocks name (pictures, logos; absolute paths), found by walking the
    models, so a new kind with a file needs nothing here. Runs for every poster drawn (the render cache
    stamps these files), so texts are not walked into."""
    return [f.path for f in found_in(poster.blocks, UserFile, skip=(Text,))]


__all__ = ["COMMON_FIELDS", "KINDS", "BlockKind", "Context", "block_name", "kind_of", "parts", "printed_texts", "pruned", "user_files"]


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
    rows.append("| every kind | | | keys any block may have (and each checklist item, myth/fact pair and source) |")
    for f in COMMON_FIELDS:
        rows.append(f"| | `{f.key}:` | | {f.doc} |")
    return "\n".join(rows)
