"""Runs last (file order): every diagnostic the rest of the suite made says what to do, in words for
someone who knows neither YAML's nor Python's vocabulary."""

from __future__ import annotations

import re

from .conftest import SEEN_DIAGNOSTICS

# Python and PyYAML words that must never reach a user
JARGON = re.compile(r"\b(NoneType|None|True|False|ReaderError|ScannerError|ParserError|ComposerError|"
                    r"ConstructorError|Traceback|tag:yaml\.org|dict|str|int|float|bool|KeyError|"
                    r"ValueError|TypeError|OSError|Errno)\b")


def test_every_diagnostic_has_a_hint_and_no_jargon():
    seen = [d for d in SEEN_DIAGNOSTICS if d.severity == "error" or d.hint]
    assert len(seen) > 300, "the suite should have produced many diagnostics by now (is this file run last?)"
    no_hint = sorted({d.message for d in seen if not (d.hint and d.hint.strip())})
    assert not no_hint, f"{len(no_hint)} message(s) without a hint, e.g. {no_hint[:5]}"
    # a tag the user wrote (!!float) is quoted back to them as typed: that is their word, not ours
    jargon = sorted({f"{d.message} | {d.hint}" for d in seen
                     if JARGON.search(re.sub(r"!!\w+", "", f"{d.message} {d.hint}"))})
    assert not jargon, f"{len(jargon)} message(s) with Python words, e.g. {jargon[:5]}"
