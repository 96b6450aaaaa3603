"""The same poster asked for again in one process comes from memory, byte for byte what a fresh render
gives, and never stale: a changed picture file, date or profile makes a new PDF."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from posters import pipeline
from posters.geometry import parse_size
from posters.pipeline import render_poster
from posters.rendercache import RenderCache
from posters.spec.validate import load_spec

from .test_picture_blocks import DRAWING  # blue and black

RED_DRAWING = DRAWING.replace("#1e88e5", "#e53935")  # the same size, another colour

SPEC = """\
title: {en: Pictures}
languages: [en]
blocks:
  - kind: headline
    text: {en: Stay safe}
  - kind: picture
    file: drawing.svg
    caption: {en: Your own drawing}
"""


@pytest.fixture
def poster(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "drawing.svg").write_text(DRAWING, encoding="utf-8")
    spec = tmp_path / "poster.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    return load_spec(spec)


def _save_red(drawing: Path) -> None:
    """The drawing saved in red, with a new modification time even on a file system with coarse times."""
    drawing.write_text(RED_DRAWING, encoding="utf-8")
    later = time.time() + 5
    os.utime(drawing, (later, later))


def _fresh(poster, size):  # type: ignore[no-untyped-def]
    pipeline._RENDERED.clear()
    return render_poster(poster, "en", size).data


def test_the_same_job_again_is_a_hit_with_the_same_bytes(poster) -> None:  # type: ignore[no-untyped-def]
    a4 = parse_size("A4")
    first = _fresh(poster, a4)
    hits = pipeline._RENDERED.hits
    again = render_poster(poster, "en", a4).data
    assert pipeline._RENDERED.hits == hits + 1
    assert again == first


def test_other_language_size_profile_or_date_is_a_new_pdf(poster, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a4 = parse_size("A4")
    base = _fresh(poster, a4)
    assert render_poster(poster, "en", parse_size("A5")).data != base
    assert render_poster(poster, "en", a4, "press").data != base
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render_poster(poster, "en", a4).data != base


def test_a_changed_picture_file_is_drawn_anew(poster, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a4 = parse_size("A4")
    before = _fresh(poster, a4)
    drawing = tmp_path / "drawing.svg"
    _save_red(drawing)
    after = render_poster(poster, "en", a4).data
    assert after != before
    assert after == _fresh(poster, a4)


def test_the_cache_is_bounded() -> None:
    cache: RenderCache[bytes] = RenderCache(max_entries=3, max_bytes=10)
    for i in range(5):
        cache.get_or_make(i, lambda i=i: bytes([i]) * 2, len, [])  # type: ignore[misc]
    assert len(cache) == 3
    cache.get_or_make("big", lambda: b"x" * 8, len, [])
    assert len(cache) <= 2  # 8 + 2 bytes at most
    cache.get_or_make("huge", lambda: b"x" * 11, len, [])  # larger than the whole budget: not kept
    assert "huge" not in cache._entries


def test_a_picture_changed_while_the_poster_is_made_is_not_kept_as_current(poster, tmp_path: Path,
                                                                            monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a4 = parse_size("A4")
    drawing = tmp_path / "drawing.svg"
    real = pipeline._render_poster_now

    def made_while_saving(*args):  # type: ignore[no-untyped-def]
        rendered = real(*args)  # drawn from the blue version ...
        _save_red(drawing)  # ... saved red meanwhile
        return rendered

    pipeline._RENDERED.clear()
    misses = pipeline._RENDERED.misses
    monkeypatch.setattr(pipeline, "_render_poster_now", made_while_saving)
    blue = render_poster(poster, "en", a4).data
    monkeypatch.undo()
    red = render_poster(poster, "en", a4).data
    assert red != blue and pipeline._RENDERED.misses == misses + 2


def test_threads_share_the_cache_safely() -> None:
    import threading

    cache: RenderCache[bytes] = RenderCache(max_entries=3)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for i in range(300):
                key = (seed + i) % 7
                assert cache.get_or_make(key, lambda k=key: bytes([k]) * 4, len, []) == bytes([key]) * 4  # type: ignore[misc]
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors
    assert len(cache) <= 3 and cache._bytes == sum(e.size for e in cache._entries.values())


def test_the_cycle_collector_runs_again_after_a_poster_even_one_that_fails(poster, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import gc

    assert gc.isenabled()
    render_poster(poster, "en", parse_size("A4"))
    assert gc.isenabled()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert not gc.isenabled()  # paused while the poster is made
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(pipeline, "_render_poster_now", broken)
    with pytest.raises(RuntimeError):
        render_poster(poster, "en", parse_size("A5"))
    assert gc.isenabled()
    gc.disable()  # a caller that runs without the collector keeps it off
    try:
        pipeline._RENDERED.clear()
        monkeypatch.undo()
        render_poster(poster, "en", parse_size("A4"))
        assert not gc.isenabled()
    finally:
        gc.enable()
