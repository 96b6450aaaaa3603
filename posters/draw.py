"""A laid-out Page to PDF drawing operations on a ReportLab canvas.

Text is drawn glyph by glyph from the shaped runs (by glyph id, with HarfBuzz's advances and offsets),
each word inside a marked-content span whose /ActualText is the word's source text, so copying text out
of the PDF gives back exactly what the spec says. Glyphs that have no Unicode value of their own
(conjuncts, half forms, reph) also get a ToUnicode entry with the characters they stand for, for viewers
that ignore /ActualText.
"""

from __future__ import annotations

import itertools
import json
from importlib import resources

from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from .fonts import FontFile
from .layout import Box, Icon, ImageItem, Page, QRItem, Rule, TextLine
from .qr import QUIET_ZONE_MODULES, qr_matrix
from .shaping import ShapedRun, glyph_advance, glyph_for, glyph_name_text

_PUA_BASE = 0xF0000  # glyph ids without a Unicode value are drawn as U+F0000 + gid (stable across builds)


def load_theme(name: str) -> dict[str, CMYKColor]:
    data = json.loads(resources.files("posters").joinpath("themes.json").read_text("utf-8"))
    return {k: CMYKColor(*v) for k, v in data[name].items()}


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


class GlyphFont(TTFont):
    """A ReportLab TrueType font addressed by glyph id, with multi-character ToUnicode entries."""

    def __init__(self, font: FontFile):
        super().__init__(font.name, str(font.path), shapable=False)
        self.source = font
        self.glyph_text: dict[int, str] = {}
        self._confident: set[int] = set()
        self._gid_char = {}
        for ch, gid in sorted(self.face.charToGlyph.items()):
            self._gid_char.setdefault(gid, ch)

    def forget(self) -> None:
        """Drop what earlier documents taught this font about its private glyphs."""
        self.glyph_text.clear()
        self._confident.clear()

    def code_for(self, gid: int) -> int:
        """The 'character' ReportLab subsets for this glyph: its own Unicode value, or a private code."""
        ch = self._gid_char.get(gid)
        if ch is not None:
            return ch
        code = _PUA_BASE + gid
        if code not in self.face.charToGlyph:
            self.face.charToGlyph[code] = gid
            upem = getattr(self.face, "unitsPerEm", 1000)
            self.face.charWidths[code] = glyph_advance(self.source, gid) * 1000.0 / upem
        return code

    def note_text(self, run: ShapedRun) -> None:
        """Learn which characters each private glyph stands for, for the ToUnicode fallback.

        A glyph named in the uniXXXX convention says so itself (uni0915094D0937 = क्ष). Otherwise, in
        a cluster where it is the only glyph without a Unicode value of its own, it stands for the
        cluster's characters minus those of the other glyphs; that answer beats a guess made from a
        cluster with several such glyphs."""
        for glyphs, text in run.cluster_texts():
            rest = text
            unmapped = []
            for g in glyphs:
                ch = self._gid_char.get(g.gid)
                if ch is None:
                    named = glyph_name_text(run.font, g.gid)
                    if named:
                        self.glyph_text[g.gid] = named
                        self._confident.add(g.gid)
                        rest = rest.replace(named, "", 1)
                    else:
                        unmapped.append(g.gid)
                elif chr(ch) in rest:
                    rest = rest.replace(chr(ch), "", 1)
            if len(unmapped) == 1:
                gid = unmapped[0]
                if gid not in self._confident:
                    self.glyph_text[gid] = rest
                    self._confident.add(gid)
            else:
                for gid in unmapped:
                    self.glyph_text.setdefault(gid, rest)
                    rest = ""

    def _to_unicode(self, basefont: str, subset: list[int]) -> str:
        entries = []
        for i, v in enumerate(subset):
            text = self.glyph_text.get(v - _PUA_BASE, "") if v >= _PUA_BASE else (chr(v) if v else "")
            if text:
                entries.append(f"<{i:02X}> <{_utf16_hex(text)}>")
        body = []
        for start in range(0, len(entries), 100):  # at most 100 entries per bfchar section
            chunk = entries[start:start + 100]
            body += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
        return "\n".join([
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
            "<< /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def", f"/CMapName /{basefont}-UCS def",
            "/CMapType 2 def", "1 begincodespacerange", "<00> <FF>", "endcodespacerange", *body, "endcmap",
            "CMapName currentdict /CMap defineresource pop", "end", "end"])

    def addObjects(self, doc):  # noqa: N802 (ReportLab's name) -- as TTFont.addObjects, but our ToUnicode
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
            cmap.content = self._to_unicode(basefont, subset)
            if doc.compression:
                cmap.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(cmap, "toUnicodeCMap:" + basefont)
            pdf_font.FontDescriptor = self.face.addSubsetObjects(doc, basefont, subset)
            doc.Reference(pdf_font, internal)
            doc.idToObject["BasicFonts"].dict[internal] = pdf_font
        del self.state[doc]


