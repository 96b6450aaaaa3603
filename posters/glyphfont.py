"""The one place posters reaches into ReportLab's internals: a TrueType font addressed by glyph id whose
subsets get multi-character ToUnicode entries (conjuncts, reph), written by our own `addObjects`, and
whose font programs HarfBuzz's subsetter makes (only the glyphs drawn, no layout tables).

`addObjects`, `__init__`, `addSubsetObjects` and `new_codes` mirror `TTFont.addObjects`, `TTFont.__init__`,
`TTFontFace.addSubsetObjects` and the code assignment of `TTFont.splitString` in `reportlab.pdfbase.ttfonts` of the ReportLab versions pinned in
pyproject.toml; tests/test_glyphfont.py fails loudly if ReportLab's methods change under them."""

from __future__ import annotations

import functools
import itertools
import struct
import weakref
import zlib
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import uharfbuzz as hb
from reportlab.lib.rl_accel import add32, calcChecksum, fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTEncoding,
    TTFont,
    TTFontFace,
    TTFontFile,
)

from .flate import flate
from .fonts import FontFile
from .geometry import pdf_num
from .prepress import Prepared, PreparedIndirect, stream_bytes, stream_object
from .shaping import ShapedRun

PUA_BASE = 0xF0000  # glyph ids without a Unicode value are drawn as U+F0000 + gid (stable across builds)
_PUA_BASE = PUA_BASE

# The ReportLab methods GlyphFont mirrors, as hashes of their source (see tests/test_glyphfont.py).
MIRRORED_ADDOBJECTS_SHA256 = "33ac8d69ad7fe232ed36285a5e73913e3652b3c8adda826ac5d316a5c801036f"
MIRRORED_INIT_SHA256 = "ac43d7e44b0cf9d90488931eb6f52dc66bf51f1fa9aa53edc919f6b7e0a6aa1e"
MIRRORED_SPLITSTRING_SHA256 = "95205a99dcbbf1ed5a93866d6fcd13f4973a505dc23f891103c10e409359bf91"
MIRRORED_ADDSUBSETOBJECTS_SHA256 = "94116bc4d9d93e71dbe8a879b58867a83a8da992206018f7b7e7e04e8a699431"
_PROGRAMS_KEPT = 16  # compressed subset font programs kept per font
_TEMPLATES_KEPT = 8192  # run templates kept per font (as many as shaping keeps words)


# Tables an embedded subset does not need: a PDF viewer draws glyphs by code through the subset's own
# cmap (written below), and never shapes, so the OpenType layout tables go; HarfBuzz drops the rest of
# what a PDF font program needs not. Of the 'name' table the copyright, names and version stay (the
# trademark line goes: 40 bytes in every PDF, and the copyright line says whose font it is).
_DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "cmap", "BASE", "JSTF", "MATH", "DSIG", "STAT", "meta")
_NAME_IDS_KEPT = range(7)  # copyright, family, style, unique id, full name, version, PostScript name


def _tag(name: str) -> int:
    return int.from_bytes(name.ljust(4).encode("ascii"), "big")


def subset_input() -> Any:
    """A HarfBuzz subset input with the tables dropped and the names kept that every subset shares; its
    glyph set is filled by subset_font."""
    inp = hb.SubsetInput()
    drop = inp.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    drop.update([_tag(name) for name in _DROPPED_TABLES])
    names = inp.sets(hb.SubsetInputSets.NAME_ID)
    names.update(_NAME_IDS_KEPT)
    return inp


def subset_font(face: Any, gids: list[int], inp: Any = None) -> bytes:
    """A TrueType font program holding the glyphs `gids` (and their components), where character code i
    draws gids[i]: HarfBuzz's subsetter, with a (1, 0) format 6 cmap as ReportLab writes one. `inp`: an
    input from subset_input to use again (its glyph set is replaced), so the fixed sets are made once."""
    if inp is None:
        inp = subset_input()
    glyphs = inp.sets(hb.SubsetInputSets.GLYPH_INDEX)
    glyphs.clear()
    glyphs.update(gids)
    plan = hb.SubsetPlan(face, inp)
    new_gid = dict(plan.old_to_new_glyph_mapping.items())  # a dict: HarfBuzz's map is slow to index
    out = plan.execute()
    tables = {tag: bytes(out.reference_table(tag).data) for tag in out.table_tags}
    n = len(gids)
    tables["cmap"] = struct.pack(f">HHHHIHHHHH{n}H", 0, 1, 1, 0, 12, 6, 10 + 2 * n, 0, 0, n,
                                 *map(new_gid.__getitem__, gids))
    return font_program(tables)


