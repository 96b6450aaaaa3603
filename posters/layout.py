"""A validated poster, a language and a page size to a Page of positioned items (all in pt).

Each block lays itself out into a local frame at a column width (its kind's rule, in posters/blocks/); the
page stacks the frames: the first headline as a band across the top, the footer pinned to the bottom, the
rest in one column or two. One type scale is derived from the page's short side. Blocks and entries not meant
for the page's format (print or screen) are left out first. If the rest does not fit at the format's target
type size, `could` and then `should` content is left out (the last first) before the whole scale shrinks,
down to a legible floor; past that the build fails naming the block. The Page lists what was left out."""

from __future__ import annotations

import math
from collections.abc import Callable

from .blocks import Context, block_name, kind_of, parts, printed_texts, pruned
from .dataclass_fast import dataclass
from .errors import Diagnostic, FitError, FontCoverageError, SpecError
from .fonts import FontSet
from .geometry import PageSize, Rect, mm
from .languages import LANGUAGES
from .page import Frame, Item, Page
from .spec.model import Block, Pos, Poster, Show
from .styles import (
    BLOCK_GAP_EM,
    BODY_PER_SHORT_SIDE,
    COLUMN_GUTTER_EM,
    HANDOUT_CONTRAST,
    HANDOUT_MARGIN_PER_SHORT_SIDE,
    HANDOUT_MIN_BODY_PT,
    MARGIN_PER_SHORT_SIDE,
    MAX_EXTRA_GAP_EM,
    MIN_PRINT_PT,
    SCALE_FLOOR,
    SCALE_MAX,
    SCREEN_RESERVED,
    TARGET_SCALE,
    TWO_COLUMN_MIN_ASPECT,
    TWO_COLUMN_MIN_GAIN,
)
from .text import Setter, ShapingProblem, TooWide, check_coverage, shaping_diagnostics

__all__ = ["BODY_PER_SHORT_SIDE", "SCALE_FLOOR", "SCALE_MAX", "layout_poster", "page_format", "safe_area"]


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


def page_format(size: PageSize) -> str:
    """'screen' for the phone-image sizes (given in pixels), 'print' for every other size."""
    return "screen" if size.px else "print"


def safe_area(size: PageSize, handout: bool = False) -> Rect:
    """Where text and pictures may go: inside the margin on every side, and clear of the bars a phone
    app lays over the image (SCREEN_RESERVED); only background reaches beyond it. A handout copy is cut
    out, so no printer's unprintable edge applies: its margin is narrower."""
    margin = size.short_pt * (HANDOUT_MARGIN_PER_SHORT_SIDE if handout else MARGIN_PER_SHORT_SIDE)
    safe = Rect(0, 0, size.width_pt, size.height_pt).inset(margin)
    top_share, bottom_share = SCREEN_RESERVED.get(size.name, (0.0, 0.0))
    top = min(safe.top, size.height_pt * (1 - top_share))
    bottom = max(safe.y, size.height_pt * bottom_share)
    return Rect(safe.x, bottom, safe.w, top - bottom)


Blocks = tuple[Block, ...]


def _kept(blocks: Blocks, keep: Callable[[str, Show], bool]) -> Blocks:
    return tuple(p for p in (pruned(b, keep) for b in blocks) if p is not None)


def _without(blocks: Blocks, paths: list[str]) -> Blocks:
    gone = frozenset(paths)
    return _kept(blocks, lambda path, show: path not in gone)


def _droppable(blocks: Blocks) -> list[str]:
    """The YAML paths a small page may leave out, in the order it does: `could` before `should`; within
    each, pictures (decorative blocks) before words, then the last written first (blocks and entries
    alike), so a picture never costs a line of text of the same priority."""
    found = [(path, show.priority, kind_of(b).decorative and path == b.pos.path)
             for b in blocks for path, show in parts(b)]
    return [path for level in ("could", "should") for decorative in (True, False)
            for path, prio, deco in reversed(found) if prio == level and deco == decorative]


