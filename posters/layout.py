"""A validated poster, a language and a page size to positioned, shaped lines and shapes (all in pt).

One type scale is derived from the page's short side, so every size comes out in proportion. The whole
scale shrinks to fit, down to a legible floor; past that the build fails naming the block.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .errors import Diagnostic, FitError, FontCoverageError, SpecError
from .fonts import FontSet
from .geometry import PageSize, Rect, mm
from .shaping import IGNORABLE, BrokenCluster, MissingGlyph, ShapedRun, font_metrics, glyph_advance, glyph_for, shape_text
from .spec.model import (LANGUAGES, Block, Checklist, Footer, Headline, Helpline, MythFact, Paragraph, Pos,
                         Poster, QRCode, Text, printed_texts)

# Body size as a fraction of the page's short side (A4: 16.5 pt, A3: 23.3 pt).
BODY_PER_SHORT_SIDE = 1 / 36
SCALE_MAX, SCALE_FLOOR = 1.25, 0.72  # fit searches the scale between these
MIN_PRINT_PT = 6.5  # nothing is set smaller than this, whatever the page
MARGIN_PER_SHORT_SIDE = 0.06

# Words the layout itself prints, per language. A spec can override the myth/fact labels.
LABELS = {
    "hi": {"myth": "भ्रम", "fact": "सच", "sources": "स्रोत"},
    "mr": {"myth": "गैरसमज", "fact": "सत्य", "sources": "स्रोत"},
    "en": {"myth": "Myth", "fact": "Fact", "sources": "Sources"},
    # awaiting native-speaker review, like the poster texts in these languages
    "bn": {"myth": "ভুল ধারণা", "fact": "সত্য", "sources": "সূত্র"},
    "ta": {"myth": "கட்டுக்கதை", "fact": "உண்மை", "sources": "ஆதாரங்கள்"},
    "te": {"myth": "అపోహ", "fact": "వాస్తవం", "sources": "ఆధారాలు"},
    "gu": {"myth": "ગેરમાન્યતા", "fact": "હકીકત", "sources": "સ્રોત"},
    "kn": {"myth": "ತಪ್ಪು ಕಲ್ಪನೆ", "fact": "ಸತ್ಯ", "sources": "ಮೂಲಗಳು"},
    "ml": {"myth": "മിഥ്യ", "fact": "വസ്തുത", "sources": "ഉറവിടങ്ങൾ"},
    "pa": {"myth": "ਭਰਮ", "fact": "ਸੱਚ", "sources": "ਸਰੋਤ"},
    "or": {"myth": "ଭ୍ରମ", "fact": "ସତ୍ୟ", "sources": "ଉତ୍ସ"},
}


# ---- output data ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlacedWord:
    x_pt: float
    runs: tuple[ShapedRun, ...]
    text: str
    width_pt: float


@dataclass(frozen=True)
class TextLine:
    """One line of text: words at absolute positions on a common baseline."""

    baseline_pt: float
    size_pt: float
    color: str
    words: tuple[PlacedWord, ...]
    text: str  # the source text of this line, exactly (what copy/paste must give back)
    box: Rect  # ink-safe box: ascender to descender
    block: str


@dataclass(frozen=True)
class Box:
    rect: Rect
    color: str
    radius_pt: float = 0.0
    bleed: tuple[str, ...] = ()  # page edges this box runs off (prepress extends it into the bleed)


@dataclass(frozen=True)
class Icon:
    kind: str  # "check" | "cross"
    cx: float
    cy: float
    r: float
    color: str


@dataclass(frozen=True)
class QRItem:
    rect: Rect  # includes the quiet zone
    url: str


@dataclass(frozen=True)
class ImageItem:
    rect: Rect
    path: str


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width_pt: float
    color: str


@dataclass(frozen=True)
class Page:
    size: PageSize
    lang: str
    title: str
    theme: str
    scale: float
    body_pt: float
    safe: Rect
    items: tuple = field(default=())
    columns: int = 1

    @property
    def lines(self) -> list[TextLine]:
        return [i for i in self.items if isinstance(i, TextLine)]


# ---- text setting ---------------------------------------------------------------------------------------
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_URL_SCHEME = re.compile(r"^https?://(www\.)?")


def _short_url(url: str) -> str:
    """A web address as printed: no scheme, no www., no trailing slash."""
    return _URL_SCHEME.sub("", url).rstrip("/")


def _spans(text: str, role: str) -> list[tuple[str, str]]:
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
    gid = glyph_for(last.font, " ")
    space = (glyph_advance(last.font, gid) if gid is not None else last.upem // 4) / last.upem
    return Word(runs, text, sum(r.advance_units / r.upem for r in runs), space,
                max(r.ink_top / r.upem for r in runs), -min(r.ink_bottom / r.upem for r in runs))


@lru_cache(maxsize=4096)
def _words(fontset: FontSet, text: str, role: str, lang: str, script: str) -> tuple[Word, ...]:
    """`text` split at spaces into shaped words; raises MissingGlyph. Independent of size, so cached
    across the many trial layouts of the fitting search."""
    words: list[Word] = []
    cur_runs: list[ShapedRun] = []
    cur_text = ""
    for span, span_role in _spans(text, role):
        for j, part in enumerate(span.split(" ")):
            if j > 0 and cur_text:
                words.append(_word(tuple(cur_runs), cur_text))
                cur_runs, cur_text = [], ""
            if part:
                cur_runs.extend(shape_text(fontset, part, span_role, lang, script))
                cur_text += part
    if cur_text:
        words.append(_word(tuple(cur_runs), cur_text))
    return tuple(words)


@lru_cache(maxsize=256)
def _metrics(fontset: FontSet, role: str, script: str) -> tuple[float, float]:
    asc, desc, upem = font_metrics(fontset.chain(role, script)[0])
    return asc / upem, -desc / upem


class _Ctx:
    def __init__(self, poster: Poster, lang: str, page: PageSize, fontset: FontSet, k: float):
        self.poster, self.lang, self.page, self.fontset, self.k = poster, lang, page, fontset, k
        self.script = LANGUAGES[lang][0]
        self.body = max(page.short_pt * BODY_PER_SHORT_SIDE * k, MIN_PRINT_PT)

    def size(self, factor: float) -> float:
        return max(self.body * factor, MIN_PRINT_PT)

    def label(self, key: str, override: Text | None, pos: Pos) -> str:
        if override is not None:
            return override.get(self.lang)
        try:
            return LABELS[self.lang][key]
        except KeyError:
            raise SpecError(Diagnostic(f"there is no built-in '{key}' label for language {self.lang!r}",
                                       file=pos.file, line=pos.line, col=pos.col, path=pos.path,
                                       hint=f"add '{key}_label:' with the text in every language")) from None

    def words(self, text: str, role: str, pos: Pos) -> tuple[Word, ...]:
        try:
            return _words(self.fontset, text, role, self.lang, self.script)
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

    @staticmethod
    def space(word: Word, size: float) -> float:
        return word.space_em * size

    def _break(self, words: list[Word], size: float, width: float) -> list[list[Word]]:
        """Greedy line breaking at spaces only (never inside a word or cluster)."""
        lines: list[list[Word]] = []
        cur: list[Word] = []
        cur_w = 0.0
        for w in words:
            ww = w.width(size)
            if cur:
                sp = self.space(cur[-1], size)
                if cur_w + sp + ww <= width + 1e-6:
                    cur.append(w)
                    cur_w += sp + ww
                    continue
                lines.append(cur)
            if ww > width + 1e-6:
                raise _TooWide(w.text)
            cur, cur_w = [w], ww
        if cur:
            lines.append(cur)
        return lines

    def set_text(self, text: str, role: str, factor: float, color: str, x: float, top: float, width: float,
                 pos: Pos, block: str, align: str = "left", leading: float = 1.4) -> tuple[list[TextLine], float]:
        """Break `text` into lines that fit `width`; return the lines and the height used from `top`."""
        size = self.size(factor)
        words = self.words(text, role, pos)
        asc, desc = self.metrics(role)
        try:
            lines = self._break(words, size, width)
        except _TooWide as exc:
            raise _TooWide(exc.word, pos) from None
        if align == "center" and len(lines) > 1:
            # balance centred text: the narrowest measure that keeps the same number of lines,
            # so a headline never ends on one orphaned word
            lo, hi = width / len(lines), width
            for _ in range(12):
                mid = (lo + hi) / 2
                try:
                    fits = len(self._break(words, size, mid)) <= len(lines)
                except _TooWide:
                    fits = False
                lo, hi = (lo, mid) if fits else (mid, hi)
            lines = self._break(words, size, hi)
        out: list[TextLine] = []
        baseline = None
        prev_depth = 0.0
        for ln in lines:
            widths = [w.width(size) for w in ln]
            spaces = [self.space(w, size) for w in ln[:-1]]
            total = sum(widths) + sum(spaces)
            # real ink extent of this line (tall conjuncts, matras above, marks below)
            ink_top = max(w.ink_top_em for w in ln) * size
            ink_depth = max(w.ink_depth_em for w in ln) * size
            height_up = max(asc * size, ink_top)
            if baseline is None:
                baseline = top - height_up
            else:
                baseline -= max(leading * size, prev_depth + ink_top + 0.06 * size)
            lx = x + (width - total) / 2 if align == "center" else x
            placed, cx = [], lx
            for i, w in enumerate(ln):
                placed.append(PlacedWord(cx, w.runs, w.text, widths[i]))
                cx += widths[i] + (spaces[i] if i < len(spaces) else 0)
            box = Rect(lx, baseline - ink_depth, total, ink_top + ink_depth)
            out.append(TextLine(baseline, size, color, tuple(placed), " ".join(w.text for w in ln), box, block))
            prev_depth = max(desc * size, ink_depth)
        height = (top - baseline + prev_depth) if out else 0.0
        return out, height


class _TooWide(Exception):
    def __init__(self, word: str, pos: Pos | None = None):
        self.word = word
        self.pos = pos


def _block_name(block: Block) -> str:
    return f"{block.pos.path} ({block.kind})"


# ---- blocks ----------------------------------------------------------------------------------------------
def _headline(c: _Ctx, b: Headline, x: float, top: float, w: float, first: bool) -> tuple[list, float]:
    name = _block_name(b)
    pad = 0.9 * c.body
    page_w = c.page.width_pt
    y = top - pad
    items: list = []
    if not first:  # a card within its column: keep the text off the card's edges
        x, w = x + pad, w - 2 * pad
    if b.kicker:
        lines, h = c.set_text(b.kicker.get(c.lang), "bold", 1.15, "highlight", x, y, w, b.kicker.pos, name,
                              "center", 1.35)
        items += lines
        y -= h + 0.35 * c.body
    lines, h = c.set_text(b.text.get(c.lang), "display", 2.3, "on_primary", x, y, w, b.text.pos, name, "center",
                          1.18)
    items += lines
    y -= h + pad
    if first:
        band = Box(Rect(0, y, page_w, c.page.height_pt - y), "primary", 0, ("top", "left", "right"))
    else:
        band = Box(Rect(x - pad, y, w + 2 * pad, top - y), "primary", 0.4 * c.body)
    return [band] + items, top - y


def _paragraph(c: _Ctx, b: Paragraph, x, top, w, first) -> tuple[list, float]:
    role, factor, color, align = {"normal": ("body", 1.0, "ink", "left"),
                                  "emphasis": ("bold", 1.2, "primary", "center"),
                                  "note": ("body", 0.85, "muted", "left")}[b.style]
    return c.set_text(b.text.get(c.lang), role, factor, color, x, top, w, b.text.pos, _block_name(b), align)


def _title(c: _Ctx, t: Text | None, x, top, w, name) -> tuple[list, float]:
    if t is None:
        return [], 0.0
    lines, h = c.set_text(t.get(c.lang), "bold", 1.2, "primary", x, top, w, t.pos, name, "left", 1.3)
    return lines, h + 0.45 * c.body


def _checklist(c: _Ctx, b: Checklist, x, top, w, first) -> tuple[list, float]:
    name = _block_name(b)
    items, y = [], top
    lines, h = _title(c, b.title, x, y, w, name)
    items += lines
    y -= h
    r = 0.58 * c.body
    text_x = x + 2 * r + 0.6 * c.body
    asc, _ = c.metrics("body")
    step = 0
    for it in b.items:
        lines, h = c.set_text(it.text.get(c.lang), "body", 1.0, "ink", text_x, y, x + w - text_x, it.text.pos, name)
        first_base = lines[0].baseline_pt
        cy = first_base + 0.32 * c.body
        if it.mark == "step":
            step += 1
            items.append(Icon("step", x + r, cy, r, "primary"))
            # the step's number, centred in its disc and on the item's baseline (reads "1 text")
            digits, _ = c.set_text(str(step), "bold", 0.95, "on_primary", x, y, 2 * r, it.text.pos, name, "center")
            items += [_shift(d, first_base - d.baseline_pt) for d in digits]
        else:
            items.append(Icon("check" if it.mark == "do" else "cross", x + r, cy, r,
                              "good" if it.mark == "do" else "bad"))
        items += lines
        y -= max(h, 2 * r) + 0.5 * c.body
    return items, top - y - 0.5 * c.body


def _mythfact(c: _Ctx, b: MythFact, x, top, w, first) -> tuple[list, float]:
    name = _block_name(b)
    items, y = [], top
    lines, h = _title(c, b.title, x, y, w, name)
    items += lines
    y -= h
    labels = (c.label("myth", b.myth_label, b.pos), c.label("fact", b.fact_label, b.pos))
    chip_size = c.size(0.8)
    chip_words = [c.words(t, "bold", b.pos) for t in labels]
    chip_text_w = max(sum(wd.width(chip_size) for wd in ws) + c.space(ws[0], chip_size) * (len(ws) - 1)
                      for ws in chip_words)
    chip_pad = 0.45 * c.body
    chip_w = chip_text_w + 2 * chip_pad
    pad = 0.6 * c.body
    col_x = x + pad + chip_w + 0.6 * c.body
    col_w = x + w - pad - col_x
    asc_c, desc_c = c.metrics("bold")
    for myth, fact in b.pairs:
        card_top = y
        row_top = y - pad
        card_items: list = []
        for label, text, role, color, chip_color in ((labels[0], myth, "body", "muted", "bad"),
                                                     (labels[1], fact, "bold", "ink", "good")):
            lines, h = c.set_text(text.get(c.lang), role, 1.0, color, col_x, row_top, col_w, text.pos, name)
            base = lines[0].baseline_pt
            chip_lines, _ = c.set_text(label, "bold", 0.8, "on_primary", x + pad, base + asc_c * chip_size,
                                       chip_w, b.pos, name, "center")
            # align the chip's baseline with the text's first baseline
            shift = base - chip_lines[0].baseline_pt
            chip_lines = [_shift(ln, shift) for ln in chip_lines]
            chip_rect = Rect(x + pad, base - desc_c * chip_size - 0.2 * c.body, chip_w,
                             (asc_c + desc_c) * chip_size + 0.4 * c.body)
            card_items += [Box(chip_rect, chip_color, 0.25 * c.body)] + chip_lines + lines
            # the next row starts below this row's text and its chip, whichever reaches lower
            row_top = min(row_top - h - 0.45 * c.body, chip_rect.y - 0.25 * c.body)
        card_bottom = row_top + 0.45 * c.body - pad
        items.append(Box(Rect(x, card_bottom, w, card_top - card_bottom), "card", 0.4 * c.body))
        items += card_items
        y = card_bottom - 0.5 * c.body
    return items, top - y - 0.5 * c.body


def _shift(line: TextLine, dy: float) -> TextLine:
    b = line.box
    return replace(line, baseline_pt=line.baseline_pt + dy, box=Rect(b.x, b.y + dy, b.w, b.h))


def _helpline(c: _Ctx, b: Helpline, x, top, w, first) -> tuple[list, float]:
    name = _block_name(b)
    pad = 0.8 * c.body
    inner_x, inner_w = x + pad, w - 2 * pad
    y = top - pad
    items: list = []
    lines, h = c.set_text(b.label.get(c.lang), "bold", 1.25, "on_accent", inner_x, y, inner_w, b.label.pos, name,
                          "center", 1.3)
    items += lines
    y -= h + 0.15 * c.body
    num_pos = Pos(b.pos.file, b.pos.line, b.pos.col, b.pos.path + ".number")
    lines, h = c.set_text(b.number, "display", 4.2, "highlight", inner_x, y, inner_w, num_pos, name, "center", 1.1)
    items += lines
    y -= h
    if b.portal:
        y -= 0.1 * c.body
        shown = _short_url(b.portal)
        portal_pos = Pos(b.pos.file, b.pos.line, b.pos.col, b.pos.path + ".portal")
        lines, h = c.set_text(shown, "bold", 1.9, "on_accent", inner_x, y, inner_w, portal_pos, name, "center", 1.2)
        items += lines
        y -= h
    if b.note:
        y -= 0.2 * c.body
        lines, h = c.set_text(b.note.get(c.lang), "body", 1.0, "on_accent", inner_x, y, inner_w, b.note.pos, name,
                              "center", 1.35)
        items += lines
        y -= h
    y -= pad
    return [Box(Rect(x, y, w, top - y), "accent", 0.5 * c.body)] + items, top - y


def _qr(c: _Ctx, b: QRCode, x, top, w, first) -> tuple[list, float]:
    name = _block_name(b)
    side = max(5.5 * c.body, mm(24))
    gap = 0.8 * c.body
    text_x = x + side + gap
    lines, h = c.set_text(b.caption.get(c.lang), "bold", 1.1, "ink", text_x, top, x + w - text_x, b.caption.pos,
                          name, "left", 1.35)
    url_lines, uh = c.set_text(b.url, "body", 0.95, "accent", text_x, top - h - 0.3 * c.body, x + w - text_x,
                               b.pos, name, "left", 1.3)
    text_h = h + 0.3 * c.body + uh
    height = max(side, text_h)
    # centre the text block against the code
    dy = -(height - text_h) / 2
    lines = [_shift(ln, dy) for ln in lines + url_lines]
    return [QRItem(Rect(x, top - side - (height - side) / 2, side, side), b.url)] + lines, height


def _footer(c: _Ctx, b: Footer, x, top, w, first) -> tuple[list, float]:
    name = _block_name(b)
    factor = 0.58
    label = c.label("sources", None, b.pos)
    parts = []
    for s in b.sources:
        t = s.name.get(c.lang)
        if s.url:
            t += f" ({_short_url(s.url)})"
        parts.append(t)
    text = f"{label}: " + "; ".join(parts)
    y = top - 0.4 * c.body
    items: list = [Rule(x, top, x + w, top, max(0.5, 0.05 * c.body), "muted")]
    logo_bottom = y
    if b.logo:
        # the logo sits at the right, as tall as three footer lines; the text keeps clear of it
        logo_h = 3 * 1.35 * c.size(factor)
        logo_w = min(logo_h * b.logo.width_px / b.logo.height_px, 0.3 * w)
        logo_h = logo_w * b.logo.height_px / b.logo.width_px
        items.append(ImageItem(Rect(x + w - logo_w, y - logo_h, logo_w, logo_h), b.logo.path))
        logo_bottom = y - logo_h
        w -= logo_w + 0.8 * c.body
    lines, h = c.set_text(text, "body", factor, "muted", x, y, w, b.pos, name, "left", 1.35)
    items += lines
    y -= h
    if b.organisation:
        y -= 0.25 * c.body
        lines, h = c.set_text(b.organisation.get(c.lang), "bold", 0.7, "ink", x, y, w, b.organisation.pos, name,
                              "left", 1.35)
        items += lines
        y -= h
    return items, top - min(y, logo_bottom)


_LAYOUT = {"headline": _headline, "text": _paragraph, "checklist": _checklist, "mythfact": _mythfact,
           "helpline": _helpline, "qr": _qr, "footer": _footer}


# ---- the page --------------------------------------------------------------------------------------------
@dataclass
class _Attempt:
    items: list
    slack_pt: float  # free height left between the last block and the footer; negative = overflow
    heights: list[tuple[Block, float]]
    first_over: Block | None = None
    rows: int = 1  # blocks in the longest column (below the headline)

    @property
    def overflow_pt(self) -> float:
        return max(0.0, -self.slack_pt)


def _stack(poster: Poster, c: _Ctx, safe: Rect, extra_gap: float = 0.0, columns: int = 1) -> _Attempt:
    """Headline band on top, footer pinned to the bottom, the other blocks stacked between them in
    one column or two (the split chosen to balance the columns' heights)."""
    gap = 1.0 * c.body
    footer = next((b for b in poster.blocks if b.kind == "footer"), None)
    items: list = []
    footer_items: list = []
    heights: list[tuple[Block, float]] = []
    bottom = safe.y
    if footer is not None:
        # measure the footer, then pin it to the bottom of the safe area
        f_items, fh = _footer(c, footer, safe.x, safe.y + 10_000, safe.w, False)
        footer_items, fh = _footer(c, footer, safe.x, safe.y + fh, safe.w, False)
        heights.append((footer, fh))
        bottom = safe.y + fh + gap
    y = safe.top
    first_over: Block | None = None  # the first block that runs into the footer / bottom margin
    body = [b for b in poster.blocks if b.kind != "footer"]
    if body and body[0].kind == "headline":
        # the band runs to the page edges; its text starts at the safe area's top
        b_items, h = _headline(c, body[0], safe.x, safe.top + 0.9 * c.body, safe.w, True)
        items += b_items
        heights.append((body[0], h))
        y = min(it.rect.y for it in b_items if isinstance(it, Box)) - gap - extra_gap
        body = body[1:]
    if columns == 1 or len(body) < 2:
        cols = [(safe.x, safe.w, body)]
    else:
        gutter = 1.5 * c.body
        cw = (safe.w - gutter) / 2
        hs = [_LAYOUT[b.kind](c, b, safe.x, 0.0, cw, False)[1] + gap for b in body]
        split = min(range(1, len(body)), key=lambda s: (max(sum(hs[:s]), sum(hs[s:])), s))
        cols = [(safe.x, cw, body[:split]), (safe.x + cw + gutter, cw, body[split:])]
    lowest = y
    for x, w, blocks in cols:
        cy = y
        for b in blocks:
            b_items, h = _LAYOUT[b.kind](c, b, x, cy, w, False)
            items += b_items
            heights.append((b, h))
            if first_over is None and cy - h < bottom - 0.01:
                first_over = b
            cy -= h + gap + extra_gap
        lowest = min(lowest, cy + gap + extra_gap)
    # items are kept in reading order: it is the order text is drawn and extracted in
    return _Attempt(items + footer_items, lowest - bottom, heights, first_over, max(len(b) for _, _, b in cols))


def _fit(poster: Poster, lang: str, size: PageSize, fontset: FontSet, safe: Rect, columns: int) -> float | None:
    """The largest scale in [floor, max] at which the poster fits in `columns` columns, or None.

    Free height falls almost linearly as the scale grows, so a false-position search (Illinois
    variant) finds the boundary in a few trial layouts; the bracket [fits, does not fit] stays valid
    even where line breaks make the curve jump."""

    def slack(k: float) -> float:
        try:
            return _stack(poster, _Ctx(poster, lang, size, fontset, k), safe, columns=columns).slack_pt
        except _TooWide:
            return -1e9

    lo, hi = SCALE_FLOOR, SCALE_MAX
    s_hi = slack(hi)
    if s_hi >= 0:
        return hi
    s_lo = slack(lo)
    if s_lo < 0:
        return None
    side = 0
    for _ in range(8):
        if hi - lo < 0.004:
            break
        k = lo + (hi - lo) * s_lo / (s_lo - s_hi) if s_hi > -1e8 else (lo + hi) / 2
        k = min(max(k, lo + 0.001), hi - 0.001)
        s = slack(k)
        if s >= 0:
            lo, s_lo = k, s
            if side == 1:
                s_hi /= 2
            side = 1
        else:
            hi, s_hi = k, s
            if side == -1:
                s_lo /= 2
            side = -1
    return lo


def check_coverage(poster: Poster, lang: str, fontset: FontSet) -> None:
    """Every character of every printed string must be in some shipped font; all misses at once."""
    covered = fontset.covered
    diags: list[Diagnostic] = []
    seen: set[tuple[str, int | None]] = set()
    for text, pos in printed_texts(poster, lang):
        for ch in text:
            if ord(ch) in covered or ord(ch) in IGNORABLE or ch == " " or (ch, pos.line) in seen:
                continue
            seen.add((ch, pos.line))
            name = unicodedata.name(ch, "unnamed character")
            diags.append(Diagnostic(
                f"no font can draw {ch!r} (U+{ord(ch):04X} {name}) in the {LANGUAGES[lang][1]} text",
                file=pos.file, line=pos.line, col=pos.col, path=pos.path,
                hint="remove or replace it (stray symbols and emoji are common culprits), or add a font that "
                     "covers it to fonts/manifest.json"))
    if diags:
        raise FontCoverageError(diags)
    for text, pos in printed_texts(poster, lang):
        try:
            _words(fontset, text, "body", lang, LANGUAGES[lang][0])
        except BrokenCluster as exc:
            ch = exc.char
            diags.append(Diagnostic(
                f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'mark')}) in {exc.text!r} has no letter to attach "
                f"to, so it would print on a dotted circle ◌", file=pos.file, line=pos.line, col=pos.col,
                path=pos.path, hint="check the spelling: a vowel sign or mark must come right after its letter, "
                                    "with no space before it"))
    if diags:
        raise SpecError(diags)


