"""Benchmark: posters against Typst on the same poster text, start-up, and the content set at A5-A2.

    pip install -e '.[bench]'          # Typst's Python package, for the comparison
    python bench/run.py                # everything; the figures the README quotes
    python bench/run.py --no-batch     # only the comparison with Typst and the start-up figures
    python bench/run.py --jobs 2       # -j for the batch: posters builds at once (default: one per core)

The comparison runs in this process, on one core: the benchmark poster (bench/whatsapp-calls.hi-en.yaml,
Hindi, A3) with new text in every iteration (consonants and letters permuted, so no word repeats and no
cache helps), each iteration set once by posters (spec text to PDF bytes: YAML, validation, layout,
drawing, PDF) and once by Typst (markup to PDF bytes) with the same text and the same font files,
interleaved. The start-up and batch figures run separate `posters` processes, as a user would run them;
memory is the peak resident size the kernel reports for those processes.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SPEC = ROOT / "bench" / "whatsapp-calls.hi-en.yaml"
POSTERS = [sys.executable, "-m", "posters"]  # replaced by an installed copy in main() when one can be made
_LAUNCHER = "import sys\nfrom posters.__main__ import run\nif __name__ == \"__main__\":\n    sys.exit(run())\n"  # as pip's script (a spawned worker imports it)


def installed_posters(tmp: Path) -> tuple[list[str], str]:
    """The `posters` command as `pip install .` makes it, so processes are timed as users run them: a
    throwaway environment holding a regular (not editable) install of this checkout, whose other packages
    come from this environment. An editable install (`pip install -e`) adds an import hook that every
    Python process of its environment loads at start-up (about 8 ms), which users do not have.
    Returns the command and what it is; falls back to `python -m posters` here if pip cannot build."""
    import sysconfig
    import venv

    env = tmp / "installed"
    try:
        venv.EnvBuilder(with_pip=False).create(env)
        python = env / "bin" / "python"
        site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              check=True, capture_output=True, text=True).stdout.strip()
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                        "--target", site, str(ROOT)], check=True, capture_output=True)
        # this environment's packages, without running its .pth files (the editable hook)
        Path(site, "bench-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
        launcher = env / "posters-launcher.py"
        launcher.write_text(_LAUNCHER, "utf-8")
        return [str(python), str(launcher)], "an installed copy (pip install ., not editable)"
    except (OSError, subprocess.CalledProcessError) as exc:
        return [sys.executable, "-m", "posters"], f"python -m posters from this checkout ({exc})"

# -- new text for every iteration --------------------------------------------------------------------

_DEVANAGARI_CONSONANTS = [chr(c) for c in range(0x0915, 0x093A)]  # क .. ह
_LATIN = [chr(c) for c in range(ord("a"), ord("z") + 1)]
# keys whose values are names, numbers or addresses, not text: kept as written
_NOT_TEXT = {"id", "kind", "theme", "languages", "sizes", "number", "portal", "url", "icon", "priority", "style",
             "size", "formats"}


def _permutation(seed: int) -> dict[int, str]:
    """A random permutation of the Devanagari consonants and of the Latin letters (case kept): text stays
    well-formed (a vowel sign or virama still follows a consonant) and about as long, but its words are new."""
    rng = random.Random(seed)
    deva, latin = _DEVANAGARI_CONSONANTS[:], _LATIN[:]
    rng.shuffle(deva)
    rng.shuffle(latin)
    table = {ord(a): b for a, b in zip(_DEVANAGARI_CONSONANTS, deva)}
    table.update({ord(a): b for a, b in zip(_LATIN, latin)})
    table.update({ord(a.upper()): b.upper() for a, b in zip(_LATIN, latin)})
    return table


def _vary(node: Any, table: dict[int, str]) -> Any:
    if isinstance(node, dict):
        return {k: (v if k in _NOT_TEXT else _vary(v, table)) for k, v in node.items()}
    if isinstance(node, list):
        return [_vary(v, table) for v in node]
    return node.translate(table) if isinstance(node, str) else node


def variant(base: dict[str, Any], seed: int) -> dict[str, Any]:
    """The benchmark spec with new text (seed 0: the text as written)."""
    return base if seed == 0 else _vary(base, _permutation(seed))


# -- the same poster in Typst ---------------------------------------------------------------------------

def _typst_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _typst_text(text: str) -> str:
    """Spec text with **bold** spans as Typst code (strings, so no character is read as markup)."""
    parts = text.split("**")
    return "[" + "".join(f"#strong({_typst_str(p)})" if i % 2 else f"#{_typst_str(p)}"
                         for i, p in enumerate(parts) if p) + "]"


def typst_source(spec: dict[str, Any], lang: str = "hi") -> str:
    """A Typst document with the poster's text in the poster's fonts and a similar A3 layout: headline
    band, myth/fact cards, helpline box, sources."""
    from posters.languages import LANGUAGES
    from posters.text import short_url

    labels = LANGUAGES[lang].labels
    blocks = {b["kind"]: b for b in spec["blocks"]}
    out = ['#set page(paper: "a3", margin: 14mm)',
           f'#set text(font: ("Noto Sans Devanagari",), lang: "{lang}", size: 20pt)',
           "#set par(leading: 0.6em)",
           '#block(width: 100%, fill: rgb("#d33b34"), inset: 16pt, radius: 0pt, align(center, '
           f'text(font: "Baloo 2", weight: 800, size: 50pt, fill: white, {_typst_text(blocks["headline"]["text"][lang])})))']
    for pair in blocks["mythfact"]["pairs"]:
        out.append('#block(width: 100%, fill: rgb("#fcf0d9"), inset: 12pt, radius: 6pt, grid(columns: (auto, 1fr), '
                   'column-gutter: 10pt, row-gutter: 8pt, '
                   f'box(fill: rgb("#d33b34"), inset: 5pt, radius: 4pt, text(weight: 700, fill: white, {_typst_str(labels["myth"])})), '
                   f'text(fill: rgb("#696867"), {_typst_text(pair["myth"][lang])}), '
                   f'box(fill: rgb("#0b9445"), inset: 5pt, radius: 4pt, text(weight: 700, fill: white, {_typst_str(labels["fact"])})), '
                   f'text(weight: 700, {_typst_text(pair["fact"][lang])})))')
    h = blocks["helpline"]
    out.append('#block(width: 100%, fill: rgb("#1f3a6e"), inset: 14pt, radius: 6pt, align(center, stack(spacing: 8pt, '
               f'text(weight: 700, size: 21pt, fill: white, {_typst_text(h["label"][lang])}), '
               f'text(font: "Baloo 2", weight: 800, size: 70pt, fill: rgb("#ffd24a"), {_typst_str(h["number"])}), '
               f'text(weight: 700, size: 32pt, fill: white, {_typst_str(short_url(h["portal"]))}), '
               f'text(fill: white, {_typst_text(h["note"][lang])}))))')
    f = blocks["footer"]
    sources = "; ".join(f"{s['name'][lang]} ({short_url(s['url'])})" for s in f["sources"])
    out.append(f'#text(size: 10pt, fill: rgb("#696867"), {_typst_str(labels["sources"] + ": " + sources)})')
    out.append(f'#text(size: 12pt, weight: 700, {_typst_text(f["organisation"][lang])})')
    return "\n".join(out) + "\n"


def compare_with_typst(iterations: int) -> list[tuple[str, str, str]]:
    """Paired, interleaved timings on one core: posters and Typst each set every variant once."""
    cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {max(cores)})  # one core, for both
    try:
        return _compare(iterations)
    finally:
        os.sched_setaffinity(0, cores)


def _compare(iterations: int) -> list[tuple[str, str, str]]:
    import typst

    from posters.geometry import parse_size
    from posters.pipeline import render_pdf
    from posters.spec.load import load_text
    from posters.spec.validate import validate

    base = yaml.safe_load(SPEC.read_text("utf-8"))
    a3 = parse_size("A3")
    compiler = typst.Compiler(font_paths=[str(ROOT / "fonts")], ignore_system_fonts=True)

    def ours(spec_text: str) -> bytes:
        poster = validate(load_text(spec_text, str(SPEC)), str(SPEC), SPEC.stem)
        return render_pdf(poster, "hi", a3)

    def theirs(source: str) -> bytes:
        data = compiler.compile(input=source.encode("utf-8"), format="pdf")
        assert isinstance(data, bytes)  # one PDF, not a list of page images
        return data

    warm = 10
    specs = [variant(base, seed) for seed in range(1, iterations + warm + 1)]
    spec_texts = [yaml.safe_dump(s, allow_unicode=True, sort_keys=False) for s in specs]
    sources = [typst_source(s) for s in specs]
    for t, src in zip(spec_texts[:warm], sources[:warm]):
        ours(t)
        theirs(src)
    ours_ms: list[float] = []
    theirs_ms: list[float] = []
    ours_bytes: list[int] = []
    theirs_bytes: list[int] = []
    for i, (t, src) in enumerate(zip(spec_texts[warm:], sources[warm:])):
        for who in ((0, 1) if i % 2 == 0 else (1, 0)):  # alternate which goes first
            start = time.perf_counter()
            data = ours(t) if who == 0 else theirs(src)
            ms = (time.perf_counter() - start) * 1000
            (ours_ms if who == 0 else theirs_ms).append(ms)
            (ours_bytes if who == 0 else theirs_bytes).append(len(data))
    # the same poster again: the first timed variant, repeated
    again_ours = statistics.median(_timed(ours, spec_texts[warm]) for _ in range(30))
    again_theirs = statistics.median(_timed(theirs, sources[warm]) for _ in range(30))
    # the text as written (seed 0): the poster the README shows
    real_ours, real_theirs = len(ours(yaml.safe_dump(base, allow_unicode=True, sort_keys=False))), len(theirs(typst_source(base)))
    o, t_ = statistics.median(ours_ms), statistics.median(theirs_ms)
    return [
        (f"new poster, ms (median of {iterations}, one core)", f"{o:.2f}", f"{t_:.2f}"),
        ("posters / Typst, time", f"{o / t_:.2f}x", ""),
        ("same poster again, ms", f"{again_ours:.2f}", f"{again_theirs:.2f}"),
        ("PDF bytes, new text (median)", f"{statistics.median(ours_bytes):.0f}", f"{statistics.median(theirs_bytes):.0f}"),
        ("PDF bytes, the text as written", f"{real_ours}", f"{real_theirs}"),
    ]


def _timed(fn: Any, arg: str) -> float:
    start = time.perf_counter()
    fn(arg)
    return (time.perf_counter() - start) * 1000


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
    if sample is None:
        proc.wait()  # no polling: a 20 ms poll would round short runs up by as much
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


def _typst_process_s(tmp: Path, n: int) -> list[float]:
    """A fresh Python process that imports Typst and sets the benchmark poster (the posters process's peer):
    the times of `n` runs."""
    src = tmp / "poster.typ"
    src.write_text(typst_source(yaml.safe_load(SPEC.read_text("utf-8"))), "utf-8")
    code = (f"import typst; typst.compile({str(src)!r}, output={str(tmp / 'typst.pdf')!r}, "
            f"font_paths=[{str(ROOT / 'fonts')!r}], ignore_system_fonts=True)")
    times = []
    for _ in range(n):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--repeat", type=int, default=3, help="batch runs to take the median of")
    ap.add_argument("--iterations", type=int, default=200, help="new posters in the comparison with Typst")
    ap.add_argument("--no-batch", action="store_true", help="skip the content set at A5-A2")
    a = ap.parse_args()
    # an installed package has its bytecode compiled; a source checkout may not (PYTHONDONTWRITEBYTECODE)
    compileall.compile_dir(str(ROOT / "posters"), quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="posters-bench-"))
    try:
        print(f"machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores usable, "
              f"Python {platform.python_version()}, {platform.system()} {platform.release()}, "
              f"load average {os.getloadavg()[0]:.2f}")
        global POSTERS
        POSTERS, how = installed_posters(tmp)
        print(f"posters processes: {how}")
        help_s = median_time(["--help"], 11)
        one = ["build", str(SPEC), "--lang", "hi", "--size", "A3", "-o", str(tmp / "one"), "-q"]
        run(one)
        one_times = [run(one) for _ in range(11)]
        import importlib.util

        have_typst = importlib.util.find_spec("typst") is not None
        rows = compare_with_typst(a.iterations) if have_typst else []
        # before Typst's process runs, so the memory figures are posters' alone
        batch_report = "" if a.no_batch else batch(a, tmp)
        print()
        print(f"{'benchmark poster, Hindi A3':<48} {'posters':>9} {'Typst':>9}")
        for name, ours, theirs in rows:
            print(f"{name:<48} {ours:>9} {theirs:>9}")
        typst_times = _typst_process_s(tmp, 11) if rows else []
        # the median, and the fastest run: what the process costs when nothing else on the machine interferes
        for name, pick in (("median", statistics.median), ("fastest", min)):
            typst_one = f"{pick(typst_times) * 1000:>9.0f}" if typst_times else ""
            print(f"{f'one-poster process, ms (wall, {name} of 11)':<48} {pick(one_times) * 1000:>9.0f} {typst_one}")
        print(f"{'posters --help, ms':<48} {help_s * 1000:>9.0f}")
        if not rows:
            print("(Typst is not installed: pip install -e '.[bench]' for the comparison)")
        if batch_report:
            print()
            print(batch_report)
        if not a.no_batch:
            print()
            print(scaling(tmp, a.repeat))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def batch(a: argparse.Namespace, tmp: Path) -> str:
    """The content set at A5-A2 and at A3, as separate `posters build` processes: the report."""
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

    lines = [f"{'figure':<56} {'value':>8}  target"]
    batch_rows = [
        ("batch A5+A4+A3+A2: posters", f"{n_all}", ""),
        ("batch A5+A4+A3+A2: ms per poster (wall)", f"{all_s / n_all * 1000:.1f}", ""),
        ("batch A5+A4+A3+A2: posters per second", f"{n_all / all_s:.1f}", ""),
        ("A3 in a batch: ms per poster (marginal)", f"{a3_batch_ms:.1f}", "<= 15"),
        (f"batch A3 only ({n_a3}): ms per poster (wall, start-up incl.)", f"{once / n_a3 * 1000:.1f}", ""),
        ("peak memory, whole batch, sum of PSS (MB)", f"{max(pss) / 1024:.0f}", "<= 200"),
        ("peak memory, largest single process RSS (MB)", f"{peak_rss_kb / 1024:.0f}", ""),
        ("A3 PDF size, largest (KB)", f"{a3_sizes[-1] / 1024:.0f}", "<= 60"),
        ("A3 PDF size, median (KB)", f"{statistics.median(a3_sizes) / 1024:.0f}", ""),
    ]
    lines += [f"{name:<56} {value:>8}  {target}" for name, value, target in batch_rows]
    lines.append(f"\n-j {a.jobs} (the posters process and {a.jobs - 1} worker process(es)); times are medians of "
                 f"{a.repeat} runs, each a fresh `posters` process (start-up included)")
    return "\n".join(lines)



# -- a batch of many specs on one core and on two --------------------------------------------------------

_SCALING_SPECS = 500


def _one_language(node: Any, lang: str) -> Any:
    """The spec with every text reduced to `lang`'s (a mapping whose keys are all language codes)."""
    from posters.languages import LANGUAGES

    if isinstance(node, dict):
        if node and node.keys() <= LANGUAGES.keys():
            return {lang: node[lang]} if lang in node else node
        return {k: _one_language(v, lang) for k, v in node.items()}
    if isinstance(node, list):
        return [_one_language(v, lang) for v in node]
    return node


def _permutation_all_scripts(seed: int) -> dict[int, str]:
    """`_permutation`, and the consonants of each other Indic script permuted too (within the letters the
    script has), so no text repeats between the specs in any language."""
    import unicodedata

    rng = random.Random(seed)
    table = _permutation(seed)
    for block in range(0x0980, 0x0D80, 0x80):  # Bengali .. Malayalam; Devanagari is in _permutation
        letters = [chr(c) for c in range(block + 0x15, block + 0x3A)
                   if unicodedata.category(chr(c)) == "Lo" and " LETTER " in unicodedata.name(chr(c), "")]
        shuffled = letters[:]
        rng.shuffle(shuffled)
        table.update({ord(a): b for a, b in zip(letters, shuffled)})
    return table


def scaling_specs(folder: Path, n: int = _SCALING_SPECS) -> None:
    """`n` distinct specs in `folder`: copies of content/*.yaml, each with its own id, new text (the consonants
    of every script permuted, as in the comparison with Typst), one language and one size."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = [yaml.safe_load(p.read_text("utf-8")) for p in sorted(CONTENT.glob("*.yaml"))]
    for i in range(n):
        base = bases[i % len(bases)]
        spec = _vary(base, _permutation_all_scripts(i + 1))
        lang = base["languages"][(i // len(bases)) % len(base["languages"])]
        spec.update(id=f"{base['id']}-{i}", languages=[lang], sizes=[["A4", "A3"][(i // 3) % 2]])
        spec.pop("review", None)
        spec = _one_language(spec, lang)
        (folder / f"{spec['id']}.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False),
                                                   "utf-8")


def _run_together(arg_lists: list[list[str]]) -> float:
    """Wall time of several `posters` processes started together, until the last one ends."""
    start = time.perf_counter()
    procs = [subprocess.Popen(POSTERS + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for args in arg_lists]
    codes = [p.wait() for p in procs]
    if any(codes):
        raise SystemExit(f"posters failed with exit codes {codes}")
    return time.perf_counter() - start


def scaling(tmp: Path, repeat: int) -> str:
    """`posters build` of 500 distinct specs with -j 1 and with -j 2 (wall time, median of `repeat` runs,
    interleaved); the lines: -j 2 vs -j 1 on 500 specs: ratio, and what this machine allows: two
    independent `-j 1` processes, each building half of the specs into the same folder at the same time,
    against -j 1 on all (no process talks to another: what two cores give this work here, start-up
    included)."""
    if len(os.sched_getaffinity(0)) < 2:
        return "-j 2 vs -j 1 on 500 specs: (needs 2 usable cores)"
    specs = tmp / "scaling"
    scaling_specs(specs)
    halves = [tmp / "scaling-a", tmp / "scaling-b"]
    for i, spec in enumerate(sorted(specs.glob("*.yaml"))):  # alternate files: both halves hold every kind
        halves[i % 2].mkdir(exist_ok=True)
        shutil.copy(spec, halves[i % 2] / spec.name)
    out = tmp / "scaling-out"  # one folder for all: the halves write where -j 2 writes (two folders are 2 to 5%
    # faster on ext4, where creating, syncing and renaming files in one folder makes the processes wait on each other)
    times: dict[str, list[float]] = {"1": [], "2": [], "halves": []}
    for _ in range(repeat):
        for jobs in ("1", "2", "halves"):
            shutil.rmtree(out, ignore_errors=True)
            if jobs == "halves":
                times[jobs].append(_run_together([["build", str(h), "-o", str(out), "-q", "-j", "1"] for h in halves]))
            else:
                times[jobs].append(run(["build", str(specs), "-o", str(out), "-q", "-j", jobs]))
    one, two, apart = (statistics.median(times[k]) for k in ("1", "2", "halves"))
    return (f"-j 2 vs -j 1 on {_SCALING_SPECS} specs: {one / two:.2f}  (-j 1 {one:.2f} s, -j 2 {two:.2f} s, "
            f"median of {repeat}; target >= 1.8)\n"
            f"two -j 1 processes on half each, together, one folder, vs -j 1 on all: {one / apart:.2f}  ({apart:.2f} s; "
            "what two cores give this work on this machine)")


if __name__ == "__main__":
    main()
