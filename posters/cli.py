"""The `posters` command: command-line words into builds, checks and previews; PosterError into file:line:col lines."""

from __future__ import annotations

import errno
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import Diagnostic, PosterError

if TYPE_CHECKING:
    from .batch import Batch, Output, Pool, Result
    from .pipeline import FoundSpecs, Job
    from .spec.model import Poster

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

# SOURCE_DATE_EPOCH must be a whole number of seconds up to the last second of the year 9999.
MAX_SOURCE_DATE_EPOCH = 253402300799


# ---- talking to the terminal ---------------------------------------------------------------------------------

class _Console:
    """stdout and stderr for one run. A failed write to stdout (a full disk, a closed pipe) is reported once on
    stderr and makes the run end with exit 1, but does not stop the work."""

    def __init__(self) -> None:
        self.stdout_failed = False
        self.debug = False

    def out(self, message: str) -> None:
        if self.stdout_failed:
            return
        try:
            click.echo(message)
        except OSError as exc:
            self.stdout_failed = True
            self._silence_stdout()
            reason = "the reader stopped reading" if exc.errno == errno.EPIPE else (exc.strerror or str(exc))
            self.err(f"posters: cannot write to the standard output ({reason}); the work goes on, "
                     "but nothing more is shown there")

    def err(self, message: str) -> None:
        with suppress(OSError):  # else there is nowhere left to say it
            click.echo(message, err=True)

    @staticmethod
    def _silence_stdout() -> None:
        """Point file descriptor 1 at the null device, so Python's last flush at exit does not fail again."""
        try:
            fd = sys.stdout.fileno()
        except (AttributeError, OSError, ValueError):
            return
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, fd)
            os.close(null)
        except OSError:
            pass


_console = _Console()


def _note(message: str) -> None:
    _console.err(f"note: {message}")


_shown_notes: set[str] = set()


def _page_notes(notes: Sequence[Diagnostic]) -> None:
    """Print a laid-out page's warnings (Page.notes), each once per run however many posters repeat it."""
    for d in notes:
        text = d.format()
        if text not in _shown_notes:
            _shown_notes.add(text)
            _console.err(text)


def _report(diagnostics: Sequence[Diagnostic]) -> int:
    """Print diagnostics; returns how many."""
    for d in diagnostics:
        _console.err(d.format())
    return len(diagnostics)


# ---- option values ------------------------------------------------------------------------------------------

def _merged(values: Sequence[str], key: Any, option: str) -> list[str]:
    from .pipeline import unique

    kept, repeats = unique(list(values), key)
    for r in dict.fromkeys(repeats):
        _note(f"{option} {r} is given more than once; it is built once")
    return kept


