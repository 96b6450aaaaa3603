"""Spec loading and validation: good specs load with positions; every kind of mistake is reported
with file, line, column and a hint, all at once."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from posters.errors import SpecError
from posters.spec.fields import _fold, fold_text
from posters.spec.load import MAX_FILE_BYTES
from posters.spec.validate import load_spec

from .conftest import CONTENT, MINIMAL


def test_every_shipped_spec_loads():
    specs = sorted(CONTENT.glob("*.yaml"))
    assert specs, "content/ must hold at least one poster"
    for path in specs:
        poster = load_spec(path)
        assert "hi" in poster.languages and "en" in poster.languages
        assert poster.blocks


def test_minimal_spec_fields_and_positions(spec_from):
    poster = spec_from(MINIMAL)
    assert poster.languages == ("hi", "en")
    assert poster.sizes == ("a4",)
    assert poster.theme.name == "alert"
    assert [b.kind for b in poster.blocks] == ["headline", "text"]
    headline = poster.blocks[0]
    assert headline.text.get("hi") == "क्या आपकी कॉल रिकॉर्ड होती है?"
    assert headline.text.get("en") == "Is your call recorded?"
    assert headline.pos.line == 4 and headline.pos.path == "blocks[0]"
    assert headline.text.pos.line == 5


def _errors(spec_from, text):
    with pytest.raises(SpecError) as info:
        spec_from(text)
    return info.value.diagnostics


# (yaml, expected fragment of the message, expected line)
BAD = [
    ("title: [unclosed\n", "YAML syntax error", 2),
    ("- just\n- a list\n", "must be a mapping", 1),
    (MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\ncolour: red"), "unknown key 'colour'", 3),
    (MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\nthme: alert"), "did you mean 'theme'", None),
    (MINIMAL.replace("en: Notice", "xx: Notice"), "not a declared language", 1),
    (MINIMAL.replace(", en: The other person can record the screen.", ""), "no English (en) translation", 7),
    (MINIMAL.replace("kind: text", "kind: paragraph"), "unknown block kind 'paragraph'", 6),
    (MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\nsizes: [A9]"), "unknown page size", 3),
    (MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\ntheme: neon"), "unknown theme 'neon'", 3),
    (MINIMAL.replace("languages: [hi, en]", "languages: [hi, xx]"), "unknown language 'xx'", 2),
    (MINIMAL + "  - kind: qr\n    url: ftp://example.com\n    caption: {hi: देखें, en: See}\n",
     "not a web address", 9),
    (MINIMAL + "  - kind: helpline\n    label: {hi: कॉल, en: Call}\n", "missing the required key 'number'", 8),
    (MINIMAL.replace("title: {hi: सूचना, en: Notice}", "title: Notice"), "must give the text in each language", 1),
    ("title: {hi: a}\ntitle: {hi: b}\nlanguages: [hi]\nblocks: []\n", "duplicate key 'title'", 2),
]


@pytest.mark.parametrize("text,fragment,line", BAD, ids=[b[1] for b in BAD])
def test_bad_specs_name_the_problem_and_line(spec_from, text, fragment, line):
    diags = _errors(spec_from, text)
    match = [d for d in diags if fragment in d.message or (d.hint and fragment in d.hint)]
    assert match, [d.format() for d in diags]
    d = match[0]
    assert d.file and d.file.endswith("poster.yaml")
    if line is not None:
        assert d.line == line, d.format()
    assert "Traceback" not in d.format()


def test_all_problems_reported_at_once(spec_from):
    text = MINIMAL.replace("languages: [hi, en]", "languages: [hi, en]\ncolour: red\nthme: x")
    text = text.replace("kind: text", "kind: txt")
    diags = _errors(spec_from, text)
    messages = " | ".join(d.message for d in diags)
    assert "colour" in messages and "thme" in messages and "txt" in messages


def test_empty_file(spec_from):
    (d,) = _errors(spec_from, "")
    assert "empty" in d.message


def test_invalid_utf8(write_spec, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: {hi: x}\nlanguages: [hi]\n# caf\xe9\n".encode("latin-1"))
    with pytest.raises(SpecError) as info:
        load_spec(path)
    d = info.value.diagnostics[0]
    assert "UTF-8" in d.message and d.line == 3


def test_alias_bomb_is_bounded(spec_from):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 6):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb += f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    diags = _errors(spec_from, bomb)
    assert any("expands to more than" in d.message for d in diags)


def test_file_size_limit(write_spec):
    path = write_spec("# " + "x" * (MAX_FILE_BYTES + 10) + "\n")
    with pytest.raises(SpecError) as info:
        load_spec(path)
    assert "at most" in info.value.diagnostics[0].message


def test_folded_text_is_one_paragraph(spec_from):
    poster = spec_from(MINIMAL.replace("text: {hi: सामने वाला स्क्रीन रिकॉर्डिंग कर सकता है।, en: The other person can record the screen.}",
                                       "text:\n      hi: >\n        सामने वाला\n        रिकॉर्ड कर सकता है।\n      en: The other person can record."))
    assert poster.blocks[1].text.get("hi") == "सामने वाला रिकॉर्ड कर सकता है।"


def test_readme_example_is_a_valid_spec(spec_from):
    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    poster = spec_from(example)
    assert [b.kind for b in poster.blocks] == ["headline", "text", "mythfact", "checklist", "helpline", "steps",
                                               "qr", "footer"]


def test_string_length_and_block_count_limits(spec_from):
    from posters.spec.validate import MAX_BLOCKS, MAX_STRING

    long_text = "क" * (MAX_STRING + 1)
    diags = _errors(spec_from, MINIMAL.replace("सामने वाला स्क्रीन रिकॉर्डिंग कर सकता है।", long_text))
    assert any(f"at most {MAX_STRING}" in d.message and d.line == 7 for d in diags)
    block = "  - kind: text\n    text: {hi: क, en: k}\n"
    diags = _errors(spec_from, MINIMAL + block * MAX_BLOCKS)
    assert any("'blocks' has" in d.message and "split" in (d.hint or "") for d in diags)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab \t\n\r\\n\u00a0\u202f\u2007\u2028\u2029\u3000", max_size=10), st.booleans(), st.booleans())
@example("a b", True, False)
@example(" a ", True, True)
@example("a  b", False, False)
@example("a\\nb", True, False)
@example("a\nb", True, True)
def test_quick_fold_agrees_with_the_full_one(text: str, breaks: bool, newlines: bool) -> None:
    """fold_text answers text with single spaces and nothing to fold at once: the same as folding it."""
    assert fold_text(text, breaks, newlines) == _fold(text, breaks, newlines)


_TEXT_ALPHABET = "कखa1 \u00a0\u200b\u093f\u0940\u0902*#,:-'\"\\\u2028\t"


def _text_outcome(doc: str, languages: tuple[str, ...], drawable: frozenset[int] | None, one_line: bool,
                  quick: bool) -> object:
    from posters.spec.fields import Checker
    from posters.spec.load import load_text

    try:
        node = load_text(doc, "s.yaml").value["t"]
    except SpecError:
        return None
    c = Checker("s.yaml", drawable)
    c.languages = languages
    c.quick = quick
    out = c.text(node, "t", "the title", one_line=one_line)
    return out, [d.format() for d in c.diags], [d.format() for d in c.notes]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["hi", "en", "ta", "xx", "no"]), st.text(_TEXT_ALPHABET, max_size=8),
                          st.sampled_from(["", "'", '"', "|"])), max_size=3),
       st.sampled_from([("hi", "en"), ("en",), ("hi", "en", "ta")]), st.booleans(), st.booleans(), st.booleans())
@example([("hi", "क", ""), ("en", "a", "")], ("hi", "en"), False, False, False)
@example([("en", "a b ", "'"), ("hi", " क", '"')], ("hi", "en"), False, True, False)
@example([("hi", "क", ""), ("en", "a", "")], ("hi", "en"), True, False, False)
@example([("hi", "क" * 601, ""), ("en", "a", "")], ("hi", "en"), False, False, False)
@example([("hi", "ख", ""), ("en", "a", "")], ("hi", "en"), False, False, True)
@example([("hi", "क", ""), ("en", "no", "")], ("hi", "en"), False, False, False)
@example([("hi", "क  क", ""), ("en", "a", "")], ("hi", "en"), False, False, False)
@example([("hi", "क", ""), ("en", "a\\nb", "")], ("hi", "en"), False, False, False)
@example([("hi", "क", ""), ("en", "a **b", "")], ("hi", "en"), False, False, False)
@example([("hi", "  ", "'"), ("en", "a", "")], ("hi", "en"), False, False, False)
@example([("hi", "\u00a0", "'"), ("en", "a", "")], ("hi", "en"), False, False, False)
def test_quick_text_agrees_with_the_full_one(entries: list[tuple[str, str, str]], languages: tuple[str, ...],
                                             flow: bool, one_line: bool, limited_fonts: bool) -> None:
    """A localised text in the usual form is read without the full checks: the same Text, errors and notes."""
    def written(value: str, quote: str) -> str:
        if quote == "'":
            return "'" + value.replace("'", "''") + "'"
        if quote == '"':
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if quote == "|" and not flow:
            return "|\n" + "".join(f"    {line}\n" for line in value.split("\n"))
        return value
    if flow:
        doc = "t: {" + ", ".join(f"{k}: {written(v, q)}" for k, v, q in entries) + "}\n"
    else:
        doc = "t:\n" + "".join(f"  {k}: {written(v, q)}\n" for k, v, q in entries)
    drawable = frozenset(map(ord, "कa1 \u093f\u0940\u0902*#,:-'\"\\")) if limited_fonts else None  # no ख
    assert (_text_outcome(doc, languages, drawable, one_line, True)
            == _text_outcome(doc, languages, drawable, one_line, False))
