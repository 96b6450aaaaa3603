"""The whole pipeline: spec file -> Poster -> Page -> PDF bytes -> files, written atomically."""

from __future__ import annotations

import gc
import os
import signal
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .dataclass_fast import dataclass
from .errors import Diagnostic, FitError, PosterError
from .fonts import load_fontset
from .geometry import PageSize, parse_size
from .rendercache import RenderCache
from .spec.model import Poster

if TYPE_CHECKING:
    from .page import Page
    from .prepress import Document, Sheet


# A PNG larger than this is refused before anything is rendered: Pillow and pdfium would need gigabytes.
MAX_RASTER_MEGAPIXELS = 100

# Signals whose handlers must not run while a job's files are being renamed into place.
_COMMIT_SIGNALS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))


@dataclass(frozen=True)
class Job:
    """One poster in one language at one size, in one print profile."""

    poster: Poster
    lang: str
    size: PageSize
    profile: str = "office"
    up: int = 1  # copies per sheet: more than 1 makes a handout on `sheet`
    sheet: PageSize | None = None

    @property
    def base(self) -> str:
        """The output name without suffix; press files carry the profile so they never replace office ones."""
        if self.up > 1 and self.sheet is not None:
            return f"{self.poster.stem}.{self.lang}.{self.up}up-{self.sheet.name.lower()}"
        name = f"{self.poster.stem}.{self.lang}.{self.size.name.lower()}"
        return name + (f".{self.profile}" if self.profile != "office" else "")

    @property
    def filename(self) -> str:
        return self.base + ".pdf"

    @property
    def png_name(self) -> str:
        return self.base + ".png"


def layout(poster: Poster, lang: str, size: PageSize) -> Page:
    """One poster laid out in one language at one size (positioned, shaped lines)."""
    from .layout import layout_poster

    return layout_poster(poster, lang, size, load_fontset())


def _document(lang: str, title: str, size: PageSize, profile: str, sheet: Sheet | None = None,
              output_intent: str = "fogra39") -> Document:
    """A new one-page PDF document: metadata, page boxes and the initial font set the same way for
    posters and handouts."""
    from . import draw, languages, prepress  # one import statement: each costs a poster about 10 K instructions

    # the language's own body font: one the poster draws with anyway, so no other font file is read
    body = load_fontset().chain("body", languages.LANGUAGES[lang].script)[0]
    return prepress.new_document(size, lang, title, draw.initial_font(body), prepress.PROFILES[profile], sheet,
                                 output_intent_name=output_intent)


@dataclass(frozen=True)
class Rendered:
    """A PDF file's bytes and what its layout reported: the page's warnings (Page.notes) and what it left
    out (Page.dropped); `up` for handouts. Not the page itself: the render cache keeps these, and a laid
    out page is hundreds of objects the cycle collector would walk again and again."""

    data: bytes
    notes: tuple[Diagnostic, ...] = ()
    dropped: tuple[str, ...] = ()
    up: int = 1

    @classmethod
    def of(cls, data: bytes, page: Page, up: int = 1) -> Rendered:
        return cls(data, tuple(page.notes), page.dropped, up)


def dropped_note(name: str, dropped: Sequence[str]) -> str | None:
    """The one line `build`, `check` and `handout` print when a format left content out to keep its type
    legible, e.g. "note: whatsapp-calls.hi.status: left out blocks[3], blocks[5].items[2] to keep the type
    legible"; None when nothing was left out. `name` is the output's name without suffix (Job.base),
    `dropped` the YAML paths left out (Page.dropped)."""
    if not dropped:
        return None
    return f"note: {name}: left out {', '.join(dropped)} to keep the type legible"


def render_pdf(poster: Poster, lang: str, size: PageSize, profile: str = "office",
               output_intent: str = "fogra39") -> bytes:
    """Lay out and draw one poster in one language at one size; returns the PDF file's bytes.
    `output_intent` names the printing condition of a press PDF (a key of prepress.OUTPUT_INTENTS)."""
    return render_poster(poster, lang, size, profile, output_intent).data


_RENDERED: RenderCache[Rendered] = RenderCache()


