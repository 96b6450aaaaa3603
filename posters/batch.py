"""Jobs (spec x language x size) into written files, in worker processes that stop cleanly on a signal."""

from __future__ import annotations

import gc
import itertools
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import field, fields
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from .dataclass_fast import dataclass
from .errors import Diagnostic, PosterError
from .pipeline import Job

if TYPE_CHECKING:
    import queue
    from multiprocessing.connection import Connection

    from .spec.model import Poster

# The signals that stop a run, and the exit code for each (128 + the signal's number, as shells report it).
STOP_SIGNALS: dict[str, int] = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}

# How long running jobs may take to finish after a stop signal before their workers are told to abandon them.
GRACE_S = 0.8
# How far down the queue a process looks for a job whose poster it read (or was sent) itself.
PICK_AHEAD = 64
# Jobs a worker holds at once: it builds one while the next waits, so it does not wait for this process
# (busy with a job of its own) between two jobs; fewer near the end of a batch, where each worker holds at
# most its share of the jobs left, counting this process (rounded up: a worker that runs dry waits for this
# process's job to end, while this process, once the queue is empty, is simply done). After a stop signal a
# worker answers a held job unbuilt (Pool.stop).
JOBS_AHEAD = 2
# Specs a worker reads per message from the parent (fewer when there are few specs).
LOAD_CHUNK = 8
# Chunks of specs a worker holds at once: it reads one while the next waits in its pipe.
LOAD_AHEAD = 2
# How often a worker looks whether the process that started it is still there.
PARENT_POLL_S = 0.2


class Stopped(BaseException):
    """A stop signal arrived (Ctrl-C, SIGTERM, SIGHUP); a BaseException so no `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return STOP_SIGNALS.get(self.name, 128 + self.signum)


class _StopState:
    """What the signal handler saw: the first stop signal, and whether it may raise where the program is."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.raise_now = True


_state = _StopState()


def _on_stop_signal(signum: int, frame: FrameType | None) -> None:
    if _state.signum is None:
        _state.signum = signum
    if _state.raise_now:
        _state.raise_now = False  # once: the code that catches it cleans up without a second interruption
        raise Stopped(signum)


def _stop_signals() -> list[signal.Signals]:
    return [getattr(signal, n) for n in STOP_SIGNALS if hasattr(signal, n)]


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While active, a stop signal raises Stopped (outside a batch) or asks the running batch to stop.

    The previous handlers come back afterwards. Outside the main thread (where Python cannot set signal
    handlers) this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = {s: signal.getsignal(s) for s in _stop_signals()}
    _state.signum, _state.raise_now = None, True
    for s in old:
        signal.signal(s, _on_stop_signal)
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        _state.signum, _state.raise_now = None, True


def pending_stop() -> int | None:
    """The stop signal that arrived while stops were deferred, if any."""
    return _state.signum


@contextmanager
def deferred_stop() -> Iterator[None]:
    """Inside, a stop signal is only recorded (see pending_stop), not raised."""
    before = _state.raise_now
    _state.raise_now = False
    try:
        yield
    finally:
        _state.raise_now = before and _state.signum is None


@contextmanager
def immediate_stop() -> Iterator[None]:
    """Inside, a stop signal raises Stopped at once (also one that arrived just before)."""
    if _state.signum is not None:
        raise Stopped(_state.signum)
    before = _state.raise_now
    _state.raise_now = True
    try:
        yield
    finally:
        _state.raise_now = before and _state.signum is None


@dataclass(frozen=True)
class Output:
    """What to write for each job."""

    out: Path
    profile: str
    formats: frozenset[str]
    dpi: int
    output_intent: str = "fogra39"  # press only: the registered printing condition (prepress.OUTPUT_INTENTS)


@dataclass(frozen=True)
class Result:
    """What became of one job: the files written, or the problems that stopped it (or a bug's description)."""

    job_name: str
    written: tuple[str, ...]  # paths, with the pixel size for PNGs
    diagnostics: tuple[Diagnostic, ...] = ()
    bug: str | None = None  # a traceback: posters itself failed
    notes: tuple[Diagnostic, ...] = ()  # warnings about a poster that was built (a low-resolution logo)
    left_out: tuple[str, ...] = ()  # what a small size left out to keep its type legible (one line)


