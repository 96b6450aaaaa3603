"""Modules that libraries import at start-up but a build often never uses, run on first use instead.

A `posters build` of a poster without pictures imports these and never reads a name from them:
- Pillow's `PIL.Image`, which ReportLab imports for every document (about 5 ms with the modules it brings);
- `textwrap` (imported by ReportLab), `shutil` with `bz2` and `lzma` (by `tempfile`), `linecache`, `tokenize`
  and `token` (by `inspect`), and `ipaddress` (by `urllib.parse`): about 4 ms together.

The `posters` process (posters/__main__.py) registers them with the standard library's
`importlib.util.LazyLoader` before anything imports them: the import gives a module object at once, and the
module runs when a name is first read from it, or when it is imported again by name (a photo or logo, an
emoji or an SVG picture, a PNG, a traceback), as it would have at import. A stop signal during that first
run leaves the module half made, where an interrupted import would have removed it; the process is then
ending anyway.

Only that process defers anything: importing posters (or posters.cli) as a library changes nothing, since
on the Python versions posters supports LazyLoader is not safe when two threads first use a module at once.
In the `posters` process each of these modules is first used by the main thread: the only other threads,
a batch worker's pipe reader and parent watcher, unpickle posters' own classes and poll."""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

DEFERRED = frozenset({"PIL.Image", "textwrap", "shutil", "linecache", "tokenize", "token", "ipaddress"})


class _Deferring:
    """A finder placed first on `sys.meta_path`: it finds the named modules as the finders after it do, and
    hands them to the import system with a LazyLoader. Nothing is looked up before something imports them."""

    posters_deferring = True  # how defer() and the lookup below know one, whichever copy of this module made it

    def __init__(self, names: frozenset[str]):
        self.names = names

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in self.names:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if getattr(finder, "posters_deferring", False) or find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = importlib.util.LazyLoader(spec.loader)
                return spec
        return None


def defer(names: frozenset[str] = DEFERRED) -> None:
    """From now on, these modules run on first use rather than when first imported (once per process)."""
    if not any(getattr(f, "posters_deferring", False) for f in sys.meta_path):
        sys.meta_path.insert(0, _Deferring(names))
