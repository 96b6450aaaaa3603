"""Batch semantics: no lost poster, every path tried, duplicates merged, PDF and PNG together, bounded resources."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from posters.cli import main
from posters.geometry import parse_size
from posters.pipeline import raster_problem, remove_stale_parts, write_together

from .conftest import MINIMAL


def run(*args: object, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.fixture
def twins(tmp_path):
    """Two different specs with the same file name in two folders."""
    for sub, word in (("a", "Notice"), ("b", "Warning")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "poster.yaml").write_text(MINIMAL.replace("Notice", word), encoding="utf-8")
    return tmp_path


def test_same_stem_in_two_folders_is_an_error_before_anything_is_written(twins):
    out = twins / "out"
    result = run("build", twins / "a", twins / "b", "-o", out, "--lang", "en")
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "would both write" in ln)
    assert str(twins / "a" / "poster.yaml") in line and str(twins / "b" / "poster.yaml") in line
    assert "nothing was built" in result.output
    assert names(out) == []


def test_yaml_beside_yml_is_an_error(tmp_path):
    (tmp_path / "poster.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "poster.yml").write_text(MINIMAL, encoding="utf-8")
    result = run("build", tmp_path / "poster.yaml", tmp_path / "poster.yml", "-o", tmp_path / "out")
    assert result.exit_code == 1 and "would both write" in result.output
    assert names(tmp_path / "out") == []


def test_handouts_of_same_stem_also_collide(twins):
    result = run("handout", twins / "a", twins / "b", "--up", "2", "-o", twins / "out", "--lang", "en")
    assert result.exit_code == 1 and "would both write" in result.output
    assert names(twins / "out") == []


def test_press_and_office_files_have_different_names(write_spec, tmp_path):
    spec = write_spec(MINIMAL, "p.yaml")
    out = tmp_path / "out"
    assert run("build", spec, "-o", out, "--lang", "en", "--size", "A5").exit_code == 0
    assert run("build", spec, "-o", out, "--lang", "en", "--size", "A5", "--profile", "press",
               "--format", "pdf,png", "--dpi", "30").exit_code == 0
    assert names(out) == ["p.en.a5.pdf", "p.en.a5.press.pdf", "p.en.a5.press.png"]


def test_the_same_spec_named_twice_is_built_once(write_spec, tmp_path):
    spec = write_spec(MINIMAL, "p.yaml")
    result = run("build", spec, tmp_path, "-o", tmp_path / "out", "--lang", "en", "--size", "A5")
    assert result.exit_code == 0, result.output
    assert "named more than once" in result.output
    assert "built 1 poster(s), 0 failed" in result.output


@pytest.mark.parametrize("args, note", [
    (("--size", "A5", "--size", "a5"), "--size a5 is given more than once"),
    (("--size", "A5", "--lang", "en", "--lang", "EN"), "--lang en is given more than once"),
])
def test_repeated_sizes_and_languages_on_the_command_line_are_merged(write_spec, tmp_path, args, note):
    spec = write_spec(MINIMAL, "p.yaml")
    result = run("build", spec, "-o", tmp_path / "out", *args)
    assert result.exit_code == 0, result.output
    assert note in result.output
    assert len(names(tmp_path / "out")) == (1 if "--lang" in args else 2)


def test_repeated_sizes_in_the_spec_are_merged_with_a_note(write_spec, tmp_path):
    spec = write_spec(MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\nsizes: [A5, a5, A5]"), "p.yaml")
    result = run("build", spec, "-o", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "the size a5 is listed more than once" in result.output.lower()
    assert names(tmp_path / "out") == ["p.en.a5.pdf"]
    assert "built 1 poster(s)" in result.output


def test_every_path_is_tried(write_spec, tmp_path):
    good = write_spec(MINIMAL, "good.yaml")
    out = tmp_path / "out"
    result = run("build", tmp_path / "typo.yaml", good, tmp_path / "nofolder", "-o", out, "--size", "A5")
    assert result.exit_code == 1
    assert "typo.yaml: error: no such file or folder" in result.output
    assert "nofolder: error: no such file or folder" in result.output
    assert names(out) == ["good.en.a5.pdf", "good.hi.a5.pdf"]
    assert "built 2 poster(s), 2 failed" in result.output


def test_check_counts_the_problems_it_lists(write_spec):
    bad = MINIMAL.replace("kind: text", "kind: txet").replace("title: {hi: सूचना, en: Notice}", "title: {hi: सूचना}")
    spec = write_spec(bad, "p.yaml")
    result = run("check", spec, spec.parent / "missing.yaml")
    listed = sum(1 for ln in result.output.splitlines() if ": error: " in ln)
    assert result.exit_code == 1 and listed >= 3
    assert f"{listed} problem(s) found" in result.output


def test_check_size_adds_sizes_and_still_checks_the_specs_own(write_spec):
    long_text = "Call the helpline and keep the screenshots and the numbers and the chat. " * 7
    blocks = "".join(f"  - kind: text\n    text: {{hi: सूचना, en: \"{long_text}\"}}\n" for _ in range(16))
    spec = write_spec(MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\nsizes: [A5]") + blocks, "p.yaml")
    result = run("check", spec, "--size", "A2")
    assert result.exit_code == 1
    assert "too tall for A5" in result.output  # the spec's own size, besides the one asked for


@pytest.mark.parametrize("command", [
    ("build",), ("handout", "--up", "2"), ("preview",),
])
def test_a_language_the_spec_lacks_is_rejected_alike(write_spec, tmp_path, monkeypatch, command):
    spec = write_spec(MINIMAL, "p.yaml")
    monkeypatch.chdir(tmp_path)
    result = run(command[0], spec, *command[1:], "--lang", "ta")
    assert result.exit_code == 1, result.output
    assert "p.yaml: error: this poster has no 'ta' version" in result.output
    assert "hint: its languages are hi, en" in result.output
    assert names(tmp_path / "out") == []


def test_review_notes_and_summary_in_handout_as_in_build(write_spec, tmp_path):
    spec = write_spec(MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\nreview: {hi: check it}"), "p.yaml")
    for args in (("build", "--size", "A5"), ("handout", "--up", "2")):
        result = run(args[0], spec, *args[1:], "-o", tmp_path / "out")
        assert result.exit_code == 0, result.output
        assert "note: the hi text awaits review: check it" in result.output
        assert "built 2 " in result.output and "0 failed" in result.output


def test_png_failure_is_a_diagnostic_and_nothing_of_that_job_is_written(write_spec, tmp_path, monkeypatch):
    import posters.preview

    def fail(*a, **k):
        raise MemoryError("no room for the image")

    monkeypatch.setattr(posters.preview, "render_png", fail)
    out = tmp_path / "out"
    result = run("build", write_spec(MINIMAL, "p.yaml"), "-o", out, "--lang", "en", "--size", "A5",
                 "--format", "pdf,png")
    assert result.exit_code == 1, result.output
    assert "could not make the PNG of p.en.a5" in result.output and "hint:" in result.output
    assert names(out) == []  # no new PDF without its PNG


def test_write_together_is_all_or_nothing(tmp_path, monkeypatch):
    a, b = tmp_path / "x.pdf", tmp_path / "x.png"
    a.write_bytes(b"old pdf")
    real = os.replace
    calls = []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    from posters.errors import PosterError

    with pytest.raises(PosterError, match="cannot write"):
        write_together([(a, b"new pdf"), (b, b"new png")])
    assert names(tmp_path) == []  # the new PDF went with its PNG; no temporary file is left


def test_stale_part_files_are_removed_fresh_ones_kept(tmp_path):
    old, fresh = tmp_path / ".a.pdf.x1.part", tmp_path / ".b.pdf.x2.part"
    old.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(old, (time.time() - 120, time.time() - 120))
    assert remove_stale_parts(tmp_path) == [old]
    assert names(tmp_path) == [".b.pdf.x2.part"]


def test_build_removes_stale_parts_with_a_note(write_spec, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = out / ".p.en.a5.pdf.abcd.part"
    old.write_bytes(b"half")
    os.utime(old, (time.time() - 120, time.time() - 120))
    result = run("build", write_spec(MINIMAL, "p.yaml"), "-o", out, "--lang", "en", "--size", "A5")
    assert result.exit_code == 0
    assert "removed 1 temporary file(s)" in result.output
    assert names(out) == ["p.en.a5.pdf"]


def test_jobs_are_capped_at_usable_cpus(write_spec, tmp_path):
    from posters.batch import usable_cpus

    result = run("build", write_spec(MINIMAL, "p.yaml"), "-o", tmp_path / "o", "--size", "A5", "-j", "256")
    assert result.exit_code == 0
    assert f"-j 256 is more than the {usable_cpus()} CPU(s) usable here; using {usable_cpus()}" in result.output


def test_one_job_starts_no_worker_processes(write_spec, tmp_path, monkeypatch):
    from posters.batch import Batch

    def no_pool(self, done):
        raise AssertionError("a pool was started for one job")

    monkeypatch.setattr(Batch, "_pool", no_pool)
    result = run("build", write_spec(MINIMAL, "p.yaml"), "-o", tmp_path / "o", "--size", "A5", "--lang", "en",
                 "-j", "2")
    assert result.exit_code == 0, result.output


def test_huge_rasters_are_refused_up_front(write_spec, tmp_path):
    result = run("build", write_spec(MINIMAL, "p.yaml"), "-o", tmp_path / "o", "--size", "A1", "--dpi", "600",
                 "--format", "png")
    assert result.exit_code == 2
    assert "14031x19866 pixels" in result.output and "--dpi 359 or lower" in result.output
    assert names(tmp_path / "o") == []
    w, h = 14031 * 359 / 600, 19866 * 359 / 600
    assert w * h <= 100e6 and raster_problem(parse_size("A1"), 359) is None
    assert raster_problem(parse_size("A1"), 360) is not None
    assert raster_problem(parse_size("status"), 600) is None  # screen sizes have their own pixel size


def test_stdout_on_a_full_device_is_exit_1_not_a_bug(write_spec, tmp_path):
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    spec = write_spec(MINIMAL, "p.yaml")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "posters", "build", str(spec), "-o", str(tmp_path / "o"),
                               "--lang", "en", "--size", "A5"], stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert "cannot write to the standard output" in proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr
    assert names(tmp_path / "o") == ["p.en.a5.pdf"]


def test_an_output_folder_that_is_a_file_is_one_error(write_spec, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    spec = write_spec(MINIMAL, "p.yaml")
    result = run("build", spec, "-o", blocker, "--size", "A5")
    assert result.exit_code == 2 and "is a file" in result.output  # click checks -o itself
    result = run("preview", spec, "-o", blocker / "p.png")
    assert result.exit_code == 1
    assert result.output.count(": error: ") == 1 and "not a folder" in result.output
    assert blocker.read_text() == "not a folder"


def test_preview_of_a_screen_size_ignores_dpi_with_a_note(write_spec, tmp_path):
    from PIL import Image

    png = tmp_path / "sq.png"
    result = run("preview", write_spec(MINIMAL, "p.yaml"), "--size", "square", "--dpi", "600", "-o", png)
    assert result.exit_code == 0, result.output
    assert "--dpi is not used for Square" in result.output
    with Image.open(png) as im:
        assert im.size == (1080, 1080)


def _jobs(write_spec, count: int):
    from posters.batch import load_one
    from posters.pipeline import plan

    posters = [load_one(write_spec(MINIMAL.replace("Notice", f"Notice {i}"), f"p{i}.yaml"), 0).poster
               for i in range(count)]
    return [job for p in posters if p is not None for job in plan(p, ("en",), ("A5",), "office")]


def _built_here(monkeypatch) -> list[str]:
    """The names of the jobs this process builds from now on (the workers forked before build unrecorded)."""
    from posters import batch

    here: list[str] = []
    real = batch._made

    def made_here(job, opts):
        here.append(job.filename)
        return real(job, opts)

    monkeypatch.setattr(batch, "_made", made_here)
    return here


def test_with_two_workers_this_process_builds_a_share_beside_one_worker(write_spec, tmp_path, monkeypatch):
    """-j 2 is this process and one worker process (not three processes on two cores); both build jobs."""
    from posters import batch

    if batch.usable_cpus() < 2:
        pytest.skip("needs 2 usable CPUs")
    jobs = _jobs(write_spec, 12)
    opts = batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150)
    pool = batch.Pool(opts, 2)
    assert len(pool.workers) == 1
    here = _built_here(monkeypatch)  # after the fork
    results = list(batch.Batch(jobs, opts, 2, pool=pool).results())
    assert sorted(r.job_name for r in results) == sorted(j.filename for j in jobs)
    assert all(r.written and not r.diagnostics and not r.bug for r in results)
    assert 0 < len(here) < len(jobs)
    assert names(tmp_path / "o") == sorted(j.filename for j in jobs)


def test_a_stop_while_a_job_writes_its_files_lets_it_finish_and_counts_it_built(write_spec, tmp_path, monkeypatch):
    """A stop signal that arrives while a job's files are written waits until they are in place: a job the
    summary calls not built has written nothing."""
    from posters import batch, pipeline

    jobs = _jobs(write_spec, 3)
    opts = batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150)
    real = pipeline.write_apart

    def write_then_stop(files):
        os.kill(os.getpid(), signal.SIGINT)
        return real(files)

    monkeypatch.setattr(pipeline, "write_apart", write_then_stop)
    run_batch = batch.Batch(jobs, opts, 1)
    with batch.stop_on_signals():
        results = list(run_batch.results())
    assert run_batch.stopped_by == signal.SIGINT
    assert [r.job_name for r in results] == [jobs[0].filename]
    assert run_batch.not_built == jobs[1:]
    assert names(tmp_path / "o") == [jobs[0].filename]


def test_what_a_batch_keeps_is_frozen_while_it_runs_and_unfrozen_after(write_spec, tmp_path):
    """Cycle collections between jobs do not examine the fonts, posters and caches again (gc.freeze); a
    caller's collector is as it was once the batch is over."""
    import gc

    from posters import batch

    jobs = _jobs(write_spec, 2)
    opts = batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150)
    gc.unfreeze()
    counts = [gc.get_freeze_count() for _ in batch.Batch(jobs, opts, 1).results()]
    assert len(counts) == 2 and min(counts) > 0
    assert gc.get_freeze_count() == 0
    # a caller that froze objects itself: its collector is left alone (nothing frozen, nothing unfrozen)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        counts = [gc.get_freeze_count() for _ in batch.Batch(jobs, opts, 1).results()]
        # frozen objects may still be freed (the count falls), but none is added and none is unfrozen
        assert len(counts) == 2 and max(counts) <= frozen and 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_a_poster_makes_no_reference_cycles(write_spec):
    """What makes freezing after each job safe: a job leaves no garbage that only the cycle collector
    would free (a closure calling itself was one)."""
    import gc

    from posters.pipeline import render_poster

    jobs = _jobs(write_spec, 2)
    render_poster(jobs[0].poster, "en", jobs[0].size, "office", "fogra39")  # first use: caches, lazy imports
    gc.collect()
    was_on = gc.isenabled()
    gc.disable()
    try:
        for job in jobs[1:]:
            for profile in ("office", "press"):
                render_poster(job.poster, job.lang, job.size, profile, "fogra39")
        assert gc.collect() == 0
    finally:
        if was_on:
            gc.enable()


