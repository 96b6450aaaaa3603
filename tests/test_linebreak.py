"""Line control: no-break spaces keep words together, forced breaks (a `|` block, `\\n`) end a line and copy
out as two lines, centred text avoids starting a line with a postposition, and balancing is exact."""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner

from posters.cli import main
from posters.errors import SpecError
from posters.geometry import parse_size
from posters.languages import LANGUAGES
from posters.pipeline import layout, render_pdf
from posters.preview import extract_lines
from posters.spec.fields import fold_text
from posters.spec.model import FORCED_BREAK, Pos
from posters.spec.validate import load_spec
from posters.styles import style
from posters.text import Setter, TooWide, Word, _balanced, break_lines

from .conftest import ROOT

POS = Pos("test.yaml", 1, 1, "blocks[0].text")
HEADLINE_HI = "क्या WhatsApp आपकी कॉल रिकॉर्ड करता है?"


def _texts(lines: list[list[Word]]) -> list[str]:
    return [" ".join(w.text for w in ln) for ln in lines]


def _line_width(ln: list[Word], size: float) -> float:
    return sum(w.width(size) for w in ln) + sum(w.space_em * size for w in ln[:-1])


def _natural(setter: Setter, text: str, role: str = "body", size: float = 12.0) -> float:
    ws = setter.words(text, role, POS)
    return _line_width(list(ws), size)


# ---- no-break spaces -------------------------------------------------------------------------------------
@pytest.mark.parametrize("nbsp", ["\u00a0", "\u202f"])
def test_no_break_space_keeps_two_words_on_a_full_line(fontset, nbsp: str) -> None:
    s = Setter(fontset, "en", 12.0)
    plain = "Call the police at once"
    joined = f"Call the police at{nbsp}once"
    # a line full after "at": with ordinary spaces "once" goes to line 2 alone
    width = _natural(s, "Call the police at") + 1.0
    assert _texts(break_lines(s.words(plain, "body", POS), 12.0, width))[-1] == "once"
    lines = _texts(break_lines(s.words(joined, "body", POS), 12.0, width))
    assert lines[-1] == f"at{nbsp}once", lines
    assert all(ln.count(nbsp) == (ln == lines[-1]) for ln in lines)


def test_narrow_no_break_space_is_narrower_and_copies_out_as_typed(fontset) -> None:
    s = Setter(fontset, "hi", 12.0)
    wide = s.words("₹\u00a0500", "body", POS)
    narrow = s.words("₹\u202f500", "body", POS)
    assert len(wide) == len(narrow) == 1
    assert narrow[0].text == "₹\u202f500"
    assert narrow[0].em < wide[0].em


def test_validation_keeps_no_break_spaces() -> None:
    assert fold_text("a  b\u00a0c \u202fd\n e", breaks=True) == "a b\u00a0c \u202fd e"
    assert fold_text("\u00a0x\u00a0", breaks=False) == "\u00a0x\u00a0"


SPEC = """\
title: {{hi: सूचना, en: Notice}}
languages: [hi, en]
blocks:
  - kind: headline
    text:
{text}
  - kind: text
    text:
      hi: "पैसे गए? तुरंत 1930 पर कॉल करें।"
      en: "Lost money? Call 1930 at once."
"""


def _headline(write_spec, text_yaml: str) -> tuple[str, str]:
    poster = load_spec(write_spec(SPEC.format(text=text_yaml)))
    return poster.blocks[0].text.get("hi"), poster.blocks[0].text.get("en")


def test_nbsp_from_the_spec_reaches_the_pdf_and_copies_out(write_spec) -> None:
    poster = load_spec(write_spec(SPEC.format(text='      hi: "कॉल करें 1930\u00a0पर"\n      en: "Call\u00a0now"')))
    assert poster.blocks[0].text.get("en") == "Call\u00a0now"
    pdf = render_pdf(poster, "en", parse_size("A5"))
    assert "Call\u00a0now" in extract_lines(pdf)
    pdf = render_pdf(poster, "hi", parse_size("A5"))
    assert any("1930\u00a0पर" in ln for ln in extract_lines(pdf))


