"""The `posters` command: build, check and preview posters. Turns PosterError into file:line:col messages."""

from __future__ import annotations

import sys
import time
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import PosterError
from .geometry import parse_size, size_names

EXIT_INPUT, EXIT_BUG = 1, 3


def _sizes(ctx, param, values):
    out = []
    for v in values:
        try:
            out.append(parse_size(v).name)
        except ValueError as exc:
            raise click.BadParameter(f"{exc}; use one of {', '.join(size_names())} or e.g. 300x400mm") from None
    return tuple(out)


def _langs(ctx, param, values):
    from .languages import LANGUAGES, language_list, suggest_language

    for v in values:
        if v not in LANGUAGES:
            hint = suggest_language(v)
            raise click.BadParameter(f"unknown language {v!r}; {hint + ' ' if hint else ''}known: {language_list()}")
    return tuple(values)


def _report(err: PosterError) -> None:
    for d in err.diagnostics:
        click.echo(d.format(), err=True)


class _Group(click.Group):
    """Runs commands so that a bug exits 3 with one line, and --debug shows the traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PosterError as err:
            _report(err)
            ctx.exit(EXIT_INPUT)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: say so briefly
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            else:
                click.echo(f"posters: internal error ({type(exc).__name__}: {exc}). This is a bug, please report "
                           "it; run again with --debug for the details.", err=True)
            ctx.exit(EXIT_BUG)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="posters")
@click.option("--debug", is_flag=True, help="Show a full traceback if the program fails unexpectedly.")
@click.pass_context
def main(ctx, debug):
    """Make print-ready awareness posters from YAML specs.

    \b
    Example:
      posters build                    # every spec in content/ -> out/
      posters check content/           # validate without writing
      posters preview content/whatsapp-calls.yaml --lang hi
    """
    ctx.obj = {"debug": debug}


def _load_all(paths: tuple[Path, ...]):
    """Load every spec found; returns (posters, errors) so one bad spec does not stop the others."""
    from .pipeline import find_specs
    from .spec.validate import load_spec

    found = find_specs(list(paths) or [Path("content")])
    if not found.specs and not found.problems:
        raise PosterError(_diag_no_specs(paths))
    posters, errors = [], [PosterError(d) for d in found.problems]
    for spec in found.specs:
        try:
            posters.append(load_spec(spec))
        except PosterError as err:
            errors.append(err)
    return posters, errors


def _diag_no_specs(paths):
    from .errors import Diagnostic

    where = ", ".join(str(p) for p in paths) or "content"
    return Diagnostic(f"no poster specs (*.yaml) found in {where}", hint="give a spec file or a folder of specs")


def _formats(ctx, param, value):
    parts = {p.strip().lower() for p in value.split(",") if p.strip()}
    if not parts or not parts <= {"pdf", "png"}:
        raise click.BadParameter("use pdf, png or pdf,png")
    return parts


PROFILE_HELP = ("office (default): exactly the paper size, no marks, for desktop printers and sharing. "
                "press: CMYK only, 3 mm bleed, crop marks, TrimBox/BleedBox, for a print shop.")


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
@click.option("--format", "formats", default="pdf", callback=_formats, show_default=True,
              help="pdf, png or pdf,png. PNGs are rendered from the PDF (its trimmed page).")
@click.option("--dpi", type=click.IntRange(30, 600), default=150, show_default=True,
              help="PNG resolution for paper sizes (status and square are always 1080 px wide).")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None,
              help="Posters built at once, in separate processes (default: one per CPU core).")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems: no progress bar, file list or summary.")
def build(paths, out, langs, sizes, profile, formats, dpi, jobs, quiet):
    """Build posters: one file per spec x language x size, named <spec>.<lang>.<size>.pdf (and .png).

    PATHS are spec files or folders of specs (default: content/).

    \b
    Examples:
      posters build content/whatsapp-calls.yaml --lang hi --size A3 -o out/
      posters build --profile press --size A2          # for the print shop
      posters build --size status --format png         # 1080x1920 images for WhatsApp
      posters build --size A5 --size A4 --size A3 -j 2 # a whole set, on two cores
    """
    from .batch import Output, default_workers, run_jobs
    from .pipeline import plan

    start = time.perf_counter()
    posters, errors = _load_all(paths)
    failed = len(errors)
    for err in errors:
        _report(err)
    all_jobs = []
    for poster in posters:
        try:
            jobs_here = plan(poster, langs, sizes)
        except PosterError as err:
            _report(err)
            failed += 1
            continue
        all_jobs += jobs_here
        if not quiet:
            building = {j.lang for j in jobs_here}
            for lang, note in poster.review:
                if lang in building:
                    click.echo(f"{poster.file}: note: the {lang} text awaits review: {note}", err=True)
    opts = Output(out, profile, frozenset(formats), dpi)
    bar_wanted = not quiet and sys.stderr.isatty() and len(all_jobs) > 1
    built = 0
    results = run_jobs(all_jobs, opts, jobs or default_workers())
    with click.progressbar(length=len(all_jobs), label="building", file=sys.stderr) if bar_wanted else _NoBar() as bar:
        for result in results:
            bar.update(1)
            if result.diagnostics:
                failed += 1
                if bar_wanted:
                    click.echo("", err=True)
                for d in result.diagnostics:
                    click.echo(d.format(), err=True)
            else:
                built += 1
                if not quiet and not bar_wanted:
                    for w in result.written:
                        click.echo(f"wrote {w}")
    took = time.perf_counter() - start
    if not quiet or failed:
        per = f", {took / built * 1000:.0f} ms each" if built else ""
        click.echo(f"built {built} poster(s), {failed} failed, in {took:.1f} s{per} -> {out}", err=bool(failed))
    if failed:
        sys.exit(EXIT_INPUT)


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--size", "sizes", multiple=True, callback=_sizes, help="Also check this size (repeatable).")
def check(paths, sizes):
    """Validate specs and check that every language fits every size, without writing anything.

    \b
    Example:
      posters check content/ --size A5
    """
    from .pipeline import layout, plan

    posters, errors = _load_all(paths)
    for err in errors:
        _report(err)
    for poster in posters:
        before = len(errors)
        try:
            for job in plan(poster, (), sizes):
                try:
                    layout(job.poster, job.lang, job.size)
                except PosterError as err:
                    _report(err)
                    errors.append(err)
        except PosterError as err:
            _report(err)
            errors.append(err)
        if len(errors) == before:
            click.echo(f"ok {poster.file}")
    if errors:
        click.echo(f"{len(errors)} problem(s) found", err=True)
        sys.exit(EXIT_INPUT)


@main.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "langs", multiple=True, callback=_langs, help="Language (default: the spec's first).")
@click.option("--size", "sizes", multiple=True, callback=_sizes, help="Page size (default: the spec's first).")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="PNG file to write (default: out/<spec>.<lang>.<size>.png).")
@click.option("--dpi", type=click.IntRange(10, 600), default=None,
              help="Resolution (default 100; status and square are always 1080 px wide).")
def preview(spec, langs, sizes, out, dpi):
    """Render a poster to a PNG image (from the PDF it builds), to look at or share.

    \b
    Example:
      posters preview content/whatsapp-calls.yaml --lang hi --size A4 -o hi.png --dpi 150
    """
    from .pipeline import plan, render_pdf, write_atomic
    from .preview import png_bytes, render_png
    from .spec.validate import load_spec

    poster = load_spec(spec)
    job = plan(poster, langs[:1] or poster.languages[:1], sizes[:1] or poster.sizes[:1])[0]
    from .geometry import PX_DPI

    pdf = render_pdf(job.poster, job.lang, job.size)
    image = render_png(pdf, PX_DPI if job.size.px and dpi is None else (dpi or 100))
    target = out or Path("out") / job.png_name
    write_atomic(target, png_bytes(image))
    click.echo(f"wrote {target} ({image.width}x{image.height} px)")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--up", type=click.Choice(["2", "4", "8"]), required=True, help="Copies per sheet.")
@click.option("--sheet", "sheet", default="A4", show_default=True, callback=lambda c, p, v: _sizes(c, p, (v,))[0],
              help="Sheet size: A4 or A3 (or any size posters knows).")
@click.option("--lang", "langs", multiple=True, callback=_langs, help="Only this language (repeatable).")
@click.option("-o", "--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the PDFs.")
def handout(paths, up, sheet, langs, out):
    """Put 2, 4 or 8 copies of a poster on one sheet, with cut marks, for small flyers.

    Each copy is laid out for its own small size (not just shrunk). Files are named
    <spec>.<lang>.<up>up-<sheet>.pdf.

    \b
    Example:
      posters handout content/if-it-happens.yaml --up 4 --sheet A4
    """
    from .geometry import parse_size
    from .pipeline import render_handout, write_atomic

    posters_, errors = _load_all(paths)
    for err in errors:
        _report(err)
    built = 0
    for poster in posters_:
        for lang in langs or poster.languages:
            if lang not in poster.languages:
                continue
            try:
                data = render_handout(poster, lang, int(up), parse_size(sheet))
            except PosterError as err:
                _report(err)
                errors.append(err)
                continue
            target = out / f"{poster.stem}.{lang}.{up}up-{sheet}.pdf"
            write_atomic(target, data)
            built += 1
            click.echo(f"wrote {target}")
    click.echo(f"built {built} handout(s), {len(errors)} failed", err=bool(errors))
    if errors:
        sys.exit(EXIT_INPUT)



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


if __name__ == "__main__":  # pragma: no cover
    main()
