"""The whole pipeline: spec file -> Poster -> Page -> PDF bytes -> files, written atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, PosterError
from .fonts import load_fontset
from .geometry import PageSize, parse_size
from .spec.model import Poster
from .spec.validate import load_spec


@dataclass(frozen=True)
class Job:
    poster: Poster
    lang: str
    size: PageSize

    @property
    def filename(self) -> str:
        return f"{self.poster.stem}.{self.lang}.{self.size.name.lower()}.pdf"


def layout(poster: Poster, lang: str, size: PageSize):
    from .layout import layout_poster

    return layout_poster(poster, lang, size, load_fontset())


def render_pdf(poster: Poster, lang: str, size: PageSize) -> bytes:
    """Lay out and draw one poster in one language at one size; returns the PDF file's bytes."""
    from .draw import draw_page, glyph_font
    from .prepress import finish, new_document

    page = layout(poster, lang, size)
    fontset = load_fontset()
    body_font = glyph_font(fontset.chain("body", None)[0])
    doc = new_document(size, lang, page.title, body_font.fontName)
    draw_page(doc.canvas, page)
    return finish(doc)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write under a temporary name in the same folder, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def find_specs(paths: list[Path]) -> list[Path]:
    """Spec files named on the command line, or found (*.yaml, *.yml) in the folders named."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
        elif p.exists():
            found.append(p)
        else:
            raise PosterError(Diagnostic(f"no such file or folder: {p}", file=str(p),
                                         hint="give a spec file (.yaml) or a folder of specs"))
    return found


def plan(poster: Poster, langs: tuple[str, ...], sizes: tuple[str, ...]) -> list[Job]:
    """The spec x language x size jobs for one poster. Unknown languages for this poster are errors."""
    use_langs = langs or poster.languages
    for lang in use_langs:
        if lang not in poster.languages:
            raise PosterError(Diagnostic(f"this poster has no {lang!r} version", file=poster.file,
                                         hint=f"its languages are {', '.join(poster.languages)}"))
    use_sizes = [parse_size(s) for s in (sizes or poster.sizes)]
    return [Job(poster, lang, size) for lang in use_langs for size in use_sizes]


__all__ = ["Job", "load_spec", "render_pdf", "write_atomic", "find_specs", "plan", "layout"]
