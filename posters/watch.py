"""File-system events into sets of saved spec files (debounced), and a finished preview into an open viewer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

# Saves that come within this many milliseconds of each other are one rebuild (editors write several times).
DEBOUNCE_MS = 300
SPEC_SUFFIXES = (".yaml", ".yml")
# How often the watcher wakes up without a change (to say it is ready, and to let Ctrl-C through).
READY_POLL_MS = 100


def is_spec_name(name: str) -> bool:
    """A spec file's name: .yaml or .yml in any case; not hidden (macOS `._a.yaml`) or an editor's backup."""
    lower = name.lower()
    return lower.endswith(SPEC_SUFFIXES) and not name.startswith(".") and not name.endswith("~")


def spec_changes(folder: Path, only: Path | None = None, debounce_ms: int = DEBOUNCE_MS,
                 ready: Callable[[], None] | None = None) -> Iterator[set[Path]]:
    """Yield the spec files in `folder` (or just `only`) that were written or created, once per burst of saves.

    The folder is watched rather than the file, so editors that save by writing a new file and renaming it
    over the old one are followed too. `ready` is called once the watcher is in place: a save from then on
    is seen."""
    from watchfiles import Change, watch

    only_resolved = only.resolve() if only is not None else None

    def wanted(change: Change, path: str) -> bool:
        p = Path(path)
        if change == Change.deleted or not is_spec_name(p.name):
            return False
        return only_resolved is None or p.resolve() == only_resolved

    # The watcher yields (an empty set) every READY_POLL_MS; the first yield means it is watching.
    for changes in watch(folder, watch_filter=wanted, debounce=debounce_ms, step=50, recursive=False,
                         raise_interrupt=True, rust_timeout=READY_POLL_MS, yield_on_timeout=True):
        if ready is not None:
            ready()
            ready = None
        # named as the user named the folder (the watcher reports absolute paths)
        found = {folder / Path(path).name for _, path in changes if Path(path).is_file()}
        if found:
            yield found


def open_in_viewer(path: Path) -> str | None:
    """Open a file in the system's viewer without waiting for it; a sentence saying why not, or None."""
    try:
        if sys.platform.startswith("win"):
            os.startfile(str(path))  # type: ignore[attr-defined]  # Windows only
            return None
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        if shutil.which(opener) is None:
            return f"no image viewer found ({opener} is not installed); open {path} yourself"
        subprocess.Popen([opener, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
        return None
    except OSError as exc:
        return f"could not open {path} in a viewer ({exc.strerror or exc}); open it yourself"
