"""The validated poster: frozen dataclasses with the source position of every human-readable field.

Block kinds keep their own model classes in `posters/blocks/<kind>.py`; here is what every block shares."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Protocol

from ..dataclass_fast import dataclass

if TYPE_CHECKING:
    from ..themes import Theme

from ..errors import Diagnostic

# In validated text, a line break the author asked for (a new line in a `|` block, or `\n`): U+2028 LINE
# SEPARATOR. Layout ends the line there; it is never printed.
FORCED_BREAK = "\u2028"
# Spaces that join their words: a line never breaks at them (U+00A0, U+202F narrow, U+2007 figure).
NO_BREAK_SPACES = "\u00a0\u202f\u2007"


class UserFile:
    """A model that names one of the user's files (a picture, a logo) by its absolute `path`. Its size is
    read with the spec; its contents only when the poster is drawn, so whatever keeps finished posters
    (pipeline's render cache) must watch the file itself."""

    path: str


@dataclass(frozen=True)
class Pos:
    """Where something was written: file, 1-based line and column, and its YAML path."""

    file: str
    line: int | None = None
    col: int | None = None
    path: str = ""

    def child(self, key: str) -> Pos:
        return Pos(self.file, self.line, self.col, f"{self.path}.{key}" if self.path else key)


@dataclass(frozen=True)
class Text:
    """A human-readable string in every declared language."""

    values: tuple[tuple[str, str], ...]
    pos: Pos

    def get(self, lang: str) -> str:
        for code, value in self.values:
            if code == lang:
                return value
        raise KeyError(lang)


PRIORITIES = ("must", "should", "could")  # could is left out first, then should; must never
FORMATS = ("print", "screen")  # screen: the phone-image sizes (status, square); print: every other size


@dataclass(frozen=True)
class Show:
    """Where a block, checklist item, myth/fact pair or source appears: its priority (what a small format
    may leave out to keep the type legible) and the formats it is printed on."""

    priority: str = "must"
    formats: tuple[str, ...] = FORMATS

    def on(self, fmt: str) -> bool:
        return fmt in self.formats


ALWAYS = Show()


class Block(Protocol):
    """What every block model has: its kind, where it was written, and where it appears."""

    @property
    def kind(self) -> str: ...

    @property
    def pos(self) -> Pos: ...

    @property
    def show(self) -> Show: ...


# A printed string of one language with where it was written (coverage and character checks use it).
Printed = tuple[str, Pos]


@dataclass(frozen=True)
class Poster:
    """A whole spec. `stem` is the spec file's name without extension (used in output names)."""

    id: str
    stem: str
    file: str
    title: Text
    languages: tuple[str, ...]
    sizes: tuple[str, ...]
    theme: Theme  # a built-in theme or the spec's own colours
    blocks: tuple[Block, ...]
    review: tuple[tuple[str, str], ...] = field(default=())
    notes: tuple[Diagnostic, ...] = field(default=())  # worth knowing, not stopping the build
