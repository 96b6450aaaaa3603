"""Text to shaped, broken lines: `**bold**` spans to words shaped once per role, line breaking at spaces
and forced breaks (greedy, or balanced for centred text), and lines set in a named style at a width (the
only caller of shaping)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from .assets import VS16, emoji_sequences
from .errors import Diagnostic, FontCoverageError
from .fonts import IGNORABLE, FontSet
from .geometry import Rect
from .languages import LANGUAGES, Language
from .page import EMOJI_PREFIX, PictureItem, TextLine
from .shaping import BrokenCluster, EmojiGap, MissingGlyph, ShapedRun, shape_text
from .spec.model import FORCED_BREAK, NO_BREAK_SPACES, Pos, Printed
from .styles import MIN_PRINT_PT, TextStyle

_BOLD = re.compile(r"\*\*(.+?)\*\*")
# No-break spaces the fonts lack are shaped as U+00A0 (every shipped font has it); U+202F at half its width.
_AS_NBSP = str.maketrans(dict.fromkeys(NO_BREAK_SPACES, "\u00a0"))
_NARROW_NBSP = "\u202f"
_NO_BREAK_RE = re.compile("[" + re.escape(NO_BREAK_SPACES) + "]")
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


class Word(NamedTuple):
    """A unit between break opportunities: its shaped runs, text, and per-pt widths (measured once). A
    named tuple: a poster makes a few hundred, and a tuple is made several times faster than a frozen
    dataclass."""

    runs: tuple[ShapedRun | EmojiGap, ...]  # in order; an emoji is a gap its picture fills
    text: str
    em: float  # advance width per pt of size
    space_em: float  # width of the space glyph that follows it, per pt of size
    ink_top_em: float
    ink_depth_em: float
    hard_break: bool = False  # the author forced a line break after this word
    keep_with_prev: bool = False  # a postposition or the like: a centred line should not start with it
    keep_with_next: bool = False  # a negation before its verb: a centred line should not end with it
    has_emoji: bool = False  # some of its runs are emoji gaps

    def width(self, size: float) -> float:
        return self.em * size


_PUNCTUATION: dict[str, bool] = {}  # character -> whether it is punctuation (as met)


def _is_punctuation(ch: str) -> bool:
    found = _PUNCTUATION.get(ch)
    if found is None:
        found = _PUNCTUATION[ch] = unicodedata.category(ch)[0] == "P"
    return found


def _bare(text: str) -> str:
    """A word without the punctuation around it ('है?' -> 'है'), to compare with word lists."""
    start, end = 0, len(text)
    while start < end and _is_punctuation(text[start]):
        start += 1
    while end > start and _is_punctuation(text[end - 1]):
        end -= 1
    return text[start:end]


EMOJI_TOP_EM, EMOJI_DEPTH_EM = 0.92, 0.23  # an emoji's square sits this far above and below the baseline


def _word(pieces: tuple[ShapedRun | EmojiGap, ...], text: str, lang: Language | None) -> Word:
    em = 0.0
    top, depth = 0.0, 0.0
    has_emoji = False
    last: ShapedRun | None = None
    for r in pieces:
        if isinstance(r, ShapedRun):
            upem = r.upem
            em += r.advance_units / upem
            top = max(top, r.ink_top / upem)
            depth = max(depth, -r.ink_bottom / upem)
            last = r
        else:
            em += r.em
            top, depth, has_emoji = max(top, EMOJI_TOP_EM), max(depth, EMOJI_DEPTH_EM), True
    if last is not None:
        space = last.font.space_em
    else:
        space = 0.26  # a word of emoji only: about a space glyph's width
    keep_prev = keep_next = False
    if lang is not None and (lang.no_break_before or lang.no_break_after):
        bare = _bare(text)
        keep_prev, keep_next = bare in lang.no_break_before, bare in lang.no_break_after
    return Word(pieces, text, em, space, top, depth, False, keep_prev, keep_next, has_emoji)


def _shape_part(fontset: FontSet, part: str, role: str, lang: str, script: str) -> tuple[ShapedRun, ...]:
    """Shape a piece of a word. No-break spaces inside it are drawn with the font's U+00A0 glyph (a narrow
    one, U+202F, at half its width); the word's text keeps the character typed, so it copies out as is."""
    if _NO_BREAK_RE.search(part) is None:
        return shape_text(fontset, part, role, lang, script)
    runs = shape_text(fontset, part.translate(_AS_NBSP), role, lang, script)
    if _NARROW_NBSP not in part:
        return runs
    out: list[ShapedRun] = []
    offset = 0
    for run in runs:
        narrow = {i for i, ch in enumerate(part[offset:offset + len(run.text)]) if ch == _NARROW_NBSP}
        offset += len(run.text)
        nbsp = run.font.nominal("\u00a0")
        if narrow and nbsp is not None:
            run = run.with_advances(tuple(a // 2 if c in narrow and g == nbsp else a
                                          for g, c, a in zip(run.gids, run.clusters, run.x_advances)))
        out.append(run)
    return tuple(out)