@pytest.mark.parametrize("jobs, workers", [(2, 2), (4, 4)])
def test_a_small_batch_is_shared_out_one_job_per_process(write_spec, tmp_path, monkeypatch, jobs, workers):
    """Workers are topped up one job each per round and only up to their share of what is left, so two jobs
    on -j 2 are built one here and one in the worker, not both in the worker one after the other."""
    from posters import batch

    if batch.usable_cpus() < 2:
        pytest.skip("needs 2 usable CPUs")
    from posters.pipeline import plan

    poster = batch.load_one(write_spec(MINIMAL, "p.yaml"), 0).poster
    assert poster is not None
    todo = plan(poster, ("hi", "en"), ("A5", "A4")[:jobs // 2], "office")  # one poster: any worker may take all
    assert len(todo) == jobs
    opts = batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150)
    pool = batch.Pool(opts, workers)
    here = _built_here(monkeypatch)  # after the fork
    results = list(batch.Batch(todo, opts, workers, pool=pool).results())
    assert len(results) == jobs and all(r.written for r in results)
    assert len(here) == 1


def test_a_busy_worker_takes_messages_at_once(write_spec, tmp_path, monkeypatch):
    """A worker's pipe is read by a thread of its own, so this process never waits to send to a worker that
    is building (a job carrying its poster can be larger than a pipe holds; waiting would also hold up a
    stop)."""
    from posters import batch

    if batch.usable_cpus() < 2:
        pytest.skip("needs 2 usable CPUs")
    jobs = _jobs(write_spec, 1)

    def slow(job, opts):
        time.sleep(2.5)
        return [], batch.Result(job.filename, ())

    monkeypatch.setattr(batch, "_made", slow)  # before the fork: the worker has it
    pool = batch.Pool(batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150), 2)
    try:
        worker = pool.workers[0]
        worker.conn.send(("build", jobs[0]))
        time.sleep(0.3)  # the worker is building, for seconds
        large = ("load", [(tmp_path / f"{i:0300d}.yaml", 0) for i in range(3000)])  # about 1 MB pickled
        start = time.monotonic()
        worker.conn.send(large)
        assert time.monotonic() - start < 1.0
    finally:
        pool.stop.value = 1
        pool.close()