# ---- forced breaks ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text_yaml", "hi", "en"), [
    # a literal block: every line of it is a line on the poster; a blank line does not add an empty one
    ("      hi: |\n        पहली पंक्ति\n\n        दूसरी पंक्ति\n      en: |-\n        First line\n        second line",
     "पहली पंक्ति\u2028दूसरी पंक्ति", "First line\u2028second line"),
    # the marker \\n, in plain, single- and double-quoted text (in double quotes YAML reads it as a new line)
    ("      hi: पहली पंक्ति \\n दूसरी पंक्ति\n      en: 'First line\\nsecond line'",
     "पहली पंक्ति\u2028दूसरी पंक्ति", "First line\u2028second line"),
    ('      hi: "पहली पंक्ति\\nदूसरी पंक्ति"\n      en: "First line \\\\n second line"',
     "पहली पंक्ति\u2028दूसरी पंक्ति", "First line\u2028second line"),
    # folded blocks and plain text over several lines stay one paragraph
    ("      hi: >\n        पहली पंक्ति\n        दूसरी पंक्ति\n      en: First line\n        second line",
     "पहली पंक्ति दूसरी पंक्ति", "First line second line"),
])
def test_forced_breaks_from_the_spec(write_spec, text_yaml: str, hi: str, en: str) -> None:
    assert _headline(write_spec, text_yaml) == (hi, en)


def test_text_of_only_line_breaks_is_an_error(write_spec) -> None:
    with pytest.raises(SpecError) as exc:
        load_spec(write_spec(SPEC.format(text="      hi: \\n\n      en: ok")))
    (diag,) = exc.value.diagnostics
    assert "nothing but line breaks" in diag.message and (diag.line, diag.col) == (6, 11) and diag.hint


def test_the_pdf_title_has_no_forced_break(write_spec) -> None:
    spec = SPEC.format(text="      hi: a\n      en: b").replace("title: {hi: सूचना, en: Notice}",
                                                             "title:\n  hi: |\n    सूचना\n    दो\n  en: a \\n b")
    poster = load_spec(write_spec(spec))
    assert poster.title.get("hi") == "सूचना दो" and poster.title.get("en") == "a b"


def test_labels_stay_on_one_line(write_spec) -> None:
    spec = SPEC.format(text="      hi: a\n      en: b") + (
        "  - kind: mythfact\n    myth_label: {hi: 'भ्रम\\nझूठ', en: 'Myth\\nlie'}\n"
        "    pairs:\n      - {myth: {hi: a, en: b}, fact: {hi: c, en: d}}\n")
    poster = load_spec(write_spec(spec))
    assert poster.blocks[2].myth_label.get("en") == "Myth lie"


def test_forced_break_gives_two_lines_even_when_one_would_fit(fontset) -> None:
    s = Setter(fontset, "en", 12.0)
    for st in ("normal", "headline"):
        lines, _ = s.set(f"Stop{FORCED_BREAK}think", style(st), 500.0, POS, "b")
        assert [ln.text for ln in lines] == ["Stop", "think"]
    # the natural width is the widest line's
    assert s.width(f"Stop{FORCED_BREAK}think", style("normal"), POS) == pytest.approx(_natural(s, "think"))


def test_forced_break_extracts_as_two_lines_from_the_pdf(write_spec) -> None:
    text = "      hi: |\n        कॉल काटें\n        डरें नहीं\n      en: Hang up \\n do not be afraid"
    poster = load_spec(write_spec(SPEC.format(text=text)))
    en = extract_lines(render_pdf(poster, "en", parse_size("A4")))
    assert "Hang up" in en and "do not be afraid" in en
    hi = extract_lines(render_pdf(poster, "hi", parse_size("A4")))
    assert "कॉल काटें" in hi and "डरें नहीं" in hi
    assert not any(FORCED_BREAK in ln for ln in en + hi)


# ---- postpositions in centred text -----------------------------------------------------------------------
def _bad_starts(lines: list[list[Word]]) -> int:
    """Breaks that split a word from the one it belongs with (and that the author did not force)."""
    return sum(1 for prev, ln in itertools.pairwise(lines)
               if (ln[0].keep_with_prev or prev[-1].keep_with_next) and not prev[-1].hard_break)


def _all_breakings(ws: tuple[Word, ...], size: float, width: float, n_lines: int):
    """Every way to break `ws` into at most n_lines lines that fit (brute force, for small texts)."""
    k = len(ws)
    for n in range(1, n_lines + 1):
        for cuts in itertools.combinations(range(1, k), n - 1):
            bounds = (0, *cuts, k)
            lines = [list(ws[a:b]) for a, b in itertools.pairwise(bounds)]
            if all(_line_width(ln, size) <= width + 1e-6 for ln in lines):
                yield lines