def layout_poster(poster: Poster, lang: str, size: PageSize, fontset: FontSet) -> Page:
    """Lay out one language of a poster on one page size, at the largest scale that fits. Square and
    landscape pages also try two columns and keep whichever gives the larger type."""
    check_coverage(poster, lang, fontset)
    margin = size.short_pt * MARGIN_PER_SHORT_SIDE
    safe = Rect(0, 0, size.width_pt, size.height_pt).inset(margin)
    options = [1, 2] if size.aspect >= 0.9 else [1]
    best: tuple[float, int] | None = None
    for columns in options:
        k = _fit(poster, lang, size, fontset, safe, columns)
        if k is not None and (best is None or k > best[0] + 0.02):
            best = (k, columns)
    if best is None:
        raise _fit_error(poster, lang, size, fontset, safe)
    k, columns = best
    c = _Ctx(poster, lang, size, fontset, k)
    # spread what is left over between the blocks (up to two extra gaps each)
    base = _stack(poster, c, safe, columns=columns)
    n_gaps = max(1, base.rows)
    extra = min(base.slack_pt / n_gaps, 2.0 * c.body) if base.slack_pt > 0 else 0.0
    final = _stack(poster, c, safe, extra, columns) if extra > 0 else base
    return Page(size, lang, poster.title.get(lang), poster.theme, k, c.body, safe, tuple(final.items), columns)


def _fit_error(poster: Poster, lang: str, size: PageSize, fontset: FontSet, safe: Rect) -> FitError:
    c = _Ctx(poster, lang, size, fontset, SCALE_FLOOR)
    try:
        a = _stack(poster, c, safe)
    except _TooWide as exc:
        p = exc.pos
        return FitError(Diagnostic(
            f"the word {exc.word!r} is wider than the column on {size.label} even at the smallest "
            f"legible size", file=poster.file, line=p.line if p else None, col=p.col if p else None,
            path=p.path if p else None, hint="shorten or split the word, or choose a larger page size"))
    over_mm = a.overflow_pt / mm(1)
    block = a.first_over or max(a.heights, key=lambda bh: bh[1])[0]
    return FitError(Diagnostic(
        f"the {lang} content is {over_mm:.0f} mm too tall for {size.label} even at the smallest legible "
        f"size; it runs out of room at {block.pos.path} ({block.kind})",
        file=poster.file, line=block.pos.line, col=block.pos.col, path=block.pos.path,
        hint=("shorten the text or remove a block; for a phone image, --size status has more room"
              if size.px else "shorten the text, remove a block, or build a larger size (e.g. --size A3)")))
