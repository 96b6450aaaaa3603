"""The `posters` command through click's CliRunner: names, exit codes, messages, no tracebacks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from posters.cli import main

from .conftest import CONTENT, MINIMAL


@pytest.fixture
def run(tmp_path):
    def _run(*args):
        runner = CliRunner()
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return _run


def test_help_has_examples(run):
    for cmd in ([], ["build"], ["check"], ["preview"], ["handout"], ["new"], ["watch"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output


def test_build_names_files_by_spec_language_size(run, write_spec, tmp_path):
    spec = write_spec(MINIMAL, "my-poster.yaml")
    out = tmp_path / "out"
    result = run("build", spec, "-o", out, "--size", "A3", "--size", "210x210mm")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["my-poster.en.210x210mm.pdf", "my-poster.en.a3.pdf",
                     "my-poster.hi.210x210mm.pdf", "my-poster.hi.a3.pdf"]
    assert all((out / n).read_bytes().startswith(b"%PDF-") for n in names)
    assert "built 4 poster(s), 0 failed" in result.output


def test_build_one_language_from_a_folder(run, tmp_path):
    out = tmp_path / "out"
    result = run("build", CONTENT, "-o", out, "--lang", "hi", "--size", "a4")
    assert result.exit_code == 0, result.output
    expected = {f"{p.stem}.hi.a4.pdf" for p in CONTENT.glob("*.yaml")}
    assert {p.name for p in out.iterdir()} == expected


def test_build_defaults_to_content_and_out(run, tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("build", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.en.a4.pdf").is_file()


def test_bad_spec_is_reported_and_the_good_one_still_builds(run, tmp_path):
    src = tmp_path / "specs"
    src.mkdir()
    (src / "good.yaml").write_text(MINIMAL, encoding="utf-8")
    (src / "bad.yaml").write_text(MINIMAL.replace("kind: text", "kind: txet"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "bad.hi.a4.pdf"
    keep.write_bytes(b"an older file the user has")
    result = run("build", src, "-o", out)
    assert result.exit_code == 1
    assert "bad.yaml:6:11: error: unknown block kind 'txet'" in result.output
    assert "hint: did you mean 'text'?" in result.output
    assert "Traceback" not in result.output
    assert (out / "good.hi.a4.pdf").is_file() and (out / "good.en.a4.pdf").is_file()
    assert keep.read_bytes() == b"an older file the user has"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary leftovers


def test_check_writes_nothing(run, write_spec, tmp_path, monkeypatch):
    spec = write_spec(MINIMAL)
    monkeypatch.chdir(tmp_path)
    before = set(os.listdir(tmp_path))
    result = run("check", spec, "--size", "A5")
    assert result.exit_code == 0, result.output
    assert "ok" in result.output
    assert set(os.listdir(tmp_path)) == before


def test_check_reports_fit_and_font_problems(run, write_spec):
    spec = write_spec(MINIMAL.replace("The other person", "The ☃ person"))
    result = run("check", spec)
    assert result.exit_code == 1
    assert "poster.yaml:7:" in result.output and "U+2603" in result.output


def test_unknown_size_is_a_usage_error(run, write_spec):
    result = run("build", write_spec(MINIMAL), "--size", "B7")
    assert result.exit_code == 2
    assert "unknown page size" in result.output


def test_missing_path(run, tmp_path):
    result = run("check", tmp_path / "nope.yaml")
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_preview_writes_png_of_requested_size(run, write_spec, tmp_path):
    png = tmp_path / "p.png"
    result = run("preview", write_spec(MINIMAL), "--lang", "en", "--size", "A4", "-o", png, "--dpi", "36")
    assert result.exit_code == 0, result.output
    from PIL import Image

    with Image.open(png) as im:
        assert im.size == (round(210 / 25.4 * 36), round(297 / 25.4 * 36))


def test_unexpected_error_exits_3_without_traceback(run, write_spec, monkeypatch):
    import posters.pipeline

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(posters.pipeline, "render_poster", boom)
    result = run("build", write_spec(MINIMAL))
    assert result.exit_code == 3
    assert "This is a bug" in result.output and "Traceback" not in result.output
    result = run("--debug", "build", write_spec(MINIMAL))
    assert result.exit_code == 3 and "Traceback" in result.output


def test_unwritable_output_is_an_input_error_not_a_bug(run, write_spec, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("build", write_spec(MINIMAL), "-o", blocker / "sub")
    assert result.exit_code == 1
    assert "cannot write" in result.output and "Traceback" not in result.output
    assert blocker.read_text() == "not a folder"


def test_build_notes_translations_awaiting_review(run, write_spec, tmp_path):
    spec = write_spec(MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\nreview: {hi: check the verbs}"))
    result = run("build", spec, "-o", tmp_path / "o")
    assert result.exit_code == 0
    assert "note: the hi text awaits review: check the verbs" in result.output
    result = run("build", spec, "-o", tmp_path / "o", "--lang", "en")
    assert "awaits review" not in result.output


def test_parallel_batch_builds_everything_once(run, tmp_path):
    out = tmp_path / "o"
    result = run("build", CONTENT, "-o", out, "--size", "A5", "--lang", "en", "-j", "2")
    assert result.exit_code == 0, result.output
    expected = sorted(f"{p.stem}.en.a5.pdf" for p in CONTENT.glob("*.yaml"))
    assert sorted(p.name for p in out.iterdir()) == expected
    assert f"built {len(expected)} poster(s), 0 failed" in result.output


def test_help_and_check_do_not_load_the_pdf_stack(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from posters.cli import main\n"
        "r = CliRunner().invoke(main, ['--help'])\n"
        "assert r.exit_code == 0\n"
        "heavy = ('reportlab', 'pypdfium2', 'PIL', 'uharfbuzz')\n"
        "print('help', sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
        "r = CliRunner().invoke(main, ['check', sys.argv[1]])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('check', sorted({m.split('.')[0] for m in sys.modules if m.startswith(heavy)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(CONTENT / "whatsapp-calls.yaml")], check=True,
                         capture_output=True, text=True).stdout
    assert "help []" in out
    assert "check ['uharfbuzz']" in out  # shaping is needed to check that text fits; PDF and PNG are not


# What the `posters` process (python -m posters, pip's script) reports when it ends: the deferred modules it
# imported that have not run, and those imported before posters could defer them.
_DEFERRED_REPORT = """\
import os, sys, types
from posters.deferred import DEFERRED
before = {n for n in DEFERRED if n in sys.modules}
real_exit = os._exit
def report(code):
    waiting = sorted(n for n in DEFERRED if n in sys.modules and type(sys.modules[n]) is not types.ModuleType)
    print("waiting", *waiting, "before", *sorted(before))
    sys.stdout.flush()
    real_exit(code)
