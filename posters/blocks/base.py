"""What a block kind is: its keys (as field types), how to build its model, how to lay it out into a
frame, and which built-in labels it prints; plus the context a block's layout gets."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import field, fields, is_dataclass, replace
from typing import Any, TypeVar

from ..dataclass_fast import dataclass
from ..languages import Language
from ..page import Frame
from ..spec.fields import Choice, Field, ListOf, LocalText
from ..spec.model import FORMATS, PRIORITIES, Block, Pos, Printed, Show, Text
from ..text import Setter

_T = TypeVar("_T")

# The keys every block, checklist item, myth/fact pair and footer source may carry besides its own: the one
# place they are declared (validation, the README's key table and the JSON Schema read them from here).
COMMON_FIELDS: tuple[Field, ...] = (
    Field("priority", Choice(PRIORITIES, "priority level"), what="the priority",
          doc="must (default), should or could: when a size is too small for everything at a legible type "
              "size, could is left out first, then should"),
    Field("formats", ListOf(Choice(FORMATS, "format"), "the formats", max_items=len(FORMATS)), what="the formats",
          doc="[print] or [screen]: only on paper, or only on the phone images (status, square); default both"),
)


def show_of(values: Mapping[str, Any]) -> Show:
    """The priority and formats read from a block's (or an entry's) common keys; defaults when absent."""
    formats = values.get("formats")
    return Show(values.get("priority", "must"), tuple(dict.fromkeys(formats)) if formats else FORMATS)


def with_show(block: Block, show: Show) -> Block:
    """The block with its priority and formats set (every block model has a `show` field)."""
    out: Block = replace(block, show=show)  # type: ignore[type-var]
    return out


@dataclass(frozen=True)
class Context:
    """What a block's layout may know besides its own model: the text setter (language, body size) and,
    for a band that runs off the page, how far the frame's top-left corner is from the page's."""

    setter: Setter
    language: Language
    page_w_pt: float
    left_pt: float = 0.0  # frame left edge to page left edge
    above_pt: float = 0.0  # frame top edge to page top edge
    band: bool = False  # the poster's first headline: a band across the page top
    screen: bool = False  # a phone image (status, square): nothing to scan or tap, so e.g. no QR code

    @property
    def body(self) -> float:
        return self.setter.body

    def label(self, key: str, override: Text | None) -> str:
        """A word the layout prints (Myth, Sources): the spec's `<key>_label:`, else the built-in one
        (validation has made sure one of them exists)."""
        return override.get(self.language.code) if override is not None else self.language.labels[key]


Layout = Callable[[Context, Any, float], Frame]


@dataclass(frozen=True)
class BlockKind:
    """One block kind. `fields` are its keys besides `kind:`; `build` makes the model from the values read
    (keys absent from the spec are absent from the dict); `layout` sets it at a width into a frame."""

    name: str
    doc: str
    fields: tuple[Field, ...]
    build: Callable[[dict[str, Any], Pos], Block]
    layout: Layout
    labels: tuple[str, ...] = ()  # built-in words it prints; each is also the key `<label>_label`
    placement: str = "flow"  # flow | bottom (pinned above the bottom margin, e.g. the footer)
    unique: bool = False  # at most one per poster
    decorative: bool = False  # adds no words: within a priority level, left out before blocks that do
    printed_extra: Callable[[Any], Iterator[str]] = field(default=lambda b: iter(()))
    entries: str | None = None  # the list field whose entries carry their own priority and formats

    def printed(self, block: Block, lang: str) -> Iterator[Printed]:
        """Every string this block prints in `lang`: all its Text fields (found by walking the model) and
        the plain strings it names, with where they were written."""
        for t in found_in(block, Text):
            yield t.get(lang), t.pos
        for s in self.printed_extra(block):
            yield s, block.pos


def block_name(b: Block) -> str:
    """How a block is named in its lines and in messages: 'blocks[3] (helpline)'."""
    return f"{b.pos.path} ({b.kind})"


def label_fields(*labels: str) -> tuple[Field, ...]:
    """The spec keys that override built-in labels: `myth_label:`, `sources_label:` ..."""
    return tuple(Field(f"{key}_label", LocalText(one_line=True), what=f"the {key} label",
                       doc=f"replaces the built-in '{key}' label") for key in labels)


_LEAVES = (str, int, float, type(None), Pos, Show)  # model values with no other model value inside
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # a model class -> its fields' names


def found_in(model: object, wanted: type[_T], skip: tuple[type, ...] = ()) -> list[_T]:
    """Every `wanted` value in a block's model (or any model value), in field order: the walk goes into
    tuples and dataclass fields, not into `wanted` values themselves, positions or the `skip` types."""
    found: list[_T] = []
    _walk(model, wanted, _LEAVES + skip, found)
    return found


def _walk(obj: object, wanted: type[_T], leaves: tuple[type, ...], found: list[_T]) -> None:
    """found_in's walk (a module function: a closure calling itself would be a reference cycle, garbage that
    only the cycle collector frees)."""
    if isinstance(obj, leaves):
        return
    if isinstance(obj, wanted):
        found.append(obj)
    elif isinstance(obj, tuple):
        for x in obj:
            _walk(x, wanted, leaves, found)
    else:
        cls = type(obj)
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = (tuple(f.name for f in fields(obj))
                                         if is_dataclass(obj) and not isinstance(obj, type) else ())
        for name in names:
            _walk(getattr(obj, name), wanted, leaves, found)
