"""Many jobs (spec x language x size) across worker processes; each worker loads fonts once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, PosterError
from .pipeline import Job


@dataclass(frozen=True)
class Output:
    """What to write for each job."""

    out: Path
    profile: str
    formats: frozenset[str]
    dpi: int


@dataclass(frozen=True)
class Result:
    job_name: str
    written: tuple[str, ...]  # paths, with a note for PNGs
    diagnostics: tuple[Diagnostic, ...] = ()


def run_one(job: Job, opts: Output) -> Result:
    """Render one job and write its files; input problems come back as diagnostics."""
    from .geometry import PX_DPI
    from .pipeline import render_pdf, write_atomic
    from .preview import png_bytes, render_png

    try:
        data = render_pdf(job.poster, job.lang, job.size, opts.profile)
        written = []
        if "pdf" in opts.formats:
            target = opts.out / job.filename
            write_atomic(target, data)
            written.append(str(target))
        if "png" in opts.formats:
            image = render_png(data, PX_DPI if job.size.px else opts.dpi)
            if job.size.px and image.size != job.size.px:
                image = image.resize(job.size.px)  # guard against a one-pixel rounding difference
            target = opts.out / job.png_name
            write_atomic(target, png_bytes(image))
            written.append(f"{target} ({image.width}x{image.height} px)")
        return Result(job.filename, tuple(written))
    except PosterError as err:
        return Result(job.filename, (), tuple(err.diagnostics))


def _warm() -> None:
    """Worker start: load the fonts (and HarfBuzz faces) once, not once per poster."""
    from .fonts import load_fontset

    for font in load_fontset().fonts:
        font.hb  # noqa: B018 (reads the file and makes the face)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_jobs(jobs: list[Job], opts: Output, workers: int) -> Iterator[Result]:
    """Yield one Result per job (in completion order when parallel). Small batches stay in-process,
    where starting workers would cost more than it saves."""
    if workers <= 1 or len(jobs) < 4:
        for job in jobs:
            yield run_one(job, opts)
        return
    import multiprocessing  # only here: a one-poster build never starts a pool
    from concurrent.futures import ProcessPoolExecutor, as_completed

    _warm()  # loaded before forking, so workers share the font data
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx, initializer=_warm) as pool:
        futures = [pool.submit(run_one, job, opts) for job in jobs]
        for fut in as_completed(futures):
            yield fut.result()