def _sizes(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> tuple[str, ...]:
    from .geometry import parse_size, size_names

    names = []
    for v in values:
        if not v.isascii():
            raise click.BadParameter(f"{v!r} has characters other than the digits 0-9 and latin letters; write "
                                     "sizes like A4 or 300x400mm with ASCII digits")
        try:
            names.append(parse_size(v).name)
        except ValueError as exc:
            raise click.BadParameter(f"{exc}; use one of {', '.join(size_names())} or e.g. 300x400mm") from None
    return tuple(_merged(names, str, "--size"))


def _one_size(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return None if value is None else _sizes(ctx, param, (value,))[0]


def _known_language(value: str) -> str:
    from .languages import LANGUAGES, language_list, suggest_language

    code = value.strip().lower()
    if code not in LANGUAGES:
        hint = suggest_language(value)
        raise click.BadParameter(f"unknown language {value!r}; {hint + ' ' if hint else ''}known: {language_list()}")
    return code


def _langs(ctx: click.Context, param: click.Parameter, values: Sequence[str]) -> tuple[str, ...]:
    return tuple(_merged([_known_language(v) for v in values], str, "--lang"))


def _one_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return None if value is None else _known_language(value)


def _lang_list(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    parts = [p for p in re.split(r"[,\s]+", value) if p]
    if not parts:
        raise click.BadParameter("give at least one language, e.g. hi,en")
    return tuple(_merged([_known_language(p) for p in parts], str, "--lang"))


def _output_intent(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """A registered printing condition's key (aliases resolved), checked against prepress's table."""
    from .errors import UsageError
    from .prepress import OUTPUT_INTENTS, output_intent

    try:
        return output_intent(value).key
    except UsageError:
        raise click.BadParameter(f"unknown printing condition {value!r}; use one of "
                                 f"{', '.join(OUTPUT_INTENTS)} (or coated, uncoated, newsprint)") from None


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> frozenset[str]:
    parts = {p.strip().lower() for p in value.split(",") if p.strip()}
    if not parts or not parts <= {"pdf", "png"}:
        raise click.BadParameter("use pdf, png or pdf,png")
    return frozenset(parts)


def _png_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    if value is not None and value.suffix.lower() != ".png":
        raise click.BadParameter(f"{value} does not end in .png; preview writes a PNG image: name the file "
                                 "e.g. poster.png (for a PDF use `posters build`)")
    return value


def _check_source_date_epoch() -> None:
    """Reproducible builds read SOURCE_DATE_EPOCH; a value that is not a plausible time is refused once, here."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or not value.strip():
        return
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_SOURCE_DATE_EPOCH:
        raise click.UsageError(
            f"the environment variable SOURCE_DATE_EPOCH is {value!r}; it must be a whole number of seconds since "
            f"1970 (0 to {MAX_SOURCE_DATE_EPOCH}). Unset it, or set it to a time such as 1700000000")


# ---- commands that refuse a repeated option ---------------------------------------------------------------------

class _Command(click.Command):
    """A command in which an option that takes one value may be given only once (the last would silently win)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:
            try:
                _, _, order = self.make_parser(ctx).parse_args(args=list(args))
            except click.UsageError:
                order = []  # the real parse below reports it
            seen: set[str] = set()
            for param in order:
                if (isinstance(param, click.Option) and not param.multiple and not param.is_flag
                        and not param.count and param.name):
                    if param.name in seen:
                        raise click.UsageError(
                            f"{'/'.join(param.opts)} is given more than once; `posters {self.name}` uses one value: "
                            "give it once", ctx)
                    seen.add(param.name)
        return super().parse_args(ctx, args)


class _Group(click.Group):
    """Runs commands so that a bug exits 3 with one line, --debug shows the traceback, and a stop signal or a
    failed standard output ends the run with its own exit code."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> Any:
        from .batch import Stopped, stop_on_signals

        _console.stdout_failed = False
        code: int | None = None
        try:
            with stop_on_signals():
                result = super().invoke(ctx)
        except PosterError as err:
            _report(err.diagnostics)
            code = EXIT_INPUT
        except Stopped as stop:
            _console.err(f"posters: stopped by {stop.name}; nothing more was written")
            code = stop.exit_code
        except click.exceptions.Exit as ex:
            code = ex.exit_code
        except SystemExit as ex:
            code = ex.code if isinstance(ex.code, int) else EXIT_INPUT
        except (click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # a bug: say so briefly
            if _console.debug:
                import traceback  # only for a bug: not imported at start-up

                _console.err(traceback.format_exc().rstrip())
            _console.err(_bug_line(f"{type(exc).__name__}: {exc}"))
            code = EXIT_BUG
        else:
            if not _console.stdout_failed:
                return result
            code = EXIT_OK
        if code == EXIT_OK and _console.stdout_failed:
            code = EXIT_INPUT
        ctx.exit(code)
        return None  # not reached: ctx.exit raises


def _bug_line(what: str) -> str:
    return (f"posters: internal error ({what}). This is a bug, please report it; run again with --debug for "
            "the details.")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="posters")
@click.option("--debug", is_flag=True, help="Show a full traceback if the program fails unexpectedly.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Make print-ready awareness posters from YAML specs.

    \b
    Examples:
      posters build                    # every spec in content/ -> out/
      posters check content/           # validate without writing
      posters preview content/whatsapp-calls.yaml --lang hi
      posters new my-poster --lang hi,en
    """
    ctx.obj = {"debug": debug}
    _console.debug = debug
    _shown_notes.clear()
    _check_source_date_epoch()


# ---- finding and loading specs ------------------------------------------------------------------------------------

def _find(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Spec files under each path, and a diagnostic for each path that cannot be used; every path is tried."""
    from .pipeline import find_specs

    specs: list[Path] = []
    problems: list[Diagnostic] = []
    for p in paths:  # one at a time, so a spec named twice (a file and its folder) gets a note
        found = find_specs([p])
        specs += found.specs
        problems += found.problems
    unique: dict[str, Path] = {}
    for s in specs:
        key = os.path.normcase(os.path.realpath(s))
        if key in unique:
            _note(f"{s} is named more than once; it is read once")
        else:
            unique[key] = s
    if not unique and not problems:
        where = ", ".join(str(p) for p in paths)
        problems.append(Diagnostic(f"no poster specs (*.yaml) found in {where}", file=where,
                                   hint="give a spec file or a folder of specs; `posters new NAME` starts one"))
    return list(unique.values()), problems


def _load(paths: Sequence[Path], placeholders: int = 0,
          start_pool: Callable[[int], Pool | None] | None = None) -> tuple[list[Poster], int]:
    """Load every spec found; report each problem; returns the posters and the number of problems listed.
    Placeholder texts left in a spec get a warning line each (at most `placeholders`; 0: a count).
    `start_pool(number of specs)` may start worker processes to read the specs in parallel (the output is
    the same, in the same order)."""
    from .batch import load_one

    specs, problems = _find(list(paths) or [Path("content")])
    count = _report(problems)
    posters: list[Poster] = []
    pool = start_pool(len(specs)) if start_pool is not None else None
    outcomes = pool.load(specs, placeholders) if pool is not None else (load_one(s, placeholders) for s in specs)
    for loaded in outcomes:
        if loaded.poster is None:
            count += _report(loaded.diagnostics)
            continue
        posters.append(loaded.poster)
        for note in loaded.poster.notes:
            _console.err(note.format())
        for line in loaded.placeholders:
            _console.err(line)
    return posters, count


def _review_notes(poster: Poster, langs: set[str]) -> None:
    for lang, note in poster.review:
        if lang in langs:
            _console.err(f"{poster.file}: note: the {lang} text awaits review: {note}")


def _collisions(jobs: Sequence[Job], opts: Output) -> list[Diagnostic]:
    """Two jobs that would write the same file (case-insensitively, as on Windows and macOS)."""
    from .batch import targets

    owner: dict[str, Job] = {}
    pairs: dict[tuple[str, str], Path] = {}
    for job in jobs:
        for target in targets(job, opts):
            key = os.path.normcase(str(target)).casefold()
            first = owner.setdefault(key, job)
            if first is not job and first.poster.file != job.poster.file:
                pairs.setdefault((first.poster.file, job.poster.file), target)
    return [Diagnostic(f"this spec and {first} would both write {target} (and maybe more files); nothing was "
                       "written", file=second,
                       hint="file names come from the spec's file name: rename one of the two specs, or build "
                            "them one at a time into different folders with -o")
            for (first, second), target in pairs.items()]


def _prepare_out(jobs: Sequence[Job], opts: Output) -> None:
    """Before any job runs: two jobs writing one file end the run (exit 1, nothing written); the output
    folder is checked and a killed run's leftovers are removed."""
    clash = _collisions(jobs, opts)
    if clash:
        _report(clash)
        _console.err(f"{len(clash)} output name clash(es): nothing was built")
        sys.exit(EXIT_INPUT)
    _clean_stale(opts.out)


def _clean_stale(out: Path) -> None:
    """Before writing: the output folder must not be a file; leftovers of a killed run are removed."""
    from .pipeline import remove_stale_parts

    if out.exists() and not out.is_dir():
        raise PosterError(Diagnostic("this is a file, not a folder, so nothing can be written into it",
                                     file=str(out), hint="choose an output folder with -o"))

    removed = remove_stale_parts(out)
    if removed:
        _note(f"removed {len(removed)} temporary file(s) left in {out} by an interrupted run")


def _workers(jobs: int | None) -> int:
    from .batch import usable_cpus

    cpus = usable_cpus()
    if jobs is None:
        return cpus
    if jobs > cpus:
        _note(f"-j {jobs} is more than the {cpus} CPU(s) usable here; using {cpus}")
        return cpus
    return jobs


def _refuse_huge_rasters(jobs: Sequence[Job], dpi: float) -> None:
    from .pipeline import raster_problem

    problems = dict.fromkeys(p for p in (raster_problem(j.size, dpi) for j in jobs) if p)
    if problems:
        raise click.UsageError("; ".join(problems))


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        pass


@contextmanager
def _progress(total: int, quiet: bool, label: str) -> Iterator[Any]:
    wanted = not quiet and sys.stderr.isatty() and total > 1
    if not wanted:
        yield _NoBar()
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar


def _run_batch(jobs: list[Job], opts: Output, workers: int, quiet: bool, failed: int, what: str,
               started: float, pool: Pool | None = None) -> int:
    """Build the jobs (in `pool`'s workers if given), print each result and the summary line; returns the
    exit code."""
    from .batch import Batch

    batch = Batch(jobs, opts, workers, pool=pool)
    built = files = 0
    bug: Result | None = None
    bar_shown = not quiet and sys.stderr.isatty() and len(jobs) > 1
    with _progress(len(jobs), quiet, "building") as bar:
        for result in batch.results():
            bar.update(1)
            if result.bug:
                bug = bug or result
                failed += 1
                continue
            if result.diagnostics:
                failed += 1
                if bar_shown:
                    _console.err("")
                _report(result.diagnostics)
                continue
            built += 1
            files += len(result.written)
            _page_notes(result.notes)
            for n in result.left_out:  # what a small format left out (issue 14)
                _console.err(n)
            if not quiet and not bar_shown:
                for w in result.written:
                    _console.out(f"wrote {w}")
    took = time.perf_counter() - started
    if batch.stopped_by is not None:
        if bar_shown:
            _console.err("")
        _stop_line(batch, built, failed, files, len(jobs), opts.out)
        from .batch import Stopped

        return Stopped(batch.stopped_by).exit_code
    if bug is not None:
        if _console.debug:
            _console.err(bug.bug or "")
        _console.err(_bug_line((bug.bug or "").splitlines()[0]))
    if not quiet or failed:
        per = f", {took / built * 1000:.0f} ms each" if built else ""
        line = f"built {built} {what}(s), {failed} failed, in {took:.1f} s{per} -> {opts.out}"
        if failed:
            _console.err(line)
        else:
            _console.out(line)
    if bug is not None:
        return EXIT_BUG
    return EXIT_INPUT if failed else EXIT_OK


def _stop_line(batch: Batch, built: int, failed: int, files: int, total: int, out: Path) -> None:
    """One line: the signal, what was written, and which jobs were not built."""
    import signal

    names = [job.base for job in batch.not_built]
    shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
    rest = f"; not built (their files in {out}, if any, are unchanged): {shown}" if names else ""
    problems = f", {failed} failed" if failed else ""
    _console.err(f"posters: stopped by {signal.Signals(batch.stopped_by or 2).name}: {built} of {total} built"
                 f"{problems}, {files} file(s) written to {out}{rest}")


# From this many specs on, `build` with more than one worker reads them in the workers (in parallel).
PARALLEL_LOAD_MIN_SPECS = 8

PROFILE_HELP = ("office (default): exactly the paper size, no marks, for desktop printers and sharing. "
                "press: CMYK only, 3 mm bleed, crop marks, TrimBox/BleedBox, for a print shop; its files are "
                "named <spec>.<lang>.<size>.press.pdf.")


# ---- build --------------------------------------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the files.")
@click.option("--lang", "langs", multiple=True, callback=_langs, help="Only this language (repeatable).")
@click.option("--size", "sizes", multiple=True, callback=_sizes,
              help="A5, A4, A3, A2, A1, letter, tabloid, status (1080x1920 px), square (1080x1080 px) or "
                   "WxHmm (repeatable). Default: the spec's sizes.")
@click.option("--profile", type=click.Choice(["office", "press"]), default="office", show_default=True,
              help=PROFILE_HELP)
@click.option("--output-intent", "output_intent", default="fogra39", show_default=True, callback=_output_intent,
              help="With --profile press: the printing condition the PDF/X file names: fogra39 (coated), "
                   "fogra51, fogra52 (uncoated), fogra47, ifra26 (newsprint); or coated, uncoated, newsprint.")
@click.option("--format", "formats", default="pdf", callback=_formats, show_default=True,
              help="pdf, png or pdf,png. PNGs are rendered from the PDF (its trimmed page).")
@click.option("--dpi", type=click.IntRange(30, 600), default=150, show_default=True,
              help="PNG resolution for paper sizes (status and square are always 1080 px wide). PNGs above "
                   "100 megapixels are refused.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Posters built at once: this process and N-1 worker processes (default and at most: one per "
                   "usable CPU).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no progress bar, file list or summary.")
def build(paths: tuple[Path, ...], out: Path, langs: tuple[str, ...], sizes: tuple[str, ...], profile: str,
          output_intent: str, formats: frozenset[str], dpi: int, jobs: int | None, quiet: bool) -> None:
    """Build posters: one file per spec x language x size, named <spec>.<lang>.<size>.pdf (and .png).

    PATHS are spec files or folders of specs (default: content/). A PDF and its PNG are written together
    or not at all. Ctrl-C stops cleanly: running posters finish or are dropped, the summary says which
    were not built.

    \b
    Examples:
      posters build content/whatsapp-calls.yaml --lang hi --size A3 -o out/
      posters build --profile press --size A2          # for the print shop
      posters build --size status --format png         # 1080x1920 images for WhatsApp
      posters build --size A5 --size A4 --size A3 -j 2 # a whole set, on two cores
    """
    from .batch import Output, Pool
    from .pipeline import plan

    started = time.perf_counter()
    workers = _workers(jobs)
    opts = Output(out, profile, formats, dpi, output_intent)
    pool: Pool | None = None

    def start_pool(specs: int) -> Pool | None:
        """Many specs are read by the workers that will build them, not one after another here first."""
        nonlocal pool
        if workers > 1 and specs >= PARALLEL_LOAD_MIN_SPECS:
            pool = Pool(opts, workers)
        return pool

    try:
        posters, failed = _load(paths, start_pool=start_pool)
        all_jobs: list[Job] = []
        for poster in posters:
            try:
                here = plan(poster, langs, sizes, profile)
            except PosterError as err:
                failed += _report(err.diagnostics)
                continue
            _spec_repeats(poster, sizes)
            all_jobs += here
            if not quiet:
                _review_notes(poster, {j.lang for j in here})
        if "png" in formats:
            _refuse_huge_rasters(all_jobs, dpi)
        _prepare_out(all_jobs, opts)
        code = _run_batch(all_jobs, opts, workers, quiet, failed, "poster", started, pool)
    finally:
        if pool is not None:
            pool.close()
    sys.exit(code)


def _spec_repeats(poster: Poster, sizes: Sequence[str]) -> None:
    """A size listed twice in the spec (A4, a4) is built once, with a note."""
    from .pipeline import size_key, unique

    if sizes:
        return
    _, repeats = unique(list(poster.sizes), size_key)
    for r in dict.fromkeys(repeats):
        _console.err(f"{poster.file}: note: the size {r} is listed more than once in 'sizes'; it is built once")


# ---- check --------------------------------------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--size", "sizes", multiple=True, callback=_sizes,
              help="Also check this size, besides the spec's own sizes (repeatable).")
def check(paths: tuple[Path, ...], sizes: tuple[str, ...]) -> None:
    """Validate specs and check that every language fits every size, without writing anything.

    \b
    Example:
      posters check content/ --size A5
    """
    from .newspec import MAX_PLACEHOLDER_LINES
    from .pipeline import dropped_note, layout, plan

    posters, problems = _load(paths, placeholders=MAX_PLACEHOLDER_LINES)
    for poster in posters:
        before = problems
        _spec_repeats(poster, ())
        try:
            for job in plan(poster, (), list(poster.sizes) + list(sizes)):
                try:
                    page = layout(job.poster, job.lang, job.size)
                    _page_notes(page.notes)
                    note = dropped_note(job.base, page.dropped)
                    if note:
                        _console.err(note)
                except PosterError as err:
                    problems += _report(err.diagnostics)
        except PosterError as err:
            problems += _report(err.diagnostics)
        if problems == before:
            _console.out(f"ok {poster.file}")
    if problems:
        _console.err(f"{problems} problem(s) found")
        sys.exit(EXIT_INPUT)


# ---- preview ------------------------------------------------------------------------------------------------------

@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "lang", callback=_one_lang, help="Language (default: the spec's first).")
@click.option("--size", "size", callback=_one_size, help="Page size (default: the spec's first).")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              callback=_png_path, help="PNG file to write (default: out/<spec>.<lang>.<size>.png).")
@click.option("--dpi", type=click.IntRange(10, 600), default=None,
              help="Resolution (default 100; status and square are always 1080 px wide).")
def preview(spec: Path, lang: str | None, size: str | None, out: Path | None, dpi: int | None) -> None:
    """Render a poster to a PNG image (from the PDF it builds), to look at or share.

    \b
    Example:
      posters preview content/whatsapp-calls.yaml --lang hi --size A4 -o hi.png --dpi 150
    """
    from .geometry import PX_DPI
    from .pipeline import plan, raster_problem, render_pdf, write_atomic

    posters, problems = _load([spec])
    if not posters:
        sys.exit(EXIT_INPUT)
    poster = posters[0]
    job = plan(poster, [lang] if lang else poster.languages[:1], [size] if size else poster.sizes[:1])[0]
    if job.size.px and dpi is not None:
        _note(f"--dpi is not used for {job.size.label}: it is always {job.size.px[0]}x{job.size.px[1]} pixels")
    use_dpi = PX_DPI if job.size.px else (dpi or 100)
    problem = raster_problem(job.size, use_dpi)
    if problem:
        raise click.UsageError(problem)
    _review_notes(poster, {job.lang})
    from .preview import png_bytes, render_png

    target = out or Path("out") / job.png_name
    _clean_stale(target.parent)
    image = render_png(render_pdf(job.poster, job.lang, job.size), use_dpi)
    write_atomic(target, png_bytes(image))
    _console.out(f"wrote {target} ({image.width}x{image.height} px)")


# ---- handout ------------------------------------------------------------------------------------------------------

@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--up", type=click.Choice(["2", "4", "8", "auto"]), required=True,
              help="Copies per sheet; auto: the most that keep the body text at 8 pt or more.")
@click.option("--sheet", "sheet", default="A4", show_default=True, callback=_one_size,
              help="Sheet size: A4 or A3 (or any size posters knows).")
@click.option("--lang", "langs", multiple=True, callback=_langs, help="Only this language (repeatable).")
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the PDFs.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Handouts built at once (default and at most: one per usable CPU).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no progress bar, file list or summary.")
def handout(paths: tuple[Path, ...], up: str, sheet: str, langs: tuple[str, ...], out: Path, jobs: int | None,
            quiet: bool) -> None:
    """Put 2, 4 or 8 copies of a poster on one sheet, with a gutter, bleed and crop marks per copy.

    Each copy is laid out for its own small size (not just shrunk), with body text of at least 8 pt,
    leaving out what the spec marks priority could, then should, if it must. --up auto puts as many
    copies as keep 8 pt. Files are named <spec>.<lang>.<up>up-<sheet>.pdf. PATHS default to content/.

    \b
    Example:
      posters handout content/if-it-happens.yaml --up 2 --sheet A4
    """
    from .batch import Output
    from .geometry import parse_size
    from .pipeline import Job, choose_up, plan

    started = time.perf_counter()
    workers = _workers(jobs)
    posters, failed = _load(paths)
    sheet_size = parse_size(sheet)
    all_jobs: list[Job] = []
    for poster in posters:
        try:
            here = plan(poster, langs, [sheet])
        except PosterError as err:
            failed += _report(err.diagnostics)
            continue
        for j in here:
            try:
                n = choose_up(poster, j.lang, sheet_size) if up == "auto" else int(up)
            except PosterError as err:
                failed += _report(err.diagnostics)
                continue
            all_jobs.append(Job(poster, j.lang, sheet_size, "office", n, sheet_size))
        if not quiet:
            _review_notes(poster, {j.lang for j in here})
    opts = Output(out, "office", frozenset({"pdf"}), 150)
    _prepare_out(all_jobs, opts)
    sys.exit(_run_batch(all_jobs, opts, workers, quiet, failed, "handout", started))


# ---- new ----------------------------------------------------------------------------------------------------------

def _new_name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from .newspec import name_problem

    problem = name_problem(value)
    if problem:
        raise click.BadParameter(problem)
    return value


@main.command()
@click.argument("name", callback=_new_name)
@click.option("--lang", "langs", default="hi,en", show_default=True, callback=_lang_list,
              help="The poster's languages, separated by commas, e.g. hi,or.")
@click.option("--kind", type=click.Choice(["poster", "handout"]), default="poster", show_default=True,
              help="poster: A4 and A3 with room for myths and facts; handout: a short A5 flyer for --up 2 or 4.")
def new(name: str, langs: tuple[str, ...], kind: str) -> None:
    """Start a new spec: NAME.yaml, with every text in each language as a placeholder to replace.

    The file explains each block in comments and builds as it is. `posters check` warns about every
    placeholder (text starting with TODO:) until you replace it. An existing file is never overwritten.

    \b
    Examples:
      posters new my-poster --lang hi,en
      posters new odia-flyer --lang or,hi --kind handout
    """
    from .newspec import NewSpecError, write_new_spec

    try:
        path = write_new_spec(Path(name), langs, kind)
    except NewSpecError as exc:
        raise PosterError(exc.diagnostic) from None
    _console.out(f"wrote {path}")
    _console.out(f"next: replace each TODO: text in your editor, then `posters check {path}` and "
                 f"`posters {'handout ' + str(path) + ' --up 2' if kind == 'handout' else 'build ' + str(path)}`")


# ---- watch --------------------------------------------------------------------------------------------------------

@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path), default=Path("content"))
@click.option("--lang", "langs", multiple=True, callback=_langs, help="Only this language (repeatable).")
@click.option("--size", "sizes", multiple=True, callback=_sizes,
              help="Size to build (repeatable; default: the spec's first size).")
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the PDFs and preview PNGs.")
@click.option("--open", "open_viewer", is_flag=True, help="Open the first preview in the system's image viewer.")
def watch(path: Path, langs: tuple[str, ...], sizes: tuple[str, ...], out: Path, open_viewer: bool) -> None:
    """Rebuild a spec's PDF and preview PNG every time it is saved; Ctrl-C stops.

    PATH is a spec file or a folder of specs (default: content/). Every spec is built once at the start,
    then each spec again when it changes. Problems are printed as usual and watching goes on.

    \b
    Example:
      posters watch content/whatsapp-calls.yaml --lang hi --size A4
    """
    from .batch import Stopped
    from .watch import spec_changes

    if not path.is_dir():
        found = _find_once(path)
        if found.problems:
            raise PosterError(found.problems)
    folder = path if path.is_dir() else path.parent
    opened = not open_viewer
    try:
        first = sorted(_specs_under(path))
        if first:
            opened = _watch_build(first, langs, sizes, out, opened)
        def ready() -> None:
            _console.out(f"watching {path} for changes (Ctrl-C stops)")

        for changed in spec_changes(folder, None if path.is_dir() else path, ready=ready):
            opened = _watch_build(sorted(changed), langs, sizes, out, opened)
    except (Stopped, KeyboardInterrupt):  # watchfiles turns any signal into KeyboardInterrupt
        _console.out("stopped watching")
        return


