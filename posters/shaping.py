"""Text to shaped glyph runs: split by script and style, pick a font per run, shape with HarfBuzz.

Glyph positions are kept in font units, so one shaping serves every font size (no hinting is applied,
so widths scale linearly). Layout measures these runs and draw draws exactly the same runs.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from functools import lru_cache
from typing import Any

import uharfbuzz as hb

from .dataclass_fast import dataclass
from .fonts import IGNORABLE, FontFile, FontSet
from .languages import SCRIPTS

# Unicode blocks -> ISO 15924 script, from the script table. Characters not listed (spaces, digits,
# punctuation, ZWJ/ZWNJ, dandas, combining marks shared by scripts) are "common" and join their run.
_SCRIPT_RANGES = tuple(sorted((lo, hi, code) for code, script in SCRIPTS.items() for lo, hi in script.ranges))


_SCRIPT_OF: dict[str, str | None] = {}  # characters seen so far -> script_of
_NOT_SEEN_YET = "?"  # not a script code
_NOT_SEEN = itertools.repeat(_NOT_SEEN_YET)


def script_of(ch: str) -> str | None:
    """ISO 15924 code of a character, or None for characters shared by all scripts."""
    try:
        return _SCRIPT_OF[ch]
    except KeyError:
        pass
    cp = ord(ch)
    found = None
    for lo, hi, script in _SCRIPT_RANGES:
        if lo <= cp <= hi:
            found = script
            break
    if len(_SCRIPT_OF) < 65536:
        _SCRIPT_OF[ch] = found
    return found


def itemize(text: str) -> list[tuple[int, int, str | None]]:
    """Split text into (start, end, script) runs; shared characters join the run before them
    (or the one after, at the start), so 'क्या?' and '(WhatsApp)' stay single runs."""
    scripts = set(map(_SCRIPT_OF.get, text, _NOT_SEEN))  # characters seen before, without a call each
    if _NOT_SEEN_YET in scripts:
        scripts = set(map(script_of, text))
    scripts.discard(None)
    if len(scripts) <= 1:  # the usual word: one script, perhaps with shared characters
        return [(0, len(text), scripts.pop() if scripts else None)] if text else []
    runs: list[list[Any]] = []
    for i, ch in enumerate(text):
        s = script_of(ch)
        if runs and (s is None or s == runs[-1][2] or runs[-1][2] is None):
            runs[-1][1] = i + 1
            if runs[-1][2] is None:
                runs[-1][2] = s
        else:
            runs.append([i, i + 1, s])
    return [tuple(r) for r in runs]


class BrokenCluster(Exception):
    """A mark or vowel sign with nothing to attach to: HarfBuzz would draw it on a dotted circle."""

    def __init__(self, text: str, char: str):
        self.text, self.char = text, char
        super().__init__(f"U+{ord(char):04X}")


class MissingGlyph(Exception):
    """No configured font has this character. Layout turns it into a FontCoverageError with a position."""

    def __init__(self, char: str):
        self.char = char
        super().__init__(f"U+{ord(char):04X}")


@dataclass(frozen=True)
class Glyph:
    """One glyph of a run, for readers that want objects (a run keeps its glyphs as arrays)."""

    gid: int
    cluster: int  # index into the run's text of the first character this glyph belongs to
    x_advance: int
    x_offset: int
    y_offset: int


@dataclass(eq=False)
class ShapedRun:
    """One font, one script, one direction: the glyphs HarfBuzz produced for `text`, in font units, as
    parallel arrays (gids[i], clusters[i], ... describe glyph i). Never changed once made (not frozen only
    because a frozen class is made three times slower, and a poster makes a hundred of these)."""

    font: FontFile
    text: str
    gids: tuple[int, ...]
    clusters: tuple[int, ...]  # index into `text` of the first character each glyph belongs to
    x_advances: tuple[int, ...]
    x_offsets: tuple[int, ...]
    y_offsets: tuple[int, ...]
    upem: int
    ink_top: int  # highest ink above the baseline, font units (from the glyphs' real outlines)
    ink_bottom: int  # lowest ink, negative below the baseline
    advance_units: int  # total advance, font units

    @property
    def glyphs(self) -> tuple[Glyph, ...]:
        return tuple(map(Glyph, self.gids, self.clusters, self.x_advances, self.x_offsets, self.y_offsets))

    def width(self, size_pt: float) -> float:
        return self.advance_units * size_pt / self.upem

    def with_advances(self, x_advances: tuple[int, ...]) -> ShapedRun:
        """The same glyphs with other advances (a narrow no-break space drawn at half its width)."""
        return replace(self, x_advances=x_advances, advance_units=sum(x_advances))

    def cluster_texts(self) -> list[tuple[tuple[int, ...], str]]:
        """The glyph ids of each cluster with the cluster's source text, in logical order."""
        groups: dict[int, list[int]] = {}
        for gid, c in zip(self.gids, self.clusters):
            groups.setdefault(c, []).append(gid)
        starts = sorted(groups)
        ends = [*starts[1:], len(self.text)]
        return [(tuple(groups[c]), self.text[c:e]) for c, e in zip(starts, ends)]


