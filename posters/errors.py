"""Diagnostics: every problem the user can fix is a PosterError carrying where it is and what to do."""

from __future__ import annotations

from .dataclass_fast import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem at one place: file, 1-based line and column, YAML path, message, hint. A `note` is
    worth knowing but does not stop the build (e.g. a value other YAML tools would read differently)."""

    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    path: str | None = None
    hint: str | None = None
    severity: str = "error"  # error | note

    def format(self) -> str:
        where = self.file or "posters"
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.path:
            text += f" (at {self.path})"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class PosterError(Exception):
    """Input the user must fix. Holds one or more diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class SpecError(PosterError):
    """The YAML spec is malformed or invalid."""


class FontCoverageError(PosterError):
    """Text contains a character that no configured font can draw."""


class FitError(PosterError):
    """Content cannot fit on the page even at the smallest legible size."""


class UsageError(PosterError):
    """A command-line value (size, language, path) is not acceptable."""
