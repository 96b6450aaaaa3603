"""Shipped content: every translation of every text against its English (numbers, web addresses, bold spans),
ASCII digits only, a review note for every unreviewed language, and an A4 layout in every language."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from posters.errors import PosterError
from posters.geometry import parse_size
from posters.pipeline import layout
from posters.spec.validate import load_spec

from .conftest import CONTENT

# The languages a spec may declare (README, "Languages"); hi and en are checked by the team, the others
# carry a `review:` note until a native speaker has read them.
LANGS = ("hi", "en", "mr", "bn", "gu", "pa", "or", "ta", "te", "kn", "ml")
CHECKED_LANGS = ("hi", "en")

SPECS = sorted(p for p in CONTENT.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
SPEC_IDS = [p.name for p in SPECS]

_DIGITS = re.compile(r"[0-9]+")
# A web address with or without its scheme: cybercrime.gov.in, https://faq.whatsapp.com, a.b.in/Page.html
_ADDRESS = re.compile(r"(?:https?://)?(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?:/[A-Za-z0-9._~%/?=&#-]*)?")


@dataclass(frozen=True)
class Translations:
    """One translatable text of a spec: its YAML path and, per language, the text and its line."""

    path: str
    by_lang: dict[str, tuple[str, int]]


def _is_text(node: yaml.Node) -> bool:
    """A mapping whose keys are all language codes and whose values are all scalars is a translated text."""
    return (isinstance(node, yaml.MappingNode) and bool(node.value)
            and all(isinstance(k, yaml.ScalarNode) and k.value in LANGS and isinstance(v, yaml.ScalarNode)
                    for k, v in node.value))


def _walk(node: yaml.Node, path: str) -> list[Translations]:
    if path == "review":  # language codes as keys, but notes about the translations, not poster text
        return []
    if _is_text(node):
        return [Translations(path, {k.value: (v.value, v.start_mark.line + 1) for k, v in node.value})]
    found: list[Translations] = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            found += _walk(v, f"{path}.{k.value}" if path else str(k.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found += _walk(item, f"{path}[{i}]")
    return found


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.MappingNode):
        return [s for k, v in node.value for s in _scalars(k) + _scalars(v)]
    if isinstance(node, yaml.SequenceNode):
        return [s for item in node.value for s in _scalars(item)]
    return []


def _compose(text: str) -> yaml.Node:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    assert node is not None, "the spec is empty"
    return node


def _addresses(text: str) -> list[str]:
    return [m.group(0).rstrip(".,;:!?") for m in _ADDRESS.finditer(text)]


def _bold_spans(text: str) -> int:
    return text.count("**") // 2


def _features(text: str) -> dict[str, Counter[str] | int]:
    """What must be the same in every language of a text: its numbers, its web addresses, its bold spans."""
    return {"numbers": Counter(_DIGITS.findall(text)), "web addresses": Counter(_addresses(text)),
            "bold spans": _bold_spans(text)}


def _show(value: Counter[str] | int) -> str:
    return str(sorted(value.elements())) if isinstance(value, Counter) else str(value)


def translation_mismatches(text: str, name: str) -> list[str]:
    """Every place where a language's numbers, web addresses or bold spans differ from the English."""
    problems = []
    for t in _walk(_compose(text), ""):
        if "en" not in t.by_lang:
            continue
        english = _features(t.by_lang["en"][0])
        for lang, (value, line) in t.by_lang.items():
            if lang == "en":
                continue
            for what, got in _features(value).items():
                if got != english[what]:
                    problems.append(f"{name}:{line}: {t.path} [{lang}]: {what} {_show(got)} "
                                    f"differ from the English {_show(english[what])}")
    return problems