def font_program(tables: dict[str, bytes]) -> bytes:
    """The TrueType file of these tables, as ReportLab's TTFontMaker writes it (tables in tag order, each
    padded to 4 bytes, the head table's checksum adjustment set), written in one piece."""
    head = tables.get("head")
    if head is not None:
        tables["head"] = head[:8] + b"\0\0\0\0" + head[12:]
    items = sorted(tables.items())
    count = len(items)
    search_range, entry_selector = 1, 0
    while search_range * 2 <= count:
        search_range *= 2
        entry_selector += 1
    search_range *= 16
    parts = [struct.pack(">lHHHH", 0x00010000, count, search_range, entry_selector, count * 16 - search_range)]
    offset = 12 + count * 16
    total = 0  # the sum of the tables' checksums: each is padded with zeros to 4 bytes in the file
    for tag, data in items:
        checksum = calcChecksum(data)
        total += checksum
        parts.append(tag.encode("latin-1") + struct.pack(">LLL", checksum, offset, len(data)))
        offset += (len(data) + 3) & ~3
    directory = b"".join(parts)
    body = [directory]
    for tag, data in items:
        if tag == "head":  # its checksum adjustment: from the directory's checksum and the tables' sum,
            # which is the whole file's (no second pass over the file)
            whole = add32(calcChecksum(directory), total & 0xFFFFFFFF)
            data = data[:8] + struct.pack(">L", add32(0xB1B0AFBA, -whole)) + data[12:]
        body.append(data)
        if len(data) % 4:
            body.append(b"\0" * (-len(data) % 4))
    return b"".join(body)


PLACEHOLDER_BASE = 0xF0000  # a glyph in a RunTemplate: chr(PLACEHOLDER_BASE + gid), never ASCII
# a byte inside a PDF literal string: itself, or escaped (the parentheses and the backslash, CR and LF,
# which a reader would turn into LF, and bytes above 127, which the content stream's UTF-8 would change)
LITERAL_BYTE = [("\\" + chr(b)) if b in b"()\\" else "\\r" if b == 13 else "\\n" if b == 10
        else f"\\{b:03o}" if b > 127 else chr(b) for b in range(256)]
# what a template holds besides placeholders, mapped to itself, so str.translate never misses a key
_TEMPLATE_ASCII: dict[int, str | int] = {ord(c): ord(c) for c in "0123456789-.() "}


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Memo(dict[_K, _V]):
    """A dict that fills a missing entry with `fill(key)` when it is first asked for (also as a
    str.translate table)."""

    def __init__(self, fill: Callable[[_K], _V]):
        super().__init__()
        self.fill = fill

    def __missing__(self, key: _K) -> _V:
        value = self[key] = self.fill(key)
        return value


class RunTemplate(NamedTuple):  # a tuple: made for every new run, and a frozen dataclass is slower to make
    """A shaped run's glyphs as the inside of a TJ array, independent of the document: `text` holds
    placeholders where glyph codes go (empty: the run must be drawn glyph by glyph); `private` its
    glyphs that have no Unicode value of their own and whose name does not say their text either (what
    they stand for is learnt from their clusters, GlyphFont.note_text)."""

    text: str
    private: frozenset[int]


_NO_PRIVATE: frozenset[int] = frozenset()
# RunTemplate((text, private)) without the NamedTuple's Python-level __new__: one is made for every new run
_new_template: Callable[[tuple[str, frozenset[int]]], RunTemplate] = functools.partial(tuple.__new__, RunTemplate)


# gid -> its placeholder in a template
_PLACEHOLDERS: _Memo[int, str] = _Memo(lambda gid: chr(PLACEHOLDER_BASE + gid))
# a code point -> its UTF-16BE hex in a ToUnicode entry, "<0915>"
_CHAR_ENTRY: _Memo[int, str] = _Memo(lambda cp: f"<{utf16_hex(chr(cp))}>")
_HEX_CODES = [f"<{b:02X}> " for b in range(256)]  # a ToUnicode entry's code, "<1F> "


