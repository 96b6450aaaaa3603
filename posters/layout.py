"""A validated poster, a language and a page size to a Page of positioned items (all in pt).

Each block lays itself out into a local frame at a column width (its kind's rule, in posters/blocks/); the
page stacks the frames: the first headline as a band across the top, the footer pinned to the bottom, the
rest in one column or two. One type scale is derived from the page's short side; the whole scale shrinks
to fit, down to a legible floor; past that the build fails naming the block."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .blocks import Context, kind_of, printed_texts
from .errors import Diagnostic, FitError
from .fonts import FontSet
from .geometry import PageSize, Rect, mm
from .languages import LANGUAGES
from .page import Frame, Item, Page
from .spec.model import Block, Pos, Poster
from .styles import (
    BLOCK_GAP_EM,
    BODY_PER_SHORT_SIDE,
    COLUMN_GUTTER_EM,
    MARGIN_PER_SHORT_SIDE,
    MAX_EXTRA_GAP_EM,
    MIN_PRINT_PT,
    SCALE_FLOOR,
    SCALE_MAX,
    TWO_COLUMN_MIN_ASPECT,
    TWO_COLUMN_MIN_GAIN,
)
from .text import Setter, TooWide, check_coverage

__all__ = ["BODY_PER_SHORT_SIDE", "SCALE_FLOOR", "SCALE_MAX", "layout_poster"]


# Slack within this of zero counts as fitting: the sums behind it carry rounding noise of about 1e-12 pt,
# and noise must not steer the fitting search.
FIT_TOLERANCE_PT = 1e-6


@dataclass(frozen=True)
class WordTooWide:
    """A block cannot be set at its width: one word is wider than the column."""

    word: str
    pos: Pos | None


@dataclass(frozen=True)
class Placed:
    """A block's frame and where its top-left corner goes; `shift` counts the block gaps above it that
    left-over height is spread into."""

    block: Block
    frame: Frame
    x: float
    top: float
    shift: int = 0


@dataclass(frozen=True)
class Arrangement:
    """Every block laid out once and placed; `slack_pt` is the free height left above the footer
    (negative: the content overflows, first at `first_over`)."""

    placed: tuple[Placed, ...]
    slack_pt: float
    rows: int  # block gaps in the longest column, for spreading the slack
    first_over: Block | None

    def items(self, extra_gap: float = 0.0) -> tuple[Item, ...]:
        out: list[Item] = []
        for p in self.placed:
            out += p.frame.placed(p.x, p.top - p.shift * extra_gap)
        return tuple(out)


def _body_pt(size: PageSize, k: float) -> float:
    return max(size.short_pt * BODY_PER_SHORT_SIDE * k, MIN_PRINT_PT)


def _arrange(poster: Poster, lang: str, size: PageSize, fontset: FontSet, k: float, safe: Rect,
             columns: int) -> Arrangement | WordTooWide:
    """Headline band on top, footer pinned to the bottom, the other blocks stacked between them in
    one column or two (the split chosen to balance the columns' heights)."""
    setter = Setter(fontset, lang, _body_pt(size, k))
    language = LANGUAGES[lang]
    gap = setter.em(BLOCK_GAP_EM)

    def frame(block: Block, w: float, band: bool = False, x: float = 0.0, top: float = 0.0) -> Frame:
        ctx = Context(setter, language, size.width_pt, x, size.height_pt - top, band)
        return kind_of(block).layout(ctx, block, w)

    try:
        placed: list[Placed] = []
        bottom_blocks = [b for b in poster.blocks if kind_of(b).placement == "bottom"]
        body = [b for b in poster.blocks if kind_of(b).placement != "bottom"]
        pinned: list[Placed] = []
        bottom = safe.y
        for b in bottom_blocks:
            f = frame(b, safe.w)
            pinned.append(Placed(b, f, safe.x, bottom + f.height_pt))
            bottom += f.height_pt + gap
        y = safe.top
        shift0 = 0
        if body and body[0].kind == "headline":
            f = frame(body[0], safe.w, True, safe.x, safe.top)
            placed.append(Placed(body[0], f, safe.x, safe.top))
            y = safe.top - f.height_pt - gap
            shift0 = 1
            body = body[1:]
        if columns == 1 or len(body) < 2:
            cols = [(safe.x, [(b, frame(b, safe.w)) for b in body])]
        else:
            cw = (safe.w - setter.em(COLUMN_GUTTER_EM)) / 2
            frames = [(b, frame(b, cw)) for b in body]
            hs = [f.height_pt + gap for _, f in frames]
            split = min(range(1, len(body)), key=lambda s: (max(sum(hs[:s]), sum(hs[s:])), s))
            cols = [(safe.x, frames[:split]), (safe.x + cw + setter.em(COLUMN_GUTTER_EM), frames[split:])]
    except TooWide as exc:
        return WordTooWide(exc.word, exc.pos)
    first_over: Block | None = None  # the first block that runs into the footer / bottom margin
    lowest = y
    for x, col in cols:
        cy = y
        for i, (b, f) in enumerate(col):
            placed.append(Placed(b, f, x, cy, shift0 + i))
            if first_over is None and cy - f.height_pt < bottom - 0.01:
                first_over = b
            cy -= f.height_pt + gap
        lowest = min(lowest, cy + gap)
    # items are kept in reading order: it is the order text is drawn and extracted in
    return Arrangement(tuple(placed + pinned), lowest - bottom, max(len(col) for _, col in cols), first_over)


def _fit(poster: Poster, lang: str, size: PageSize, fontset: FontSet, safe: Rect,
         columns: int) -> tuple[float, Arrangement] | None:
    """The largest scale in [floor, max] at which the poster fits in `columns` columns, with its
    arrangement, or None.

    Free height falls almost linearly as the scale grows, so a false-position search (Illinois
    variant) finds the boundary in a few trial layouts; the bracket [fits, does not fit] stays valid
    even where line breaks make the curve jump. A word too wide for the column has no slack to
    interpolate with, so there the search bisects."""

    def attempt(k: float) -> Arrangement | WordTooWide:
        return _arrange(poster, lang, size, fontset, k, safe, columns)

    lo, hi = SCALE_FLOOR, SCALE_MAX
    a_hi = attempt(hi)
    if isinstance(a_hi, Arrangement) and a_hi.slack_pt >= -FIT_TOLERANCE_PT:
        return hi, a_hi
    a_lo = attempt(lo)
    if not isinstance(a_lo, Arrangement) or a_lo.slack_pt < -FIT_TOLERANCE_PT:
        return None
    best = a_lo
    s_lo = a_lo.slack_pt
    s_hi = a_hi.slack_pt if isinstance(a_hi, Arrangement) else None
    side = 0
    for _ in range(8):
        if hi - lo < 0.004:
            break
        k = lo + (hi - lo) * s_lo / (s_lo - s_hi) if s_hi is not None else (lo + hi) / 2
        k = min(max(k, lo + 0.001), hi - 0.001)
        a = attempt(k)
        if isinstance(a, Arrangement) and a.slack_pt >= -FIT_TOLERANCE_PT:
            lo, s_lo, best = k, a.slack_pt, a
            if side == 1 and s_hi is not None:
                s_hi /= 2
            side = 1
        else:
            hi, s_hi = k, (a.slack_pt if isinstance(a, Arrangement) else None)
            if side == -1:
                s_lo /= 2
            side = -1
    return lo, best


def layout_poster(poster: Poster, lang: str, size: PageSize, fontset: FontSet) -> Page:
    """Lay out one language of a poster on one page size, at the largest scale that fits. Square and
    landscape pages also try two columns and keep whichever gives the larger type."""
    check_coverage(printed_texts(poster, lang), lang, fontset)
    margin = size.short_pt * MARGIN_PER_SHORT_SIDE
    safe = Rect(0, 0, size.width_pt, size.height_pt).inset(margin)
    options = [1, 2] if size.aspect >= TWO_COLUMN_MIN_ASPECT else [1]
    best: tuple[float, int, Arrangement] | None = None
    for columns in options:
        found = _fit(poster, lang, size, fontset, safe, columns)
        if found is not None and (best is None or found[0] > best[0] + TWO_COLUMN_MIN_GAIN):
            best = (found[0], columns, found[1])
    if best is None:
        raise _fit_error(poster, lang, size, fontset, safe)
    k, columns, arrangement = best
    body = _body_pt(size, k)
    # spread what is left over between the blocks (up to two extra gaps each)
    n_gaps = max(1, arrangement.rows)
    extra = min(arrangement.slack_pt / n_gaps, MAX_EXTRA_GAP_EM * body) if arrangement.slack_pt > 0 else 0.0
    return Page(size, lang, poster.title.get(lang), poster.theme, k, body, safe, arrangement.items(extra), columns)


def _fit_error(poster: Poster, lang: str, size: PageSize, fontset: FontSet, safe: Rect) -> FitError:
    a = _arrange(poster, lang, size, fontset, SCALE_FLOOR, safe, 1)
    if isinstance(a, WordTooWide):
        p = a.pos
        return FitError(Diagnostic(
            f"the word {a.word!r} is wider than the column on {size.label} even at the smallest "
            f"legible size", file=poster.file, line=p.line if p else None, col=p.col if p else None,
            path=p.path if p else None, hint="shorten or split the word, or choose a larger page size"))
    over_mm = max(1, math.ceil(-a.slack_pt / mm(1)))  # "0 mm too tall" would read as a bug
    block = a.first_over or max(a.placed, key=lambda p: p.frame.height_pt).block
    return FitError(Diagnostic(
        f"the {lang} content is {over_mm} mm too tall for {size.label} even at the smallest legible "
        f"size; it runs out of room at {block.pos.path} ({block.kind})",
        file=poster.file, line=block.pos.line, col=block.pos.col, path=block.pos.path,
        hint=("shorten the text or remove a block; for a phone image, --size status has more room"
              if size.px else "shorten the text, remove a block, or build a larger size (e.g. --size A3)")))
