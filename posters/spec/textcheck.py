"""A human-readable text value to the list of problems in it that a printed poster would show wrongly.

`problems(text)` is pure and fast: control characters, text made only of invisible characters, a vowel
sign or combining mark with no letter before it, two vowel signs on one letter, and `**bold**` markup that
is empty, nested, unbalanced or has too many asterisks. Each problem carries its offset in the text, a
message and a hint for someone who does not know Unicode's or YAML's words. `position(raw, offset)` turns
an offset in a scalar's text into the line and column of the spec file where that character is written.
"""

from __future__ import annotations

import re
import unicodedata

from ..dataclass_fast import dataclass
from .load import Raw, char_name

# Characters that print as nothing (or as a plain space): a text made only of these looks empty.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00a0\u202f\u2007\u180e\u00ad\u034f\u2061\u2062\u2063")
_INDIC = (0x0900, 0x0DFF)  # Devanagari ... Sinhala
_ASTERISKS = re.compile(r"\*{2,}")


@dataclass(frozen=True)
class TextProblem:
    """One problem in a text: the 0-based offset of the character it is about, what is wrong, what to do."""

    offset: int
    message: str
    hint: str


def _is_control(ch: str) -> bool:
    o = ord(ch)
    return (o < 0x20 and ch not in "\t\n") or 0x7F <= o <= 0x9F


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def _is_vowel_sign(ch: str) -> bool:
    o = ord(ch)
    return _INDIC[0] <= o <= _INDIC[1] and "VOWEL SIGN" in unicodedata.name(ch, "")


def _where(offset: int) -> str:
    return f"character {offset + 1}"


def problems(text: str) -> list[TextProblem]:
    """Every problem found in `text`, in order of offset (see the module docstring)."""
    if quiet(text):
        return []
    return all_problems(text)


def quiet(text: str) -> bool:
    """True for the usual text, which has none of the characters any check looks at (so no problem)."""
    return (_CONTROL_OR_STAR.search(text) is None and not _may_have_stray_marks(text)
            and _VISIBLE.search(text) is not None)


def all_problems(text: str) -> list[TextProblem]:
    """`problems` without its quick answer for the usual text: every check, on every text."""
    found: list[TextProblem] = []
    found += _controls(text)
    found += _invisible_only(text)
    found += _marks(text)
    found += _bold(text)
    found.sort(key=lambda p: p.offset)
    return found


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _controls(text: str) -> list[TextProblem]:
    if not _CONTROL.search(text):
        return []
    return [TextProblem(i, f"invisible control character {char_name(ch)} at {_where(i)}",
                        "delete it: it does not print and may stop the text from being read aloud or copied; "
                        "if you meant a line break, start a new line instead")
            for i, ch in enumerate(text) if _is_control(ch)]


def _invisible_only(text: str) -> list[TextProblem]:
    if not text or _VISIBLE.search(text) is not None:  # \s is what str.isspace() calls white space
        return []
    first = next((i for i, ch in enumerate(text) if ch in _INVISIBLE), None)
    if first is None:
        return []  # only ordinary spaces: "empty" is validation's message
    return [TextProblem(first, f"the text has only invisible characters (such as {char_name(text[first])}); "
                               "it would print as nothing",
                        "write the text, or remove the key")]


# Where a stray mark can be: at the start, after white space or an invisible character, or a vowel sign right
# after another (two marks in a row are a problem only when both are vowel signs). Only those places are looked
# at one by one. A mark is never a word character (\\w: letters, digits, _) nor an asterisk, so a word that starts
# with a letter (or **bold** markup) is passed over by the regex itself.
_VOWEL_SIGNS = "".join(ch for ch in map(chr, range(_INDIC[0], _INDIC[1] + 1)) if _is_mark(ch) and _is_vowel_sign(ch))
_SUSPECT = re.compile("(?:^|(?<=[\\s" + "".join(_INVISIBLE) + "]))[^\\s\\w*]|(?<=[" + _VOWEL_SIGNS + "])["
                      + _VOWEL_SIGNS + "]")
# What `problems` looks for before running every check: a text with none of these has no problem (it has no
# control character, no asterisk, no _SUSPECT place, with a space put before it for the start, and something
# visible). Each is one pass of the regex engine, without the look-behinds _SUSPECT needs to give offsets.
_CONTROL_OR_STAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f*]")
_AFTER_SPACE = re.compile("[\\s" + "".join(_INVISIBLE) + "][^\\s\\w*]")
_VOWEL_PAIR = re.compile("[" + _VOWEL_SIGNS + "][" + _VOWEL_SIGNS + "]")
_VISIBLE = re.compile("[^\\s" + "".join(_INVISIBLE) + "]")


def _may_have_stray_marks(text: str) -> bool:
    """Whether _SUSPECT would stop anywhere in `text` (found without its look-behinds)."""
    return _AFTER_SPACE.search(" " + text) is not None or _VOWEL_PAIR.search(text) is not None