def test_when_no_worker_can_be_started_this_process_builds_the_rest(write_spec, tmp_path, monkeypatch):
    from posters import batch

    jobs = _jobs(write_spec, 4)
    opts = batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150)
    pool = batch.Pool(opts, 2)
    worker = pool.workers[0]
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.join(5)

    def cannot_fork(self):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(batch.Pool, "_start", cannot_fork)
    results = list(batch.Batch(jobs, opts, 2, pool=pool).results())
    assert sorted(r.job_name for r in results) == sorted(j.filename for j in jobs)
    assert all(r.written and not r.bug and not r.diagnostics for r in results)
    assert pool.workers == []


def test_temporary_files_are_told_apart_by_the_whole_name(tmp_path):
    """The sweep after a lost job removes only that job's temporary files: not those of a file whose name
    begins like its own, nor, for names cut short, those of another long name with the same beginning."""
    from posters.pipeline import _temp_for, temp_parts

    short, longer = tmp_path / "a.hi.a4.pdf", tmp_path / "a.hi.a4.pdf.b.hi.a4.pdf"
    long_a, long_b = (tmp_path / ("x" * 240 + f".{lang}.a4.pdf") for lang in ("hi", "en"))
    made = {}
    for path in (short, longer, long_a, long_b):
        fd, name = _temp_for(path)
        os.close(fd)
        made[path] = Path(name)
    for path, part in made.items():
        assert temp_parts([path]) == [part]
        assert len(part.name.encode()) < 255
    assert sorted(temp_parts(made)) == sorted(made.values())