ZWJ = "\u200d"


class UnshippedEmoji(Exception):
    """Emoji joined by U+200D ZERO WIDTH JOINER into a combination that is not shipped (its parts side by side
    would say something else)."""


@lru_cache(maxsize=1)
def _emoji_re() -> re.Pattern[str] | None:
    """The shipped emoji, longest first, each with an optional U+FE0F after any of its characters."""
    seqs = sorted(emoji_sequences(), key=len, reverse=True)
    if not seqs:
        return None
    return re.compile("|".join("".join(re.escape(ch) + VS16 + "?" for ch in seq) for seq in seqs))


def emoji_code_points() -> frozenset[int]:
    """Every character of a shipped emoji: text may use them (as part of the emoji)."""
    return frozenset(ord(ch) for seq in emoji_sequences() for ch in seq)


@lru_cache(maxsize=1)
def _emoji_marks() -> frozenset[str]:
    """Characters that only emoji have among their parts (not ASCII, not the joiner or VS16): every
    shipped emoji has one, so text without any of them holds no emoji and needs no emoji search."""
    return frozenset(ch for seq in emoji_sequences() for ch in seq if not ch.isascii()) - {ZWJ, VS16}


def _emoji_split(part: str) -> list[tuple[str, str]]:
    """A piece of a word as (text, emoji key) pieces; the key is "" for ordinary text."""
    pattern = _emoji_re()
    if pattern is None or part.isascii():
        return [(part, "")]
    out: list[tuple[str, str]] = []
    last = 0
    for m in pattern.finditer(part):
        if m.start() > last:
            out.append((part[last:m.start()], ""))
        out.append((m.group(), m.group().replace(VS16, "")))
        last = m.end()
    if last < len(part):
        out.append((part[last:], ""))
    for i, (piece, key) in enumerate(out):
        # a joiner left over beside an emoji: a combination (👩‍💻, a family of four) that is not
        # shipped; drawing its parts side by side would say something else
        if not key and ZWJ in piece and ((piece.startswith(ZWJ) and i > 0 and out[i - 1][1])
                                         or (piece.endswith(ZWJ) and i + 1 < len(out) and out[i + 1][1])):
            raise UnshippedEmoji(part)
    return out


@lru_cache(maxsize=4096)
def words(fontset: FontSet, text: str, role: str, lang: str, script: str) -> tuple[Word, ...]:
    """`text` split at spaces (U+0020 only: no-break spaces stay inside their word) into shaped words; a
    word before a FORCED_BREAK is marked `hard_break`, one in the language's `no_break_before` list
    `keep_with_prev`, one in its `no_break_after` list `keep_with_next`. Raises MissingGlyph, BrokenCluster
    or UnshippedEmoji. Independent
    of size, so cached across the many trial layouts of the fitting search."""
    language = LANGUAGES.get(lang)
    if language is not None and not (language.no_break_before or language.no_break_after):
        language = None  # no word list to look words up in
    out: list[Word] = []
    cur_runs: list[ShapedRun | EmojiGap] = []
    cur_text = ""
    marks = _emoji_marks()
    for span, span_role in spans(text, role):
        plain = span.isascii() or marks.isdisjoint(span) or (pattern := _emoji_re()) is None \
            or pattern.search(span) is None
        shape = shape_text if _NO_BREAK_RE.search(span) is None else _shape_part
        # words between spaces; a forced break is a word of its own that marks the word before it
        for i, part in enumerate((span.replace(FORCED_BREAK, f" {FORCED_BREAK} ") if FORCED_BREAK in span
                                  else span).split(" ")):
            if i and cur_text:
                out.append(_word(tuple(cur_runs), cur_text, language))
                cur_runs, cur_text = [], ""
            if part == FORCED_BREAK:
                if out:
                    out[-1] = out[-1]._replace(hard_break=True)
            elif part and plain:
                cur_runs.extend(shape(fontset, part, span_role, lang, script))
                cur_text += part
            elif part:
                for piece, key in _emoji_split(part):
                    if key:
                        cur_runs.append(EmojiGap(piece, key, fontset.chain(span_role, script)[0]))
                    elif piece:
                        cur_runs.extend(shape(fontset, piece, span_role, lang, script))
                cur_text += part
    if cur_text:
        out.append(_word(tuple(cur_runs), cur_text, language))
    return tuple(out)


