"""Turns the shipped SVG pictograms and emoji into vector pictures drawn on a ReportLab canvas."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Union

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from .assets import emoji_files, emoji_key, emoji_sequences, icon_files, icon_names
from .dataclass_fast import dataclass
from .geometry import pdf_num

RGB = tuple[float, float, float]
Matrix = tuple[float, float, float, float, float, float]
ColorMaker = Callable[[RGB], Color]

# Injected as the root `color` so that svglib resolves `currentColor` to it; turned back into None.
_CURRENT_HEX = "#010203"
_CURRENT_RGB: RGB = (1 / 255, 2 / 255, 3 / 255)
_KAPPA = 0.5522847498  # Bezier control distance for a quarter circle of radius 1
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


@dataclass(frozen=True, slots=True)
class PicturePath:
    """One painted path. Colours are sRGB in 0..1; None means the colour the caller chooses."""

    ops: str  # PDF path construction operators (m l c h) in picture units, y up
    fill: bool
    fill_rgb: RGB | None
    fill_alpha: float
    even_odd: bool
    stroke: bool
    stroke_rgb: RGB | None
    stroke_alpha: float
    stroke_width: float
    line_cap: int
    line_join: int
    miter_limit: float


@dataclass(frozen=True, slots=True)
class PictureGradient:
    """A gradient filling the region `clip_ops` (a linear axis x0 y0 x1 y1, or a radial cx cy r)."""

    clip_ops: str
    radial: bool
    coords: tuple[float, ...]
    stops: tuple[tuple[float, RGB | None], ...]  # None: the caller's colour


@dataclass(frozen=True, slots=True)
class PictureGroup:
    """Children drawn under a transform, optionally clipped to `clip_ops`."""

    matrix: Matrix
    clip_ops: str | None
    children: tuple[PictureNode, ...]


PictureNode = Union[PicturePath, PictureGradient, PictureGroup]  # noqa: UP007 (a runtime alias on Python 3.10)


@dataclass(frozen=True, slots=True)
class Picture:
    """A parsed SVG: viewBox size and the vector content in viewBox units (origin bottom left, y up)."""

    name: str
    width: float
    height: float
    root: PictureGroup

    @property
    def paths(self) -> tuple[PicturePath, ...]:
        """Every painted path, in drawing order (gradients and clips left out)."""
        return tuple(_iter_paths(self.root))


def _iter_paths(node: PictureNode) -> Iterator[PicturePath]:
    if isinstance(node, PicturePath):
        yield node
    elif isinstance(node, PictureGroup):
        for child in node.children:
            yield from _iter_paths(child)


# --- where the files are -------------------------------------------------------------------------

def load_icon(name: str) -> Picture:
    """The built-in pictogram `name` (see icon_names()); KeyError if there is none by that name."""
    path = icon_files().get(name)
    if path is None:
        raise KeyError(name)
    return _load(str(path), name)


def emoji_picture(seq: str) -> Picture | None:
    """The picture for one emoji (with or without U+FE0F), or None if it is not shipped."""
    key = emoji_key(seq)
    path = emoji_files().get(key)
    return None if path is None else _load(str(path), key)


# --- parsing (svglib), once per file -------------------------------------------------------------

@functools.lru_cache(maxsize=512)
def _load(path: str, name: str) -> Picture:
    return parse_svg(Path(path).read_text(encoding="utf-8"), name)


def parse_svg(svg_text: str, name: str = "") -> Picture:
    """Parse one SVG document into a Picture. Plain path-only files (every built-in icon) are read
    here; anything richer (gradients, clips, transforms, opacity: the emoji) goes through svglib."""
    simple = _parse_simple(svg_text, name)
    return simple if simple is not None else _parse_with_svglib(svg_text, name)


def _parse_with_svglib(svg_text: str, name: str) -> Picture:
    import io
    import logging

    from svglib.svglib import svg2rlg

    logging.getLogger("svglib").setLevel(logging.ERROR)
    drawing = svg2rlg(io.BytesIO(_prepare(svg_text)))
    if drawing is None:
        raise ValueError(f"{name}: not a readable SVG")
    vb_w, vb_h = _viewbox_size(svg_text, float(drawing.width), float(drawing.height))
    sx, sy = vb_w / float(drawing.width), vb_h / float(drawing.height)
    root = _convert_group(drawing, (sx, 0.0, 0.0, sy, 0.0, 0.0))
    return Picture(name, vb_w, vb_h, root)


_SVG_NS = "http://www.w3.org/2000/svg"

# --- the fast path: <svg>, <g> and <path> with plain paint attributes, read without svglib -------
# (importing svglib costs ~120 ms, more than drawing a poster's icons; built-in icons never need it)

_SIMPLE_TAGS = {"svg", "g", "path"}
_PAINT_ATTRS = {"fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
                "fill-rule"}
_SVG_ONLY_ATTRS = {"width", "height", "viewBox"}
_CAPS = {"butt": 0, "round": 1, "square": 2}
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


class _Element:
    """An XML element as ElementTree gives it (tag and attribute names as {namespace}name), children only."""

    __slots__ = ("attrib", "children", "tag")

    def __init__(self, tag: str, attrib: dict[str, str]) -> None:
        self.tag = tag
        self.attrib = attrib
        self.children: list[_Element] = []

    def get(self, key: str, default: str) -> str:
        return self.attrib.get(key, default)

    def __iter__(self) -> Iterator[_Element]:
        return iter(self.children)


def _xml_elements(text: str) -> _Element | None:
    """The document's root element, read with expat as ElementTree.fromstring reads it (without importing
    ElementTree: a millisecond per process); None if it is not well-formed XML."""
    from xml.parsers import expat

    def name(n: str) -> str:
        return "{" + n if "}" in n else n

    parser = expat.ParserCreate(None, "}")
    stack: list[_Element] = []
    root: list[_Element] = []  # the first element: well-formed XML has one root

    def start(tag: str, attrs: dict[str, str]) -> None:
        element = _Element(name(tag), {name(k): v for k, v in attrs.items()})
        if stack:
            stack[-1].children.append(element)
        elif not root:
            root.append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text, True)
    except expat.ExpatError:
        return None
    return root[0] if root else None


def _parse_simple(svg_text: str, name: str) -> Picture | None:
    root = _xml_elements(svg_text)
    if root is None:
        return None
    if root.tag != f"{{{_SVG_NS}}}svg":
        return None
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) != 4:
        return None
    min_x, min_y, vb_w, vb_h = (float(v) for v in box)
    try:
        children = _simple_children(root, {"fill": "#000", "stroke": "none"})
    except ValueError:
        return None
    if children is None:
        return None
    # Path data stays in SVG units (y down); one matrix flips it into the picture's y-up box.
    return Picture(name, vb_w, vb_h, PictureGroup((1.0, 0.0, 0.0, -1.0, -min_x, min_y + vb_h), None, children))


def _simple_children(element: Any, inherited: dict[str, str]) -> tuple[PictureNode, ...] | None:
    """Paths under `element`, or None if anything here needs the full SVG machinery."""
    tag = element.tag.rpartition("}")[2]
    allowed = _PAINT_ATTRS | (_SVG_ONLY_ATTRS if tag == "svg" else {"d"} if tag == "path" else set())
    if tag not in _SIMPLE_TAGS or set(element.attrib) - allowed:
        return None
    paint = {**inherited, **{k: v for k, v in element.attrib.items() if k in _PAINT_ATTRS}}
    if tag == "path":
        path = _simple_path(element.get("d", ""), paint)
        return () if path is None else (path,)
    nodes: list[PictureNode] = []
    for child in element:
        sub = _simple_children(child, paint)
        if sub is None:
            return None
        nodes.extend(sub)
    return tuple(nodes)


def _paint_rgb(value: str) -> RGB | bool | None:
    """'none' -> False, 'currentColor' -> None, '#rgb' / '#rrggbb' -> sRGB; anything else ValueError."""
    value = value.strip()
    if value == "none":
        return False
    if value == "currentColor":
        return None
    if value.startswith("#") and len(value) in (4, 7):
        h = value[1:] if len(value) == 7 else "".join(c * 2 for c in value[1:])
        return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)
    raise ValueError(value)


def _simple_path(d: str, paint: dict[str, str]) -> PicturePath | None:
    fill, stroke = _paint_rgb(paint["fill"]), _paint_rgb(paint["stroke"])
    width = float(paint.get("stroke-width", "1"))
    has_fill, has_stroke = fill is not False, stroke is not False and width > 0
    ops = path_ops(d)
    if not ops or not (has_fill or has_stroke):
        return None
    return PicturePath(
        ops=ops,
        fill=has_fill,
        fill_rgb=fill if isinstance(fill, tuple) else None,
        fill_alpha=1.0,
        even_odd=paint.get("fill-rule") == "evenodd",
        stroke=has_stroke,
        stroke_rgb=stroke if isinstance(stroke, tuple) else None,
        stroke_alpha=1.0,
        stroke_width=width,
        line_cap=_CAPS[paint.get("stroke-linecap", "butt")],
        line_join=_JOINS[paint.get("stroke-linejoin", "miter")],
        miter_limit=float(paint.get("stroke-miterlimit", "4")),
    )


class _PathScanner:
    """Reads SVG path data: command letters, numbers, and the one-character arc flags."""

    def __init__(self, d: str) -> None:
        self.d, self.i, self.n = d, 0, len(d)

    def _skip(self) -> None:
        while self.i < self.n and self.d[self.i] in " \t\r\n,":
            self.i += 1

    def command(self) -> str | None:
        self._skip()
        if self.i < self.n and self.d[self.i].isalpha():
            self.i += 1
            return self.d[self.i - 1]
        return None

    def has_number(self) -> bool:
        self._skip()
        return self.i < self.n and (self.d[self.i].isdigit() or self.d[self.i] in "+-.")

    def number(self) -> float:
        self._skip()
        m = _NUMBER.match(self.d, self.i)
        if m is None:
            raise ValueError(f"number expected at {self.i}: {self.d[self.i:self.i + 12]!r}")
        self.i = m.end()
        return float(m.group())

    def flag(self) -> bool:
        self._skip()
        c = self.d[self.i: self.i + 1]
        if c not in ("0", "1"):
            raise ValueError(f"arc flag expected at {self.i}")
        self.i += 1
        return c == "1"


def path_ops(d: str) -> str:
    """SVG path data -> PDF path operators (m l c h) in the same coordinates. Quadratic curves and
    arcs become cubic Beziers; relative and shorthand commands are resolved."""
    scan = _PathScanner(d)
    out: list[str] = []
    x = y = start_x = start_y = 0.0
    last_ctrl: tuple[float, float] | None = None  # reflected by S (cubic) or T (quadratic)
    last_kind = ""
    cmd = scan.command()
    if cmd not in ("M", "m"):
        return ""

    def cubic(x1: float, y1: float, x2: float, y2: float, x3: float, y3: float) -> None:
        out.append(f"{pdf_num(x1)} {pdf_num(y1)} {pdf_num(x2)} {pdf_num(y2)} {pdf_num(x3)} {pdf_num(y3)} c")

    while cmd is not None:
        rel = cmd.islower()
        kind = cmd.upper()
        first = True
        while first or scan.has_number():
            if kind == "Z":
                out.append("h")
                x, y = start_x, start_y
                last_kind = "Z"
                break
            ox, oy = (x, y) if rel else (0.0, 0.0)
            if kind == "M":
                x, y = ox + scan.number(), oy + scan.number()
                if first:
                    out.append(f"{pdf_num(x)} {pdf_num(y)} m")
                    start_x, start_y = x, y
                else:  # further pairs after a moveto are linetos
                    out.append(f"{pdf_num(x)} {pdf_num(y)} l")
            elif kind == "L":
                x, y = ox + scan.number(), oy + scan.number()
                out.append(f"{pdf_num(x)} {pdf_num(y)} l")
            elif kind == "H":
                x = ox + scan.number()
                out.append(f"{pdf_num(x)} {pdf_num(y)} l")
            elif kind == "V":
                y = oy + scan.number()
                out.append(f"{pdf_num(x)} {pdf_num(y)} l")
            elif kind in ("C", "S"):
                if kind == "C":
                    x1, y1 = ox + scan.number(), oy + scan.number()
                else:
                    x1, y1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) \
                        if last_ctrl is not None and last_kind in ("C", "S") else (x, y)
                x2, y2 = ox + scan.number(), oy + scan.number()
                nx, ny = ox + scan.number(), oy + scan.number()
                cubic(x1, y1, x2, y2, nx, ny)
                last_ctrl, x, y = (x2, y2), nx, ny
            elif kind in ("Q", "T"):
                if kind == "Q":
                    qx, qy = ox + scan.number(), oy + scan.number()
                else:
                    qx, qy = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) \
                        if last_ctrl is not None and last_kind in ("Q", "T") else (x, y)
                nx, ny = ox + scan.number(), oy + scan.number()
                cubic(x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y), nx + 2 / 3 * (qx - nx), ny + 2 / 3 * (qy - ny),
                      nx, ny)
                last_ctrl, x, y = (qx, qy), nx, ny
            elif kind == "A":
                rx, ry, angle = abs(scan.number()), abs(scan.number()), scan.number()
                large, sweep = scan.flag(), scan.flag()
                nx, ny = ox + scan.number(), oy + scan.number()
                for seg in _arc_to_cubics(x, y, rx, ry, angle, large, sweep, nx, ny):
                    cubic(*seg)
                x, y = nx, ny
            else:
                raise ValueError(f"unknown path command {cmd!r}")
            last_kind = kind
            first = False
        cmd = scan.command()
        if cmd is None and scan.i < scan.n and d[scan.i:].strip(" \t\r\n,"):
            raise ValueError(f"unexpected path data at {scan.i}: {d[scan.i:scan.i + 12]!r}")
    return " ".join(out) + " "


def _arc_to_cubics(x1: float, y1: float, rx: float, ry: float, angle_deg: float, large: bool, sweep: bool,
                   x2: float, y2: float) -> list[tuple[float, float, float, float, float, float]]:
    """An SVG elliptical arc as cubic Beziers of at most 90 degrees each (SVG 1.1 appendix F.6)."""
    if (x1, y1) == (x2, y2):
        return []
    if rx == 0 or ry == 0:
        return [(x1, y1, x2, y2, x2, y2)]
    phi = math.radians(angle_deg % 360)
    cos_phi, sin_phi = math.cos(phi), math.sin(phi)
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    x1p, y1p = cos_phi * dx + sin_phi * dy, -sin_phi * dx + cos_phi * dy
    lam = (x1p / rx) ** 2 + (y1p / ry) ** 2
    if lam > 1:  # radii too small: scale them up just enough
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p
    den = rx * rx * y1p * y1p + ry * ry * x1p * x1p
    coef = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        coef = -coef
    cxp, cyp = coef * rx * y1p / ry, -coef * ry * x1p / rx
    cx = cos_phi * cxp - sin_phi * cyp + (x1 + x2) / 2
    cy = sin_phi * cxp + cos_phi * cyp + (y1 + y2) / 2

    def angle(ux: float, uy: float, vx: float, vy: float) -> float:
        return math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)

    theta = angle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry)
    delta = angle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry)
    if not sweep and delta > 0:
        delta -= 2 * math.pi
    elif sweep and delta < 0:
        delta += 2 * math.pi
    count = max(1, math.ceil(abs(delta) / (math.pi / 2) - 1e-9))
    step = delta / count
    k = 4 / 3 * math.tan(step / 4)
    segments = []
    for i in range(count):
        a1, a2 = theta + i * step, theta + (i + 1) * step
        c1, s1, c2, s2 = math.cos(a1), math.sin(a1), math.cos(a2), math.sin(a2)
        pts = [(c1 - k * s1, s1 + k * c1), (c2 + k * s2, s2 - k * c2), (c2, s2)]
        mapped = [(cx + rx * px * cos_phi - ry * py * sin_phi, cy + rx * px * sin_phi + ry * py * cos_phi)
                  for px, py in pts]
        segments.append((mapped[0][0], mapped[0][1], mapped[1][0], mapped[1][1], mapped[2][0], mapped[2][1]))
    return segments


def _prepare(svg_text: str) -> bytes:
    """The SVG as svglib should read it: `currentColor` resolving to our marker colour, and the
    `opacity` attribute (which svglib ignores) folded into the inherited fill and stroke opacity."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg_text)
    root.set("color", _CURRENT_HEX)
    for element in root.iter():
        opacity = element.attrib.pop("opacity", None)
        if opacity is None:
            continue
        factor = max(0.0, min(1.0, float(opacity)))
        for attr in ("fill-opacity", "stroke-opacity"):
            element.set(attr, pdf_num(factor * float(element.get(attr, "1"))))
            for child in element.iter():
                if child is not element and attr in child.attrib:
                    child.set(attr, pdf_num(factor * float(child.attrib[attr])))
    return bytes(ET.tostring(root, encoding="utf-8"))