def render_poster(poster: Poster, lang: str, size: PageSize, profile: str = "office",
                  output_intent: str = "fogra39") -> Rendered:
    """Lay out and draw one poster in one language at one size: the PDF and what its layout reported (its
    warnings, what it left out). The same job again in this process is answered from memory while the
    picture and logo files the poster names are unchanged on disk (see rendercache)."""
    from .blocks import user_files

    key = (poster, lang, size, profile, output_intent, os.environ.get("SOURCE_DATE_EPOCH", ""))
    return _RENDERED.get_or_make(key, lambda: _render_poster(poster, lang, size, profile, output_intent),
                                 lambda r: len(r.data), user_files(poster))


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector paused for one poster: a render allocates tens of thousands of short-lived
    objects that reference counting frees, and the collector would otherwise walk every long-lived one
    (fonts, caches) several times per poster, a tenth of a render's time on average. It runs again (as
    it was) when the poster is done, so cycles made meanwhile are still collected."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _render_poster(poster: Poster, lang: str, size: PageSize, profile: str, output_intent: str) -> Rendered:
    with no_cyclic_gc():
        return _render_poster_now(poster, lang, size, profile, output_intent)


def _render_poster_now(poster: Poster, lang: str, size: PageSize, profile: str, output_intent: str) -> Rendered:
    from .prepress import finish

    page = layout(poster, lang, size)
    return Rendered.of(finish(_drawn(page, lang, profile, output_intent)), page)


def _drawn(page: Page, lang: str, profile: str, output_intent: str = "fogra39") -> Document:
    """A new document with the laid-out page drawn on it (and the profile's crop marks), not yet finished."""
    from .draw import draw_page
    from .prepress import PROFILES, draw_crop_marks

    prof = PROFILES[profile]
    doc = _document(lang, page.title, page.size, profile, output_intent=output_intent)
    canvas, sheet = doc.canvas, doc.sheet
    canvas.saveState()
    canvas.translate(sheet.trim.x, sheet.trim.y)
    draw_page(canvas, page, sheet.bleed_pt, press=prof.cmyk_only)
    canvas.restoreState()
    if prof.marks:
        draw_crop_marks(canvas, sheet)
    return doc


def layout_handout(poster: Poster, lang: str, up: int, sheet_size: PageSize) -> Page:
    """One copy of an `up`-copy handout, laid out at its own cell's size with the same rules as a poster,
    and its body text at least HANDOUT_MIN_BODY_PT (leaving out what it may to stay there)."""
    from .imposition import grid
    from .layout import layout_poster
    from .styles import HANDOUT_MIN_BODY_PT

    g = grid(up, sheet_size)
    try:
        return layout_poster(poster, lang, g.cell, load_fontset(), handout=True)
    except FitError as err:
        hint = (f"use fewer copies per sheet (--up {up // 2}, or --up auto for the most that fit) or a larger "
                "sheet (--sheet A3); or shorten the text, or mark what a handout may leave out with "
                "'priority: could'") if up > 2 else (
            "use a larger sheet (--sheet A3) or shorten the text, or mark what a handout may leave out with "
            "'priority: could'")
        raise FitError([replace(d, message=d.message + f" (one copy of {up} on {sheet_size.label}, body text at "
                                f"least {HANDOUT_MIN_BODY_PT:g} pt)", hint=hint)
                        for d in err.diagnostics]) from None


def choose_up(poster: Poster, lang: str, sheet_size: PageSize) -> int:
    """The largest number of copies per sheet whose body text stays at least HANDOUT_MIN_BODY_PT (`--up
    auto`); raises the FitError of the fewest copies if even those do not fit."""
    from .imposition import UPS

    error: FitError | None = None
    for up in sorted(UPS, reverse=True):
        try:
            layout_handout(poster, lang, up, sheet_size)
            return up
        except FitError as err:
            error = err
    assert error is not None
    raise error


def render_handout(poster: Poster, lang: str, up: int | None, sheet_size: PageSize) -> bytes:
    """`up` copies of a poster on one sheet (None: as many as keep the body text legible, see `choose_up`),
    each laid out for its own size, with its own bleed and crop marks, a gutter between them."""
    return make_handout(poster, lang, up, sheet_size).data


