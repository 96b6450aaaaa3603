"""Text to shaped, broken lines: `**bold**` spans to words shaped once per role, greedy line breaking at
spaces, and lines set in a named style at a width (the only caller of shaping)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .errors import Diagnostic, FontCoverageError, SpecError
from .fonts import FontSet
from .geometry import Rect
from .languages import LANGUAGES
from .page import PlacedWord, TextLine
from .shaping import IGNORABLE, BrokenCluster, MissingGlyph, ShapedRun, shape_text
from .spec.model import Pos, Printed
from .styles import MIN_PRINT_PT, TextStyle

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_URL_SCHEME = re.compile(r"^https?://(www\.)?")


def short_url(url: str) -> str:
    """A web address as printed: no scheme, no www., no trailing slash."""
    return _URL_SCHEME.sub("", url).rstrip("/")


def spans(text: str, role: str) -> list[tuple[str, str]]:
    """`**bold**` markup to (text, role) spans (validation has checked the markers pair up)."""
    emph = "display" if role == "display" else "bold"
    out, last = [], 0
    for m in _BOLD.finditer(text):
        if m.start() > last:
            out.append((text[last:m.start()], role))
        out.append((m.group(1), emph))
        last = m.end()
    if last < len(text):
        out.append((text[last:], role))
    return out


@dataclass(frozen=True)
class Word:
    """A unit between break opportunities: its shaped runs, text, and per-pt widths (measured once)."""

    runs: tuple[ShapedRun, ...]
    text: str
    em: float  # advance width per pt of size
    space_em: float  # width of the space glyph that follows it, per pt of size
    ink_top_em: float
    ink_depth_em: float

    def width(self, size: float) -> float:
        return self.em * size


def _word(runs: tuple[ShapedRun, ...], text: str) -> Word:
    last = runs[-1]
    gid = last.font.nominal(" ")
    space = (last.font.advance(gid) if gid is not None else last.upem // 4) / last.upem
    return Word(runs, text, sum(r.advance_units / r.upem for r in runs), space,
                max(r.ink_top / r.upem for r in runs), -min(r.ink_bottom / r.upem for r in runs))


@lru_cache(maxsize=4096)
def words(fontset: FontSet, text: str, role: str, lang: str, script: str) -> tuple[Word, ...]:
    """`text` split at spaces into shaped words; raises MissingGlyph. Independent of size, so cached
    across the many trial layouts of the fitting search."""
    out: list[Word] = []
    cur_runs: list[ShapedRun] = []
    cur_text = ""
    for span, span_role in spans(text, role):
        for j, part in enumerate(span.split(" ")):
            if j > 0 and cur_text:
                out.append(_word(tuple(cur_runs), cur_text))
                cur_runs, cur_text = [], ""
            if part:
                cur_runs.extend(shape_text(fontset, part, span_role, lang, script))
                cur_text += part
    if cur_text:
        out.append(_word(tuple(cur_runs), cur_text))
    return tuple(out)


@lru_cache(maxsize=256)
def _metrics(fontset: FontSet, role: str, script: str) -> tuple[float, float]:
    font = fontset.chain(role, script)[0]
    asc, desc = font.extents
    return asc / font.upem, -desc / font.upem


class TooWide(Exception):
    """One word is wider than the column: the block cannot be set at this width (layout turns it into
    an Overflow value naming the word)."""

    def __init__(self, word: str, pos: Pos | None = None):
        super().__init__(word)
        self.word = word
        self.pos = pos


def break_lines(ws: Iterable[Word], size: float, width: float) -> list[list[Word]]:
    """Greedy line breaking at spaces only (never inside a word or cluster)."""
    lines: list[list[Word]] = []
    cur: list[Word] = []
    cur_w = 0.0
    for w in ws:
        ww = w.width(size)
        if cur:
            sp = cur[-1].space_em * size
            if cur_w + sp + ww <= width + 1e-6:
                cur.append(w)
                cur_w += sp + ww
                continue
            lines.append(cur)
        if ww > width + 1e-6:
            raise TooWide(w.text)
        cur, cur_w = [w], ww
    if cur:
        lines.append(cur)
    return lines


class Setter:
    """Sets text for one language at one body size: the state every block's layout shares."""

    def __init__(self, fontset: FontSet, lang: str, body_pt: float):
        self.fontset, self.lang, self.body = fontset, lang, body_pt
        self.script = LANGUAGES[lang].script

    def size(self, factor: float) -> float:
        return max(self.body * factor, MIN_PRINT_PT)

    def em(self, factor: float) -> float:
        """A distance in body sizes (paddings, gaps)."""
        return factor * self.body

    def words(self, text: str, role: str, pos: Pos) -> tuple[Word, ...]:
        try:
            return words(self.fontset, text, role, self.lang, self.script)
        except MissingGlyph as exc:
            ch = exc.char
            raise FontCoverageError(Diagnostic(
                f"no font can draw the character {ch!r} (U+{ord(ch):04X}) in the {self.lang} text",
                file=pos.file, line=pos.line, col=pos.col, path=pos.path,
                hint="remove or replace it (check for stray symbols or emoji), or add a font that "
                     "covers it to fonts/manifest.json")) from None

    def metrics(self, role: str) -> tuple[float, float]:
        """(ascent, descent) per pt of size for the role's main font in this language's script."""
        return _metrics(self.fontset, role, self.script)

    def width(self, text: str, style: TextStyle, pos: Pos) -> float:
        """The natural width of `text` on one line."""
        size = self.size(style.size)
        ws = self.words(text, style.role, pos)
        return sum(w.width(size) for w in ws) + sum(w.space_em * size for w in ws[:-1])

    def set(self, text: str, style: TextStyle, width: float, pos: Pos, block: str,
            x: float = 0.0, top: float = 0.0) -> tuple[list[TextLine], float]:
        """Break `text` into lines that fit `width` from (x, top); the lines and the height they use."""
        size = self.size(style.size)
        ws = self.words(text, style.role, pos)
        asc, desc = self.metrics(style.role)
        try:
            lines = break_lines(ws, size, width)
            if style.align == "center" and len(lines) > 1:
                lines = _balanced(ws, size, width, len(lines))
        except TooWide as exc:
            raise TooWide(exc.word, pos) from None
        out: list[TextLine] = []
        baseline = 0.0
        prev_depth = 0.0
        for n, ln in enumerate(lines):
            widths = [w.width(size) for w in ln]
            gaps = [w.space_em * size for w in ln[:-1]]
            total = sum(widths) + sum(gaps)
            # real ink extent of this line (tall conjuncts, matras above, marks below)
            ink_top = max(w.ink_top_em for w in ln) * size
            ink_depth = max(w.ink_depth_em for w in ln) * size
            if n == 0:
                baseline = top - max(asc * size, ink_top)
            else:
                baseline -= max(style.leading * size, prev_depth + ink_top + 0.06 * size)
            lx = x + (width - total) / 2 if style.align == "center" else x
            placed, cx = [], lx
            for i, w in enumerate(ln):
                placed.append(PlacedWord(cx, w.runs, w.text, widths[i]))
                cx += widths[i] + (gaps[i] if i < len(gaps) else 0)
            box = Rect(lx, baseline - ink_depth, total, ink_top + ink_depth)
            out.append(TextLine(baseline, size, style.color, tuple(placed), " ".join(w.text for w in ln), box,
                                block))
            prev_depth = max(desc * size, ink_depth)
        height = (top - baseline + prev_depth) if out else 0.0
        return out, height


