"""textcheck: offsets of text problems map back to the exact line and column of the spec file."""

from __future__ import annotations

import re
import time
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from posters.spec import textcheck
from posters.spec.load import load_text
from posters.spec.textcheck import all_problems, position, problems

SPEC = (
    'a: "x\\ay\\u0007z"\n'  # line 1: escapes in double quotes
    "b: 'it''s \x41'\n"  # line 2: a doubled quote
    "c: |\n  line1\n  liBe2\n"  # lines 3-5: literal block
    "d: plain\n  more text\n"  # lines 6-7: folded plain scalar
    "e: !!str  tagged\n"  # line 8: a tag before the text
    'f: {hi: "कॉल \\a"}\n'  # line 9: flow mapping, Devanagari (columns count characters)
    'g: "one\n  two"\n'  # lines 10-11: folded double-quoted
    "h: >\n  one\n  two\n"  # lines 12-14: folded block
)

# (key, offset in the text, expected character, line, col)
POSITIONS = [
    ("a", 0, "x", 1, 5), ("a", 1, "\x07", 1, 6), ("a", 2, "y", 1, 8), ("a", 3, "\x07", 1, 9), ("a", 4, "z", 1, 15),
    ("b", 0, "i", 2, 5), ("b", 2, "'", 2, 7), ("b", 3, "s", 2, 9), ("b", 5, "A", 2, 11),
    ("c", 0, "l", 4, 3), ("c", 7, "i", 5, 4),
    ("d", 0, "p", 6, 4), ("d", 5, " ", 6, 9), ("d", 6, "m", 7, 3), ("d", 8, "r", 7, 5),
    ("e", 0, "t", 8, 11),
    ("g", 4, "t", 11, 3),
    ("h", 4, "t", 14, 3),
]


@pytest.mark.parametrize("key,offset,char,line,col", POSITIONS)
def test_position_of_a_character(key: str, offset: int, char: str, line: int, col: int) -> None:
    raw = load_text(SPEC, "s.yaml").value[key]
    assert raw.text is not None and raw.text[offset] == char
    assert position(raw, offset) == (line, col)


def test_position_inside_a_flow_mapping() -> None:
    raw = load_text(SPEC, "s.yaml").value["f"].value["hi"]
    (p,) = problems(raw.text or "")
    assert "BELL" in p.message
    assert position(raw, p.offset) == (9, 14)


def test_position_beyond_the_text_is_clamped() -> None:
    raw = load_text("a: abc\n", "s.yaml").value["a"]
    assert position(raw, 99) == (1, 7)
    assert position(raw, -5) == (1, 4)


def test_problems_are_sorted_and_all_reported() -> None:
    found = problems("\u093f a\x07 ** ** की\u0940")
    assert [p.offset for p in found] == sorted(p.offset for p in found)
    assert {"starts a word", "BELL", "empty bold", "two vowel signs"} <= {
        w for p in found for w in ("starts a word", "BELL", "empty bold", "two vowel signs") if w in p.message}


def test_fast_on_long_text() -> None:
    text = ("सामने वाला **स्क्रीन** रिकॉर्ड कर सकता है। " * 200)[:8000]
    start = time.perf_counter()
    for _ in range(20):
        assert problems(text) == []
    assert time.perf_counter() - start < 1.0


# letters, marks (vowel signs and others, Devanagari and Bengali, a Latin accent), spaces, invisible and control
# characters, asterisks and punctuation: everything some check looks at
_ALPHABET = "कखa1_ \t\n\u00a0\u2028\u200b\u200d\u00ad\u093f\u0940\u0947\u094b\u0902\u094d\u0901\u09c7\u09be\u0301*(-।\x07\x85"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=12))
@example("\u093f")
@example("क\u093f\u0940")
@example("क \u0902")
@example("**क**")
@example("\u200b")
@example(" (")
def test_quick_answer_agrees_with_every_check(text: str) -> None:
    """`problems` answers the usual text without running the checks: it must say what they all say."""
    assert problems(text) == all_problems(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=12))
@example("क\u0947\u0902")
@example("क\u094d\u093f")
@example("क\u0940\u0947")
@example("**\u093f")
@example("* \u093f")
def test_only_vowel_sign_pairs_are_looked_at(text: str) -> None:
    """Of two marks in a row only two vowel signs can be a problem, and an asterisk is never a mark, so the mark
    check looks at no other pair and passes over asterisks (and over a text with no such place at all): what it
    finds is what looking at every place finds."""
    every_pair = re.compile("(?:^|(?<=[\\s" + "".join(textcheck._INVISIBLE) + "]))[^\\s\\w]|(?<=[" + _INDIC_MARKS
                            + "])[" + _INDIC_MARKS + "]")
    narrow = textcheck._marks(text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(textcheck, "_SUSPECT", every_pair)
        mp.setattr(textcheck, "_AFTER_SPACE", re.compile(""))  # never says there is nothing to look at
        assert textcheck._marks(text) == narrow


_INDIC_MARKS = "".join(chr(c) for c in range(0x0900, 0x0E00) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))
