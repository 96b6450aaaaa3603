"""A laid-out Page to PDF drawing operations on a ReportLab canvas.

Text is drawn from the shaped runs by glyph id, with HarfBuzz's advances and offsets (each run's TJ text
made once, with placeholders for the document's glyph codes), each word placed with a relative Td
inside a marked-content span whose /ActualText is the word's source text, so copying text out
of the PDF gives back exactly what the spec says. Glyphs that have no Unicode value of their own
(conjuncts, half forms, reph) also get a ToUnicode entry with the characters they stand for, for viewers
that ignore /ActualText.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfbase import pdfmetrics

from .colour import is_pure_k, press_text_colour, rgb_to_cmyk_image, theme_colours, white
from .fonts import FontFile
from .geometry import pdf_num
from .glyphfont import LITERAL_BYTE, GlyphFont, RunTemplate, text_string
from .page import EMOJI_PREFIX, Box, ImageItem, Mark, Page, PictureItem, PlacedWord, QRItem, Rule, TextLine
from .pictures import Picture, PictureGroup, PictureNode, PicturePath, draw_picture, emoji_picture, load_icon, parse_svg
from .qr import QUIET_ZONE_MODULES, qr_matrix
from .rendercache import FileStamp, stamp
from .shaping import EmojiGap, ShapedRun

# Parsed fonts, one per font file per process: parsing a TrueType file is the expensive part. What a font
# learns while drawing (its private glyphs' text) is kept per document inside GlyphFont.
_PARSED: dict[str, GlyphFont] = {}


def glyph_font(font: FontFile) -> GlyphFont:
    gf = _PARSED.get(font.name)
    if gf is None or gf.source is not font:
        gf = GlyphFont(font)
        pdfmetrics.registerFont(gf)
        _PARSED[font.name] = gf
    return gf


def initial_font(font: FontFile) -> str:
    """Register a font for a new canvas's initial font, so no unembedded standard font is named."""
    name: str = glyph_font(font).fontName
    return name


_FILL_OPS: dict[tuple[float, ...], str] = {}  # a colour's values -> its fill operator


def _fill_op(color: Color) -> str:
    if isinstance(color, CMYKColor):
        key: tuple[float, ...] = (color.cyan, color.magenta, color.yellow, color.black)
        op = _FILL_OPS.get(key)
        if op is None:
            op = _FILL_OPS[key] = " ".join(map(pdf_num, key)) + " k"
        return op
    key = (-1.0, color.red, color.green, color.blue)  # -1: an RGB colour's key is never a CMYK one's
    op = _FILL_OPS.get(key)
    if op is None:  # 3 places: 8 bits exactly
        op = _FILL_OPS[key] = f"{pdf_num(color.red, 3)} {pdf_num(color.green, 3)} {pdf_num(color.blue, 3)} rg"
    return op


def _tj(arr: list[str]) -> str:
    """A TJ operator of strings, numbers and rise fragments (GlyphFont.rise_fragment), neighbouring strings
    (runs of one word, its space) as one: "(ab) ( )" is "(ab )" (a string's own parentheses are escaped, so
    ") (" is only ever such a join); an empty array a rise change leaves at the start is left out."""
    return ("[" + " ".join(arr).replace(") (", "") + "] TJ").replace("[] TJ\n", "")


