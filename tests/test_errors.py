"""Every user-facing error of validation, field types and text setting, triggered by a table of bad
specs: each gives its message at the right line, with a hint saying what to do."""

from __future__ import annotations

import pytest

from posters.errors import FontCoverageError, SpecError
from posters.spec.validate import load_spec

HEAD = "title: {hi: सूचना, en: Notice}\nlanguages: [hi, en]\nblocks:\n"
TEXT = "  - kind: text\n    text: {hi: ठीक, en: Fine}\n"


def _footer(logo: str) -> str:
    return HEAD + TEXT + f"  - kind: footer\n    sources:\n      - name: {{hi: स्रोत, en: Source}}\n    logo: {logo}\n"


# (spec text, message fragment, line of the diagnostic)
CASES = [
    (HEAD + "  - kind: text\n    text: {hi: [a], en: Fine}\n", "must be text, not a list", 5),
    (HEAD + "  - kind: text\n    text: {hi: '  ', en: Fine}\n", "is empty", 5),
    (HEAD + '  - kind: text\n    text: {hi: "a\\u0007b", en: Fine}\n', "control character", 5),
    (HEAD + "  - kind: checklist\n    items: {do: {hi: क, en: a}}\n", "must be a list", 5),
    (HEAD + "  - kind: checklist\n    items: []\n", "is empty", 5),
    (HEAD + "  - kind: checklist\n    items:\n      - {do: {hi: क, en: a}, dont: {hi: ख, en: b}}\n",
     "needs exactly one of", 6),
    (HEAD + "  - kind: helpline\n    number: 'call 1930'\n    label: {hi: कॉल, en: Call}\n",
     "may only contain digits", 5),
    ("title: {hi: सूचना}\nlanguages: [hi, hi]\nblocks:\n" + "  - kind: text\n    text: {hi: ठीक}\n",
     "listed twice", 2),
    ("id: Bad_Id\n" + HEAD + TEXT, "may only use lower-case letters", 1),
    (HEAD + TEXT + "  - kind: footer\n    sources: [{name: {hi: क, en: a}}]\n"
     "  - kind: footer\n    sources: [{name: {hi: ख, en: b}}]\n", "only one footer block", 8),
    (HEAD + "  - kind: text\n    style: loud\n    text: {hi: ठीक, en: Fine}\n", "unknown text style", 5),
    ("title: {hi: सूचना}\nlanguages: [hi, od]\nblocks:\n" + "  - kind: text\n    text: {hi: ठीक}\n",
     "unknown language 'od'", 2),
    (_footer("../logo.png"), "points outside the spec's folder", 9),
    (_footer("missing.png"), "does not exist", 9),
    (_footer("logo.gif"), "must be an SVG, PNG or JPEG", 9),
    (_footer("big.png"), "larger than 5 MB", 9),
    (_footer("broken.png"), "not a readable PNG or JPEG", 9),
]


@pytest.mark.parametrize(("text", "fragment", "line"), CASES, ids=[c[1] for c in CASES])
def test_each_error_names_line_and_has_a_hint(write_spec, tmp_path, text, fragment, line):
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (tmp_path / "big.png").write_bytes(b"\0" * 5_000_001)
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(text))
    hits = [d for d in info.value.diagnostics if fragment in d.message]
    assert hits, [d.message for d in info.value.diagnostics]
    assert hits[0].line == line
    assert hits[0].hint


def test_unknown_language_suggests_by_name(write_spec):
    text = "title: {hi: सूचना}\nlanguages: [hi, od]\nblocks:\n" + "  - kind: text\n    text: {hi: ठीक}\n"
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(text))
    (d,) = [d for d in info.value.diagnostics if "od" in d.message]
    assert "'or' (Odia (ଓଡ଼ିଆ))" in (d.hint or "")


def test_text_setter_reports_a_character_no_font_has(fontset):
    from posters.spec.model import Pos
    from posters.text import Setter

    with pytest.raises(FontCoverageError) as info:
        Setter(fontset, "hi", 12.0).words("a☃b", "body", Pos("x.yaml", 3, 4, "blocks[0]"))
    (d,) = info.value.diagnostics
    assert d.line == 3 and "U+2603" in d.message and d.hint
