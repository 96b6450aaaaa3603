"""Modules that libraries import at start-up but a typical `posters build` never uses, run on first use instead.

ReportLab imports Pillow's `PIL.Image` whether or not a document has a picture: about 5 ms of every process,
with the modules it brings. A `posters` process registers it with the standard library's
`importlib.util.LazyLoader` before ReportLab loads: the import gives a module object at once, and the module
runs the first time any of its names is read (a poster with a photo or logo, a PNG preview, a colour
conversion), exactly as it would have at import. Only the command-line process does this; importing posters as
a library changes nothing. (click's `uuid` cannot wait: click reads `uuid.UUID` while it defines its types.)"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

DEFERRED = frozenset({"PIL.Image"})


class _Deferring:
    """A finder placed first on `sys.meta_path`: it finds the named modules as the other finders do, and
    hands them to the import system with a LazyLoader. Nothing is looked up before something imports them."""

    def __init__(self, names: frozenset[str]):
        self.names = names

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in self.names:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None


def defer(names: frozenset[str] = DEFERRED) -> None:
    """From now on, these modules run when first used rather than when first imported (once per process)."""
    if not any(isinstance(f, _Deferring) for f in sys.meta_path):
        sys.meta_path.insert(0, _Deferring(names))