@lru_cache(maxsize=256)
def _metrics(fontset: FontSet, role: str, script: str) -> tuple[float, float]:
    font = fontset.chain(role, script)[0]
    asc, desc = font.extents
    return asc / font.upem, -desc / font.upem


def _emoji_pictures(w: Word, x: float, baseline: float, size: float, color: str) -> list[PictureItem]:
    """Where each emoji of a placed word is drawn: a square in its gap, from the emoji's depth below the
    baseline (like a letter's descender) to its top."""
    out: list[PictureItem] = []
    for piece in w.runs:
        if isinstance(piece, EmojiGap):
            side = piece.em * size
            square = min(side, (EMOJI_TOP_EM + EMOJI_DEPTH_EM) * size)
            out.append(PictureItem(Rect(x + (side - square) / 2, baseline - EMOJI_DEPTH_EM * size, square, square),
                                   EMOJI_PREFIX + piece.key, color))
            x += side
        else:
            x += piece.advance_units / piece.upem * size
    return out


class TooWide(Exception):
    """One word is wider than the column: the block cannot be set at this width (layout turns it into
    an Overflow value naming the word)."""

    def __init__(self, word: str, pos: Pos | None = None):
        super().__init__(word)
        self.word = word
        self.pos = pos


def break_lines(ws: Iterable[Word], size: float, width: float) -> list[list[Word]]:
    """Greedy line breaking at spaces (never inside a word or cluster), and after every word with a
    forced break. Gives the fewest lines possible at this width."""
    lines: list[list[Word]] = []
    cur: list[Word] = []
    cur_w = 0.0
    for w in ws:
        ww = w.width(size)
        sp = cur[-1].space_em * size if cur else 0.0
        if cur and cur_w + sp + ww <= width + 1e-6:
            cur.append(w)
            cur_w += sp + ww
        else:
            if cur:
                lines.append(cur)
            if ww > width + 1e-6:
                raise TooWide(w.text)
            cur, cur_w = [w], ww
        if w.hard_break:
            lines.append(cur)
            cur, cur_w = [], 0.0
    if cur:
        lines.append(cur)
    return lines


def _no_runt(lines: list[list[Word]], size: float, width: float) -> None:
    """A paragraph should not end on one word alone (a runt: 'है।' under a full line): the last word of
    the line before moves down to join it, when it fits and leaves that line at least two words. The
    number of lines stays the same, so nothing else moves. An author's forced break is kept."""
    before, last = lines[-2], lines[-1]
    if len(last) != 1 or len(before) < 3 or before[-1].hard_break:
        return
    word = before[-1]
    if (word.em + word.space_em + last[0].em) * size <= width + 1e-6:
        lines[-2], lines[-1] = before[:-1], [word, *last]