class _TextOps:
    """PDF text operators for one line, glyph by glyph: codes collected into TJ arrays (consecutive
    glyphs in one literal string), with font and rise changes emitted only when they change. The slow
    path, for lines _quick_line_ops cannot draw."""

    def __init__(self, doc: Any, size: float):
        self.doc, self.size = doc, size
        self.ops: list[str] = []
        self.arr: list[str] = []
        self.codes: list[str] = []  # glyph codes (as written in a literal string) of the string being built
        self.current: tuple[GlyphFont, int] | None = None  # (font, subset) in force
        self.rise = 0.0

    def close_string(self) -> None:
        if self.codes:
            self.arr.append("(" + "".join(self.codes) + ")")
            self.codes.clear()

    def flush(self) -> None:
        self.close_string()
        if self.arr:
            self.ops.append(_tj(self.arr))
            self.arr.clear()

    def use(self, gf: GlyphFont, sub: int) -> None:
        if self.current != (gf, sub):
            self.flush()
            self.ops.append(f"{gf.getSubsetInternalName(sub, self.doc)} {pdf_num(self.size)} Tf")
            self.current = (gf, sub)

    def set_rise(self, rise: float) -> None:
        if abs(rise - self.rise) > 1e-3:
            self.flush()
            self.ops.append(f"{pdf_num(rise)} Ts")
            self.rise = rise

    def run(self, run: ShapedRun) -> None:
        """A shaped run by glyph id: HarfBuzz's offsets as kerning and rise, its advances exactly. Most
        runs are their template (made once per run) with this document's codes put in; a run with
        vertical offsets, or with a glyph beyond the font's first subset here, goes glyph by glyph."""
        gf = glyph_font(run.font)
        template = gf.template(run)
        gf.note_text(self.doc, run, template)
        if template.text and not self.rise:
            text = gf.fill(self.doc, gf.codes(self.doc), run, template)
            if text is not None:
                if self.current is None or self.current[0] is not gf or self.current[1] != 0:
                    self.use(gf, 0)
                self.close_string()
                self.arr.append(text)
                return
        self.glyphs(gf, run)

    def glyphs(self, gf: GlyphFont, run: ShapedRun) -> None:
        """A shaped run glyph by glyph: subset and rise changes wherever they fall."""
        k = 1000.0 / run.upem
        rise_per_unit = self.size / run.upem
        codes, arr = self.codes, self.arr
        for (sub, byte, width), advance, dx, dy in zip(gf.encode(self.doc, run.gids), run.x_advances,
                                                       run.x_offsets, run.y_offsets):
            if self.current is None or self.current[0] is not gf or self.current[1] != sub:
                self.use(gf, sub)
            if dy or self.rise:
                self.set_rise(dy * rise_per_unit)
            if dx:
                self.close_string()
                arr.append(pdf_num(-dx * k))
            codes.append(LITERAL_BYTE[byte])
            adjust = width - (advance - dx) * k
            if adjust > 0.005 or adjust < -0.005:
                self.close_string()
                arr.append(pdf_num(adjust))

    def gap(self, gf: GlyphFont, em: float) -> None:
        """Room for an emoji, `em` wide: the space glyph (so extractors that ignore /ActualText see a
        break there) stretched by a TJ adjustment."""
        gid = gf.source.space
        if gid is None:  # no space glyph: move along all the same
            self.close_string()
            self.arr.append(pdf_num(-em * 1000))
            return
        ((sub, byte, width),) = gf.encode(self.doc, (gid,))
        self.use(gf, sub)
        self.set_rise(0.0)
        self.codes.append(LITERAL_BYTE[byte])
        self.close_string()
        self.arr.append(pdf_num(width - em * 1000))

    def space(self, gf: GlyphFont) -> None:
        if self.current is not None and self.current[0] is gf and self.current[1] == 0:
            code = gf.space_code(self.doc, gf.codes(self.doc))
            if code is not None:
                self.codes.append(code)
                return
        gid = gf.source.space
        if gid is not None:
            ((sub, byte, _),) = gf.encode(self.doc, (gid,))
            self.use(gf, sub)
            self.codes.append(LITERAL_BYTE[byte])


class _Slow(Exception):
    """A line the quick path cannot draw (an emoji gap, a vertical offset, a glyph beyond subset 0)."""


def _spans(line: TextLine) -> list[list[PlacedWord]]:
    """One span per word, covering the word and the space after it, so extractors give back "word "
    exactly. pdfium ignores a span none of whose characters its font can encode: a line's last word
    made of emoji only (no space follows it) shares the span of the word before it."""
    words = line.words
    spans = [[word] for word in words]
    if len(words) > 1 and all(isinstance(r, EmojiGap) for r in words[-1].runs):
        spans[-2].append(spans.pop()[0])
    return spans


def _span_open(span: list[PlacedWord], last_span: bool) -> str:
    actual = " ".join(w.text for w in span) if len(span) > 1 else span[0].text
    if not last_span:
        actual += " "
    return f"/Span <</ActualText {text_string(actual)} >> BDC"


# per font of a page: (its GlyphFont, its code table, its space's code, its subset 0 name, its run templates)
_PageFonts = dict[FontFile, tuple[GlyphFont, dict[int, str | int], str | None, str, dict[ShapedRun, RunTemplate]]]