def _viewbox_size(svg_text: str, fallback_w: float, fallback_h: float) -> tuple[float, float]:
    import re

    m = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)', svg_text)
    return (float(m.group(1)), float(m.group(2))) if m else (fallback_w, fallback_h)


def _rgb(color: Any) -> RGB | None:
    """svglib colour -> sRGB tuple; the currentColor marker -> None."""
    rgb: RGB = (float(color.red), float(color.green), float(color.blue))
    if all(abs(a - b) < 1e-4 for a, b in zip(rgb, _CURRENT_RGB)):
        return None
    return rgb


def _convert_group(group: Any, matrix: Matrix) -> PictureGroup:
    clip: str | None = None
    children: list[PictureNode] = []
    for item in group.contents:
        if getattr(item, "isClipPath", 0):
            clip = (clip or "") + _shape_ops(item)
            continue
        node = _convert(item)
        if node is not None:
            children.append(node)
    return PictureGroup(matrix, clip, tuple(children))


def _convert(item: Any) -> PictureNode | None:
    from reportlab.graphics.shapes import Group, Line, PolyLine
    from svglib.svglib import LinearGradientShape, RadialGradientShape

    if isinstance(item, Group):
        transform = tuple(float(v) for v in getattr(item, "transform", _IDENTITY))
        return _convert_group(item, transform)  # type: ignore[arg-type]
    if isinstance(item, (LinearGradientShape, RadialGradientShape)):
        if any(float(getattr(c, "alpha", 1.0)) < 0.99 for c in item._rl_colors):
            # PDF shadings carry no alpha (that would need a soft mask); Noto uses fading stops only for
            # soft edge shading, so such a gradient is left out rather than painted opaque.
            return None
        coords: tuple[float, ...]
        if isinstance(item, RadialGradientShape):
            coords = (item._cx, item._cy, item._r)
        else:
            coords = (item._x0, item._y0, item._x1, item._y1)
        stops = tuple((float(p), _rgb(c)) for p, c in zip(item._positions, item._rl_colors))
        return PictureGradient(_shape_ops(item._clip_shape), isinstance(item, RadialGradientShape),
                               tuple(float(v) for v in coords), stops)
    ops = _shape_ops(item)
    if not ops:
        return None
    fill_color = getattr(item, "fillColor", None)
    stroke_color = getattr(item, "strokeColor", None)
    width = float(getattr(item, "strokeWidth", 1.0) or 0.0)
    if isinstance(item, (Line, PolyLine)):
        fill_color = None
    fill = fill_color is not None
    stroke = stroke_color is not None and width > 0
    if not fill and not stroke:
        return None
    return PicturePath(
        ops=ops,
        fill=fill,
        fill_rgb=_rgb(fill_color) if fill else None,
        fill_alpha=_alpha(item, "fillOpacity", fill_color),
        even_odd=getattr(item, "fillMode", 1) == 0,
        stroke=stroke,
        stroke_rgb=_rgb(stroke_color) if stroke else None,
        stroke_alpha=_alpha(item, "strokeOpacity", stroke_color),
        stroke_width=width,
        line_cap=int(getattr(item, "strokeLineCap", 0) or 0),
        line_join=int(getattr(item, "strokeLineJoin", 0) or 0),
        miter_limit=float(getattr(item, "strokeMiterLimit", 10) or 10),
    )