def _find_once(path: Path) -> FoundSpecs:
    from .pipeline import find_specs

    return find_specs([path])


def _specs_under(path: Path) -> list[Path]:
    return _find_once(path).specs


def _watch_build(specs: list[Path], langs: tuple[str, ...], sizes: tuple[str, ...], out: Path,
                 opened: bool) -> bool:
    """Build changed specs in this process (PDF + preview PNG); returns whether the viewer was opened."""
    from .batch import Output, Stopped, pending_stop
    from .pipeline import plan
    from .watch import open_in_viewer

    started = time.perf_counter()
    posters, failed = _load(specs)
    jobs: list[Job] = []
    for poster in posters:
        try:
            here = plan(poster, langs, sizes or poster.sizes[:1])
        except PosterError as err:
            failed += _report(err.diagnostics)
            continue
        jobs += here
        _review_notes(poster, {j.lang for j in here})
    opts = Output(out, "office", frozenset({"pdf", "png"}), 100)
    _clean_stale(out)
    _run_batch(jobs, opts, 1, False, failed, "poster", started)
    if pending_stop() is not None:
        raise Stopped(pending_stop() or 2)
    if not opened and jobs:
        target = out / jobs[0].png_name
        if target.is_file():
            problem = open_in_viewer(target)
            if problem:
                _note(problem)
            return True
    return opened



