"""Property tests: whatever a user types, the tool answers with a diagnostic that has a position, or
with a poster whose text copies back exactly. Never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from posters.errors import FontCoverageError, PosterError
from posters.fonts import load_fontset
from posters.geometry import parse_size
from posters.layout import layout_poster
from posters.pipeline import render_pdf
from posters.preview import extract_lines
from posters.spec.load import load_text
from posters.spec.validate import validate

from .conftest import CONTENT

SEED = (CONTENT / "video-call-scam.yaml").read_text(encoding="utf-8")
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(text: str):
    """Load, validate and lay out; return the Poster or the PosterError. Anything else propagates."""
    try:
        poster = validate(load_text(text, "spec.yaml"), "spec.yaml", "spec")
        for lang in poster.languages:
            layout_poster(poster, lang, parse_size("a4"), load_fontset())
        return poster
    except PosterError as err:
        return err


def _assert_positioned(err: PosterError):
    assert err.diagnostics
    for d in err.diagnostics:
        assert d.file == "spec.yaml"
        assert d.line is not None and d.line >= 1, d.format()
        assert d.message and "Traceback" not in d.format()


@FAST
@given(st.data())
def test_mutated_specs_never_crash(data):
    lines = SEED.splitlines(keepends=True)
    n = data.draw(st.integers(1, 4))
    for _ in range(n):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "indent"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, data.draw(st.text(st.sampled_from(list("ab: -[]{}*&!|>'\"#क्\t\n1")), max_size=12)) + "\n")
        elif op == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]) - 1)))] + "\n"
        else:
            lines[i] = " " * data.draw(st.integers(0, 6)) + lines[i].lstrip(" ")
        if not lines:
            lines = ["\n"]
    result = _outcome("".join(lines))
    if isinstance(result, PosterError):
        _assert_positioned(result)


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=8))
yaml_values = st.recursive(yaml_scalars, lambda kids: st.one_of(
    st.lists(kids, max_size=3),
    st.dictionaries(st.sampled_from(["kind", "text", "hi", "en", "items", "do", "title", "blocks", "languages",
                                     "pairs", "myth", "fact", "number", "url", "label", "x"]), kids, max_size=3)),
    max_leaves=12)


@FAST
@given(yaml_values)
def test_random_structures_never_crash(value):
    import yaml

    text = yaml.safe_dump({"title": {"hi": "t"}, "languages": ["hi"], "blocks": [value]}, allow_unicode=True)
    result = _outcome(text)
    if isinstance(result, PosterError):
        _assert_positioned(result)


SCRIPTS = {
    "Deva": (0x0900, 0x097F, "hi"),
    "Latn": (0x0041, 0x007A, "en"),
    "Beng": (0x0980, 0x09FF, "bn"),
    "Guru": (0x0A00, 0x0A7F, "pa"),
    "Gujr": (0x0A80, 0x0AFF, "gu"),
    "Orya": (0x0B00, 0x0B7F, "or"),
    "Taml": (0x0B80, 0x0BFF, "ta"),
    "Telu": (0x0C00, 0x0C7F, "te"),
    "Knda": (0x0C80, 0x0CFF, "kn"),
    "Mlym": (0x0D00, 0x0D7F, "ml"),
}


@pytest.mark.parametrize("script", sorted(SCRIPTS))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_random_text_extracts_exactly_or_reports_coverage(script, data):
    lo, hi, lang = SCRIPTS[script]
    covered = load_fontset().covered
    in_fonts = [chr(c) for c in range(lo, hi + 1) if c in covered]
    alphabet = st.sampled_from(in_fonts)  # mostly text the fonts can draw: exercises shaping + extraction
    if data.draw(st.integers(0, 3)) == 0:  # sometimes anything from the block, unassigned included
        alphabet = alphabet | st.characters(min_codepoint=lo, max_codepoint=hi, exclude_categories=("Cs", "Cc"))
    words = data.draw(st.lists(st.text(alphabet, min_size=1, max_size=8), min_size=1, max_size=6))
    text = " ".join(words)
    spec = (f"title: {{{lang}: t}}\nlanguages: [{lang}]\nblocks:\n  - kind: text\n    text:\n      {lang}: "
            + '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"\n')
    try:
        poster = validate(load_text(spec, "spec.yaml"), "spec.yaml", "spec")
        pdf = render_pdf(poster, lang, parse_size("a5"))
    except FontCoverageError as err:
        event("coverage error")
        _assert_positioned(err)
        assert all("U+" in d.message for d in err.diagnostics)
        return
    except PosterError as err:  # e.g. markup ** in random Latin text
        _assert_positioned(err)
        return
    event("rendered")
    # Every character and every word boundary must come back. pdfium sometimes starts a new line
    # between two words of a short random line (e.g. "u [" with a tall bracket), so whitespace is
    # compared as word boundaries here; test_pdf compares real posters' lines verbatim.
    # The two characters \n are the forced line break marker: a boundary, not text.
    assert " ".join(extract_lines(pdf)).split() == text.replace("\\n", " ").split()