def _line_ops(canvas: Any, line: TextLine, color: Color, fonts: _PageFonts | None = None) -> list[str]:
    """The text operators of one line. Words are placed with Td, relative to the previous word's
    start, in whole hundredths of a point, so that positions add up exactly to where a Tm per word
    would put them."""
    doc = canvas._doc
    try:
        return _quick_line_ops(doc, line, color, {} if fonts is None else fonts)
    except _Slow:
        pass
    spans = _spans(line)
    t = _TextOps(doc, line.size_pt)
    t.ops += ["BT", _fill_op(color)]
    x_prev = None
    for si, span in enumerate(spans):
        last_span = si == len(spans) - 1
        t.ops.append(_span_open(span, last_span))
        for wi, word in enumerate(span):
            t.flush()
            x = round(word.x_pt * 100)
            if x_prev is None:
                t.ops.append(f"{_hundredths(x)} {pdf_num(line.baseline_pt)} Td")
            else:
                t.ops.append(f"{_hundredths(x - x_prev)} 0 Td")
            x_prev = x
            for run in word.runs:
                if isinstance(run, ShapedRun):
                    t.run(run)
                else:
                    t.gap(glyph_font(run.font), run.em)
            t.set_rise(0.0)
            if not (last_span and wi == len(span) - 1):
                # a real space too, for extractors ignoring /ActualText
                t.space(glyph_font(word.runs[-1].font))
        t.flush()
        t.ops.append("EMC")
    t.ops.append("ET")
    return t.ops


_HUNDREDTHS: dict[int, str] = {}  # n -> n/100 written out (positions on a page repeat)


