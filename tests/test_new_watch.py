"""`posters new` writes specs that build and warn about their placeholders; `posters watch` rebuilds on save."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from posters.cli import main
from posters.languages import LANGUAGES
from posters.newspec import PLACEHOLDER, PLACEHOLDER_WORDS, placeholder_warnings, render_template

from .conftest import MINIMAL


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_every_language_has_placeholder_words():
    assert set(PLACEHOLDER_WORDS) == set(LANGUAGES)


@pytest.mark.parametrize("kind", ["poster", "handout"])
def test_new_spec_in_every_language_checks_clean_but_for_placeholders(tmp_path, kind):
    langs = ",".join(LANGUAGES)
    result = run("new", tmp_path / "all", "--lang", langs, "--kind", kind)
    assert result.exit_code == 0, result.output
    spec = tmp_path / "all.yaml"
    text = spec.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.splitlines()[0].endswith("poster.schema.json")
    for lang in LANGUAGES:
        assert f'{lang}: "{PLACEHOLDER} {PLACEHOLDER_WORDS[lang][0]}"' in text
    result = run("check", spec)
    assert result.exit_code == 0, result.output  # every text in every language, and it fits
    assert "warning: placeholder text" in result.output


def test_new_spec_builds_as_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "flyer", "--lang", "hi,or", "--kind", "handout").exit_code == 0
    result = run("build", "flyer.yaml")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["flyer.hi.a5.pdf", "flyer.or.a5.pdf"]
    assert "2 placeholder text(s)" not in result.output and "placeholder text(s) still to be replaced" in result.output
    result = run("handout", "flyer.yaml", "--up", "4")
    assert result.exit_code == 0, result.output


def test_new_never_overwrites(tmp_path):
    spec = tmp_path / "mine.yaml"
    spec.write_text("my own work", encoding="utf-8")
    result = run("new", tmp_path / "mine")
    assert result.exit_code == 1
    assert "mine.yaml: error:" in result.output and "already exists" in result.output and "hint:" in result.output
    assert spec.read_text(encoding="utf-8") == "my own work"
    result = run("new", spec)  # a name ending in .yaml is used as it is
    assert result.exit_code == 1 and not (tmp_path / "mine.yaml.yaml").exists()


def test_placeholder_warnings_go_when_replaced(tmp_path):
    spec = tmp_path / "p.yaml"
    spec.write_text(render_template("handout", ["hi", "en"], spec), encoding="utf-8")
    warnings = placeholder_warnings(spec)
    assert warnings and warnings[0].startswith(f"{spec}:") and ": warning: " in warnings[0]
    assert warnings[-1].startswith("  hint:")
    spec.write_text(MINIMAL, encoding="utf-8")
    assert placeholder_warnings(spec) == []
    result = run("check", spec)
    assert ": warning:" not in result.output


@pytest.mark.parametrize("args", [("x", "--kind", "leaflet"), ("x", "--lang", "hi,xx"), ("x", "--lang", ","),
                                  ("",), (".",), ("..",), ("/",), ("sub/",), (".hidden",), (".yaml",), ("a\x01b",),
                                  ("x" * 250,)])
def test_new_usage_errors(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = run("new", *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


class Lines:
    """Lines a process prints, collected by a thread, to wait for one with a timeout."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, after: int = 0, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for i, line in enumerate(self.lines[after:], after):
                if text in line:
                    return i + 1
            time.sleep(0.05)
        raise AssertionError(f"no line with {text!r} in {self.lines}")


@pytest.mark.skipif(sys.platform.startswith("win"), reason="SIGINT to a child process as on POSIX")
def test_watch_rebuilds_on_save_reports_errors_and_stops_on_ctrl_c(tmp_path):
    folder, out = tmp_path / "specs", tmp_path / "out"
    folder.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "posters", "watch", str(folder), "-o", str(out), "--lang",
                             "en", "--size", "A5"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        lines = Lines(proc.stdout)
        seen = lines.wait_for("watching")
        spec = folder / "a.yaml"
        spec.write_text(MINIMAL, encoding="utf-8")
        seen = lines.wait_for("built 1 poster(s), 0 failed", seen)
        pdf, png = out / "a.en.a5.pdf", out / "a.en.a5.png"
        assert pdf.read_bytes().startswith(b"%PDF-") and png.read_bytes().startswith(b"\x89PNG")
        first = pdf.read_bytes()
        spec.write_text(MINIMAL.replace("Notice", "Warning"), encoding="utf-8")
        seen = lines.wait_for("built 1 poster(s), 0 failed", seen)
        assert pdf.read_bytes() != first
        (folder / "bad.yaml").write_text(MINIMAL.replace("kind: text", "kind: txet"), encoding="utf-8")
        seen = lines.wait_for("bad.yaml:6:11: error: unknown block kind 'txet'", seen)
        lines.wait_for("1 failed", seen)
        assert proc.poll() is None  # still watching
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
        lines.thread.join(5)
        assert lines.lines[-1] == "stopped watching"
        assert "Traceback" not in "\n".join(lines.lines)
        assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_watch_open_without_a_viewer_is_a_note(tmp_path, monkeypatch):
    import posters.watch

    monkeypatch.setattr(posters.watch.shutil, "which", lambda name: None)
    monkeypatch.setattr(posters.watch.sys, "platform", "linux")
    note = posters.watch.open_in_viewer(tmp_path / "x.png")
    assert note is not None and "open" in note and "yourself" in note