def _alpha(item: Any, attr: str, color: Any) -> float:
    value = getattr(item, attr, None)
    if value is None:
        value = getattr(color, "alpha", 1.0) if color is not None else 1.0
    return max(0.0, min(1.0, float(value)))


def _ellipse_ops(cx: float, cy: float, rx: float, ry: float) -> str:
    kx, ky = rx * _KAPPA, ry * _KAPPA
    pts = [
        (cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry),
        (cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy),
        (cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry),
        (cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy),
    ]
    return f"{pdf_num(cx + rx)} {pdf_num(cy)} m " + " ".join(" ".join(map(pdf_num, p)) + " c" for p in pts) + " h "


def _shape_ops(shape: Any) -> str:
    """PDF path construction operators for one ReportLab shape (svglib output)."""
    from reportlab.graphics.shapes import Circle, Ellipse, Line, Polygon, PolyLine, Rect
    from reportlab.graphics.shapes import Path as RLPath

    if isinstance(shape, RLPath):
        out: list[str] = []
        pts = shape.points
        i = 0
        for op in shape.operators:
            if op == 0:
                out.append(f"{pdf_num(pts[i])} {pdf_num(pts[i + 1])} m")
                i += 2
            elif op == 1:
                out.append(f"{pdf_num(pts[i])} {pdf_num(pts[i + 1])} l")
                i += 2
            elif op == 2:
                out.append(" ".join(pdf_num(v) for v in pts[i:i + 6]) + " c")
                i += 6
            elif op == 3:
                out.append("h")
        return " ".join(out) + " " if out else ""
    if isinstance(shape, Circle):
        return _ellipse_ops(shape.cx, shape.cy, shape.r, shape.r)
    if isinstance(shape, Ellipse):
        return _ellipse_ops(shape.cx, shape.cy, shape.rx, shape.ry)
    if isinstance(shape, Rect):
        return _rect_ops(shape)
    if isinstance(shape, (Polygon, PolyLine)):
        pts = shape.points
        if len(pts) < 4:
            return ""
        parts = [f"{pdf_num(pts[0])} {pdf_num(pts[1])} m"]
        parts += [f"{pdf_num(pts[i])} {pdf_num(pts[i + 1])} l" for i in range(2, len(pts) - 1, 2)]
        if isinstance(shape, Polygon):
            parts.append("h")
        return " ".join(parts) + " "
    if isinstance(shape, Line):
        return f"{pdf_num(shape.x1)} {pdf_num(shape.y1)} m {pdf_num(shape.x2)} {pdf_num(shape.y2)} l "
    return ""