def test_language_table_lists_postpositions() -> None:
    assert {"पर", "से", "को", "में", "की", "का", "के", "है", "हैं", "ने", "तक"} <= LANGUAGES["hi"].no_break_before
    assert {"ला", "ने", "चा", "ची", "चे", "त", "मध्ये", "आहे"} <= LANGUAGES["mr"].no_break_before
    assert not LANGUAGES["en"].no_break_before
    assert "न" in LANGUAGES["hi"].no_break_after and not LANGUAGES["en"].no_break_after


HINDI_HEADLINES = [
    HEADLINE_HI,
    "पैसे गए? तुरंत 1930 पर कॉल करें",
    "असली पुलिस वीडियो कॉल पर गिरफ़्तार नहीं करती",
    "कॉल के बाद 24 घंटे के भीतर पोर्टल पर शिकायत पूरी करें।",
    "यह आपकी गलती नहीं है",
]


@pytest.mark.parametrize("text", HINDI_HEADLINES)
def test_hindi_headline_never_starts_a_line_with_a_postposition_when_avoidable(fontset, text: str) -> None:
    s = Setter(fontset, "hi", 10.0)
    size = s.size(style("headline").size)
    ws = s.words(text, "display", POS)
    assert any(w.keep_with_prev for w in ws)
    full = _line_width(list(ws), size)
    checked = 0
    width = max(w.width(size) for w in ws)
    while width < full:
        n = len(break_lines(ws, size, width))
        if n > 1:
            got = _balanced(ws, size, width, n)
            assert len(got) <= n
            assert all(_line_width(ln, size) <= width + 1e-6 for ln in got)
            best = min(_bad_starts(b) for b in _all_breakings(ws, size, width, n))
            assert _bad_starts(got) == best, (width, _texts(got))
            checked += 1
            # the setter (what the headline block calls) gives the same lines
            lines, _ = s.set(text, style("headline"), width, POS, "b")
            assert [ln.text for ln in lines] == _texts(got)
            if best == 0:
                assert not any(ln.text.split(" ")[0].strip("?।") in LANGUAGES["hi"].no_break_before
                               for ln in lines[1:]), [ln.text for ln in lines]
        width += 2.0
    assert checked > 5


def test_balancing_alone_started_lines_with_postpositions(fontset) -> None:
    """The rule matters: balancing by width alone (the old search) puts पर first on a line."""
    s = Setter(fontset, "hi", 10.0)
    size = s.size(style("headline").size)
    ws = s.words("असली पुलिस वीडियो कॉल पर गिरफ़्तार नहीं करती", "display", POS)
    width = 141.0
    old = _bisection(ws, size, width, len(break_lines(ws, size, width)))
    assert any(ln.startswith("पर ") for ln in _texts(old))
    lines, _ = s.set("असली पुलिस वीडियो कॉल पर गिरफ़्तार नहीं करती", style("headline"), width, POS, "b")
    assert "वीडियो कॉल पर" in [ln.text for ln in lines]


def test_postposition_rule_is_only_for_centred_text(fontset) -> None:
    s = Setter(fontset, "hi", 10.0)
    text = "असली पुलिस वीडियो कॉल पर गिरफ़्तार नहीं करती"
    ws = s.words(text, "body", POS)
    width = _line_width(list(ws[:4]), 10.0) + 0.5  # "... कॉल" fills line 1
    lines, _ = s.set(text, style("normal"), width, POS, "b")
    assert lines[1].text.startswith("पर ")  # left-aligned running text: greedy, as before
    lines, _ = s.set(text, style("emphasis"), width * style("emphasis").size, POS, "b")
    assert not any(ln.text.startswith("पर ") for ln in lines)


@pytest.mark.parametrize("text", ["डरें नहीं और पैसे न दें", "रिकॉर्डिंग से ब्लैकमेल? पैसे न दें। पैसे गए हों तो तुरंत कॉल करें"])
def test_centred_lines_do_not_end_with_the_negation_when_avoidable(fontset, text: str) -> None:
    s = Setter(fontset, "hi", 10.0)
    size = s.size(style("headline").size)
    ws = s.words(text, "display", POS)
    assert any(w.keep_with_next for w in ws)
    width, full, avoided = max(w.width(size) for w in ws), _line_width(list(ws), size), 0
    while width < full:
        n = len(break_lines(ws, size, width))
        if n > 1:
            got = _balanced(ws, size, width, n)
            best = min(_bad_starts(b) for b in _all_breakings(ws, size, width, n))
            assert _bad_starts(got) == best, (width, _texts(got))
            avoided += _bad_starts(_bisection(ws, size, width, n)) > best
        width += 3.0
    assert avoided > 0  # balancing by width alone would have split them somewhere