class Setter:
    """Sets text for one language at one body size: the state every block's layout shares. `contrast` below
    1 brings the styles larger than the body closer to it (a small handout's headline need not be 2.3 times
    its body text to lead)."""

    def __init__(self, fontset: FontSet, lang: str, body_pt: float, contrast: float = 1.0):
        self.fontset, self.lang, self.body = fontset, lang, body_pt
        self.contrast = contrast
        self.script = LANGUAGES[lang].script

    def size(self, factor: float) -> float:
        if factor > 1.0:
            factor = 1.0 + (factor - 1.0) * self.contrast
        return max(self.body * factor, MIN_PRINT_PT)

    def em(self, factor: float) -> float:
        """A distance in body sizes (paddings, gaps)."""
        return factor * self.body

    def words(self, text: str, role: str, pos: Pos) -> tuple[Word, ...]:
        try:
            return words(self.fontset, text, role, self.lang, self.script)
        except (BrokenCluster, UnshippedEmoji) as exc:
            raise ShapingProblem(_shaping_diagnostic(exc, pos)) from None
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
        """The natural width of `text`: of its widest line when the author forced breaks, else of one line."""
        size = self.size(style.size)
        widest, cur = 0.0, 0.0
        for i, w in enumerate(ws := self.words(text, style.role, pos)):
            cur += w.width(size)
            if w.hard_break or i == len(ws) - 1:
                widest, cur = max(widest, cur), 0.0
            else:
                cur += w.space_em * size
        return widest

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
            elif len(lines) > 1:
                _no_runt(lines, size, width)
        except TooWide as exc:
            raise TooWide(exc.word, pos) from None
        out: list[TextLine] = []
        baseline = 0.0
        prev_depth = 0.0
        center = style.align == "center"
        lead = style.leading * size
        for n, ln in enumerate(lines):
            widths = [w.em * size for w in ln]
            total = sum(widths) + sum([w.space_em for w in ln[:-1]]) * size
            # real ink extent of this line (tall conjuncts, matras above, marks below)
            ink_top = max([w.ink_top_em for w in ln]) * size
            ink_depth = max([w.ink_depth_em for w in ln]) * size
            if n == 0:
                baseline = top - max(asc * size, ink_top)
            else:
                baseline -= max(lead, prev_depth + ink_top + 0.06 * size)
            lx = x + (width - total) / 2 if center else x
            offsets: list[float] = []
            pictures: list[PictureItem] = []
            cx = 0.0
            for w, ww in zip(ln, widths):
                offsets.append(cx)
                if w.has_emoji:
                    pictures += _emoji_pictures(w, lx + cx, baseline, size, style.color)
                cx += ww + w.space_em * size
            box = Rect(lx, baseline - ink_depth, total, ink_top + ink_depth)
            out.append(TextLine(baseline, size, style.color, tuple(ln), tuple(offsets),
                                " ".join([w.text for w in ln]), box, block, tuple(pictures), lx))
            prev_depth = max(desc * size, ink_depth)
        height = (top - baseline + prev_depth) if out else 0.0
        return out, height


def _balanced(ws: Sequence[Word], size: float, width: float, n_lines: int) -> list[list[Word]]:
    """Balance centred text in at most `n_lines` lines (the fewest that fit, from `break_lines`): first as
    few breaks as possible split a word from the one it belongs with (a line starting with a Hindi पर, से,
    है ..., `keep_with_prev`, or ending with the Hindi negation न, `keep_with_next`) unless the author
    forced the break there, then the narrowest widest line, so a headline never ends on one orphaned word.

    Found directly, without trying measures: dynamic programming over the break positions, where
    best[m][i] is the best (bad starts, widest line) for the words from i on in at most m lines. Each
    line is then the longest whose remaining lines can still be that good, so the lines after the
    widest one are balanced among themselves too."""
    k = len(ws)
    widths = [w.width(size) for w in ws]
    gaps = [w.space_em * size for w in ws]
    bad = [int(i > 0 and not ws[i - 1].hard_break and (ws[i].keep_with_prev or ws[i - 1].keep_with_next))
           for i in range(k)]
    limit = width + 1e-6
    # spans[i]: (j, width) for each line words[i:j] that fits and does not run past a forced break
    spans: list[list[tuple[int, float]]] = []
    for i in range(k):
        row: list[tuple[int, float]] = []
        lw = widths[i]
        for j in range(i + 1, k + 1):
            if j > i + 1:
                lw += gaps[j - 2] + widths[j - 1]
            if lw > limit:
                break
            row.append((j, lw))
            if ws[j - 1].hard_break:
                break
        spans.append(row)
    inf = float("inf")
    no = (k + 1, inf)  # worse than any real breaking
    best: list[list[tuple[int, float]]] = [[no] * k + [(0, 0.0)]]
    for m in range(1, n_lines + 1):
        prev = best[-1]
        cur = [no] * k + [(0, 0.0)]
        for i in range(k - 1, -1, -1) if m < n_lines else (0,):  # all lines: only from the first word
            b_i = bad[i]
            top = no
            for j, lw in spans[i]:
                rb, rw = prev[j]
                cost = (b_i + rb, lw if lw > rw else rw)
                if cost < top:
                    top = cost
            cur[i] = top
        best.append(cur)
    if best[n_lines][0][0] > k:
        return break_lines(ws, size, width)
    lines: list[list[Word]] = []
    i, m = 0, n_lines
    while i < k:
        tb, tw = best[m][i]
        end = i + 1
        for j, lw in spans[i]:
            rb, rw = best[m - 1][j]
            if bad[i] + rb == tb and max(lw, rw) <= tw + 1e-9:
                end = j
        lines.append(list(ws[i:end]))
        i, m = end, m - 1
    return lines