def make_handout(poster: Poster, lang: str, up: int | None, sheet_size: PageSize) -> Rendered:
    """`render_handout` with the copy's page and the number of copies chosen (for `--up auto`)."""
    from .draw import draw_page
    from .imposition import grid
    from .prepress import MARK_WIDTH_PT, REGISTRATION, Sheet, finish

    if up is None:
        up = choose_up(poster, lang, sheet_size)
    g = grid(up, sheet_size)
    page = layout_handout(poster, lang, up, sheet_size)
    doc = _document(lang, page.title, g.sheet, "office", Sheet(g.sheet.width_pt, g.sheet.height_pt, g.area, 0.0))
    canvas = doc.canvas
    for (x, y), bleed in zip(g.origins, g.bleeds):
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(bleed.x, bleed.y, bleed.w, bleed.h)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.translate(x, y)
        draw_page(canvas, page, g.bleed_pt)
        canvas.restoreState()
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH_PT)
    for x1, y1, x2, y2 in g.marks:
        canvas.line(x1, y1, x2, y2)
    canvas.restoreState()
    return Rendered.of(finish(doc), page, up)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write under a temporary name in the same folder, then rename: never a half-written file."""
    write_together([(path, data)])


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


def unique(values: Sequence[str], key: Callable[[str], str] = str.lower) -> tuple[list[str], list[str]]:
    """Values in order without repeats (compared by `key`), and the values that were repeats."""
    seen: set[str] = set()
    kept: list[str] = []
    repeats: list[str] = []
    for v in values:
        k = key(v)
        if k in seen:
            repeats.append(v)
        else:
            seen.add(k)
            kept.append(v)
    return kept, repeats


def size_key(text: str) -> str:
    """What makes two size names the same size: 'A4' and 'a4', '300x400mm' and '300 x 400 MM'."""
    try:
        return parse_size(text).name
    except ValueError:
        return text.strip().lower()


def plan(poster: Poster, langs: Sequence[str], sizes: Sequence[str], profile: str = "office") -> list[Job]:
    """The spec x language x size jobs for one poster, each once. A language the poster lacks is an error."""
    use_langs, _ = unique(list(langs or poster.languages))
    missing = [lang for lang in use_langs if lang not in poster.languages]
    if missing:
        raise PosterError(Diagnostic(
            f"this poster has no {', '.join(repr(m) for m in missing)} version", file=poster.file,
            hint=f"its languages are {', '.join(poster.languages)}: drop --lang {missing[0]}, or add the "
                 f"{missing[0]!r} text to the spec and to its 'languages' list"))
    use_sizes, _ = unique(list(sizes or poster.sizes), size_key)
    return [Job(poster, lang, parse_size(size), profile) for lang in use_langs for size in use_sizes]


def raster_px(size: PageSize, dpi: float) -> tuple[int, int]:
    """The pixel size of a PNG of `size` at `dpi` (screen sizes have their own pixel size)."""
    if size.px:
        return size.px
    return round(size.width_pt / 72 * dpi), round(size.height_pt / 72 * dpi)


def raster_problem(size: PageSize, dpi: float) -> str | None:
    """Why a PNG of this size at this dpi is refused (too many pixels), with a dpi that would do; or None."""
    w, h = raster_px(size, dpi)
    mp = w * h / 1e6
    if mp <= MAX_RASTER_MEGAPIXELS:
        return None
    best = int(dpi * (MAX_RASTER_MEGAPIXELS / mp) ** 0.5)
    while best > 1 and raster_px(size, best)[0] * raster_px(size, best)[1] > MAX_RASTER_MEGAPIXELS * 1e6:
        best -= 1
    return (f"a PNG of {size.label} at {dpi:g} dpi would be {w}x{h} pixels ({mp:.0f} megapixels; the limit is "
            f"{MAX_RASTER_MEGAPIXELS}); use --dpi {best} or lower, or a smaller --size")


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP (in this thread) for the few microseconds in which files are renamed
    into place, so a stop never leaves a new PDF beside an old PNG. Where signals cannot be blocked, a no-op."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _COMMIT_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


PART_SUFFIX = ".part"


def _temp_prefix(path: Path) -> str:
    """How write_together's temporary files for `path` begin: `.NAME.`, short enough even when the name is at
    the limit, and different for every name (a long one is cut, with a checksum of the whole)."""
    name = path.name
    if len(os.fsencode(name)) > 200:
        name = f"{name[:50]}~{zlib.crc32(os.fsencode(name)):08x}"
    return f".{name}."


def _temp_for(path: Path) -> tuple[int, str]:
    """A temporary file beside `path`: `.NAME.` and random letters, digits or _ (no dot), then `.part`."""
    return tempfile.mkstemp(prefix=_temp_prefix(path), suffix=PART_SUFFIX, dir=path.parent)


def temp_parts(paths: Iterable[Path]) -> list[Path]:
    """The temporary files write_together has beside these files now (a killed process leaves its own
    behind); not those of another file whose name begins like one of theirs. Each folder is listed once."""
    wanted: dict[Path, set[str]] = {}
    for path in paths:
        wanted.setdefault(path.parent, set()).add(_temp_prefix(path))
    found: list[Path] = []
    for folder, prefixes in wanted.items():
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for n in names:
            # .NAME. + random letters, digits or _ + .part: the prefix ends at the last dot before .part
            if n.endswith(PART_SUFFIX) and n[:n.rfind(".", 0, len(n) - len(PART_SUFFIX)) + 1] in prefixes:
                found.append(folder / n)
    return found


def write_together(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write several files so that either all of them are replaced or none is (a PDF and its PNG).

    Each is first written completely under a temporary name (write_apart); then all are renamed, with stop
    signals held (put_in_place)."""
    put_in_place(write_apart(files))