def test_a_stop_python_swallowed_while_a_job_was_made_still_abandons_it(write_spec, tmp_path, monkeypatch):
    """Python ignores an exception raised inside a finalizer (pypdfium2 closes its objects in some), so the
    Stopped a signal raises there never reaches the batch, and the job may have failed for it: a stop that
    arrived while a job was made abandons it all the same, and nothing of it is written."""
    from posters import batch

    jobs = _jobs(write_spec, 2)
    opts = batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150)
    real = batch._made

    def made_then_swallowed_stop(job, opts):
        made = real(job, opts)
        batch._state.signum = signal.SIGINT  # recorded by the handler; its Stopped lost in a finalizer
        return made

    monkeypatch.setattr(batch, "_made", made_then_swallowed_stop)
    run_batch = batch.Batch(jobs, opts, 1)
    with batch.stop_on_signals():
        results = list(run_batch.results())
    assert results == [] and run_batch.stopped_by == signal.SIGINT and run_batch.not_built == jobs
    assert names(tmp_path / "o") == []


def test_how_a_lost_worker_ended_is_said_in_words():
    from posters.batch import _ended

    assert _ended(-9) == "killed by SIGKILL"  # as the kernel does when memory runs out
    assert _ended(143) == "ended by SIGTERM"  # a worker's own SystemExit after SIGTERM
    assert _ended(1) == "exit 1" and _ended(None) == "its pipe closed"


def test_a_worker_killed_before_it_answers_has_put_nothing_in_place(write_spec, tmp_path, monkeypatch):
    """A worker writes a job's files under temporary names and answers with them; this process puts them in
    place. One killed after writing them, before its answer (as the kernel kills when memory runs out), has
    put nothing in place: its job is reported lost, and its temporary files are removed."""
    from posters import batch, pipeline

    if batch.usable_cpus() < 2:
        pytest.skip("needs 2 usable CPUs")
    jobs = _jobs(write_spec, 2)
    opts = batch.Output(tmp_path / "o", "office", frozenset({"pdf"}), 150)
    here, real = os.getpid(), pipeline.write_apart

    def written_then_killed(files):
        temps = real(files)
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return temps

    monkeypatch.setattr(pipeline, "write_apart", written_then_killed)  # before the fork: the worker has it
    results = list(batch.Batch(jobs, opts, 2).results())
    built = [r.job_name for r in results if r.written]
    lost = [r for r in results if r.diagnostics]
    assert len(built) == 1 and len(lost) == 1 and "killed by SIGKILL" in lost[0].diagnostics[0].message
    assert names(tmp_path / "o") == built  # the lost job's files neither in place nor left as .part