# Never looked up in a font: spaces between words, forced breaks, and no-break spaces (shaped as U+00A0).
_NOT_DRAWN = frozenset(" " + FORCED_BREAK + NO_BREAK_SPACES)


@lru_cache(maxsize=4)
def drawable(fontset: FontSet) -> frozenset[int]:
    """The code points a spec's text may use: what some shipped font draws, plus spaces and the shaping
    controls that need no glyph (validation reports anything else, at its position)."""
    return fontset.covered | IGNORABLE | {0x20} | emoji_code_points()


class ShapingProblem(Exception):
    """Shaping a text in its real style found a mark with no letter or an unshipped emoji combination;
    layout then reports every such problem of the poster at once (`shaping_diagnostics`), or this one."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def check_coverage(texts: Iterable[Printed], lang: str, fontset: FontSet) -> None:
    """Every character of every printed string must be in some shipped font; all misses at once. (Marks
    without a letter are found when the text is shaped in its real style: see `shaping_diagnostics`.)"""
    covered = drawable(fontset)
    diags: list[Diagnostic] = []
    seen: set[tuple[str, int | None]] = set()
    name = LANGUAGES[lang].name
    for text, pos in texts:
        for ch in text:
            if ord(ch) in covered or ch in _NOT_DRAWN or (ch, pos.line) in seen:
                continue
            seen.add((ch, pos.line))
            diags.append(Diagnostic(
                f"no font can draw {ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}) "
                f"in the {name} text", file=pos.file, line=pos.line, col=pos.col, path=pos.path,
                hint="remove or replace it (stray symbols and emoji are common culprits), or add a font that "
                     "covers it to fonts/manifest.json"))
    if diags:
        raise FontCoverageError(diags)


def _shaping_diagnostic(exc: BrokenCluster | UnshippedEmoji | MissingGlyph, pos: Pos) -> Diagnostic:
    if isinstance(exc, BrokenCluster):
        ch = exc.char
        return Diagnostic(
            f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'mark')}) in {exc.text!r} has no letter to attach "
            f"to, so it would print on a dotted circle ◌", file=pos.file, line=pos.line, col=pos.col,
            path=pos.path, hint="check the spelling: a vowel sign or mark must come right after its letter, "
                                "with no space before it")
    if isinstance(exc, UnshippedEmoji):
        message = ("this emoji combination (emoji joined by U+200D ZERO WIDTH JOINER) is not among the "
                   "shipped emoji; it would print as its parts side by side")
        hint = "use a single emoji instead ('posters icons -o icons.pdf' shows the shipped ones)"
    else:
        message = f"no font can draw {exc.char!r} (U+{ord(exc.char):04X})"
        hint = "remove or replace it, or add a font that covers it to fonts/manifest.json"
    return Diagnostic(message, file=pos.file, line=pos.line, col=pos.col, path=pos.path, hint=hint)


def shaping_diagnostics(texts: Iterable[Printed], lang: str, fontset: FontSet) -> list[Diagnostic]:
    """What shaping finds wrong in any printed string (each shaped in the body style, as a whole): a mark
    or vowel sign with no letter to attach to, an emoji combination that is not shipped, a character no
    font has. Run only once shaping in the real styles has hit such a problem, to report them all."""
    diags: list[Diagnostic] = []
    script = LANGUAGES[lang].script
    for text, pos in texts:
        try:
            words(fontset, text, "body", lang, script)
        except (BrokenCluster, UnshippedEmoji, MissingGlyph) as exc:
            diags.append(_shaping_diagnostic(exc, pos))
    return diags