_FONTS: dict[str, GlyphFont] = {}


def begin_document() -> None:
    """Forget what earlier documents taught the fonts, so each PDF depends only on its own text
    (byte-identical output whatever was built before it in the same process)."""
    for gf in _FONTS.values():
        gf.forget()


def glyph_font(font: FontFile) -> GlyphFont:
    """One registered GlyphFont per font file per process (ReportLab keeps per-document state inside)."""
    gf = _FONTS.get(font.name)
    if gf is None or gf.source is not font:
        gf = GlyphFont(font)
        pdfmetrics.registerFont(gf)
        _FONTS[font.name] = gf
    return gf


def _num(v: float) -> str:
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _fill_op(color: CMYKColor) -> str:
    return f"{_num(color.cyan)} {_num(color.magenta)} {_num(color.yellow)} {_num(color.black)} k"


class _TextOps:
    """PDF text operators for one line: glyph codes collected into TJ arrays, with font and rise
    changes emitted only when they change."""

    def __init__(self, doc, size: float):
        self.doc, self.size = doc, size
        self.ops: list[str] = []
        self.arr: list[str] = []
        self.current = None  # (font, subset) in force
        self.rise = 0.0

    def flush(self) -> None:
        if self.arr:
            self.ops.append("[" + " ".join(self.arr) + "] TJ")
            self.arr.clear()

    def use(self, gf: GlyphFont, sub: int) -> None:
        if self.current != (gf, sub):
            self.flush()
            self.ops.append(f"{gf.getSubsetInternalName(sub, self.doc)} {_num(self.size)} Tf")
            self.current = (gf, sub)

    def set_rise(self, rise: float) -> None:
        if abs(rise - self.rise) > 1e-3:
            self.flush()
            self.ops.append(f"{_num(rise)} Ts")
            self.rise = rise

    def run(self, run: ShapedRun) -> None:
        """A shaped run by glyph id: HarfBuzz's offsets as kerning and rise, its advances exactly."""
        gf = glyph_font(run.font)
        gf.note_text(run)
        k = 1000.0 / run.upem
        codes = [gf.code_for(g.gid) for g in run.glyphs]
        pieces = [(sub, b) for sub, bs in gf.splitString("".join(map(chr, codes)), self.doc) for b in bs]
        for (sub, byte), g, code in zip(pieces, run.glyphs, codes):
            self.use(gf, sub)
            self.set_rise(g.y_offset * self.size / run.upem)
            if g.x_offset:
                self.arr.append(_num(-g.x_offset * k))
            self.arr.append(f"<{byte:02X}>")
            adjust = gf.face.getCharWidth(code) - g.x_advance * k + g.x_offset * k
            if abs(adjust) > 0.005:
                self.arr.append(_num(adjust))

    def space(self, gf: GlyphFont) -> None:
        gid = glyph_for(gf.source, " ")
        if gid is not None:
            sub, bs = gf.splitString(chr(gf.code_for(gid)), self.doc)[0]
            self.use(gf, sub)
            self.arr.append(f"<{bs[0]:02X}>")


def _line_ops(canvas, line: TextLine, color: CMYKColor) -> list[str]:
    t = _TextOps(canvas._doc, line.size_pt)
    t.ops += ["BT", _fill_op(color)]
    for wi, word in enumerate(line.words):
        last = wi == len(line.words) - 1
        # The span covers the word and the space after it, so extractors give back "word " exactly.
        actual = word.text if last else word.text + " "
        t.ops.append(f"/Span <</ActualText <FEFF{_utf16_hex(actual)}> >> BDC")
        t.ops.append(f"1 0 0 1 {_num(word.x_pt)} {_num(line.baseline_pt)} Tm")
        for run in word.runs:
            t.run(run)
        t.set_rise(0.0)
        if not last:
            t.space(glyph_font(word.runs[-1].font))  # a real space too, for extractors ignoring /ActualText
        t.flush()
        t.ops.append("EMC")
    t.ops.append("ET")
    return t.ops