def _balanced(ws: tuple[Word, ...], size: float, width: float, n_lines: int) -> list[list[Word]]:
    """Balance centred text: the narrowest measure that keeps the same number of lines, so a headline
    never ends on one orphaned word."""
    lo, hi = width / n_lines, width
    for _ in range(12):
        mid = (lo + hi) / 2
        try:
            fits = len(break_lines(ws, size, mid)) <= n_lines
        except TooWide:
            fits = False
        lo, hi = (lo, mid) if fits else (mid, hi)
    return break_lines(ws, size, hi)


def check_coverage(texts: Iterable[Printed], lang: str, fontset: FontSet) -> None:
    """Every character of every printed string must be in some shipped font, and no mark may lack its
    letter; all misses at once."""
    texts = list(texts)
    covered = fontset.covered
    diags: list[Diagnostic] = []
    seen: set[tuple[str, int | None]] = set()
    name = LANGUAGES[lang].name
    for text, pos in texts:
        for ch in text:
            if ord(ch) in covered or ord(ch) in IGNORABLE or ch == " " or (ch, pos.line) in seen:
                continue
            seen.add((ch, pos.line))
            diags.append(Diagnostic(
                f"no font can draw {ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}) "
                f"in the {name} text", file=pos.file, line=pos.line, col=pos.col, path=pos.path,
                hint="remove or replace it (stray symbols and emoji are common culprits), or add a font that "
                     "covers it to fonts/manifest.json"))
    if diags:
        raise FontCoverageError(diags)
    script = LANGUAGES[lang].script
    for text, pos in texts:
        try:
            words(fontset, text, "body", lang, script)
        except BrokenCluster as exc:
            ch = exc.char
            diags.append(Diagnostic(
                f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'mark')}) in {exc.text!r} has no letter to attach "
                f"to, so it would print on a dotted circle ◌", file=pos.file, line=pos.line, col=pos.col,
                path=pos.path, hint="check the spelling: a vowel sign or mark must come right after its letter, "
                                    "with no space before it"))
    if diags:
        raise SpecError(diags)