def _put_back(blocks: Blocks, dropped: list[str], fits: Callable[[list[str]], bool]) -> list[str]:
    """What was left out, less what still fits at the target when put back (`fits(paths)`: whether the
    blocks fit with those paths left out): the one that had to go to make room was often the largest, and a
    smaller one left out before it may fit again. The most important go back first, and a `could` only
    once no `should` is left out."""
    priority = {path: show.priority for b in blocks for path, show in parts(b)}
    out = list(dropped)
    for path in reversed(dropped):
        if priority[path] == "could" and any(priority[p] == "should" for p in out):
            continue
        trial = [p for p in out if p != path]
        if fits(trial):
            out = trial
    return out


def _arrange(blocks: Blocks, lang: str, size: PageSize, fontset: FontSet, k: float, safe: Rect,
             columns: int, contrast: float = 1.0) -> Arrangement | WordTooWide:
    """Headline band on top, footer pinned to the bottom, the other blocks stacked between them in
    one column or two (the split chosen to balance the columns' heights)."""
    setter = Setter(fontset, lang, _body_pt(size, k), contrast)
    language = LANGUAGES[lang]
    gap = setter.em(BLOCK_GAP_EM)
    screen = page_format(size) == "screen"

    def frame(block: Block, w: float, band: bool = False, x: float = 0.0, top: float = 0.0) -> Frame:
        ctx = Context(setter, language, size.width_pt, x, size.height_pt - top, band, screen)
        return kind_of(block).layout(ctx, block, w)

    try:
        placed: list[Placed] = []
        bottom_blocks = [b for b in blocks if kind_of(b).placement == "bottom"]
        body = [b for b in blocks if kind_of(b).placement != "bottom"]
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


def _fits(a: Arrangement | WordTooWide) -> bool:
    return isinstance(a, Arrangement) and a.slack_pt >= -FIT_TOLERANCE_PT


def _any_fits(arrangements: dict[int, Arrangement | WordTooWide]) -> bool:
    """Whether one of these arrangements (by column count) fits."""
    return any(map(_fits, arrangements.values()))


# The fitting search stops once the type is known to within this share of the scale, or once the
# content fills all but this share of the height it may use (content height grows at least as fast as
# the scale, so the type is then within 0.8% of the largest that fits; where wrapping lines make height
# grow faster, about half a percent): no reader sees the difference, and the height left over is spread
# between the blocks. One more layout to close the last half percent would cost a new poster a tenth
# of its time.
FIT_SCALE_STEP = 0.004
FIT_HEIGHT_SHARE = 0.008
# How content height grows with the scale, for the first guess: a line's height grows with the type,
# and a paragraph that wraps also gets more lines (height ~ k^2); a poster is a mix of both, mostly
# short lines (the shipped posters at A4 and A3 grow as about k^1.3 near their largest type: with this
# they need 4.1 layouts on average, with 1.5 4.3).
HEIGHT_EXPONENT = 1.3


def _fit(blocks: Blocks, lang: str, size: PageSize, fontset: FontSet, safe: Rect,
         columns: int, lo: float, hi: float, contrast: float = 1.0,
         at_lo: Arrangement | WordTooWide | None = None) -> tuple[float, Arrangement] | None:
    """The largest scale in [lo, hi] at which the blocks fit in `columns` columns, with its
    arrangement, or None. `at_lo`: the arrangement at `lo`, when the caller has it already.

    The first guess comes from the height the content uses at `lo` (HEIGHT_EXPONENT); once a scale is
    known that does not fit, a false-position search (Illinois variant) narrows the bracket [fits, does
    not fit], which stays valid even where line breaks make the curve jump. A word too wide for the
    column has no slack to interpolate with, so there the search bisects. Typically 2 or 3 layouts."""

    def attempt(k: float) -> Arrangement | WordTooWide:
        return _arrange(blocks, lang, size, fontset, k, safe, columns, contrast)

    a_lo = at_lo if at_lo is not None else attempt(lo)
    if not isinstance(a_lo, Arrangement) or a_lo.slack_pt < -FIT_TOLERANCE_PT:
        return None
    best, top = a_lo, hi
    s_lo = slack = a_lo.slack_pt  # s_lo is the Illinois weight; slack the real slack at lo
    s_hi: float | None = None  # slack at `hi`, once a layout there has been tried
    tried_hi = False
    side = 0
    for _ in range(10):
        if hi - lo < FIT_SCALE_STEP or slack <= FIT_HEIGHT_SHARE * safe.h:
            break
        if not tried_hi:  # no scale known yet that does not fit: guess from the height used at lo
            used = max(safe.h - slack, 1e-6)
            k = min(lo * (safe.h / used) ** (1 / HEIGHT_EXPONENT), top)
            if k > top - FIT_SCALE_STEP:
                k = top
        elif s_hi is not None:
            k = lo + (hi - lo) * s_lo / (s_lo - s_hi)
            k = min(max(k, lo + 0.001), hi - 0.001)
        else:
            k = (lo + hi) / 2
        a = attempt(k)
        if isinstance(a, Arrangement) and a.slack_pt >= -FIT_TOLERANCE_PT:
            lo, s_lo, slack, best = k, a.slack_pt, a.slack_pt, a
            if k >= top:
                break
            if side == 1 and s_hi is not None:
                s_hi /= 2
            side = 1
        else:
            hi, s_hi, tried_hi = k, (a.slack_pt if isinstance(a, Arrangement) else None), True
            if side == -1:
                s_lo /= 2
            side = -1
    return lo, best