def _rect_ops(r: Any) -> str:
    x, y, w, h = float(r.x), float(r.y), float(r.width), float(r.height)
    rx = min(float(r.rx or 0), w / 2)
    ry = min(float(r.ry or rx), h / 2)
    rx = rx or ry
    if rx <= 0:
        return f"{pdf_num(x)} {pdf_num(y)} {pdf_num(w)} {pdf_num(h)} re "
    kx, ky = rx * (1 - _KAPPA), ry * (1 - _KAPPA)
    seq = [
        f"{pdf_num(x + rx)} {pdf_num(y)} m",
        f"{pdf_num(x + w - rx)} {pdf_num(y)} l",
        f"{pdf_num(x + w - kx)} {pdf_num(y)} {pdf_num(x + w)} {pdf_num(y + ky)} {pdf_num(x + w)} {pdf_num(y + ry)} c",
        f"{pdf_num(x + w)} {pdf_num(y + h - ry)} l",
        f"{pdf_num(x + w)} {pdf_num(y + h - ky)} {pdf_num(x + w - kx)} {pdf_num(y + h)} {pdf_num(x + w - rx)} {pdf_num(y + h)} c",
        f"{pdf_num(x + rx)} {pdf_num(y + h)} l",
        f"{pdf_num(x + kx)} {pdf_num(y + h)} {pdf_num(x)} {pdf_num(y + h - ky)} {pdf_num(x)} {pdf_num(y + h - ry)} c",
        f"{pdf_num(x)} {pdf_num(y + ry)} l",
        f"{pdf_num(x)} {pdf_num(y + ky)} {pdf_num(x + kx)} {pdf_num(y)} {pdf_num(x + rx)} {pdf_num(y)} c",
        "h",
    ]
    return " ".join(seq) + " "