_ONLY, _GUESS = 0, 1  # how a run teaches a private glyph's text (GlyphFont.note_text)


def utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


# a code point -> its UTF-16BE bytes as they are written inside a literal string: a str.translate table
_CHAR_LITERALS: _Memo[int, str] = _Memo(lambda cp: "".join(LITERAL_BYTE[b] for b in chr(cp).encode("utf-16-be")))


def text_string(text: str) -> str:
    """A PDF text string in UTF-16BE: a literal string, escaped, or in hex where that is shorter
    (scripts whose code points have a low byte above 127 would need an escape of 4 characters a byte)."""
    body = text.translate(_CHAR_LITERALS)
    if len(body) + 4 <= 4 * len(text):
        return "(\\376\\377" + body + ")"
    return f"<FEFF{utf16_hex(text)}>"


class HarfBuzzFace(TTFontFace):  # type: ignore[misc]  # ReportLab has no type information
    """ReportLab's TrueType face, its metrics (name, bounding box, ascent, flags) read by ReportLab, its
    cmap and advances taken from the font's HarfBuzz face, and its subsets made by HarfBuzz. ReportLab's
    own pass over every cmap entry, advance and glyph offset is what made opening a font slow."""

    def __init__(self, font: FontFile):
        pdfmetrics.TypeFace.__init__(self, None)
        self._ttf_data = font.data  # ReportLab reads these instead of the file
        self.filename = str(font.path)
        TTFontFile.__init__(self, self.filename, charInfo=0)  # name, head, OS/2, post, hhea, maxp only
        face = font.hb.face
        scale = self._pdfScale
        self.charToGlyph = {cp: font.nominal_gid(cp) for cp in sorted(face.unicodes)}
        self.charWidths = {cp: scale(font.advance(gid)) for cp, gid in self.charToGlyph.items()}
        self.defaultWidth = scale(font.advance(0))
        for a, b in ((0x20, 0xA0), (0xA0, 0x20)):  # as ReportLab: no-break space drawn as the space
            if a in self.charToGlyph:
                self.charToGlyph[b], self.charWidths[b] = self.charToGlyph[a], self.charWidths[a]
                break
        self._hb_face = face
        self._subset_input = subset_input()
        self._programs: dict[tuple[int, ...], tuple[int, bytes]] = {}

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802 (ReportLab's name)
        """The font program of one subset."""
        return subset_font(self._hb_face, [self.charToGlyph.get(code, 0) for code in subset], self._subset_input)

    def _program(self, subset: list[int]) -> tuple[int, bytes]:
        """(length, Flate-compressed bytes) of a subset's font program, kept for the last few subsets:
        the same poster at several sizes has the same subsets."""
        key = tuple(subset)
        found = self._programs.pop(key, None)
        if found is None:
            program = self.makeSubset(subset)
            found = (len(program), flate(program))
            if len(self._programs) >= _PROGRAMS_KEPT:
                del self._programs[next(iter(self._programs))]
        self._programs[key] = found  # most recently used last
        return found

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:  # noqa: N802 (ReportLab's name)
        """TTFontFace.addSubsetObjects (tests/test_glyphfont.py checks it is unchanged), with the font
        program compressed once per subset rather than once per document."""
        length, packed = self._program(subset)
        # the stream ReportLab's PDFStream would write, in one piece
        content = packed if doc.compression else zlib.decompress(packed)
        font_file = PreparedIndirect(stream_object(content, doc.compression, b" /Length1 %d" % length))
        font_file_ref = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        # the same keys and values as ReportLab's PDFDictionary, written out at once
        descriptor = Prepared(
            f"<< /Ascent {fp_str(self.ascent)} /CapHeight {fp_str(self.capHeight)} /Descent {fp_str(self.descent)}"
            f" /Flags {fp_str(flags)} /FontBBox [ {fp_str(*self.bbox)} ] /FontFile2 "
            f"{font_file_ref.format(doc).decode('ascii')}\n  /FontName {pdfdoc.PDFName(fontname)}"
            f" /ItalicAngle {fp_str(self.italicAngle)} /MissingWidth {fp_str(self.defaultWidth)}"
            f" /StemV {fp_str(self.stemV)} /Type /FontDescriptor >>".encode("ascii"))
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)


