"""The shipped picture files as names: built-in icon names and emoji sequences, listed from the package's
folders without loading any drawing code (reading and checking a spec needs no PDF stack)."""

from __future__ import annotations

import functools
from pathlib import Path

VS16 = "\ufe0f"  # the emoji presentation selector: typed or not, the same emoji


# The package's folder: its data files (themes.json, icons/, emoji/, icc/, templates/, _fontfiles/) are installed
# beside its modules. A plain path, not importlib.resources, which costs a few milliseconds to import.
PACKAGE_DIR = Path(__file__).parent


@functools.lru_cache(maxsize=1)
def icon_files() -> dict[str, Path]:
    return {p.stem: p for p in sorted((PACKAGE_DIR / "icons").glob("*.svg"))}


def icon_names() -> list[str]:
    """Names of the built-in pictograms, sorted."""
    return list(icon_files())


def emoji_key(seq: str) -> str:
    """An emoji's file stem: its code points in hex, joined by '-', without U+FE0F."""
    return "-".join(f"{ord(c):x}" for c in seq if c != VS16)


@functools.lru_cache(maxsize=1)
def emoji_files() -> dict[str, Path]:
    return {p.stem: p for p in (PACKAGE_DIR / "emoji").glob("*.svg")}


@functools.lru_cache(maxsize=1)
def emoji_sequences() -> frozenset[str]:
    """The shipped emoji as text, without U+FE0F (strip it from text before matching)."""
    return frozenset("".join(chr(int(h, 16)) for h in stem.split("-")) for stem in emoji_files())
