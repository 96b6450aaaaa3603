"""The whole pipeline: spec file -> Poster -> Page -> PDF bytes -> files, written atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Diagnostic, FitError, PosterError
from .fonts import load_fontset
from .geometry import PageSize, parse_size
from .spec.model import Poster

if TYPE_CHECKING:
    from .page import Page
    from .prepress import Document, Sheet


@dataclass(frozen=True)
class Job:
    poster: Poster
    lang: str
    size: PageSize

    @property
    def filename(self) -> str:
        return f"{self.poster.stem}.{self.lang}.{self.size.name.lower()}.pdf"

    @property
    def png_name(self) -> str:
        return self.filename[:-4] + ".png"


def layout(poster: Poster, lang: str, size: PageSize) -> Page:
    from .layout import layout_poster

    return layout_poster(poster, lang, size, load_fontset())


def _document(lang: str, title: str, size: PageSize, profile: str, sheet: Sheet | None = None,
              output_intent: str = "fogra39") -> Document:
    """A new one-page PDF document: metadata, page boxes and the initial font set the same way for
    posters and handouts."""
    from .draw import initial_font
    from .languages import LANGUAGES
    from .prepress import PROFILES, new_document

    # the language's own body font: one the poster draws with anyway, so no other font file is read
    body = load_fontset().chain("body", LANGUAGES[lang].script)[0]
    return new_document(size, lang, title, initial_font(body), PROFILES[profile], sheet,
                        output_intent_name=output_intent)


def render_pdf(poster: Poster, lang: str, size: PageSize, profile: str = "office",
               output_intent: str = "fogra39") -> bytes:
    """Lay out and draw one poster in one language at one size; returns the PDF file's bytes.
    `output_intent` names the printing condition of a press PDF (a key of prepress.OUTPUT_INTENTS)."""
    from .draw import draw_page
    from .prepress import PROFILES, draw_crop_marks, finish

    prof = PROFILES[profile]
    page = layout(poster, lang, size)
    doc = _document(lang, page.title, size, profile, output_intent=output_intent)
    canvas, sheet = doc.canvas, doc.sheet
    canvas.saveState()
    canvas.translate(sheet.trim.x, sheet.trim.y)
    draw_page(canvas, page, sheet.bleed_pt, press=prof.cmyk_only)
    canvas.restoreState()
    if prof.marks:
        draw_crop_marks(canvas, sheet)
    return finish(doc)


def render_handout(poster: Poster, lang: str, up: int, sheet_size: PageSize) -> bytes:
    """`up` copies of a poster on one sheet, each laid out for its cell, with cut marks between them."""
    from .draw import draw_page
    from .imposition import grid
    from .prepress import Sheet, draw_cut_marks, finish

    g = grid(up, sheet_size)
    try:
        page = layout(poster, lang, g.cell)
    except FitError as err:
        hint = (f"fewer copies per sheet (--up {up // 2}) or a larger sheet (--sheet A3) gives each copy more "
                "room; or shorten the text") if up > 2 else "use a larger sheet (--sheet A3) or shorten the text"
        raise FitError([replace(d, message=d.message + f" (one copy of {up} on {sheet_size.label})", hint=hint)
                        for d in err.diagnostics]) from None
    doc = _document(lang, page.title, g.sheet, "office", Sheet(g.sheet.width_pt, g.sheet.height_pt, g.area, 0.0))
    canvas = doc.canvas
    for origin in g.origins:
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(origin[0], origin[1], g.cell.width_pt, g.cell.height_pt)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.translate(*origin)
        draw_page(canvas, page, 0.0)
        canvas.restoreState()
    draw_cut_marks(canvas, g.area, g.cuts_x, g.cuts_y, g.mark_length_pt)
    return finish(doc)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write under a temporary name in the same folder, then rename: never a half-written file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise PosterError(Diagnostic(f"cannot write to {path.parent}: {exc.strerror}", file=str(path),
                                     hint="choose another output folder with -o, or check its permissions")) from None
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise PosterError(Diagnostic(f"cannot write {path}: {exc.strerror}", file=str(path),
                                         hint="check free disk space and the folder's permissions")) from None
        raise


@dataclass(frozen=True)
class FoundSpecs:
    """What `find_specs` found: spec files to load, and one diagnostic per path that could not be used."""

    specs: list[Path]
    problems: list[Diagnostic]


SPEC_SUFFIXES = (".yaml", ".yml")
_BACKUP_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".orig", ".tmp")


def _skipped_in_folder(name: str) -> bool:
    """Hidden files, macOS `._` companions and editor backups are never specs, even if named *.yaml."""
    low = name.lower()
    return name.startswith(".") or low.endswith(_BACKUP_SUFFIXES) or low.startswith("#")


def find_specs(paths: list[Path]) -> FoundSpecs:
    """Spec files named on the command line, or found (*.yaml, *.yml, any case) in the folders named.

    A missing, unreadable or special path (FIFO, device, dangling link) is a diagnostic, not the end of
    the run: the other paths are still returned. Nothing is opened for reading here.
    """
    from .spec.load import check_spec_path

    found: list[Path] = []
    problems: list[Diagnostic] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        try:
            key = str(path.resolve())
        except (OSError, RuntimeError):
            key = str(path)
        if key not in seen:
            seen.add(key)
            found.append(path)

    for p in paths:
        try:
            is_dir = p.is_dir()
        except OSError:
            is_dir = False
        if not is_dir:
            problem = check_spec_path(p)
            if problem is None:
                add(p)
            else:
                problems.append(problem)
            continue
        try:
            entries = sorted(p.iterdir(), key=lambda q: q.name)
        except OSError as exc:
            problems.append(Diagnostic(f"cannot list this folder: {(exc.strerror or 'unknown problem').lower()}",
                                       file=str(p), hint="check the folder's permissions"))
            continue
        for q in entries:
            if _skipped_in_folder(q.name) or q.suffix.lower() not in SPEC_SUFFIXES:
                continue
            try:
                if q.is_dir():
                    continue  # a folder named like a spec: folders are not searched recursively
            except OSError:
                pass
            problem = check_spec_path(q)
            if problem is None:
                add(q)
            else:
                problems.append(problem)
    return FoundSpecs(found, problems)


def plan(poster: Poster, langs: tuple[str, ...], sizes: tuple[str, ...]) -> list[Job]:
    """The spec x language x size jobs for one poster. Unknown languages for this poster are errors."""
    use_langs = langs or poster.languages
    for lang in use_langs:
        if lang not in poster.languages:
            raise PosterError(Diagnostic(f"this poster has no {lang!r} version", file=poster.file,
                                         hint=f"its languages are {', '.join(poster.languages)}"))
    use_sizes = [parse_size(s) for s in (sizes or poster.sizes)]
    return [Job(poster, lang, size) for lang in use_langs for size in use_sizes]