os._exit = report
sys.argv = ["posters", *sys.argv[1:]]
from posters.__main__ import run
run()
"""


def _waiting(*args: object) -> tuple[set[str], set[str]]:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _DEFERRED_REPORT, *map(str, args)], check=True, capture_output=True,
                         text=True).stdout.split()
    i = out.index("before")
    return set(out[1:i]), set(out[i + 1:])


def test_the_command_runs_pillow_only_for_a_poster_that_needs_it_and_then_as_usual(run, write_spec, tmp_path):
    """The `posters` process defers Pillow's PIL.Image (ReportLab imports it for every document) and standard
    modules a build may not use: a poster without pictures never runs them, and one with a logo and a PNG gets
    the same files as when everything runs at import (as in this process)."""
    from PIL import Image

    from posters.deferred import DEFERRED

    Image.new("RGBA", (60, 30), (200, 30, 30, 255)).save(tmp_path / "logo.png")
    plain = write_spec(MINIMAL, "plain.yaml")
    logo = write_spec(MINIMAL + "  - kind: footer\n    sources: [{name: {hi: स्रोत, en: Source}}]\n"
                      "    logo: logo.png\n", "logo.yaml")
    lazy = tmp_path / "lazy"
    waiting, before = _waiting("build", plain, "-o", lazy, "--lang", "en", "--size", "A5", "-q")
    assert waiting == DEFERRED - before and "PIL.Image" in waiting  # imported, never run
    waiting, _ = _waiting("build", logo, "-o", lazy, "--lang", "en", "--size", "A5", "--format", "pdf,png", "-q")
    assert "PIL.Image" not in waiting
    eager = tmp_path / "eager"
    result = run("build", logo, "-o", eager, "--lang", "en", "--size", "A5", "--format", "pdf,png", "-q")
    assert result.exit_code == 0, result.output
    names = ["logo.en.a5.pdf", "logo.en.a5.png"]
    assert sorted(p.name for p in eager.iterdir()) == names
    for name in names:
        assert (lazy / name).read_bytes() == (eager / name).read_bytes(), name


def test_importing_posters_as_a_library_defers_nothing():
    """Only the `posters` process defers modules: a library caller may render from several threads, and a
    deferred module is not safe to run for the first time from two threads at once."""
    import subprocess
    import sys

    code = "import sys, posters.cli, posters.pipeline; print(any(getattr(f, 'posters_deferring', False) for f in sys.meta_path))"
    assert subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split() == ["False"]


def test_deferring_twice_installs_one_finder():
    """Even from a reloaded copy of the module: a second finder would look itself up without end."""
    import subprocess
    import sys

    code = ("import importlib, sys, posters.deferred as d; d.defer(); importlib.reload(d); d.defer(); import textwrap; "
            "textwrap.dedent('  x'); print(sum(getattr(f, 'posters_deferring', False) for f in sys.meta_path))")
    assert subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split() == ["1"]


# ---- every --help example runs ----------------------------------------------------------------------------------

COMMANDS = ["build", "check", "preview", "handout", "new", "watch"]


def help_examples() -> list[str]:
    found = []
    for cmd in [None, *COMMANDS]:
        text = CliRunner().invoke(main, ([cmd] if cmd else []) + ["--help"]).output
        lines = text.splitlines()
        start = next(i for i, ln in enumerate(lines) if ln.strip().startswith("Example"))
        for ln in lines[start + 1:]:
            if not ln.strip().startswith("posters "):
                break
            found.append(ln.split("#")[0].strip())
    return found


def test_every_command_has_examples():
    examples = help_examples()
    for cmd in COMMANDS:
        assert any(e.split()[1] == cmd for e in examples), cmd


@pytest.mark.parametrize("example", help_examples())
def test_help_example_runs(example, tmp_path, monkeypatch):
    import shlex
    import shutil

    args = shlex.split(example)[1:]
    (tmp_path / "content").mkdir()
    named = [Path(a).name for a in args if a.startswith("content/") and a.endswith(".yaml")]
    for name in named:
        shutil.copy(CONTENT / name, tmp_path / "content" / name)
    if not named:  # a whole-folder example runs on one short two-language spec, to stay fast
        (tmp_path / "content" / "poster.yaml").write_text(MINIMAL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    if args[0] == "watch":  # runs until stopped: start it, see it build, stop it
        import signal
        import subprocess
        import sys

        proc = subprocess.Popen([sys.executable, "-m", "posters", *args], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        assert proc.stdout is not None
        output = []
        for line in proc.stdout:
            output.append(line)
            if line.startswith("watching"):
                proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0, "".join(output)
        assert any(ln.startswith("built 1 poster(s), 0 failed") for ln in output), "".join(output)
        return
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, f"{example}\n{result.output}"


# ---- usage errors (exit 2) ----------------------------------------------------------------------------------------

USAGE_ERRORS = [
    (("preview", "{spec}", "--lang", "hi", "--lang", "en"), "--lang is given more than once"),
    (("preview", "{spec}", "--size", "A4", "--size", "A3"), "--size is given more than once"),
    (("preview", "{spec}", "-o", "x.pdf"), "does not end in .png"),
    (("preview", "{spec}", "-o", "x"), "does not end in .png"),
    (("preview", "{spec}", "--dpi", "600", "--size", "A1"), "megapixels"),
    (("build", "{spec}", "-o", "a", "-o", "b"), "-o/--out is given more than once"),
    (("build", "{spec}", "--profile", "office", "--profile", "press"), "--profile is given more than once"),
    (("build", "{spec}", "--dpi", "100", "--dpi", "200"), "--dpi is given more than once"),
    (("build", "{spec}", "--dpi", "600", "--size", "A1", "--format", "png"), "--dpi 359 or lower"),
    (("build", "{spec}", "--size", "B7"), "unknown page size"),
    (("build", "{spec}", "--size", "३००x४००mm"), "ASCII digits"),
    (("build", "{spec}", "--lang", "xx"), "unknown language"),
    (("build", "{spec}", "--format", "gif"), "use pdf, png or pdf,png"),
    (("build", "{spec}", "-j", "0"), "-j"),
    (("build", "{spec}", "--dpi", "5"), "--dpi"),
    (("handout", "{spec}", "--up", "2", "--up", "4"), "--up is given more than once"),
    (("handout", "{spec}", "--up", "3"), "--up"),
    (("handout", "{spec}"), "--up"),
    (("check", "{spec}", "--size", "huge"), "unknown page size"),
    (("new", "x", "--kind", "leaflet"), "--kind"),
    (("new", "x", "--kind", "poster", "--kind", "handout"), "--kind is given more than once"),
    (("watch", "{spec}", "-o", "a", "-o", "b"), "-o/--out is given more than once"),
    (("build", "{spec}", "--bogus"), "No such option"),
    (("frobnicate",), "No such command"),
]


@pytest.mark.parametrize("args, message", USAGE_ERRORS, ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_exit_2(args, message, run, write_spec, tmp_path, monkeypatch):
    spec = write_spec(MINIMAL)
    monkeypatch.chdir(tmp_path)
    result = run(*[a.replace("{spec}", str(spec)) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["poster.yaml"]  # nothing written


@pytest.mark.parametrize("value", ["1e20", "-1", "12.5", "१२३", "253402300800", "99999999999999999999", "abc"])
def test_bad_source_date_epoch_is_one_usage_error(value, write_spec, tmp_path):
    result = CliRunner().invoke(main, ["build", str(write_spec(MINIMAL)), "-o", str(tmp_path / "o")],
                                env={"SOURCE_DATE_EPOCH": value})
    assert result.exit_code == 2, result.output
    assert result.output.count("SOURCE_DATE_EPOCH") == 1
    assert not (tmp_path / "o").exists()


def test_good_source_date_epoch_builds(write_spec, tmp_path):
    result = CliRunner().invoke(main, ["build", str(write_spec(MINIMAL)), "-o", str(tmp_path / "o"), "--size", "A5"],
                                env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.exit_code == 0, result.output


def test_every_package_is_installed():
    """`pip install .` and `pipx install .` (not editable) install only the packages pyproject.toml lists."""
    tomllib = pytest.importorskip("tomllib")
    root = CONTENT.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {".".join(p.parent.relative_to(root).parts) for p in (root / "posters").rglob("__init__.py")}
    assert on_disk <= set(config["packages"])
    assert "*.yaml" in config["package-data"]["posters.templates"]