@dataclass(frozen=True)
class Loaded:
    """What became of reading one spec: the poster, or the problems that stopped it; the warning lines for
    placeholder texts left in it (see newspec.placeholder_warnings)."""

    poster: Poster | None
    diagnostics: tuple[Diagnostic, ...] = ()
    placeholders: tuple[str, ...] = ()


def load_one(path: Path, placeholders: int) -> Loaded:
    """Read and check one spec, as `posters build` and `check` do before building anything (in this process
    or in a worker); a bug raises."""
    from .fonts import load_fontset
    from .newspec import placeholder_warnings
    from .spec.validate import load_spec
    from .text import drawable

    try:
        poster = load_spec(path, drawable(load_fontset()))
    except PosterError as err:
        return Loaded(None, tuple(err.diagnostics))
    return Loaded(poster, placeholders=tuple(placeholder_warnings(path, placeholders)))


def targets(job: Job, opts: Output) -> list[Path]:
    """The files a job writes."""
    if job.up > 1:
        return [opts.out / job.filename]
    names = ([job.filename] if "pdf" in opts.formats else []) + ([job.png_name] if "png" in opts.formats else [])
    return [opts.out / n for n in names]


def _made(job: Job, opts: Output) -> tuple[list[tuple[Path, bytes]], Result]:
    """A job's files, made and not yet written, and its Result once they are written (no files and a Result
    with diagnostics when input problems stop it)."""
    from .geometry import PX_DPI
    from .pipeline import dropped_note, make_handout, render_poster

    try:
        if job.up > 1:
            assert job.sheet is not None
            made = make_handout(job.poster, job.lang, job.up, job.sheet)
            note = dropped_note(job.base, made.dropped)
            return [(opts.out / job.filename, made.data)], Result(
                job.filename, (str(opts.out / job.filename),), notes=made.notes, left_out=(note,) if note else ())
        rendered = render_poster(job.poster, job.lang, job.size, opts.profile, opts.output_intent)
        data = rendered.data
        note = dropped_note(job.base, rendered.dropped)
        files: list[tuple[Path, bytes]] = []
        shown: list[str] = []
        if "pdf" in opts.formats:
            files.append((opts.out / job.filename, data))
            shown.append(str(opts.out / job.filename))
        if "png" in opts.formats:
            from .preview import png_bytes, render_png

            try:
                image = render_png(data, PX_DPI if job.size.px else opts.dpi)
                if job.size.px and image.size != job.size.px:
                    image = image.resize(job.size.px)  # guard against a one-pixel rounding difference
                png = png_bytes(image)
            except Exception as exc:  # whatever stops the image, the PDF alone is not written either
                return [], Result(job.filename, (), (Diagnostic(
                    f"could not make the PNG of {job.base} ({type(exc).__name__}: {exc}); nothing was written "
                    "for it", file=job.poster.file,
                    hint="try a lower --dpi, or build only the PDF with --format pdf"),))
            files.append((opts.out / job.png_name, png))
            shown.append(f"{opts.out / job.png_name} ({image.width}x{image.height} px)")
        return files, Result(job.filename, tuple(shown), notes=rendered.notes, left_out=(note,) if note else ())
    except PosterError as err:
        return [], Result(job.filename, (), tuple(err.diagnostics))


def _warm() -> None:
    """Load the fonts (and HarfBuzz faces) once per process, not once per poster."""
    from .fonts import load_fontset

    for font in load_fontset().fonts:
        font.hb  # noqa: B018 (reads the file and makes the face; coverage comes from fonts/coverage.json)


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity where the system tells it, else all)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


# ---- worker side -------------------------------------------------------------------------------------------

def _exit_worker(signum: int, frame: FrameType | None) -> None:
    # SystemExit unwinds through pipeline.write_apart, which removes its temporary files. Later stop signals
    # (the parent's death is noticed twice) are ignored, so they cannot cut that clean-up short. Where
    # Python swallows the exception (raised inside a finalizer: pypdfium2 closes its objects in some), the
    # recorded signal ends the worker before it writes anything (see _worker_main).
    _state.signum = signum
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    raise SystemExit(128 + signum)  # as a shell reports a process a signal ended