def _draw_icon(canvas, icon: Icon, color: CMYKColor, white: CMYKColor) -> None:
    canvas.setFillColor(color)
    canvas.circle(icon.cx, icon.cy, icon.r, stroke=0, fill=1)
    if icon.kind == "step":
        return  # the number is a text line of its own, drawn on top
    canvas.setStrokeColor(white)
    canvas.setLineWidth(icon.r * 0.28)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    r = icon.r
    p = canvas.beginPath()
    if icon.kind == "check":
        p.moveTo(icon.cx - 0.45 * r, icon.cy + 0.02 * r)
        p.lineTo(icon.cx - 0.12 * r, icon.cy - 0.32 * r)
        p.lineTo(icon.cx + 0.48 * r, icon.cy + 0.36 * r)
    else:
        d = 0.38 * r
        p.moveTo(icon.cx - d, icon.cy - d)
        p.lineTo(icon.cx + d, icon.cy + d)
        p.moveTo(icon.cx - d, icon.cy + d)
        p.lineTo(icon.cx + d, icon.cy - d)
    canvas.drawPath(p, stroke=1, fill=0)


def _draw_qr(canvas, item: QRItem, ink: CMYKColor, white: CMYKColor) -> None:
    """Vector QR code: a light square (with the quiet zone) and one path of dark module runs."""
    r = item.rect
    canvas.setFillColor(white)
    canvas.rect(r.x, r.y, r.w, r.h, stroke=0, fill=1)
    matrix = qr_matrix(item.url)
    n = len(matrix)
    module = min(r.w, r.h) / (n + 2 * QUIET_ZONE_MODULES)
    x0 = r.x + QUIET_ZONE_MODULES * module
    top = r.top - QUIET_ZONE_MODULES * module
    path = canvas.beginPath()
    for row_i, row in enumerate(matrix):
        col = 0
        for dark, run in itertools.groupby(row):
            count = len(list(run))
            if dark:
                path.rect(x0 + col * module, top - (row_i + 1) * module, count * module, module)
            col += count
    canvas.setFillColor(ink)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_image(canvas, item: ImageItem, cmyk: bool) -> None:
    """Draw a logo. For press output it is converted to CMYK (transparency flattened onto white),
    since a print shop's RIP would otherwise convert RGB in its own, unknown way."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    with Image.open(item.path) as im:
        im.load()
        if im.mode in ("RGBA", "LA", "P"):
            im = im.convert("RGBA")
            flat = Image.new("RGB", im.size, (255, 255, 255))
            flat.paste(im, mask=im.getchannel("A"))
            im = flat
        im = im.convert("CMYK" if cmyk else "RGB")
    r = item.rect
    canvas.drawImage(ImageReader(im), r.x, r.y, r.w, r.h)


def draw_page(canvas, page: Page, bleed_pt: float = 0.0, cmyk_images: bool = False) -> None:
    """Draw every item of the page. Backgrounds and edge bands run `bleed_pt` past the trim edge."""
    theme = load_theme(page.theme)
    white = CMYKColor(0, 0, 0, 0)
    W, H = page.size.width_pt, page.size.height_pt
    canvas.setFillColor(theme["paper"])
    canvas.rect(-bleed_pt, -bleed_pt, W + 2 * bleed_pt, H + 2 * bleed_pt, stroke=0, fill=1)
    for item in page.items:
        if isinstance(item, Box):
            r = item.rect
            x0, y0, x1, y1 = r.x, r.y, r.right, r.top
            if "left" in item.bleed:
                x0 -= bleed_pt
            if "right" in item.bleed:
                x1 += bleed_pt
            if "top" in item.bleed:
                y1 += bleed_pt
            if "bottom" in item.bleed:
                y0 -= bleed_pt
            canvas.setFillColor(theme[item.color])
            if item.radius_pt:
                canvas.roundRect(x0, y0, x1 - x0, y1 - y0, item.radius_pt, stroke=0, fill=1)
            else:
                canvas.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
        elif isinstance(item, TextLine):
            canvas.addLiteral("q\n" + "\n".join(_line_ops(canvas, item, theme[item.color])) + "\nQ")
        elif isinstance(item, Icon):
            canvas.saveState()
            _draw_icon(canvas, item, theme[item.color], white)
            canvas.restoreState()
        elif isinstance(item, QRItem):
            canvas.saveState()
            _draw_qr(canvas, item, theme["ink"], white)
            canvas.restoreState()
        elif isinstance(item, ImageItem):
            _draw_image(canvas, item, cmyk_images)
        elif isinstance(item, Rule):
            canvas.saveState()
            canvas.setStrokeColor(theme[item.color])
            canvas.setLineWidth(item.width_pt)
            canvas.line(item.x1, item.y1, item.x2, item.y2)
            canvas.restoreState()
