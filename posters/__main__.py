"""`posters` as a process: the console script that `pip install` makes (`[project.scripts]` in pyproject.toml)
and `python -m posters`. Before the command imports anything, the modules a build may never use are set to
run on first use (see deferred.py); importing `posters.cli` (a library caller, the tests) does not do that."""

from __future__ import annotations


def run() -> None:
    """Defer what a build may not use, then run the `posters` command (posters.cli.run: it exits)."""
    from .deferred import defer

    defer()
    from .cli import run as command

    command()


if __name__ == "__main__":
    run()
