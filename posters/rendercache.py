"""Finished posters kept in memory, keyed by everything their bytes depend on, so the same job asked for
again in one process costs a lookup instead of a layout and a PDF: a library caller rendering the same
poster twice, or `posters watch` when an editor saves a spec without changing it.

A poster's PDF depends on the validated spec (its text in every language, where each was written, the
theme, and the pixel or SVG sizes of its pictures and logos, all in the frozen Poster), the language, the
page size, the print profile, the output intent, SOURCE_DATE_EPOCH, the shipped fonts and this code (both
fixed for a process), and the contents of the picture and logo files it draws. The last are not in the
Poster: each entry records those files' size, modification and change times and inode as they were
before the poster was made, and a lookup whose files differ from that on disk is a miss. Safe to use from
several threads (two threads making the same poster at once both make it)."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from .dataclass_fast import dataclass

T = TypeVar("T")

MAX_ENTRIES = 64  # posters kept; the least recently used goes first
MAX_BYTES = 64 * 1024 * 1024  # and no more than this much PDF in all

FileStamp = tuple[str, int, int, int, int]  # path, size, mtime (ns), ctime (ns), inode


def stamp(path: str) -> FileStamp | None:
    """What tells a changed file from an unchanged one without reading it; None if it is gone. The change
    time moves even when a tool puts the modification time back."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    size: int
    files: tuple[FileStamp | None, ...]


class _Key:
    """A key with its hash worked out once: a validated poster hashes all its text (about 10 us), and a
    lookup, a miss and keeping the result would each hash it again."""

    __slots__ = ("hash", "key")

    def __init__(self, key: object):
        self.key, self.hash = key, hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Key) and self.hash == other.hash and self.key == other.key


class RenderCache(Generic[T]):
    """A bounded least-recently-used map from a hashable key to a rendered value and the files it read."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[_Key, _Entry[T]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_make(self, key: object, make: Callable[[], T], size: Callable[[T], int], files: Iterable[str]) -> T:
        """The value kept for `key` if the `files` it reads are unchanged on disk, else `make()` (then kept,
        with the files as they were before it was made: one changed meanwhile makes the next lookup a miss)."""
        key = _Key(key)
        before = tuple(stamp(p) for p in sorted(set(files)))  # the files now, before anything is made
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.files == before:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry.value
            self.misses += 1
            if entry is not None:
                self._drop(key)
        value = make()
        n = size(value)
        if n <= self.max_bytes and None not in before:
            with self._lock:
                self._drop(key)  # another thread may have kept it meanwhile
                self._entries[key] = _Entry(value, n, before)
                self._bytes += n
                while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                    self._drop(next(iter(self._entries)))
        return value

    def _drop(self, key: _Key) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry.size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)