def write_apart(files: Sequence[tuple[Path, bytes]]) -> list[tuple[str, Path]]:
    """Write each file completely under a temporary name beside it; the (temporary name, file) pairs, for
    put_in_place. On a failure or a stop the temporary files written so far are removed."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                with signals_deferred():  # a stop between creating and recording it would leave it behind
                    fd, tmp = _temp_for(path)
                    temps.append((tmp, path))
            except OSError as exc:
                raise PosterError(Diagnostic(
                    f"cannot write to {path.parent}: {exc.strerror}", file=str(path),
                    hint="choose another output folder with -o, or check its permissions")) from None
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs get the usual permissions
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
    except BaseException as exc:
        _given_up(temps, exc, temps[-1][1] if temps else files[0][0])
    return temps


def put_in_place(temps: Sequence[tuple[str, Path]]) -> None:
    """Rename write_apart's temporary files into place, together, with stop signals held. If a rename fails,
    the files already renamed are removed, so no new file stands beside an old partner, and so are the
    temporary ones."""
    try:
        with signals_deferred():
            done: list[Path] = []
            try:
                for tmp, path in temps:
                    os.replace(tmp, path)
                    done.append(path)
            except OSError:
                for path in done:
                    with suppress(OSError):
                        path.unlink()
                raise
    except BaseException as exc:
        _given_up(temps, exc, temps[-1][1])


def _given_up(temps: Sequence[tuple[str, Path]], exc: BaseException, where: Path) -> NoReturn:
    """Remove the temporary files and raise again: an OSError as a PosterError about `where`."""
    for tmp, _ in temps:
        with suppress(OSError):
            os.unlink(tmp)
    if isinstance(exc, OSError):
        raise PosterError(Diagnostic(f"cannot write {where}: {exc.strerror}", file=str(where),
                                     hint="check free disk space and the folder's permissions")) from None
    raise exc


STALE_PART_SECONDS = 60


def remove_stale_parts(folder: Path, older_than_s: float = STALE_PART_SECONDS) -> list[Path]:
    """Delete `.NAME.XXXX.part` files left in `folder` by a run that was killed; returns what was removed.

    Only files older than a minute are touched, so a build running at the same time keeps its own."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(PART_SUFFIX)):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > older_than_s:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed
