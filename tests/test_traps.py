"""What the user typed is what prints, and the usual YAML traps are reported once, where they are, with
the fix: text cut at a comma, an unknown language code (and no follow-on errors), yes/no words, broken
bold markup, invisible characters."""

from __future__ import annotations

import pytest

from posters.errors import SpecError
from posters.spec.validate import load_spec


def _diags(write_spec, text: str):
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(text))
    return info.value.diagnostics


def test_text_cut_at_a_comma_is_one_error_with_the_fixed_line(write_spec):
    text = ("title: {hi: सूचना, or: ସୂଚନା}\nlanguages: [hi, or]\nblocks:\n"
            "  - kind: text\n    text: {hi: कॉल काट दें, डरें नहीं।, or: କଲ୍ କାଟନ୍ତୁ}\n")
    diags = _diags(write_spec, text)
    assert len(diags) == 1, [d.message for d in diags]
    d = diags[0]
    assert "cut at a comma" in d.message and "'hi'" in d.message and d.line == 5
    assert '"कॉल काट दें, डरें नहीं।"' in (d.hint or "")


def test_unknown_language_code_is_reported_once_with_its_name(write_spec):
    text = ("title: {hi: सूचना, od: ସୂଚନା}\nlanguages: [hi, od]\nblocks:\n"
            "  - kind: text\n    text: {hi: ठीक, od: ଠିକ}\n")
    diags = _diags(write_spec, text)
    assert len(diags) == 1, [d.message for d in diags]
    assert "unknown language 'od'" in diags[0].message
    assert "'or' (Odia (ଓଡ଼ିଆ))" in (diags[0].hint or "")


def test_no_as_a_language_is_named_as_written(write_spec):
    diags = _diags(write_spec, "title: {hi: क}\nlanguages: [hi, no]\nblocks:\n  - kind: text\n    text: {hi: ठीक}\n")
    assert diags[0].message == "unknown language 'no'"
    assert "False" not in diags[0].message + (diags[0].hint or "")


def test_languages_written_as_text_gets_the_bracketed_form(write_spec):
    diags = _diags(write_spec, "title: {hi: क}\nlanguages: hi, en\nblocks:\n  - kind: text\n    text: {hi: ठीक}\n")
    assert "languages: [hi, en]" in (diags[0].hint or "")


@pytest.mark.parametrize("typed", ["19:30", "0123", "0x1930", "1930", "1e3", "yes", "no", "on", "2026-11-25", "~x"])
def test_a_value_prints_exactly_as_typed(write_spec, typed):
    poster = load_spec(write_spec(
        f"title: {{hi: सूचना}}\nlanguages: [hi]\nblocks:\n  - kind: text\n    text: {{hi: {typed}}}\n"
        "  - kind: helpline\n    number: 1930\n    label: {hi: कॉल}\n"))
    assert poster.blocks[0].text.get("hi") == typed
    assert poster.blocks[1].number == "1930"


@pytest.mark.parametrize(("value", "fragment", "col"), [
    ("'a ** ** b'", "empty bold", 19),
    ("'a **** b'", "asterisks", 19),
    ("'***x***'", "asterisks", 17),
    ("'a **b'", "not closed", 19),
    ('"a\\u0007b"', "U+0007", 18),
    ('"\\u200b"', "invisible", 17),
])
def test_text_problems_are_errors_at_their_character(write_spec, value, fragment, col):
    diags = _diags(write_spec, f"title: {{hi: क}}\nlanguages: [hi]\nblocks:\n  - kind: text\n    text: {{hi: {value}}}\n")
    hits = [d for d in diags if fragment in d.message]
    assert hits, [d.message for d in diags]
    assert hits[0].line == 5 and hits[0].col == col and hits[0].hint


def test_every_problem_of_a_spec_comes_in_one_run(write_spec):
    """A schema mistake, a control character and a stray vowel sign: all three at once."""
    text = ("title: {hi: सूचना}\nlanguages: [hi]\nblocks:\n"
            "  - kind: text\n    colour: red\n    text: {hi: \"a\\u0007b\"}\n"
            "  - kind: text\n    text: {hi: सामने ि वाला}\n")
    messages = " | ".join(d.message for d in _diags(write_spec, text))
    assert "unknown key 'colour'" in messages and "U+0007" in messages and "U+093F" in messages


@pytest.mark.parametrize(("typed", "noted"), [("19:30", True), ("0123", True), ("yes", True), ("on", True),
                                               ("1930", False), ("12.5", False), ("hello", False)])
def test_values_other_yaml_tools_would_change_get_a_note(write_spec, typed, noted):
    poster = load_spec(write_spec(
        f"title: {{hi: सूचना}}\nlanguages: [hi]\nblocks:\n  - kind: text\n    text: {{hi: {typed}}}\n"))
    assert poster.blocks[0].text.get("hi") == typed
    notes = [n for n in poster.notes if n.line == 5]
    assert bool(notes) == noted
    for n in notes:
        assert n.severity == "note" and f'"{typed}"' in (n.hint or "") and n.format().count(": note: ") == 1


def test_build_prints_the_note_and_still_builds(write_spec, tmp_path):
    from click.testing import CliRunner

    from posters.cli import main

    spec = write_spec("title: {hi: सूचना}\nlanguages: [hi]\nblocks:\n  - kind: text\n    text: {hi: 19:30}\n")
    result = CliRunner().invoke(main, ["build", str(spec), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert ":5:" in result.output and "note:" in result.output and "19:30" in result.output
    assert (tmp_path / "out" / "poster.hi.a4.pdf").is_file()


def test_schema_character_and_font_problems_come_together_sorted(write_spec, fontset):
    """A character no font has is found while reading the spec, beside the other problems, in order."""
    from posters.text import drawable

    text = ("title: {hi: सूचना}\nlanguages: [hi]\nblocks:\n"
            "  - kind: text\n    text: {hi: \"snow ☃ man\"}\n"
            "  - kind: text\n    colour: red\n    text: {hi: ठीक}\n")
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(text), drawable(fontset))
    diags = info.value.diagnostics
    assert [d.line for d in diags] == sorted(d.line or 0 for d in diags)
    snow = [d for d in diags if "U+2603" in d.message]
    assert snow and (snow[0].line, snow[0].col) == (5, 22) and snow[0].hint
    assert any("unknown key 'colour'" in d.message for d in diags)


def test_a_control_character_is_reported_once(write_spec, fontset):
    from posters.text import drawable

    text = 'title: {hi: क}\nlanguages: [hi]\nblocks:\n  - kind: text\n    text: {hi: "a\\u0007b ☃"}\n'
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(text), drawable(fontset))
    messages = [d.message for d in info.value.diagnostics]
    assert sum("U+0007" in m for m in messages) == 1 and sum("U+2603" in m for m in messages) == 1, messages