def native_digits(text: str, name: str) -> list[str]:
    """Digits other than 0-9 (०-९, ০-৯ ...): numbers must be written the same way in every language."""
    problems = []
    for s in _scalars(_compose(text)):
        for offset, ch in enumerate(s.value):
            if unicodedata.category(ch) == "Nd" and not "0" <= ch <= "9":
                problems.append(f"{name}:{s.start_mark.line + 1}: {ch!r} ({unicodedata.name(ch, '?')}) in "
                                f"{s.value[max(0, offset - 10):offset + 10]!r}: write ASCII digits 0-9")
    return problems


def missing_review_notes(text: str, name: str) -> list[str]:
    """Languages other than hi and en that have no `review:` note (nobody has checked them yet)."""
    data = yaml.safe_load(text)
    review = data.get("review") or {}
    return [f"{name}: {lang} has no review note" for lang in data.get("languages", [])
            if lang not in CHECKED_LANGS and not str(review.get(lang) or "").strip()]


# ---- the checks themselves catch what they are meant to catch --------------------------------------------

BAD = """\
title: {hi: सूचना, en: Notice, ta: அறிவிப்பு}
languages: [hi, en, ta]
review: {ta: not checked}
blocks:
  - kind: checklist
    items:
      - do:
          hi: "**तुरंत १९३०** पर कॉल करें"
          en: "Call **1930 at once**, then report on **cybercrime.gov.in**."
          ta: "உடனே 1903 எண்ணை அழையுங்கள், cybercrime.gov.com"
"""


def test_mismatches_name_file_line_path_and_language():
    problems = translation_mismatches(BAD, "bad.yaml")
    assert "bad.yaml:10: blocks[0].items[0].do [ta]: numbers ['1903'] differ from the English ['1930']" in problems
    assert any(p.startswith("bad.yaml:10: blocks[0].items[0].do [ta]: web addresses ['cybercrime.gov.com']")
               for p in problems)
    assert "bad.yaml:10: blocks[0].items[0].do [ta]: bold spans 0 differ from the English 2" in problems
    # Devanagari digits are not 1930, and the Hindi lacks the address and a bold span
    hindi = [p for p in problems if "[hi]" in p]
    assert len(hindi) == 3 and all(p.startswith("bad.yaml:8: blocks[0].items[0].do [hi]: ") for p in hindi)
    assert not any("[en]" in p or "title" in p for p in problems)


def test_native_digits_and_missing_review_notes_are_found():
    found = native_digits(BAD, "bad.yaml")
    assert len(found) == 4 and all(p.startswith("bad.yaml:8: '") for p in found)
    assert "(DEVANAGARI DIGIT ONE)" in found[0] and found[0].endswith("write ASCII digits 0-9")
    assert missing_review_notes(BAD, "bad.yaml") == []
    assert missing_review_notes(BAD.replace("review: {ta: not checked}", "review: {ta: ' '}"), "bad.yaml") == [
        "bad.yaml: ta has no review note"]


def test_every_text_is_found_with_its_path():
    paths = [t.path for t in _walk(_compose(BAD), "")]
    assert paths == ["title", "blocks[0].items[0].do"]


# ---- every shipped spec ----------------------------------------------------------------------------------

def _rel(path: Path) -> str:
    return f"content/{path.name}"


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_translations_keep_numbers_addresses_and_bold(spec: Path):
    problems = translation_mismatches(spec.read_text(encoding="utf-8"), _rel(spec))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_numbers_use_ascii_digits(spec: Path):
    problems = native_digits(spec.read_text(encoding="utf-8"), _rel(spec))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_unreviewed_languages_have_a_review_note(spec: Path):
    problems = missing_review_notes(spec.read_text(encoding="utf-8"), _rel(spec))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_every_language_fits_a4(spec: Path):
    poster = load_spec(spec)
    a4 = parse_size("A4")
    problems = []
    for lang in poster.languages:
        try:
            layout(poster, lang, a4)
        except PosterError as err:
            problems += [f"{_rel(spec)} [{lang}] at A4: {d.message}" for d in err.diagnostics]
    assert not problems, "\n".join(problems)