def _hundredths(n: int) -> str:
    """n/100 as a content stream number (n in hundredths of a point)."""
    s = _HUNDREDTHS.get(n)
    if s is None:
        s = str(n // 100) if n % 100 == 0 else f"{n / 100:.2f}".rstrip("0")
        if len(_HUNDREDTHS) < 100_000:
            _HUNDREDTHS[n] = s
    return s


def _page_font(fonts: _PageFonts, doc: Any, font: FontFile) -> tuple[GlyphFont, dict[int, str | int], str | None, str,
                                                                    dict[ShapedRun, RunTemplate]]:
    """What the page's lines need of a font (its codes, space code, subset name), looked up once per page."""
    gf = glyph_font(font)
    table = gf.codes(doc)
    found = fonts[font] = (gf, table, gf.space_code(doc, table), gf.getSubsetInternalName(0, doc), gf._templates)
    return found


def _run_font(fonts: _PageFonts, doc: Any, run: ShapedRun) -> tuple[GlyphFont, dict[int, str | int], str | None, str,
                                                                  RunTemplate]:
    """A run's font as the page uses it (its codes, space code, subset name: looked up once per page and
    font) and the run's template, its private glyphs' text noted for the document."""
    found = fonts.get(run.font)
    if found is None:
        found = _page_font(fonts, doc, run.font)
    gf, table, space, name, templates = found
    template = templates.get(run) or gf.template(run)
    if template.private:
        gf.note_text(doc, run, template)
    return gf, table, space, name, template


def _run_text(doc: Any, gf: GlyphFont, table: dict[int, str | int], run: ShapedRun, template: RunTemplate,
              size_pt: float) -> str:
    """A run for the inside of a TJ array: its template with the document's codes put in (a glyph not given
    its code up front gets one now), or, with vertical offsets, glyph by glyph with text rise changes.
    Raises _Slow for a glyph beyond its font's first subset."""
    if template.text:
        text = template.text.translate(table)
        found = text if text.isascii() else gf.fill(doc, table, run, template)
    else:
        found = gf.rise_fragment(table, run, size_pt)
    if found is None:
        raise _Slow
    return found


def _quick_line_ops(doc: Any, line: TextLine, color: Color, fonts: _PageFonts) -> list[str]:
    """_line_ops for the usual line: every run has its template and every glyph is in its font's
    first subset; raises _Slow otherwise (what it has done meanwhile, the slow path does again alike).
    One span per word; the words are read from the line as it keeps them (no PlacedWord is made), at
    the positions line.words would give them. `fonts`: what is looked up per font, kept for the page."""
    ops = ["BT", _fill_op(color)]
    ops_append = ops.append
    size_tf = " " + pdf_num(line.size_pt) + " Tf"
    current: GlyphFont | None = None
    space: str | None = None
    x_line = line.x_pt
    words = line.source_words
    last = len(words) - 1
    x_prev = 0
    for i, (word, dx) in enumerate(zip(words, line.offsets_pt)):
        x = round((x_line + dx) * 100)
        # the span and the move to the word, as one piece of the line's text
        if i:
            ops_append("/Span <</ActualText " + text_string(word.text + " " if i < last else word.text)
                       + " >> BDC\n" + _hundredths(x - x_prev) + " 0 Td")
        else:
            ops_append("/Span <</ActualText " + text_string(word.text + " " if last else word.text)
                       + " >> BDC\n" + _hundredths(x) + " " + pdf_num(line.baseline_pt) + " Td")
        x_prev = x
        runs = word.runs
        one = runs[0] if len(runs) == 1 else None
        if isinstance(one, ShapedRun):  # most words: one run, drawn without a list
            gf, table, space, name, template = _run_font(fonts, doc, one)
            text = _run_text(doc, gf, table, one, template, line.size_pt)
            if gf is not current:
                ops_append(name + size_tf)
                current = gf
            if template.text:  # no vertical offsets: the word and its space in one TJ
                if i == last:
                    ops_append("[" + text + "] TJ\nEMC")
                elif space is None:
                    raise _Slow
                elif text[-1] == ")":  # the space joins the run's last string
                    ops_append("[" + text[:-1] + space + ")] TJ\nEMC")
                else:
                    ops_append("[" + text + " (" + space + ")] TJ\nEMC")
                continue
            runs = ()  # as below, the run already done
            arr: list[str] = [text]
        else:
            arr = []
        for run in runs:
            if not isinstance(run, ShapedRun):
                raise _Slow
            gf, table, space, name, template = _run_font(fonts, doc, run)
            text = _run_text(doc, gf, table, run, template, line.size_pt)
            if gf is not current:
                if arr:
                    ops_append(_tj(arr))
                    arr = []
                ops_append(name + size_tf)
                current = gf
            arr.append(text)
        if i < last:  # a real space too, for extractors ignoring /ActualText
            if space is None:
                raise _Slow
            arr.append("(" + space + ")")
        ops_append(_tj(arr) + "\nEMC")
    ops_append("ET")
    return ops


_KAPPA = 0.4472  # ReportLab's roundRect: control points this far from a corner's ends, times the radius


def _box_path(x0: float, y0: float, x1: float, y1: float, radius_pt: float) -> str:
    """A filled rectangle, its corners rounded with `radius_pt` (as ReportLab's roundRect draws them),
    in hundredths of a point, its edges rounded outwards: a band that runs into the bleed reaches the
    bleed box's edge, never 0.004 pt short of it."""
    h = _hundredths
    xl, yl, xr, yh = math.floor(x0 * 100), math.floor(y0 * 100), math.ceil(x1 * 100), math.ceil(y1 * 100)
    if not radius_pt:
        return f"{h(xl)} {h(yl)} {h(xr - xl)} {h(yh - yl)} re f"
    r, t = round(radius_pt * 100), round(_KAPPA * radius_pt * 100)
    xa, xb, ya, yb = h(xl + r), h(xr - r), h(yl + r), h(yh - r)
    xlt, xrt, ylt, yht = h(xl + t), h(xr - t), h(yl + t), h(yh - t)
    xl_, yl_, xr_, yh_ = h(xl), h(yl), h(xr), h(yh)
    return (f"{xa} {yl_} m {xb} {yl_} l {xrt} {yl_} {xr_} {ylt} {xr_} {ya} c "
            f"{xr_} {yb} l {xr_} {yht} {xrt} {yh_} {xb} {yh_} c "
            f"{xa} {yh_} l {xlt} {yh_} {xl_} {yht} {xl_} {yb} c "
            f"{xl_} {ya} l {xl_} {ylt} {xlt} {yl_} {xa} {yl_} c h f")


def _draw_mark(canvas: Any, icon: Mark, color: Color, white: Color) -> None:
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


def _draw_qr(canvas: Any, item: QRItem, ink: Color, white: Color) -> None:
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
    _overprint_if_k(canvas, ink)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_image(canvas: Any, item: ImageItem, press: bool, paper: Color) -> None:
    """Draw a logo or picture image, its transparency kept: office PDFs carry the alpha channel as a soft
    mask, so the paper shows through (never a white box); press PDFs (PDF/X-1a: no transparency) get the
    image converted to FOGRA39 CMYK (pure black as 100% K) and flattened onto the paper's CMYK colour,
    since a print shop's RIP would otherwise convert RGB in its own way."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    from .spec.fields import quiet_pillow

    with quiet_pillow(), Image.open(item.path) as src:
        src.load()
        alpha = None
        if src.mode in ("RGBA", "LA", "PA") or (src.mode == "P" and "transparency" in src.info) \
                or "transparency" in src.info:
            rgba = src.convert("RGBA")
            alpha = rgba.getchannel("A")
            if alpha.getextrema() == (255, 255):
                alpha = None  # opaque after all: no mask
            im = rgba if alpha is not None and not press else rgba.convert("RGB")
        else:
            im = src.convert("RGB")
        if press:
            im = rgb_to_cmyk_image(im)
            if alpha is not None:
                cmyk = (paper.cyan, paper.magenta, paper.yellow, paper.black)
                ground = Image.new("CMYK", im.size, tuple(round(v * 255) for v in cmyk))
                im = Image.composite(im, ground, alpha)
    r = item.rect
    canvas.drawImage(ImageReader(im), r.x, r.y, r.w, r.h, mask="auto" if im.mode == "RGBA" else None)


def _overprint_if_k(canvas: Any, fill: Color | None = None, stroke: Color | None = None) -> None:
    """100% K overprints on press (issue 14), so black on colour never shows a white gap when the plates
    are slightly out of register; nothing else does. Call inside saveState/restoreState."""
    if fill is not None and is_pure_k(fill):
        canvas.setFillOverprint(True)
        canvas.setOverprintMask(1)
    if stroke is not None and is_pure_k(stroke):
        canvas.setStrokeOverprint(True)
        canvas.setOverprintMask(1)


@functools.lru_cache(maxsize=256)
def press_cmyk(rgb: tuple[float, float, float]) -> CMYKColor:
    """A picture's own sRGB colour in FOGRA39 CMYK for press, converted as logos are (near-black
    becomes 100% K only)."""
    from PIL import Image

    pixel = Image.new("RGB", (1, 1), tuple(round(v * 255) for v in rgb))
    c, m, y, k = rgb_to_cmyk_image(pixel).getpixel((0, 0))  # type: ignore[misc]
    return CMYKColor(c / 255, m / 255, y / 255, k / 255)


def _user_svg(path: str, paper: tuple[float, float, float] | None) -> Picture:
    """The user's SVG; for press (`paper` given: the paper's sRGB) with its see-through colours flattened.
    Parsed once per version of the file: one edited while `posters watch` runs is read again."""
    return _parsed_svg(path, stamp(path), paper)


@functools.lru_cache(maxsize=64)
def _parsed_svg(path: str, version: FileStamp | None, paper: tuple[float, float, float] | None) -> Picture:
    picture = parse_svg(Path(path).read_text(encoding="utf-8"), Path(path).stem)
    return replace(picture, root=_opaque(picture.root, paper)) if paper is not None else picture


def _opaque(group: PictureGroup, paper: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> PictureGroup:
    """The group with every see-through colour flattened onto the paper (press PDFs carry no
    transparency); a see-through theme colour becomes solid."""
    def flat(rgb: tuple[float, float, float] | None, alpha: float) -> tuple[float, float, float] | None:
        return None if rgb is None else (alpha * rgb[0] + (1 - alpha) * paper[0],
                                         alpha * rgb[1] + (1 - alpha) * paper[1],
                                         alpha * rgb[2] + (1 - alpha) * paper[2])

    children: list[PictureNode] = []
    for node in group.children:
        if isinstance(node, PictureGroup):
            node = _opaque(node, paper)
        elif isinstance(node, PicturePath) and (node.fill_alpha < 1 or node.stroke_alpha < 1):
            node = replace(node, fill_rgb=flat(node.fill_rgb, node.fill_alpha), fill_alpha=1.0,
                           stroke_rgb=flat(node.stroke_rgb, node.stroke_alpha), stroke_alpha=1.0)
        children.append(node)
    return replace(group, children=tuple(children))


def _draw_picture(canvas: Any, item: PictureItem, color: Color, press: bool,
                  paper_srgb: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> None:
    """A built-in icon or the user's SVG (a picture, a logo) as vector paths (never an image), in the
    theme colour; for press output the picture's own colours made CMYK and opaque on the paper."""
    if item.path:
        picture = _user_svg(item.path, paper_srgb if press else None)
    elif item.name.startswith(EMOJI_PREFIX):
        found = emoji_picture(item.name[len(EMOJI_PREFIX):])
        if found is None:
            return  # layout only places shipped emoji
        # press PDFs carry no transparency: the emoji's see-through highlights flattened onto the paper
        picture = replace(found, root=_opaque(found.root, paper_srgb)) if press else found
    else:
        picture = load_icon(item.name)
    r = item.rect
    draw_picture(canvas, picture, r.x, r.y, r.w, r.h, color, press_cmyk if press else None)