# --- drawing -------------------------------------------------------------------------------------

def _default_color(rgb: RGB) -> Color:
    return Color(*rgb)


def draw_picture(canvas: Canvas, picture: Picture, x_pt: float, y_pt: float, w_pt: float, h_pt: float,
                 color: Color, to_color: ColorMaker | None = None) -> None:
    """Draw `picture` as vectors, as large as fits the box (x_pt, y_pt bottom left), centred, aspect kept.

    `color` paints the picture's currentColor parts; `to_color` turns the picture's own sRGB colours
    into the colour objects drawn (pass an sRGB -> CMYKColor conversion for press output)."""
    if picture.width <= 0 or picture.height <= 0 or w_pt <= 0 or h_pt <= 0:
        return
    scale = min(w_pt / picture.width, h_pt / picture.height)
    dx = x_pt + (w_pt - picture.width * scale) / 2
    dy = y_pt + (h_pt - picture.height * scale) / 2
    make = to_color or _default_color
    cache: dict[RGB, Color] = {}

    def paint(rgb: RGB | None) -> Color:
        if rgb is None:
            return color
        c = cache.get(rgb)
        if c is None:
            c = cache[rgb] = make(rgb)
        return c

    canvas.saveState()
    canvas.transform(scale, 0, 0, scale, dx, dy)
    _draw_group(canvas, picture.root, paint)
    canvas.restoreState()