@main.command()
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a contact sheet of every icon with its name: FILE.pdf (icons, then emoji) or "
                   "FILE.png (the icons' page).")
def icons(out: Path | None) -> None:
    """List the built-in icons by name (for 'icon:' in a spec).

    \b
    Example:
      posters icons -o icons.pdf
    """
    from .pictures import icon_names

    suffix = out.suffix.lower() if out is not None else ""
    if out is not None and suffix not in (".pdf", ".png"):
        raise click.BadParameter(f"{out.name!r}: the contact sheet is written as .pdf or .png", param_hint="-o")
    names = icon_names()
    for name in names:
        click.echo(name)
    if out is None:
        return
    write_atomic_sheet(out, suffix)
    click.echo(f"wrote {out} ({len(names)} icons)", err=True)


def write_atomic_sheet(out: Path, suffix: str) -> None:
    """The contact sheet PDF (or its first page as PNG) written atomically to `out`."""
    import tempfile

    from .pictures import write_contact_sheet
    from .pipeline import write_atomic
    from .preview import png_bytes, render_png

    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "icons.pdf"
        write_contact_sheet(sheet)
        data = sheet.read_bytes()
    if suffix == ".png":
        data = png_bytes(render_png(data, 150, trim=False))
    write_atomic(out, data)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the spec format, for editors.

    VS Code's YAML extension uses it to complete keys, block kinds and language codes and to underline
    mistakes as you type: see "Editor help" in the README. It is the same as schema/poster.schema.json.

    \b
    Example:
      posters schema
    """
    from .schema import schema_json

    click.echo(schema_json(), nl=False)


# Python examines its youngest objects for reference cycles after every 700 new ones by default; a build makes
# millions (every glyph, word, line and PDF object), and those collections took ~10% of a batch and ~5 ms of a
# one-poster run. Only cycles wait for the collector (everything else is freed when it is no longer used), so
# collecting less often leaves the peak memory as it was (500 posters: 113 MB either way).
GC_THRESHOLDS = (10_000, 10, 10)


def run() -> None:
    """The `posters` command as a process: `main`, then leave at once. By then every file is written and
    closed; Python's own teardown of the ~300 modules loaded would add 20-40 ms to every run. With
    worker processes still alive, or an exit message to print, the usual exit does its work."""
    import gc

    gc.set_threshold(*GC_THRESHOLDS)
    try:
        main()
        status = 0
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise
        status = exc.code or 0
    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.active_children():
        sys.exit(status)
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