def _assign_codes(doc: Any, page: Page) -> None:
    """Every glyph of the page's text gets its code in the document up front, font by font, in the
    order the lines draw them (GlyphFont.assign)."""
    by_font: dict[FontFile, list[int]] = {}  # in order of first use
    for item in page.items:
        if isinstance(item, TextLine):
            for word in item.source_words:
                for run in word.runs:
                    if isinstance(run, ShapedRun):
                        gids = by_font.get(run.font)
                        if gids is None:
                            gids = by_font[run.font] = []
                        gids += run.gids
    for font, gids in by_font.items():
        glyph_font(font).assign(doc, list(dict.fromkeys(gids)))


def draw_page(canvas: Any, page: Page, bleed_pt: float = 0.0, press: bool = False) -> None:
    """Draw every item of the page. Backgrounds and edge bands run `bleed_pt` past the trim edge.
    Press: CMYK theme colours, logos in CMYK, 100% K overprints, small text in one solid ink;
    otherwise the theme's sRGB colours."""
    theme = theme_colours(page.theme, press)
    paper_white = white(press)
    pr, pg, pb = page.theme["paper"].srgb
    paper_srgb = (pr / 255, pg / 255, pb / 255)
    page_w, page_h = page.size.width_pt, page.size.height_pt
    _assign_codes(canvas._doc, page)
    fonts: _PageFonts = {}
    canvas.setFillColor(theme["paper"])
    canvas.rect(-bleed_pt, -bleed_pt, page_w + 2 * bleed_pt, page_h + 2 * bleed_pt, stroke=0, fill=1)
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
            fill = theme[item.color]
            path = _box_path(x0, y0, x1, y1, item.radius_pt)
            if is_pure_k(fill):  # overprints: through the canvas, which keeps the graphics states
                canvas.saveState()
                canvas.setFillColor(fill)
                _overprint_if_k(canvas, fill)
                canvas.addLiteral(path)
                canvas.restoreState()
            else:
                canvas.addLiteral(f"q\n{_fill_op(fill)}\n{path}\nQ")
        elif isinstance(item, TextLine):
            color = press_text_colour(theme[item.color], item.size_pt) if press else theme[item.color]
            if is_pure_k(color):
                canvas.saveState()
                _overprint_if_k(canvas, color)
                canvas.addLiteral("\n".join(_line_ops(canvas, item, color, fonts)))
                canvas.restoreState()
            else:
                canvas.addLiteral("q\n" + "\n".join(_line_ops(canvas, item, color, fonts)) + "\nQ")
            for pic in item.pictures:  # emoji, in their own colours
                canvas.saveState()
                _draw_picture(canvas, pic, theme[pic.color], press, paper_srgb)
                canvas.restoreState()
        elif isinstance(item, Mark):
            canvas.saveState()
            _overprint_if_k(canvas, theme[item.color])
            _draw_mark(canvas, item, theme[item.color], paper_white)
            canvas.restoreState()
        elif isinstance(item, QRItem):
            canvas.saveState()
            _draw_qr(canvas, item, theme["ink"], paper_white)
            canvas.restoreState()
        elif isinstance(item, PictureItem):
            canvas.saveState()
            if not item.path:  # a built-in icon is one colour, so 100% K overprints like text
                _overprint_if_k(canvas, theme[item.color], theme[item.color])
            _draw_picture(canvas, item, theme[item.color], press, paper_srgb)
            canvas.restoreState()
        elif isinstance(item, ImageItem):
            _draw_image(canvas, item, press, theme["paper"])
        elif isinstance(item, Rule):
            canvas.saveState()
            _overprint_if_k(canvas, stroke=theme[item.color])
            canvas.setStrokeColor(theme[item.color])
            canvas.setLineWidth(item.width_pt)
            canvas.line(item.x1, item.y1, item.x2, item.y2)
            canvas.restoreState()