@dataclass(frozen=True)
class Legibility:
    """The scales a page's type may take: `target` is what the layout keeps everything at if it can, and
    leaves droppable content out to reach; below it the type shrinks to `floor`, and grows up to `top`."""

    floor: float
    target: float
    top: float
    contrast: float = 1.0  # see Setter: below 1 on small handouts


def legibility(size: PageSize, handout: bool = False) -> Legibility:
    """The format's target and the global floor; a handout's minimum body size (8 pt) raises both, and
    its larger styles step up less (HANDOUT_CONTRAST)."""
    floor, target, top = SCALE_FLOOR, TARGET_SCALE[page_format(size)], SCALE_MAX
    if not handout:
        return Legibility(floor, target, top)
    k_min = HANDOUT_MIN_BODY_PT / (size.short_pt * BODY_PER_SHORT_SIDE)
    floor = max(floor, k_min)
    return Legibility(floor, max(target, floor), max(top, floor), HANDOUT_CONTRAST)


def layout_poster(poster: Poster, lang: str, size: PageSize, fontset: FontSet, handout: bool = False) -> Page:
    """Lay out one language of a poster on one page size, at the largest scale that fits. Square and
    landscape pages also try two columns and keep whichever gives the larger type.

    Blocks and entries not meant for this format are left out silently; if the rest does not fit at the
    format's target scale, droppable content is left out one piece at a time (see `_droppable`) until it
    does, and what fits again is put back (see `_put_back`); only then does the type shrink below the
    target. A `handout` copy (one of several on a sheet) has its own floor for the body size, narrower
    margins and less contrast between styles (see styles.py)."""
    # A character no font has stops shaping (validation, given the fonts, reports it earlier); only then
    # is every printed string checked, so that all of them are reported at once.
    try:
        return _layout(poster, lang, size, fontset, handout)
    except FontCoverageError:
        check_coverage(printed_texts(poster, lang), lang, fontset)
        raise
    except ShapingProblem as exc:  # every such problem at once, else the one found
        texts = list(printed_texts(poster, lang))
        check_coverage(texts, lang, fontset)
        raise SpecError(shaping_diagnostics(texts, lang, fontset) or [exc.diagnostic]) from None


