"""Process-level: stop signals end a batch cleanly (exit code, summary, no temporary or half files), and workers
whose main process is killed end on their own."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import MINIMAL

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc as on Linux")

SPECS = 15  # x 2 languages = 30 jobs


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    for i in range(SPECS):
        (folder / f"s{i:02d}.yaml").write_text(MINIMAL, encoding="utf-8")
    return folder


def start(content: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "posters", "build", str(content), "-o", str(out), "--size", "A3",
         "--format", "pdf,png", "--dpi", "100", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def wait_for_first_output(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline()  # a job finished: the batch is running
    assert line.startswith("wrote "), line
    return line


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended; only its parent has to reap it


def assert_clean(out: Path) -> tuple[set[str], set[str]]:
    files = list(out.iterdir())
    assert not [f.name for f in files if f.name.endswith(".part")]
    pdfs = {f.name[:-4] for f in files if f.suffix == ".pdf"}
    pngs = {f.name[:-4] for f in files if f.suffix == ".png"}
    assert pdfs == pngs  # a PDF and its PNG together, or neither
    for f in files:
        if f.suffix == ".pdf":
            data = f.read_bytes()
            assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), f.name
    return pdfs, pngs


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_stop_signal_mid_batch(content, tmp_path, sig, code):
    out = tmp_path / "out"
    proc = start(content, out, "-j", "2")
    wait_for_first_output(proc)
    t0 = time.monotonic()
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=20)
    stopped_in = time.monotonic() - t0
    assert proc.returncode == code, stderr
    assert stopped_in < 4.0  # grace 0.8 s, then workers get a second; the rest is start-up noise on a busy machine
    lines = [ln for ln in stderr.splitlines() if ln.startswith("posters: stopped by")]
    assert len(lines) == 1, stderr
    m = re.match(rf"posters: stopped by {sig.name}: (\d+) of 30 built, (\d+) file\(s\) written to .*; not built "
                 r"\(their files in .* are unchanged\): (.*)$", lines[0])
    assert m, lines[0]
    built, files = int(m.group(1)), int(m.group(2))
    pdfs, _ = assert_clean(out)
    assert len(pdfs) == built and files == 2 * built
    assert 1 <= built < 30
    assert "Traceback" not in stderr
    not_built = m.group(3)
    assert all(name not in not_built.split(", ") for name in pdfs)


def test_workers_end_when_the_main_process_is_killed(content, tmp_path):
    out = tmp_path / "out"
    proc = start(content, out, "-j", "2")
    wait_for_first_output(proc)
    workers = children(proc.pid)
    assert workers, "the batch should run in worker processes"
    proc.kill()
    proc.wait(timeout=5)
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(alive(w) for w in workers)
    assert_clean(out)


def test_a_killed_worker_loses_at_most_its_own_poster(content, tmp_path):
    out = tmp_path / "out"
    proc = start(content, out, "-j", "2", "--lang", "en")  # 15 jobs: the rest of the batch runs to its end
    wait_for_first_output(proc)
    workers = children(proc.pid)
    assert workers
    os.kill(workers[0], signal.SIGKILL)  # as the kernel does when memory runs out
    stdout, stderr = proc.communicate(timeout=30)
    assert "Traceback" not in stderr
    summary = re.search(r"built (\d+) poster\(s\), (\d+) failed", stdout + stderr)
    assert summary, stderr
    built, failed = int(summary.group(1)), int(summary.group(2))
    assert built + failed == SPECS and failed <= 1
    assert proc.returncode == (1 if failed else 0)
    if failed:
        assert "ended unexpectedly (killed by SIGKILL)" in stderr and "hint:" in stderr
    pdfs, _ = assert_clean(out)
    assert len(pdfs) == built
