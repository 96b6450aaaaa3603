"""Finished posters kept in memory, keyed by everything their bytes depend on, so the same poster asked
for again in one process (a `watch` rebuild where only one language's text changed, a library caller
rendering the same job twice) costs a lookup instead of a layout and a PDF.

A poster's PDF depends on the validated spec (text, theme, sizes, and the pixel or SVG sizes of its
pictures and logos, all in the frozen Poster), the language, the page size, the print profile, the output
intent, SOURCE_DATE_EPOCH, the shipped fonts and this code (both fixed for a process), and the contents of
the picture and logo files it draws. The last are not in the Poster, so each entry records those files'
size, modification time and inode, and a lookup whose files changed on disk is a miss."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from .dataclass_fast import dataclass

T = TypeVar("T")

MAX_ENTRIES = 64  # posters kept; the least recently used goes first
MAX_BYTES = 64 * 1024 * 1024  # and no more than this much PDF in all

FileStamp = tuple[str, int, int, int]  # path, size, mtime (ns), inode


def stamp(path: str) -> FileStamp | None:
    """What tells a changed file from an unchanged one without reading it; None if it is gone."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return path, st.st_size, st.st_mtime_ns, st.st_ino


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    size: int
    files: tuple[FileStamp | None, ...]


class RenderCache(Generic[T]):
    """A bounded least-recently-used map from a hashable key to a rendered value and the files it read."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[object, _Entry[T]] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = 0

    def get_or_make(self, key: object, make: Callable[[], T], size: Callable[[T], int],
                    files: Callable[[T], Iterable[str]]) -> T:
        """The value kept for `key` if the files it read are unchanged, else `make()` (then kept)."""
        entry = self._entries.get(key)
        if entry is not None and all(s is not None and stamp(s[0]) == s for s in entry.files):
            self._entries.move_to_end(key)
            self.hits += 1
            return entry.value
        self.misses += 1
        if entry is not None:
            self._drop(key)
        value = make()
        n = size(value)
        if n <= self.max_bytes:
            self._entries[key] = _Entry(value, n, tuple(stamp(p) for p in sorted(set(files(value)))))
            self._bytes += n
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                self._drop(next(iter(self._entries)))
        return value

    def _drop(self, key: object) -> None:
        self._bytes -= self._entries.pop(key).size

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)