def test_a_forced_break_before_a_postposition_is_kept(fontset) -> None:
    s = Setter(fontset, "hi", 10.0)
    lines, _ = s.set(f"कॉल करता{FORCED_BREAK}है", style("headline"), 1000.0, POS, "b")
    assert [ln.text for ln in lines] == ["कॉल करता", "है"]


# ---- balancing is exact and never worse than the old search ----------------------------------------------
def _bisection(ws, size: float, width: float, n_lines: int) -> list[list[Word]]:
    """The balancing this replaces: 12 halvings of the measure, then greedy breaking."""
    lo, hi = width / n_lines, width
    for _ in range(12):
        mid = (lo + hi) / 2
        try:
            fits = len(break_lines(ws, size, mid)) <= n_lines
        except TooWide:
            fits = False
        lo, hi = (lo, mid) if fits else (mid, hi)
    return break_lines(ws, size, hi)


@pytest.mark.parametrize("text", [
    "Does WhatsApp record your calls?",
    "Real police, CBI, ED, customs or judges never arrest anyone on a video call and never ask for money "
    "to close a case.",
    "It is not your fault. Talk to someone you trust today.",
])
def test_balanced_is_the_narrowest_and_never_worse_than_the_search(fontset, text: str) -> None:
    s = Setter(fontset, "en", 10.0)
    ws = s.words(text, "display", POS)
    size = 20.0
    full = _line_width(list(ws), size)
    width = max(w.width(size) for w in ws)
    while width < full:
        n = len(break_lines(ws, size, width))
        got = _balanced(ws, size, width, n)
        old = _bisection(ws, size, width, n)
        widest = max(_line_width(ln, size) for ln in got)
        assert len(got) == n
        assert widest <= max(_line_width(ln, size) for ln in old) + 1e-6
        if len(ws) <= 12:  # exact: no breaking into n lines has a narrower widest line
            assert widest <= min(max(_line_width(ln, size) for ln in b)
                                 for b in _all_breakings(ws, size, width, n)) + 1e-6
        width += 7.0


# ---- the shipped posters ---------------------------------------------------------------------------------
def test_content_builds_in_every_language_at_a4() -> None:
    result = CliRunner().invoke(main, ["check", str(ROOT / "content"), "--size", "A4"])
    assert result.exit_code == 0, result.output


def test_content_headlines_avoid_postposition_starts() -> None:
    for path in sorted((ROOT / "content").glob("*.yaml")):
        poster = load_spec(path)
        for lang in ("hi", "mr"):
            if lang not in poster.languages:
                continue
            page = layout(poster, lang, parse_size("A4"))
            glue = LANGUAGES[lang].no_break_before
            heads = [ln for ln in page.lines if ln.block.endswith("(headline)")]
            assert heads, path.name
            for ln in heads[1:]:
                first = ln.text.split(" ")[0].strip("?।,.!")
                assert first not in glue, (path.name, lang, [h.text for h in heads])


# ---- no runt: a paragraph does not end on one word alone --------------------------------------------------
RUNT_TEXT = "नहीं। कॉल एंड-टू-एंड एन्क्रिप्टेड होती हैं: WhatsApp उन्हें न सुन सकता है, न रिकॉर्ड कर सकता है।"


def _runt_width(setter: Setter, text: str, size: float) -> float:
    """A width at which greedy breaking leaves the last word alone on the last of two lines."""
    ws = list(setter.words(text, "body", POS))
    return _line_width(ws[:-1], size) + 0.5


def test_the_last_word_gets_company_on_the_last_line(fontset) -> None:
    s = Setter(fontset, "hi", 12.0)
    body = style("normal")
    size = s.size(body.size)
    width = _runt_width(s, RUNT_TEXT, size)
    greedy = _texts(break_lines(s.words(RUNT_TEXT, "body", POS), size, width))
    assert len(greedy) == 2 and greedy[-1] == "है।"
    lines, _ = s.set(RUNT_TEXT, body, width, POS, "blocks[0]")
    assert [ln.text for ln in lines] == [RUNT_TEXT.rsplit(" ", 2)[0], "सकता है।"]  # same count, two words
    assert all(ln.box.w <= width + 1e-6 for ln in lines)


def test_a_forced_break_before_the_last_word_is_kept(fontset) -> None:
    s = Setter(fontset, "hi", 12.0)
    body = style("normal")
    text = RUNT_TEXT.rsplit(" ", 1)[0] + FORCED_BREAK + "है।"
    lines, _ = s.set(text, body, 1000.0, POS, "blocks[0]")
    assert [ln.text for ln in lines][-1] == "है।"