def _draw_group(canvas: Canvas, group: PictureGroup, paint: Callable[[RGB | None], Color]) -> None:
    own_state = group.matrix != _IDENTITY or group.clip_ops is not None
    if own_state:
        canvas.saveState()
        if group.matrix != _IDENTITY:
            canvas.transform(*group.matrix)
        if group.clip_ops:
            canvas.addLiteral(group.clip_ops + "W n")
    for node in group.children:
        if isinstance(node, PicturePath):
            _draw_path(canvas, node, paint)
        elif isinstance(node, PictureGroup):
            _draw_group(canvas, node, paint)
        else:
            _draw_gradient(canvas, node, paint)
    if own_state:
        canvas.restoreState()


def _draw_path(canvas: Canvas, p: PicturePath, paint: Callable[[RGB | None], Color]) -> None:
    alpha = (p.fill and p.fill_alpha < 1) or (p.stroke and p.stroke_alpha < 1)
    if alpha:
        canvas.saveState()
    if p.fill:
        canvas.setFillColor(paint(p.fill_rgb))
        if p.fill_alpha < 1:
            canvas.setFillAlpha(p.fill_alpha)
    if p.stroke:
        canvas.setStrokeColor(paint(p.stroke_rgb))
        if p.stroke_alpha < 1:
            canvas.setStrokeAlpha(p.stroke_alpha)
        canvas.setLineWidth(p.stroke_width)
        canvas.setLineCap(p.line_cap)
        canvas.setLineJoin(p.line_join)
        canvas.setMiterLimit(p.miter_limit)
    if p.fill and p.stroke:
        op = "B*" if p.even_odd else "B"
    elif p.fill:
        op = "f*" if p.even_odd else "f"
    else:
        op = "S"
    canvas.addLiteral(p.ops + op)
    if alpha:
        canvas.restoreState()