def _layout(poster: Poster, lang: str, size: PageSize, fontset: FontSet, handout: bool) -> Page:
    safe = safe_area(size, handout)
    fmt = page_format(size)
    leg = legibility(size, handout)
    contrast = leg.contrast
    blocks = _kept(poster.blocks, lambda path, show: show.on(fmt))
    options = [1, 2] if size.aspect >= TWO_COLUMN_MIN_ASPECT else [1]
    candidates = _droppable(blocks)

    tried: dict[frozenset[str], dict[int, Arrangement | WordTooWide]] = {}

    def at_target(paths: list[str]) -> dict[int, Arrangement | WordTooWide]:
        """The arrangements at the target scale with `paths` left out, one per column count, up to the first
        that fits (each set of paths laid out once: the search and the putting back meet the same ones)."""
        key = frozenset(paths)
        out = tried.get(key)
        if out is None:
            out = tried[key] = {}
            trial = _without(blocks, paths)
            for c in options:
                out[c] = _arrange(trial, lang, size, fontset, leg.target, safe, c, contrast)
                if _fits(out[c]):
                    break
        return out

    known: dict[int, Arrangement | WordTooWide] = {}

    # the fewest candidates to leave out: leaving out more never makes content taller, so the count is
    # found by doubling (1, 2, 4 ...) and then halving the gap, in a few layouts even on a phone image
    def fits_without(n: int) -> bool:
        return _any_fits(at_target(candidates[:n]))

    n_out: int | None = 0
    if not fits_without(0):
        n_out, bad, step = None, 0, 1
        while True:
            good = min(bad + step, len(candidates))
            if fits_without(good):
                while good - bad > 1:
                    mid = (bad + good) // 2
                    bad, good = (bad, mid) if fits_without(mid) else (mid, good)
                n_out = good
                break
            if good == len(candidates):
                break
            bad, step = good, step * 2
    if n_out is None:  # even without everything droppable the type must shrink below the target
        dropped, lo = candidates, leg.floor
    else:
        dropped = candidates[:n_out]
        known = at_target(dropped)
        # with nothing left out, search the whole range: the same scale as a poster without priorities
        lo = leg.target if dropped else leg.floor
    if dropped and lo == leg.target:
        dropped = _put_back(blocks, dropped, lambda trial: _any_fits(at_target(trial)))
        known = at_target(dropped)  # laid out already, by the search or by the putting back
    blocks = _without(blocks, dropped)
    best: tuple[float, int, Arrangement] | None = None
    for columns in options:
        a = known.get(columns)  # the layout at the target, when it was made above
        if a is not None and _fits(a):
            found = _fit(blocks, lang, size, fontset, safe, columns, leg.target, leg.top, contrast, a)
        elif a is not None and lo == leg.target:
            found = None  # does not fit at the target, and may not shrink below it
        else:
            found = _fit(blocks, lang, size, fontset, safe, columns, lo, leg.top, contrast)
        if found is not None and (best is None or found[0] > best[0] + TWO_COLUMN_MIN_GAIN):
            best = (found[0], columns, found[1])
    if best is None:
        raise _fit_error(poster, blocks, lang, size, fontset, safe, leg, _in_order(poster, dropped))
    k, columns, arrangement = best
    body = _body_pt(size, k)
    # spread what is left over between the blocks (up to two extra gaps each)
    n_gaps = max(1, arrangement.rows)
    extra = min(arrangement.slack_pt / n_gaps, MAX_EXTRA_GAP_EM * body) if arrangement.slack_pt > 0 else 0.0
    return Page(size, lang, poster.title.get(lang), poster.theme, k, body, safe, arrangement.items(extra), columns,
                _in_order(poster, dropped))


def _in_order(poster: Poster, paths: list[str]) -> tuple[str, ...]:
    order = {path: i for i, path in enumerate(path for b in poster.blocks for path, _ in parts(b))}
    return tuple(sorted(paths, key=order.__getitem__))


def _fit_error(poster: Poster, blocks: Blocks, lang: str, size: PageSize, fontset: FontSet, safe: Rect,
               leg: Legibility, dropped: tuple[str, ...]) -> FitError:
    a = _arrange(blocks, lang, size, fontset, leg.floor, safe, 1, leg.contrast)
    if isinstance(a, WordTooWide):
        p = a.pos
        return FitError(Diagnostic(
            f"the word {a.word!r} is wider than the column on {size.label} even at the smallest "
            f"legible size", file=poster.file, line=p.line if p else None, col=p.col if p else None,
            path=p.path if p else None, hint="shorten or split the word, or choose a larger page size"))
    over_mm = max(1, math.ceil(-a.slack_pt / mm(1)))  # "0 mm too tall" would read as a bug
    block = a.first_over or max(a.placed, key=lambda p: p.frame.height_pt).block
    left_out = f", even with {', '.join(dropped)} left out" if dropped else ""
    return FitError(Diagnostic(
        f"the {lang} content is {over_mm} mm too tall for {size.label} even at the smallest legible "
        f"size{left_out}; it runs out of room at {block_name(block)}",
        file=poster.file, line=block.pos.line, col=block.pos.col, path=block.pos.path,
        hint=("shorten the text or remove a block; for a phone image, --size status has more room"
              if size.px else "shorten the text, remove a block, or build a larger size (e.g. --size A3)")))
