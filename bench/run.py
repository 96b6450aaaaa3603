"""Benchmark: build the content set at A5, A4, A3 and A2 and print the figures the README quotes.

    python bench/run.py            # uses the installed `posters` command
    python bench/run.py --jobs 2   # worker processes for the batch (default: one per core)

Everything runs as separate `posters` processes, as a user would run them, and is timed with the
standard library; memory is the peak resident size the kernel reports for those processes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
POSTERS = [sys.executable, "-m", "posters.cli"]


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages split between the processes sharing them, so the sum over
    a process tree is the memory the batch really uses."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(args: list[str], sample: list[int] | None = None) -> float:
    """Run `posters ARGS`; with `sample`, append the process tree's total PSS (KiB) every 20 ms."""
    start = time.perf_counter()
    proc = subprocess.Popen(POSTERS + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None:
        if sample is not None:
            tree, todo = [], [proc.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo += _children(pid)
            sample.append(sum(_pss_kb(p) for p in tree))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(f"posters {' '.join(args)} failed with exit code {proc.returncode}")
    return elapsed


def median_time(args: list[str], n: int) -> float:
    return statistics.median(run(args) for _ in range(n))


def count_outputs(folder: Path) -> int:
    return len(list(folder.glob("*.pdf")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--repeat", type=int, default=3, help="batch runs to take the median of")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="posters-bench-"))
    try:
        print(f"machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores usable, "
              f"Python {platform.python_version()}, {platform.system()} {platform.release()}")
        help_s = median_time(["--help"], 11)
        cold_s = median_time(["build", str(CONTENT / "whatsapp-calls.yaml"), "--lang", "hi", "--size", "A3",
                              "-o", str(tmp / "cold"), "-q"], 7)

        sizes = ["A5", "A4", "A3", "A2"]
        batch_args = ["build", str(CONTENT), "-o", str(tmp / "all"), "-q", "-j", str(a.jobs)]
        for s in sizes:
            batch_args += ["--size", s]
        run(batch_args)  # warm the disk cache
        n_all = count_outputs(tmp / "all")
        pss: list[int] = []
        all_s = statistics.median(run(batch_args, pss) for _ in range(a.repeat))

        # A3 in a batch: the marginal cost of A3 posters once the batch is running, i.e. the time
        # of building the set at A3 twice (as A3 and as 297x420mm) minus building it once
        a3_args = ["build", str(CONTENT), "-o", str(tmp / "a3"), "-q", "-j", str(a.jobs), "--size", "A3"]
        run(a3_args)
        n_a3 = count_outputs(tmp / "a3")
        once = statistics.median(run(a3_args) for _ in range(a.repeat))
        twice = statistics.median(run([*a3_args, "--size", "297x420mm"]) for _ in range(a.repeat))
        a3_batch_ms = (twice - once) / n_a3 * 1000
        a3_sizes = sorted(p.stat().st_size for p in (tmp / "a3").glob("*.pdf"))
        peak_rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux

        print()
        print(f"{'figure':<56} {'value':>8}  target")
        rows = [
            ("batch A5+A4+A3+A2: posters", f"{n_all}", ""),
            ("batch A5+A4+A3+A2: ms per poster (wall)", f"{all_s / n_all * 1000:.1f}", ""),
            ("batch A5+A4+A3+A2: posters per second", f"{n_all / all_s:.1f}", ""),
            ("A3 in a batch: ms per poster (marginal)", f"{a3_batch_ms:.1f}", "<= 15"),
            (f"batch A3 only ({n_a3}): ms per poster (wall, start-up incl.)", f"{once / n_a3 * 1000:.1f}", ""),
            ("cold one-poster build, A3 (s)", f"{cold_s:.3f}", "<= 0.5"),
            ("posters --help (s)", f"{help_s:.3f}", "<= 0.15"),
            ("peak memory, whole batch, sum of PSS (MB)", f"{max(pss) / 1024:.0f}", "<= 200"),
            ("peak memory, largest single process RSS (MB)", f"{peak_rss_kb / 1024:.0f}", ""),
            ("A3 PDF size, largest (KB)", f"{a3_sizes[-1] / 1024:.0f}", "<= 60"),
            ("A3 PDF size, median (KB)", f"{statistics.median(a3_sizes) / 1024:.0f}", ""),
        ]
        for name, value, target in rows:
            print(f"{name:<56} {value:>8}  {target}")
        print(f"\nworker processes: {a.jobs}; times are medians of {a.repeat} runs, each a fresh `posters` process "
              "(start-up included)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