def _quiet_thread(target: Any, *args: Any) -> None:
    """Start a worker's helper thread (a daemon) to which stop signals are not delivered, so that while the
    main thread holds them (pipeline.signals_deferred) they wait for it instead of interrupting it through
    this one (Python runs every handler in the main thread, whichever thread the system delivered the
    signal to). A new thread takes its signal mask from the thread that starts it."""
    thread = threading.Thread(target=target, args=args, daemon=True)
    if not hasattr(signal, "pthread_sigmask"):
        thread.start()
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _stop_signals())
    try:
        thread.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _watch_parent(parent_pid: int) -> None:
    """A worker whose parent is gone (killed with -9) stops itself: first politely, then for sure."""
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    with suppress(OSError, AttributeError):
        os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(1.0)
    os._exit(1)


def _die_with_parent() -> None:
    """On Linux, ask the kernel to send SIGTERM when the parent ends (no polling delay)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the polling thread still notices


def _inbox(conn: Connection) -> queue.SimpleQueue[Any]:
    """The parent's messages, read from the pipe by a thread of their own as they come (None once the pipe
    fails): the parent never waits to send while this worker builds (a job carrying its poster can be
    larger than a pipe holds)."""
    import queue  # here: only workers read their pipe in a thread

    box: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                msg = None
            box.put(msg)
            if msg is None:
                return

    _quiet_thread(read)
    return box


def _worker_main(conn: Connection, opts: Output, parent_pid: int, warm: bool, stop: Any) -> None:
    """Build the jobs the parent sends, one at a time, until it sends None or its death ends this process
    (the kernel's SIGTERM on Linux, else _watch_parent). Once the parent sets `stop` (a shared flag), the
    jobs it holds are answered unbuilt (None). A job is answered with its files written under temporary
    names, which the parent puts in place (Batch._pool): a worker that ends before it has answered (a stop
    signal, or killed) has put nothing in place, and its temporary files are removed; one whose parent dies
    removes those it answered with that are still there."""
    _state.signum = None  # this process's own stop: _exit_worker records it

    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the parent decides
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _exit_worker)
    _die_with_parent()
    if os.getppid() != parent_pid:
        return
    _quiet_thread(_watch_parent, parent_pid)
    if warm:
        _warm()
    handed: list[str] = []  # the temporary files it answered with
    try:
        _serve(conn, opts, stop, handed)
    finally:
        if os.getppid() != parent_pid:  # the parent is gone: what it had not put in place goes too
            for tmp in handed:
                with suppress(OSError):
                    os.unlink(tmp)


def _serve(conn: Connection, opts: Output, stop: Any, handed: list[str]) -> None:
    """_worker_main's loop: answer the parent's messages until it sends None or goes away."""
    from .pipeline import signals_deferred

    kept: dict[str, Poster] = {}  # the posters this worker read or was sent, by file
    inbox = _inbox(conn)
    while True:
        msg = inbox.get()
        if msg is None:
            return
        kind, payload = msg
        if kind == "load":
            if not _answer(conn, [_load_kept(path, placeholders, kept) for path, placeholders in payload]):
                return
            continue
        if stop.value:
            if not _answer(conn, None):
                return
            continue
        if kind == "kept":
            job = Job(kept[payload[0]], **payload[1])
        else:
            job = payload
            kept[job.poster.file] = job.poster  # its poster's other jobs come without it
        try:
            built = _build(job, opts)
        except Stopped:  # told to stop, and the SystemExit was swallowed (see _exit_worker)
            raise SystemExit(128 + (pending_stop() or 0)) from None
        handed.extend(tmp for tmp, _ in built[0])
        with signals_deferred():  # once sent, its temporary files are the parent's: a stop waits for that
            if not _answer(conn, built):
                return


def _answer(conn: Connection, answer: Any) -> bool:
    """Send the parent the answer to the oldest message it has not answered (after freezing what the job
    left: see Batch.results); False if the parent is gone."""
    gc.freeze()
    try:
        conn.send(answer)
    except (OSError, ValueError):
        return False
    return True


def _load_or_bug(path: Path, placeholders: int) -> Loaded | Exception:
    """load_one, a bug coming back as its exception: Pool.load raises it where its spec comes in order."""
    try:
        return load_one(path, placeholders)
    except Exception as exc:
        return exc


def _load_kept(path: Path, placeholders: int, kept: dict[str, Poster]) -> Loaded | BaseException:
    """_load_or_bug in a worker (a bug made picklable, for the parent), keeping the poster."""
    loaded = _load_or_bug(path, placeholders)
    if isinstance(loaded, Exception):
        return loaded if _picklable(loaded) else RuntimeError(f"{type(loaded).__name__}: {loaded}")
    if loaded.poster is not None:
        kept[loaded.poster.file] = loaded.poster
    return loaded


def _build(job: Job, opts: Output) -> tuple[list[tuple[str, Path]], Result]:
    """Make a job's files and write them under temporary names beside their places (pipeline.write_apart);
    those, and the job's Result once _in_place has put them in place (none, and a Result with diagnostics,
    when input problems stopped it, or a bug's Result). A stop signal while they are made raises at once
    (Stopped here, SystemExit in a worker). A stop recorded while they were made whose exception Python
    swallowed (raised inside a finalizer: pypdfium2 closes its objects in some), so that the job may have
    failed for it, abandons the job all the same: Stopped."""
    from .pipeline import write_apart

    try:
        with immediate_stop():
            files, result = _made(job, opts)
        if pending_stop() is not None:
            raise Stopped(pending_stop() or 0)
        try:
            return write_apart(files), result
        except PosterError as err:
            return [], Result(result.job_name, (), tuple(err.diagnostics))
    except Exception as exc:
        return [], Result(job.filename, (), bug=_bug_text(exc))


def _in_place(temps: list[tuple[str, Path]], result: Result) -> Result:
    """Put a job's temporary files in place together (pipeline.put_in_place) in the process that reports the
    job, so that a job reported built has its files in place and one not reported has none; the Result, or
    what stopped the renaming."""
    from .pipeline import put_in_place

    try:
        put_in_place(temps)
    except PosterError as err:
        return Result(result.job_name, (), tuple(err.diagnostics))
    return result


def _run_here(job: Job, opts: Output, freeze: bool) -> Result:
    """_build and _in_place in this process (a stop signal while the files are written waits until they are
    in place: the batch runs with stops deferred), then, if `freeze`, what the job left is frozen (see
    Batch.results)."""
    result = _in_place(*_build(job, opts))
    if freeze:
        gc.freeze()
    return result


def _ended(code: int | None) -> str:
    """How a worker process ended, from its exit code: "killed by SIGKILL", "ended by SIGTERM", "exit 1"."""
    def name(signum: int) -> str:
        try:
            return signal.Signals(signum).name
        except ValueError:
            return f"signal {signum}"

    if code is None:
        return "its pipe closed"
    if code < 0:
        return f"killed by {name(-code)}"
    if code > 128:  # _exit_worker's SystemExit, as a shell reports a signal
        return f"ended by {name(code - 128)}"
    return f"exit {code}"


def _bug_text(exc: BaseException) -> str:
    """What a Result says of a bug: its one-line description, then the traceback."""
    import traceback  # only when something went wrong: not imported at start-up

    return f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"


def _picklable(exc: BaseException) -> bool:
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return True


# ---- parent side -------------------------------------------------------------------------------------------

# A job for a worker that read its poster travels without the poster: the rest of Job's fields, by name.
_JOB_REST = tuple(f.name for f in fields(Job) if f.name != "poster")

# What Pool.answers gives for a worker that ended without answering.
_GONE = object()


@dataclass
class _Worker:
    process: Any  # multiprocessing.Process (BaseProcess, by context)
    conn: Connection
    # what it was sent and has not answered, oldest first (it answers in that order): job numbers, or while
    # it reads specs the first spec of each chunk
    held: deque[int] = field(default_factory=deque)
    kept: set[str] = field(default_factory=set)  # files of the posters it read (Pool.load) or was sent


class Pool:
    """This process and `workers - 1` worker processes, which first read specs (`load`) and then build their
    jobs (hand it to Batch): a large batch reads its specs in parallel instead of one after another before
    any poster is built. This process reads and builds its share between handing out work, so that `-j 2`
    is two processes on two cores, not three. Workers are forked after the fonts are read, so they share
    them; `close` (or the Batch it is given to) stops them."""

    def __init__(self, opts: Output, workers: int) -> None:
        import multiprocessing  # here, not at the top: a one-poster build never starts a pool

        self.opts = opts
        self.kept: set[str] = set()  # files of the posters this process read itself
        self.fork = "fork" in multiprocessing.get_all_start_methods()
        self.ctx: Any = multiprocessing.get_context("fork" if self.fork else "spawn")
        if self.fork:
            _warm()  # loaded before forking, so workers share the font data
        self.stop = self.ctx.RawValue("b", 0)  # set: workers leave the jobs they hold unbuilt
        self.workers: list[_Worker] = []
        for _ in range(workers - 1):
            try:
                self.workers.append(self._start())
            except OSError:  # no more processes can be started: fewer workers
                break

    def _start(self) -> _Worker:
        parent_conn, child_conn = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child_conn, self.opts, os.getpid(), not self.fork, self.stop),
                                daemon=True)
        # What exists before the fork (modules, fonts) is not garbage: frozen, the worker's collections leave it
        # alone, so its memory stays shared with this process instead of being copied as it is examined. Only
        # when nothing is frozen here (a batch, or a caller, that froze objects keeps them as they are).
        freeze = gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            proc.start()
        finally:
            if freeze:
                gc.unfreeze()  # only the worker keeps it frozen
        child_conn.close()
        return _Worker(proc, parent_conn)

    def replace(self, w: _Worker) -> _Worker | None:
        """A new worker in place of one that is gone; None, and one worker fewer, if no process can be
        started (this process and the other workers carry on)."""
        self.workers.remove(w)
        w.conn.close()
        try:
            new = self._start()
        except OSError:
            return None
        self.workers.append(new)
        return new

    def send(self, w: _Worker, msg: Any, held: int) -> bool:
        """Send a worker a message and note `held` as what it has to answer; False if it is gone."""
        try:
            w.conn.send(msg)
        except (OSError, ValueError):
            return False
        w.held.append(held)
        return True

    def answers(self, timeout: float | None) -> Iterator[tuple[_Worker, Any]]:
        """(worker, its answer to its oldest held message) for each worker holding something that has
        answered, or (worker, _GONE) if it has ended; waits up to `timeout` (None: until one does)."""
        from multiprocessing.connection import wait

        busy = {id(w.conn): w for w in self.workers if w.held}
        for ready in wait([w.conn for w in busy.values()], timeout) if busy else ():
            w = busy[id(ready)]  # wait() gives back the objects it was given
            try:
                answer = w.conn.recv()
            except (EOFError, OSError):
                answer = _GONE
            yield w, answer

    def load(self, paths: Sequence[Path], placeholders: int) -> Iterator[Loaded]:
        """`load_one` of each path, in the workers and here; yields in the order of `paths`. A bug raises
        where the spec that met it comes in that order, as if this process had read them one after another.

        Specs go out a few at a time, and each worker holds a second few while it reads the first, so that
        it never waits for this process, which reads a few itself between looking at their answers."""
        n = len(paths)
        size = max(1, min(LOAD_CHUNK, n // (4 * (len(self.workers) + 1))))
        chunks = deque(list(range(a, min(a + size, n))) for a in range(0, n, size))
        given: dict[int, list[int]] = {}  # by its first spec: a chunk sent to a worker and not answered
        done: dict[int, Loaded | BaseException] = {}
        shown = 0

        def here(chunk: list[int]) -> None:
            for i in chunk:
                answer = done[i] = _load_or_bug(paths[i], placeholders)
                if isinstance(answer, Loaded) and answer.poster is not None:
                    self.kept.add(answer.poster.file)

        def give(w: _Worker) -> None:
            while chunks and len(w.held) < LOAD_AHEAD:
                chunk = chunks.popleft()
                if not self.send(w, ("load", [(paths[i], placeholders) for i in chunk]), chunk[0]):
                    here(chunk)  # a worker gone: read them here
                    return
                given[chunk[0]] = chunk

        for w in list(self.workers):
            give(w)
        while shown < n:
            while shown in done:
                answer = done.pop(shown)
                shown += 1
                if isinstance(answer, BaseException):
                    raise answer
                yield answer
            if shown >= n:
                break
            for w, got in self.answers(0 if chunks else None):
                if got is _GONE:  # killed: read its specs here, carry on with a new worker
                    w.process.join(0.5)
                    for first in w.held:
                        here(given.pop(first))
                    w.held.clear()
                    new = self.replace(w)
                    if new is not None:
                        give(new)
                    continue
                for i, answer in zip(given.pop(w.held.popleft()), got):
                    if isinstance(answer, Loaded) and answer.poster is not None:
                        w.kept.add(answer.poster.file)
                    done[i] = answer
                give(w)
            if chunks:
                here(chunks.popleft())  # this process reads its share

    def close(self) -> None:
        """Stop the workers; nothing is left running afterwards. Idle workers are told to stop; busy ones
        (abandoned jobs) get SIGTERM, which removes their temporary files; any still there after a second
        is killed. Closing again does nothing."""
        workers, self.workers = self.workers, []
        for w in workers:
            try:
                if not w.held:
                    w.conn.send(None)
                elif w.process.is_alive():
                    w.process.terminate()
            except (OSError, ValueError):
                pass
        end = time.monotonic() + 1.0
        for w in workers:
            w.process.join(max(0.0, end - time.monotonic()))
        for w in workers:
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1.0)
            w.conn.close()


@dataclass
class Batch:
    """Runs jobs in this process alone (one worker or one job) or in this process and worker processes,
    yielding each Result.

    After a stop signal no job starts (workers answer the jobs they hold unbuilt); the job this process is
    building is abandoned at once, the workers' running jobs get GRACE_S to finish and are then abandoned
    (a stop signal sent to the workers as well ends theirs at once); an abandoned job's temporary files are
    removed. Afterwards `stopped_by` is the signal and `not_built` the jobs never finished. With `pool`
    (started to read the specs) its workers build the jobs; either way they are stopped at the end."""

    jobs: Sequence[Job]
    opts: Output
    workers: int
    stopped_by: int | None = None
    not_built: list[Job] = field(default_factory=list)
    pool: Pool | None = None

    def results(self) -> Iterator[Result]:
        """Each job's Result as it comes (in the order the jobs finish).

        What exists when the batch starts (fonts, posters) and what each job leaves (the caches of shaped
        words and drawn runs) lives until the batch ends, and a PDF job makes no garbage cycles (a PNG job
        leaves pypdfium2's buffer type, about 1 KB): frozen after each job (gc.freeze), it is not examined again
        by the cycle collections between jobs, which otherwise took 5% of a batch (a young-generation
        collection took 30-40 ms in a 500-spec batch), and unfrozen at the end. A caller that froze objects
        itself keeps its collector as it is: nothing is frozen or unfrozen then (Python cannot unfreeze only
        what it froze last)."""
        done: set[int] = set()
        freeze = gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            with deferred_stop():
                if self.workers <= 1 or len(self.jobs) <= 1:
                    if self.pool is not None:
                        self.pool.close()
                    yield from self._in_process(done, freeze)
                else:
                    yield from self._pool(done, freeze)
        except Stopped:
            pass  # raised for a signal recorded first: pending_stop()
        finally:
            if self.pool is not None:
                self.pool.close()
            self.stopped_by = pending_stop()
            self.not_built = [job for i, job in enumerate(self.jobs) if i not in done]
            if self.not_built:
                self._sweep(self.not_built)
            if freeze:
                gc.unfreeze()

    def _in_process(self, done: set[int], freeze: bool) -> Iterator[Result]:
        for i, job in enumerate(self.jobs):
            if pending_stop() is not None:
                return
            result = _run_here(job, self.opts, freeze)
            done.add(i)
            yield result

    def _pool(self, done: set[int], freeze: bool) -> Iterator[Result]:
        """The jobs in the pool's workers and in this process, which tops up the workers (one job each per
        round) between the jobs it builds itself, preferring for each process the jobs of posters it has."""
        pool = self.pool or Pool(self.opts, min(self.workers, len(self.jobs)))
        self.pool = pool
        workers = pool.workers
        queue = deque(range(len(self.jobs)))
        deadline: float | None = None

        def pick(kept: set[str]) -> int:
            """Take the first job within PICK_AHEAD whose poster is in `kept` from the queue, else the next one."""
            k = next((k for k, i in enumerate(itertools.islice(queue, PICK_AHEAD))
                      if self.jobs[i].poster.file in kept), 0)
            i = queue[k]
            del queue[k]
            return i

        def give(w: _Worker) -> bool:
            """One more job for a worker, if it holds fewer than its share: preferably one whose poster it has
            (then only the job's language and size travel), else one with its poster (which it keeps). A
            worker found gone while it held nothing is replaced (one that held jobs, by _lost)."""
            left = len(queue) + sum(len(x.held) for x in workers)
            if not queue or pending_stop() is not None or len(w.held) >= min(
                    JOBS_AHEAD, -(-left // (len(workers) + 1))):
                return False
            i = pick(w.kept)
            job = self.jobs[i]
            msg = (("kept", (job.poster.file, {name: getattr(job, name) for name in _JOB_REST}))
                   if job.poster.file in w.kept else ("build", job))
            if not pool.send(w, msg, i):
                queue.appendleft(i)
                if not w.held:  # gone while idle (a held job's end comes through the loop, as _lost)
                    pool.replace(w)
                return False
            w.kept.add(job.poster.file)
            return True

        def top_up() -> None:
            while True:  # rounds of one job per worker, while any takes one
                given = [give(w) for w in list(workers)]
                if not any(given):
                    return

        top_up()
        while True:
            if pending_stop() is not None:
                pool.stop.value = 1
                if deadline is None:
                    deadline = time.monotonic() + GRACE_S
                elif time.monotonic() > deadline:
                    yield from self._abandon(pool, done)
                    break
            mine = bool(queue) and pending_stop() is None  # a job for this process after the answers
            if not mine and not any(w.held for w in workers):
                break
            for w, answer in pool.answers(0 if mine else 0.1):
                if answer is _GONE:
                    idx, result = self._lost(w, pool, queue)
                else:  # its files written apart, or None: not built after a stop
                    idx, result = w.held.popleft(), None if answer is None else _in_place(*answer)
                if result is not None:
                    done.add(idx)
                    yield result
            top_up()
            if queue and pending_stop() is None:
                i = pick(pool.kept)
                try:
                    result = _run_here(self.jobs[i], self.opts, freeze)
                except Stopped:
                    continue  # abandoned (its temporary files removed); the workers' jobs get their grace
                done.add(i)
                yield result

    def _abandon(self, pool: Pool, done: set[int]) -> Iterator[Result]:
        """Past the grace after a stop: the busy workers get SIGTERM, which abandons their jobs (removing their
        temporary files). A worker already sending a job's answer finishes that first (see _worker_main):
        those answers are taken, and their files put in place, for up to a second, as the workers end."""
        for w in pool.workers:
            if w.held:
                with suppress(OSError):
                    w.process.terminate()
        end = time.monotonic() + 1.0
        while any(w.held for w in pool.workers) and time.monotonic() < end:
            for w, answer in pool.answers(max(0.0, end - time.monotonic())):
                if answer is _GONE:
                    w.held.clear()
                    continue
                idx = w.held.popleft()
                if answer is not None:
                    done.add(idx)
                    yield _in_place(*answer)

    def _lost(self, w: _Worker, pool: Pool, queue: deque[int]) -> tuple[int, Result | None]:
        """A worker ended without answering: stopped by a signal (its jobs are simply not built) or killed
        (the oldest job it held, which it was building, or had just answered when it died, is reported; the
        others go back to the front of the queue, and a new worker takes its place, if one can be
        started)."""
        idx, *rest = w.held
        w.held.clear()
        w.process.join(0.5)  # also gives a stop signal that ended it time to reach this process
        if pending_stop() is not None:
            return idx, None
        queue.extendleft(reversed(rest))
        code = w.process.exitcode
        pool.replace(w)
        job = self.jobs[idx]
        self._sweep([job])  # a killed process cannot remove its own temporary files
        return idx, Result(job.filename, (), (Diagnostic(
            f"{job.base} was not built: the process building it ended unexpectedly ({_ended(code)})",
            file=job.poster.file, hint="the computer may be short of memory: build fewer posters at once "
                                        "with -j 1, or a smaller size"),))

    def _sweep(self, jobs: Sequence[Job]) -> None:
        """Remove the temporary files of jobs that did not finish (a killed worker cannot remove its own)."""
        from .pipeline import temp_parts

        for part in temp_parts(target for job in jobs for target in targets(job, self.opts)):
            with suppress(OSError):
                part.unlink()
