"""Modules that libraries import at start-up but a typical `posters build` never uses, run on first use instead.

Every `posters` process imported them, and a build of a poster without pictures never reads a name from them:
- Pillow's `PIL.Image`, which ReportLab imports for every document: about 5 ms with the modules it brings;
- `textwrap` (ReportLab's safe-eval module), `shutil` with `bz2` and `lzma` (`tempfile`), `linecache`, `tokenize`
  and `token` (`inspect`), `ipaddress` (`urllib.parse`): about 4 ms together, most of it compiling regular
  expressions that only their own functions use.

A `posters` process registers them with the standard library's `importlib.util.LazyLoader` before anything
imports them: the import gives a module object at once, and the module runs the first time any of its names is
read (a poster with a photo or logo, a PNG preview, a traceback), exactly as it would have at import. Only the
command-line process does this; importing posters as a library changes nothing. Modules that threads may reach
first (`pickle`, which the batch workers' pipe readers use) are not deferred: before Python 3.12 a lazy
module is not safe to load from two threads at once."""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

DEFERRED = frozenset({"PIL.Image", "textwrap", "shutil", "linecache", "tokenize", "token", "ipaddress"})



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