def _draw_gradient(canvas: Canvas, g: PictureGradient, paint: Callable[[RGB | None], Color]) -> None:
    if not g.stops:
        return
    colors = [paint(rgb) for _, rgb in g.stops]
    positions = [pos for pos, _ in g.stops]
    canvas.saveState()
    canvas.addLiteral(g.clip_ops + "W n")
    if g.radial:
        cx, cy, r = g.coords
        canvas.radialGradient(cx, cy, r, colors, positions, True)
    else:
        x0, y0, x1, y1 = g.coords
        canvas.linearGradient(x0, y0, x1, y1, colors, positions, True)
    canvas.restoreState()


# --- contact sheet -------------------------------------------------------------------------------

_SHEET_FONT = "PostersSheetLabel"


def _label_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from .fonts import fonts_dir

    if _SHEET_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_SHEET_FONT, str(fonts_dir() / "NotoSansDevanagari-Regular.ttf")))
    return _SHEET_FONT


def write_contact_sheet(path_pdf: str | Path) -> None:
    """A4 PDF: every built-in icon with its name, then every shipped emoji with its file name."""
    from reportlab.lib.colors import CMYKColor
    from reportlab.lib.pagesizes import A4

    font = _label_font()
    page_w, page_h = A4
    margin, cols = 36.0, 9
    cell_w = (page_w - 2 * margin) / cols
    cell_h = cell_w * 1.05
    icon_pt = cell_w * 0.5
    ink = CMYKColor(0, 0, 0, 1)
    # The initial font goes into every page's resources; ours, so no Helvetica is referenced.
    canvas = Canvas(str(path_pdf), pagesize=A4, invariant=1, pageCompression=1,
                    initialFontName=font)
    canvas.setTitle("posters: built-in icons and emoji")

    def grid(title: str, items: list[tuple[str, Picture]]) -> None:
        rows_per_page = int((page_h - 2 * margin - 30) // cell_h)
        per_page = rows_per_page * cols
        for start in range(0, len(items), per_page):
            canvas.setFont(font, 14)
            canvas.setFillColor(ink)
            canvas.drawString(margin, page_h - margin - 14, title)
            top = page_h - margin - 30
            for i, (label, pic) in enumerate(items[start:start + per_page]):
                col, row = i % cols, i // cols
                x = margin + col * cell_w
                y = top - (row + 1) * cell_h
                draw_picture(canvas, pic, x + (cell_w - icon_pt) / 2, y + cell_h - icon_pt - 6,
                             icon_pt, icon_pt, ink)
                size = 8.0
                while canvas.stringWidth(label, font, size) > cell_w - 4 and size > 5:
                    size -= 0.5
                canvas.setFont(font, size)
                canvas.setFillColor(ink)
                canvas.drawCentredString(x + cell_w / 2, y + cell_h - icon_pt - 18, label)
            canvas.showPage()

    grid(f"Built-in icons ({len(icon_names())})", [(n, load_icon(n)) for n in icon_names()])
    emoji = sorted(emoji_files())
    pictures = [(k, p) for k in emoji if (p := emoji_picture(_stem_text(k))) is not None]
    grid(f"Emoji ({len(pictures)})", pictures)
    canvas.save()


def _stem_text(stem: str) -> str:
    return "".join(chr(int(h, 16)) for h in stem.split("-"))


__all__ = [
    "Picture", "PictureGradient", "PictureGroup", "PicturePath", "draw_picture", "emoji_picture",
    "emoji_sequences", "icon_names", "load_icon", "parse_svg", "write_contact_sheet",
]