class GlyphFont(TTFont):  # type: ignore[misc]  # ReportLab has no type information
    """A ReportLab TrueType font addressed by glyph id, with multi-character ToUnicode entries."""

    def __init__(self, font: FontFile):
        # TTFont.__init__ with our face (tests/test_glyphfont.py checks it against ReportLab's); not
        # asciiReadable: ReportLab would otherwise put all of printable ASCII (~95 glyphs) into subset 0
        # of every document, where a subset now holds .notdef, the space and the drawn glyphs
        self.fontName = font.name
        self.face = HarfBuzzFace(font)
        self.encoding = TTEncoding()
        self.state: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
        self._asciiReadable = False
        self.shapable = False
        self.source = font
        # what each document has taught the font about its private glyphs: {doc: (texts, confident)};
        # dropped when the document writes its fonts, so every PDF depends only on its own text
        self._learnt: weakref.WeakKeyDictionary[Any, tuple[dict[int, str], set[int]]] = weakref.WeakKeyDictionary()
        self._gid_char: dict[int, int] = {}
        # per document: gid -> (subset, byte, width in 1/1000 em), dropped when the document writes its fonts
        self._encoded: weakref.WeakKeyDictionary[Any, dict[int, tuple[int, int, float]]] = weakref.WeakKeyDictionary()
        self._steps: weakref.WeakKeyDictionary[ShapedRun, tuple[tuple[int, int, str], ...]] = (
            weakref.WeakKeyDictionary())
        # per run: its TJ array text with glyphs as placeholders (RunTemplate), made once per run; keyed
        # by the run itself (compared by identity), not weakly: a plain dict is quicker, and it is emptied
        # when full
        self._templates: dict[ShapedRun, RunTemplate] = {}
        # per document: placeholder -> the glyph's code in subset 0 as written in a literal string (a
        # str.translate table)
        self._codes: weakref.WeakKeyDictionary[Any, dict[int, str | int]] = weakref.WeakKeyDictionary()
        self._advances: _Memo[int, int] = _Memo(font.advance)  # gid -> advance in font units
        # gid -> whether the glyph is private: no Unicode value of its own and a name that does not say its text
        self._private: _Memo[int, bool] = _Memo(
            lambda gid: gid not in self._gid_char and not font.glyph_text(gid))
        self._code_of: _Memo[int, int] = _Memo(self.code_for)  # registers a private code when first needed
        self._tj_numbers: dict[int, str] = {}  # font units -> the TJ number written (one font: one upem)
        for ch, gid in sorted(self.face.charToGlyph.items()):
            self._gid_char.setdefault(gid, ch)

    def _texts(self, doc: Any) -> tuple[dict[int, str], set[int]]:
        learnt = self._learnt.get(doc)
        if learnt is None:
            learnt = self._learnt[doc] = ({}, set())
        return learnt

    def code_for(self, gid: int) -> int:
        """The 'character' ReportLab subsets for this glyph: its own Unicode value, or a private code."""
        ch = self._gid_char.get(gid)
        if ch is not None:
            return ch
        code = _PUA_BASE + gid
        if code not in self.face.charToGlyph:
            self.face.charToGlyph[code] = gid
            self.face.charWidths[code] = self.source.advance(gid) * 1000.0 / self.source.upem
        return code

    def encode(self, doc: Any, gids: tuple[int, ...]) -> list[tuple[int, int, float]]:
        """(subset, byte, width in 1/1000 em) of each glyph in this document's subsets; a glyph new to
        the document is assigned its code by ReportLab (splitString), every later use is a lookup."""
        encoded = self._encoded.get(doc)
        if encoded is None:
            encoded = self._encoded[doc] = {}
        try:
            return [encoded[gid] for gid in gids]
        except KeyError:
            pass
        new = {gid: self.code_for(gid) for gid in gids if gid not in encoded}
        for (gid, code), n in zip(new.items(), self.new_codes(doc, list(new.values()))):
            encoded[gid] = (n >> 8, n & 0xFF, self.face.getCharWidth(code))
        return [encoded[gid] for gid in gids]

    def template(self, run: ShapedRun) -> RunTemplate:
        """The run's TJ array text, the same in every document (made once per run)."""
        found = self._templates.get(run)
        if found is None:
            if len(self._templates) >= _TEMPLATES_KEPT:
                self._templates.clear()
            found = self._templates[run] = self._make_template(run)
        return found

    def _make_template(self, run: ShapedRun) -> RunTemplate:
        """Glyphs as placeholders (chr(PLACEHOLDER_BASE + gid)) in literal strings, HarfBuzz's offsets and the
        difference between its advances and the font's widths as TJ numbers (consecutive ones summed),
        so the advances are exactly HarfBuzz's. A run with vertical offsets has no template (empty
        text): it needs text rise changes, which depend on the size, and is drawn glyph by glyph."""
        gids = run.gids
        # glyphs without a Unicode value whose name does not say their text either: few, often none
        private = frozenset(filter(self._private.__getitem__, gids)) or _NO_PRIVATE
        if any(run.y_offsets):
            return _new_template(("", private))
        font_advances = tuple(map(self._advances.__getitem__, gids))
        if font_advances == run.x_advances and not any(run.x_offsets):  # most runs: nothing to adjust
            return _new_template(("(" + "".join(map(_PLACEHOLDERS.__getitem__, gids)) + ")", private))
        placeholder = _PLACEHOLDERS.__getitem__
        # in font units: before a glyph its x offset, after it the width it has in the font minus the
        # advance HarfBuzz gives it (a TJ number moves left by number/1000 em)
        k = 1000.0 / run.upem
        numbers = self._tj_numbers
        parts: list[str] = []
        seg: list[str] = []
        pending = 0
        for gid, font_advance, advance, dx in zip(gids, font_advances, run.x_advances, run.x_offsets):
            pending -= dx
            if pending:
                number = numbers.get(pending)
                if number is None:
                    number = numbers[pending] = pdf_num(pending * k)
                if number != "0":
                    if seg:
                        parts.append("(" + "".join(seg) + ")")
                        seg = []
                    parts.append(number)
            seg.append(placeholder(gid))
            pending = font_advance - advance + dx
        if seg:
            parts.append("(" + "".join(seg) + ")")
        if pending and pdf_num(pending * k) != "0":
            parts.append(pdf_num(pending * k))
        # no space next to a string (placeholders are never spaces, so only the joins are replaced)
        return _new_template((" ".join(parts).replace(") ", ")").replace(" (", "("), private))

    def codes(self, doc: Any) -> dict[int, str | int]:
        """This document's str.translate table from placeholders to the glyphs' codes in subset 0, as
        written in a literal string (filled by `assign` and `fill`)."""
        table = self._codes.get(doc)
        if table is None:
            table = self._codes[doc] = dict(_TEMPLATE_ASCII)
        return table

    def fill(self, doc: Any, table: dict[int, str | int], run: ShapedRun, template: RunTemplate) -> str | None:
        """The template with this document's codes put in; the run's glyphs new to the document are
        given codes first, in the order they are drawn. None when one of them falls outside subset 0
        (the run is then drawn glyph by glyph, with its subset changes)."""
        text = template.text.translate(table)
        if text.isascii():
            return text
        self.assign(doc, list(dict.fromkeys(run.gids)))  # into `table`, this document's codes(doc)
        text = template.text.translate(table)
        return text if text.isascii() else None

    def rise_fragment(self, table: dict[int, str | int], run: ShapedRun, size_pt: float) -> str | None:
        """A run with vertical offsets, for the inside of a TJ array: glyph by glyph, the text rise
        changed (the array closed and opened again around a Ts) wherever HarfBuzz moves a glyph up or
        down, and back to 0 at its end. None when a glyph has no code in `table` (not in subset 0)."""
        k = 1000.0 / run.upem
        per_unit = size_pt / run.upem
        out: list[str] = []
        seg: list[str] = []  # codes of the literal string being built
        pending = 0
        rise = "0"
        for gid, font_advance, advance, dx, dy in zip(run.gids, map(self._advances.__getitem__, run.gids),
                                                     run.x_advances, run.x_offsets, run.y_offsets):
            code = table.get(PLACEHOLDER_BASE + gid)
            if code is None:
                return None
            pending -= dx
            number = pdf_num(pending * k) if pending else "0"
            new_rise = pdf_num(dy * per_unit)
            if (number != "0" or new_rise != rise) and seg:
                out.append("(" + "".join(seg) + ")")
                seg = []
            if number != "0":
                out.append(" " + number + " ")
            if new_rise != rise:
                out.append(f"] TJ\n{new_rise} Ts\n[")
                rise = new_rise
            seg.append(str(code))
            pending = font_advance - advance + dx
        if seg:
            out.append("(" + "".join(seg) + ")")
        if pending and pdf_num(pending * k) != "0":
            out.append(" " + pdf_num(pending * k))
        if rise != "0":
            out.append("] TJ\n0 Ts\n[")
        return "".join(out)

    def assign(self, doc: Any, gids: list[int]) -> None:
        """Give these glyphs (in the order they will be drawn) their codes in the document at once, so
        that drawing them is a look-up: one ReportLab splitString call instead of one per run."""
        table = self.codes(doc)
        new = [gid for gid in gids if PLACEHOLDER_BASE + gid not in table]
        numbers = self.new_codes(doc, list(map(self._code_of.__getitem__, new)))
        if numbers and numbers[-1] < 256:  # all in subset 0 (codes are assigned in increasing order)
            table.update(zip(map(PLACEHOLDER_BASE.__add__, new), map(LITERAL_BYTE.__getitem__, numbers)))
            return
        for gid, n in zip(new, numbers):
            if n < 256:
                table[PLACEHOLDER_BASE + gid] = LITERAL_BYTE[n]

    def new_codes(self, doc: Any, chars: list[int]) -> list[int]:
        """The codes (subset * 256 + byte) of these characters in the document, those new to it assigned
        as ReportLab's TTFont.splitString assigns them (tests/test_glyphfont.py checks it is unchanged),
        without splitString's chunks of bytes, which are not used."""
        state = self._assignState(doc)
        assignments, subsets, char_to_glyph = state.assignments, state.subsets, self.face.charToGlyph
        start = state.nextCode
        if (not state.frozen and start > 0 and start + len(chars) < 255 and 0xA0 not in chars
                and assignments.keys().isdisjoint(chars) and all(map(char_to_glyph.__contains__, chars))
                and len(set(chars)) == len(chars)):
            # all new, all in subset 0: the loop below in one go (code 32 stays the space)
            numbers = [n + (n >= 32) for n in range(start, start + len(chars))] if start <= 32 else \
                list(range(start, start + len(chars)))
            below = [c for c, n in zip(chars, numbers) if n < 32]
            subsets[0][start:start + len(below)] = below
            subsets[0].extend(chars[len(below):])
            assignments.update(zip(chars, numbers))
            state.nextCode = numbers[-1] + 1 if numbers else start
            return numbers
        out = []
        for code in chars:
            if code == 0xA0:  # no-break space: drawn as the space
                code = 32
            n = assignments.get(code)
            if n is None:
                if code not in char_to_glyph:
                    n = 0
                else:
                    if state.frozen:
                        raise pdfdoc.PDFError(f"Font {self.fontName} is already frozen, cannot add new character "
                                              f"U+{code:04X}")
                    n = state.nextCode
                    if n & 0xFF == 32:  # code 32 of every subset is the space
                        if n != 32:
                            subsets[n >> 8].append(32)
                        n += 1
                    if n > 32:
                        if not n & 0xFF:  # a new subset, its code 0 the .notdef glyph
                            subsets.append([0])
                            n += 1
                        subsets[n >> 8].append(code)
                    else:
                        subsets[0][n] = code
                    state.nextCode = n + 1
                    assignments[code] = n
            out.append(n)
        return out

    def space_code(self, doc: Any, table: dict[int, str | int]) -> str | None:
        """The space glyph's code in this document, as written in a literal string (None: no space glyph,
        or not in subset 0)."""
        gid = self.source.space
        if gid is None:
            return None
        if PLACEHOLDER_BASE + gid not in table:
            self.assign(doc, [gid])  # into `table`, this document's codes(doc)
        code = table.get(PLACEHOLDER_BASE + gid)
        return None if code is None else str(code)

    def note_text(self, doc: Any, run: ShapedRun, template: RunTemplate | None = None) -> None:
        """Learn which characters each private glyph stands for, for the ToUnicode fallback.

        A glyph named in the uniXXXX convention says so itself (uni0915094D0937 = क्ष): its name is read
        when the ToUnicode map is written, and a run whose other such glyphs are all known already
        teaches nothing and is not looked at. Otherwise, in
        a cluster where it is the only glyph without a Unicode value of its own, it stands for the
        cluster's characters minus those of the other glyphs; that answer beats a guess made from a
        cluster with several such glyphs. What a run teaches is worked out once per run."""
        private = (template or self.template(run)).private
        if not private:
            return
        learnt = self._learnt.get(doc)
        if learnt is not None and learnt[1] >= private:
            return  # every private glyph of the run already has its text for sure: nothing to learn
        steps = self._steps.get(run)
        if steps is None:
            steps = self._steps[run] = self._learn(run)
        if not steps:
            return
        glyph_text, confident = self._texts(doc)
        for kind, gid, text in steps:
            if kind == _ONLY:
                if gid not in confident:
                    glyph_text[gid] = text
                    confident.add(gid)
            else:
                glyph_text.setdefault(gid, text)

    def _learn(self, run: ShapedRun) -> tuple[tuple[int, int, str], ...]:
        gid_char = self._gid_char
        steps: list[tuple[int, int, str]] = []
        for glyphs, text in run.cluster_texts():
            rest = text
            unmapped = []
            for g in glyphs:
                ch = gid_char.get(g)
                if ch is None:
                    named = run.font.glyph_text(g)
                    if named:  # read from its name for the ToUnicode map; not part of the rest
                        rest = rest.replace(named, "", 1)
                    else:
                        unmapped.append(g)
                elif chr(ch) in rest:
                    rest = rest.replace(chr(ch), "", 1)
            if len(unmapped) == 1:
                steps.append((_ONLY, unmapped[0], rest))
            else:
                for gid in unmapped:
                    steps.append((_GUESS, gid, rest))
                    rest = ""
        return tuple(steps)

    def _to_unicode(self, basefont: str, subset: list[int], glyph_text: dict[int, str]) -> str:
        entries = []
        char_entry = _CHAR_ENTRY
        for code, v in zip(_HEX_CODES, subset):
            if v >= _PUA_BASE:
                # a glyph named for its text is known from its name alone (what note_text would learn)
                text = self.source.glyph_text(v - _PUA_BASE) or glyph_text.get(v - _PUA_BASE)
                if text:
                    entries.append(f"{code}<{utf16_hex(text)}>")
            elif v:
                entries.append(code + char_entry[v])
        body = []
        for start in range(0, len(entries), 100):  # at most 100 entries per bfchar section
            chunk = entries[start:start + 100]
            body += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
        return "\n".join([
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
            "<< /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def", f"/CMapName /{basefont}-UCS def",
            "/CMapType 2 def", "1 begincodespacerange", "<00> <FF>", "endcodespacerange", *body, "endcmap",
            "CMapName currentdict /CMap defineresource pop", "end", "end"])

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (ReportLab's name): TTFont.addObjects, our ToUnicode
        glyph_text, _ = self._learnt.pop(doc, ({}, set()))
        self._encoded.pop(doc, None)
        self._codes.pop(doc, None)
        state = self._assignState(doc)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            basefont = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            # the stream ReportLab's PDFStream would write, in one piece
            cmap = PreparedIndirect(stream_bytes(self._to_unicode(basefont, subset, glyph_text).encode("ascii"),
                                               doc.compression))
            to_unicode = doc.Reference(cmap, "toUnicodeCMap:" + basefont).format(doc).decode("ascii")
            descriptor = self.face.addSubsetObjects(doc, basefont, subset).format(doc).decode("ascii")
            # ReportLab's PDFTrueTypeFont, written out at once (its Widths in one piece, not a call a number)
            pdf_font = PreparedIndirect(
                f"<< /BaseFont {pdfdoc.PDFName(basefont)} /FirstChar 0 /FontDescriptor {descriptor}"
                f" /LastChar {len(subset) - 1} /Name {pdfdoc.PDFName(internal)} /Subtype /TrueType\n"
                f"  /ToUnicode {to_unicode} /Type /Font /Widths [ {fp_str(*map(self.face.charWidths.get, subset, itertools.repeat(self.face.defaultWidth)))} ] >>"
                .encode("ascii"))
            doc.Reference(pdf_font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = pdf_font
        del self.state[doc]
