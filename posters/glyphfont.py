"""The one place posters reaches into ReportLab's internals: a TrueType font addressed by glyph id whose
subsets get multi-character ToUnicode entries (conjuncts, reph), written by our own `addObjects`.

`addObjects` mirrors `reportlab.pdfbase.ttfonts.TTFont.addObjects` of the ReportLab versions pinned in
pyproject.toml; tests/test_glyphfont.py fails loudly if ReportLab's method changes under it."""

from __future__ import annotations

import struct
import weakref
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from .fonts import FontFile
from .shaping import ShapedRun

PUA_BASE = 0xF0000  # glyph ids without a Unicode value are drawn as U+F0000 + gid (stable across builds)
_PUA_BASE = PUA_BASE

# The ReportLab method our addObjects mirrors, as a hash of its source (see tests/test_glyphfont.py).
MIRRORED_ADDOBJECTS_SHA256 = "33ac8d69ad7fe232ed36285a5e73913e3652b3c8adda826ac5d316a5c801036f"


# name table records kept in embedded subsets: copyright, family, style, full name, version, PostScript
# name and trademark, in the Windows English (US) records. Designer, vendor URLs and the licence text
# (the bulk: 1-2 KB per font) stay in the font files shipped in fonts/.
_NAME_IDS_KEPT = frozenset(range(8))
_WINDOWS_ENGLISH = (3, 1, 0x409)


_NAMED, _ONLY, _GUESS = 0, 1, 2  # how a run teaches a private glyph's text (GlyphFont.note_text)


def trimmed_name_table(data: bytes) -> bytes:
    """A format 0 'name' table with only the records in _NAME_IDS_KEPT for Windows English (US)."""
    count, string_offset = struct.unpack(">HH", data[2:6])
    records, storage = [], b""
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack(">6H", data[6 + 12 * i:18 + 12 * i])
        if (platform, encoding, language) == _WINDOWS_ENGLISH and name_id in _NAME_IDS_KEPT:
            text = data[string_offset + offset:string_offset + offset + length]
            records.append(struct.pack(">6H", platform, encoding, language, name_id, length, len(storage)))
            storage += text
    return struct.pack(">3H", 0, len(records), 6 + 12 * len(records)) + b"".join(records) + storage


def utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


class GlyphFont(TTFont):  # type: ignore[misc]  # ReportLab has no type information
    """A ReportLab TrueType font addressed by glyph id, with multi-character ToUnicode entries."""

    def __init__(self, font: FontFile):
        # asciiReadable=False: ReportLab would otherwise put all of printable ASCII (~95 glyphs) into
        # subset 0 of every document; this way a subset holds .notdef, the space and the drawn glyphs
        super().__init__(font.name, str(font.path), asciiReadable=False, shapable=False)
        self.source = font
        face = self.face
        name_table = trimmed_name_table(face.get_table("name"))
        whole_table = face.get_table

        def get_table(tag: str) -> bytes:  # what ReportLab's makeSubset copies into each subset
            return name_table if tag == "name" else bytes(whole_table(tag))

        face.get_table = get_table
        # what each document has taught the font about its private glyphs: {doc: (texts, confident)};
        # dropped when the document writes its fonts, so every PDF depends only on its own text
        self._learnt: weakref.WeakKeyDictionary[Any, tuple[dict[int, str], set[int]]] = weakref.WeakKeyDictionary()
        self._gid_char: dict[int, int] = {}
        self._codes: dict[int, tuple[int, float]] = {}  # gid -> (code, width in 1/1000 em)
        self._steps: weakref.WeakKeyDictionary[ShapedRun, tuple[tuple[int, int, str], ...]] = (
            weakref.WeakKeyDictionary())
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
        state = self._assignState(doc)
        assigned = state.assignments
        known = self._codes
        out = []
        for gid in gids:
            cw = known.get(gid)
            if cw is None:
                code = self.code_for(gid)
                cw = known[gid] = (code, self.face.getCharWidth(code))
            n = assigned.get(cw[0])
            if n is None:
                self.splitString(chr(cw[0]), doc)
                n = assigned[cw[0]]
            out.append((n >> 8, n & 0xFF, cw[1]))
        return out

    def note_text(self, doc: Any, run: ShapedRun) -> None:
        """Learn which characters each private glyph stands for, for the ToUnicode fallback.

        A glyph named in the uniXXXX convention says so itself (uni0915094D0937 = क्ष). Otherwise, in
        a cluster where it is the only glyph without a Unicode value of its own, it stands for the
        cluster's characters minus those of the other glyphs; that answer beats a guess made from a
        cluster with several such glyphs. What a run teaches is worked out once per run."""
        steps = self._steps.get(run)
        if steps is None:
            steps = self._steps[run] = self._learn(run)
        if not steps:
            return
        glyph_text, confident = self._texts(doc)
        for kind, gid, text in steps:
            if kind == _NAMED:
                glyph_text[gid] = text
                confident.add(gid)
            elif kind == _ONLY:
                if gid not in confident:
                    glyph_text[gid] = text
                    confident.add(gid)
            else:
                glyph_text.setdefault(gid, text)

    def _learn(self, run: ShapedRun) -> tuple[tuple[int, int, str], ...]:
        gid_char = self._gid_char
        if all(g in gid_char for g in run.gids):
            return ()
        steps: list[tuple[int, int, str]] = []
        for glyphs, text in run.cluster_texts():
            rest = text
            unmapped = []
            for g in glyphs:
                ch = gid_char.get(g)
                if ch is None:
                    named = run.font.glyph_text(g)
                    if named:
                        steps.append((_NAMED, g, named))
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
        for i, v in enumerate(subset):
            text = glyph_text.get(v - _PUA_BASE, "") if v >= _PUA_BASE else (chr(v) if v else "")
            if text:
                entries.append(f"<{i:02X}> <{utf16_hex(text)}>")
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
        state = self._assignState(doc)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal = self.getSubsetInternalName(n, doc)[1:]
            basefont = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {self.fontName} subset {n}"
            pdf_font.Name = internal
            pdf_font.BaseFont = basefont
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            pdf_font.Widths = pdfdoc.PDFArray([self.face.getCharWidth(c) for c in subset])
            cmap = pdfdoc.PDFStream()
            cmap.content = self._to_unicode(basefont, subset, glyph_text)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + basefont)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, basefont, subset)
            doc.Reference(pdf_font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = pdf_font
        del self.state[doc]
