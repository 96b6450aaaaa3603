"""The validated poster: frozen dataclasses with the source position of every human-readable field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# Language code -> (ISO 15924 script, English name, name in the language, BCP 47 tag for /Lang).
LANGUAGES: dict[str, tuple[str, str]] = {
    "hi": ("Deva", "Hindi"),
    "mr": ("Deva", "Marathi"),
    "en": ("Latn", "English"),
    "bn": ("Beng", "Bengali"),
    "gu": ("Gujr", "Gujarati"),
    "pa": ("Guru", "Punjabi"),
    "or": ("Orya", "Odia"),
    "ta": ("Taml", "Tamil"),
    "te": ("Telu", "Telugu"),
    "kn": ("Knda", "Kannada"),
    "ml": ("Mlym", "Malayalam"),
}


@dataclass(frozen=True)
class Pos:
    """Where something was written: file, 1-based line and column, and its YAML path."""

    file: str
    line: int | None = None
    col: int | None = None
    path: str = ""


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


@dataclass(frozen=True)
class Headline:
    text: Text
    kicker: Text | None
    pos: Pos
    kind: str = "headline"


@dataclass(frozen=True)
class Paragraph:
    text: Text
    style: str  # normal | emphasis | note
    pos: Pos
    kind: str = "text"


@dataclass(frozen=True)
class CheckItem:
    mark: str  # "do" (a tick), "dont" (a cross) or "step" (a number: the step's place among the steps)
    text: Text


@dataclass(frozen=True)
class Checklist:
    title: Text | None
    items: tuple[CheckItem, ...]
    pos: Pos
    kind: str = "checklist"


@dataclass(frozen=True)
class MythFact:
    title: Text | None
    pairs: tuple[tuple[Text, Text], ...]
    myth_label: Text | None
    fact_label: Text | None
    pos: Pos
    kind: str = "mythfact"


@dataclass(frozen=True)
class Helpline:
    number: str
    label: Text
    note: Text | None
    portal: str | None  # a web address printed large under the number
    pos: Pos
    kind: str = "helpline"


@dataclass(frozen=True)
class QRCode:
    url: str
    caption: Text
    pos: Pos
    kind: str = "qr"


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
    sources: tuple[Source, ...]
    organisation: Text | None
    logo: Logo | None
    pos: Pos
    kind: str = "footer"


Block = Union[Headline, Paragraph, Checklist, MythFact, Helpline, QRCode, Footer]


@dataclass(frozen=True)
class Poster:
    """A whole spec. `stem` is the spec file's name without extension (used in output names)."""

    id: str
    stem: str
    file: str
    title: Text
    languages: tuple[str, ...]
    sizes: tuple[str, ...]
    theme: str
    blocks: tuple[Block, ...]
    review: tuple[tuple[str, str], ...] = field(default=())


def printed_texts(poster: Poster, lang: str) -> list[tuple[str, Pos]]:
    """Every string that will be printed for `lang`, with where it was written (for coverage checks)."""
    out: list[tuple[str, Pos]] = [(poster.title.get(lang), poster.title.pos)]

    def add(t: Text | None) -> None:
        if t is not None:
            out.append((t.get(lang), t.pos))

    for b in poster.blocks:
        if isinstance(b, Headline):
            add(b.kicker)
            add(b.text)
        elif isinstance(b, Paragraph):
            add(b.text)
        elif isinstance(b, Checklist):
            add(b.title)
            for it in b.items:
                add(it.text)
        elif isinstance(b, MythFact):
            for t in (b.title, b.myth_label, b.fact_label):
                add(t)
            for myth, fact in b.pairs:
                add(myth)
                add(fact)
        elif isinstance(b, Helpline):
            out.append((b.number, b.pos))
            add(b.label)
            add(b.note)
            if b.portal:
                out.append((b.portal, b.pos))
        elif isinstance(b, QRCode):
            out.append((b.url, b.pos))
            add(b.caption)
        elif isinstance(b, Footer):
            for src in b.sources:
                add(src.name)
                if src.url:
                    out.append((src.url, b.pos))
            add(b.organisation)
    return out