_FEATURES = {"kern": True, "liga": True}


def _shape(font: FontFile, text: str, script: str | None, lang: str) -> ShapedRun:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "ltr"
    buf.language = lang
    if script in SCRIPTS:
        buf.script = script
    else:
        buf.guess_segment_properties()
    # clusters: HarfBuzz's default level, MONOTONE_GRAPHEMES (setting it costs an enum conversion a word)
    hb.shape(font.hb, buf, _FEATURES)
    infos, positions = buf.glyph_infos, buf.glyph_positions
    gids = tuple([i.codepoint for i in infos])
    clusters = tuple([i.cluster for i in infos])
    dotted = font.dotted_circle
    if dotted and dotted in gids and "\u25cc" not in text:
        raise BrokenCluster(text, text[clusters[gids.index(dotted)]])
    x_advances = tuple([p.x_advance for p in positions])
    y_offsets = tuple([p.y_offset for p in positions])
    top, bottom = 0, 0
    known, ink = font._ink, font.ink  # the font's own cache, read without a call per glyph
    for gid, dy in zip(gids, y_offsets):
        extent = known[gid] if gid in known else ink(gid)
        if extent is not None:
            if dy + extent[0] > top:
                top = dy + extent[0]
            if dy + extent[1] < bottom:
                bottom = dy + extent[1]
    return ShapedRun(font, text, gids, clusters, x_advances, tuple([p.x_offset for p in positions]), y_offsets,
                     font.upem, top, bottom, sum(x_advances))


@dataclass(frozen=True)
class EmojiGap:
    """An emoji inside a word: no glyphs, a square gap of `em` (per pt of size) that the drawing fills
    with the emoji's vector picture; `text` is what was typed (copy/paste gives it back), `key` the
    shipped picture's sequence (without U+FE0F), `font` the text's own font, whose space glyph the
    drawing stretches over the gap (so the word's /ActualText span always holds a glyph)."""

    text: str
    key: str
    font: FontFile
    em: float = 1.15


def _pick(chain: list[FontFile], text: str) -> list[tuple[FontFile, str]]:
    """Assign text to fonts: the first font that covers the whole run, else per-character fallback."""
    for f in chain:
        if f.characters.issuperset(text):
            return [(f, text)]
    parts: list[tuple[FontFile, str]] = []
    for ch in text:
        font = next((f for f in chain if ord(ch) in f.codepoints), None)
        if font is None:
            if ord(ch) in IGNORABLE and parts:
                font = parts[-1][0]
            else:
                raise MissingGlyph(ch)
        if parts and parts[-1][0] is font:
            parts[-1] = (font, parts[-1][1] + ch)
        else:
            parts.append((font, ch))
    return parts


@lru_cache(maxsize=8192)
def shape_text(fontset: FontSet, text: str, role: str, lang: str,
               default_script: str | None = None) -> tuple[ShapedRun, ...]:
    """Shape one word (no spaces inside) in one style: a run per script and font. A word of shared
    characters only (digits, punctuation) takes `default_script`, the poster language's script, so
    its digits match the surrounding text."""
    runs: list[ShapedRun] = []
    for start, end, script in itemize(text):
        script = script or default_script
        piece = text[start:end]
        # prefer fonts that also serve the poster's own script: a Tamil poster sets "WhatsApp" in
        # Noto Sans Tamil's Latin, so the PDF embeds one family per role, not two
        for font, part in _pick(fontset.chain(role, script, prefer=default_script), piece):
            runs.append(_shape(font, part, script, lang))
    return tuple(runs)