def _marks(text: str) -> list[TextProblem]:
    out: list[TextProblem] = []
    if not _may_have_stray_marks(text):
        return out
    for m in _SUSPECT.finditer(text):
        i, ch = m.start(), m.group()
        if not _is_mark(ch):
            continue
        prev = text[i - 1] if i else ""
        if i == 0 or prev.isspace() or prev in _INVISIBLE:
            kind = "vowel sign" if _is_vowel_sign(ch) else "combining mark"
            out.append(TextProblem(i, f"the {kind} {char_name(ch)} at {_where(i)} starts a word, with no "
                                      "letter to attach to (it would print on a dotted circle)",
                                   "type the letter first and the sign after it (e.g. कि, not ि क), or delete "
                                   "the stray sign"))
            continue
        if _is_vowel_sign(ch) and _is_vowel_sign(prev):
            if len(unicodedata.normalize("NFC", prev + ch)) == 1:
                continue  # two halves of one vowel sign (e.g. Bengali ে + া = ো): fine
            out.append(TextProblem(i, f"two vowel signs on one letter: {char_name(ch)} at {_where(i)} follows "
                                      f"{char_name(prev)}",
                                   "a letter takes one vowel sign: delete one of the two (it would print on "
                                   "a dotted circle)"))
    return out


def _bold(text: str) -> list[TextProblem]:
    out: list[TextProblem] = []
    markers: list[int] = []
    for m in _ASTERISKS.finditer(text):
        if len(m.group()) > 2:
            out.append(TextProblem(m.start(), f"{len(m.group())} asterisks in a row at {_where(m.start())}",
                                   "bold text is written with two asterisks on each side, **like this**; "
                                   "bold inside bold is not possible"))
            return out  # the pairing after such a run would only produce follow-on errors
        markers.append(m.start())
    for n in range(0, len(markers) - 1, 2):
        start, end = markers[n], markers[n + 1]
        inner = text[start + 2:end]
        if not inner.strip() or not inner.strip("".join(_INVISIBLE)).strip():
            out.append(TextProblem(start, f"empty bold text (** **) at {_where(start)}",
                                   "put the words to be bold between the asterisks, **like this**, or remove "
                                   "the asterisks"))
        elif inner[0].isspace() or inner[-1].isspace():
            at = start if inner[0].isspace() else end
            out.append(TextProblem(at, f"a ** at {_where(at)} is next to a space on the inside of the bold text; "
                                       "bold cannot be nested and must hug its words",
                                   "write **like this**: no space after the opening ** or before the closing "
                                   "**, and no ** inside bold text"))
    if len(markers) % 2:
        last = markers[-1]
        out.append(TextProblem(last, f"the ** at {_where(last)} is not closed",
                               "bold text is written **like this**: add the closing ** or remove this one"))
    return out


def position(raw: Raw, offset: int) -> tuple[int, int]:
    """The 1-based line and column in the spec file of character `offset` of a scalar's text.

    Exact for plain and quoted scalars (escapes, '' and folded line breaks are followed) and block
    scalars; falls back to the scalar's own position when the source is not known.
    """
    src, text = raw.source, raw.text
    if src is None or text is None:
        return raw.line, raw.col
    offset = max(0, min(offset, len(text)))
    j = _content_start(src, raw)
    quote = raw.quote if raw.style == "quoted" else None
    for i, ch in enumerate(text):
        j = _skip_to(src, j, ch, quote)
        if i == offset:
            break
        j = _advance(src, j, ch, quote)
    else:
        j = min(j, len(src))
    return _line_col(raw, src, min(j, len(src)))


def _content_start(src: str, raw: Raw) -> int:
    j = 0
    while j < len(src) and src[j] in "!&":  # a tag or anchor before the value
        while j < len(src) and not src[j].isspace():
            j += 1
        while j < len(src) and src[j] in " \t":
            j += 1
    if raw.style == "quoted":
        return j + 1
    if raw.style == "block":
        nl = src.find("\n", j)
        return len(src) if nl < 0 else nl + 1
    return j


_ESCAPE_LEN = {"x": 4, "u": 6, "U": 10}


def _skip_to(src: str, j: int, ch: str, quote: str | None) -> int:
    """Move past what produces no character of the text (indentation, folded breaks, line continuations)."""
    while j < len(src):
        c = src[j]
        if quote == '"' and c == "\\" and j + 1 < len(src) and src[j + 1] in "\r\n":
            j += 2
            while j < len(src) and src[j] in " \t\r\n":
                j += 1
            continue
        if c == ch or (quote == '"' and c == "\\") or (quote == "'" and src.startswith("''", j)):
            return j
        if c in " \t\r\n" and not ch.isspace():
            j += 1
            continue
        if c in "\r\n" and ch == " ":
            return j  # a folded line break stands for this space
        if c in " \t" and ch == "\n":
            j += 1
            continue
        return j
    return j


def _advance(src: str, j: int, ch: str, quote: str | None) -> int:
    if j >= len(src):
        return j
    if quote == '"' and src[j] == "\\":
        return j + _ESCAPE_LEN.get(src[j + 1:j + 2], 2)
    if quote == "'" and src.startswith("''", j):
        return j + 2
    if src[j] in "\r\n" and ch == " ":  # folded: skip the break and the next line's indentation
        j += 1
        while j < len(src) and src[j] in " \t":
            j += 1
        return j
    return j + 1


def _line_col(raw: Raw, src: str, j: int) -> tuple[int, int]:
    before = src[:j]
    breaks = before.count("\n")
    if breaks == 0:
        return raw.line, raw.col + j
    return raw.line + breaks, j - before.rfind("\n")
