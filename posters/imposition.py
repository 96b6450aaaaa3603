"""n-up imposition: a number of copies and a sheet into where each copy, its bleed and its crop marks go.

Copies are separated by a gutter so that each can be cut on its own: each copy's background runs `bleed`
past its trim edge (a cut a little off still shows background, never a sliver of the neighbour), and each
copy has crop marks at its four corners, starting 0.5 mm outside its bleed. In a gutter the marks of two
neighbours meet on one line."""

from __future__ import annotations

from .dataclass_fast import dataclass
from .geometry import PageSize, Rect, mm

SHEET_MARGIN_MM = 10.0  # sheet edge to the outer copies' trim: their bleed and marks live here
GUTTER_MM = 8.0  # between neighbouring copies' trim edges: two bleeds and, between them, the marks
COPY_BLEED_MM = 2.0  # background beyond each copy's trim edge
MARK_OFFSET_MM = 0.5  # crop marks start this far outside the bleed
MARK_LENGTH_MM = 3.0  # outer crop marks; a gutter's marks fill the room between the two bleeds
UPS = (2, 4, 8)

Segment = tuple[float, float, float, float]  # x1, y1, x2, y2 in pt


@dataclass(frozen=True)
class Grid:
    sheet: PageSize  # in the orientation used
    area: Rect  # the outer trim edges of all copies together
    cell: PageSize  # each copy's own page (trim) size
    origins: tuple[tuple[float, float], ...]  # bottom-left trim corner of each copy, reading order
    gutter_pt: float
    bleed_pt: float
    marks: tuple[Segment, ...]  # every copy's crop marks

    @property
    def copies(self) -> tuple[Rect, ...]:
        """Each copy's trim box on the sheet."""
        return tuple(Rect(x, y, self.cell.width_pt, self.cell.height_pt) for x, y in self.origins)

    @property
    def bleeds(self) -> tuple[Rect, ...]:
        """Each copy's trim box grown by its bleed: what its background covers."""
        b = self.bleed_pt
        return tuple(Rect(r.x - b, r.y - b, r.w + 2 * b, r.h + 2 * b) for r in self.copies)

    @property
    def cuts_x(self) -> tuple[float, ...]:
        """Every vertical trim line (two per column: a gutter is cut on both sides)."""
        return tuple(sorted({x for r in self.copies for x in (r.x, r.right)}))

    @property
    def cuts_y(self) -> tuple[float, ...]:
        return tuple(sorted({y for r in self.copies for y in (r.y, r.top)}))


def _corner_marks(trim: Rect, start: float, outer: float, inner: float, area: Rect) -> list[Segment]:
    """Two marks per corner on the trim lines, beyond the copy: `outer` long towards the sheet edge,
    `inner` long towards a gutter."""
    out: list[Segment] = []
    for x, dx in ((trim.x, -1.0), (trim.right, 1.0)):
        for y, dy in ((trim.y, -1.0), (trim.top, 1.0)):
            len_x = outer if (x <= area.x + 0.01 or x >= area.right - 0.01) else inner
            len_y = outer if (y <= area.y + 0.01 or y >= area.top - 0.01) else inner
            out.append((x + dx * start, y, x + dx * (start + len_x), y))  # beside the copy, on its top/bottom edge
            out.append((x, y + dy * start, x, y + dy * (start + len_y)))  # above/below the copy, on its side
    return out


def grid(up: int, sheet: PageSize) -> Grid:
    """Copies in portrait cells: 2-up and 8-up turn the sheet to landscape, 4-up keeps it portrait."""
    if up not in UPS:
        raise ValueError(f"--up must be one of {', '.join(map(str, UPS))}")
    cols, rows, landscape = {2: (2, 1, True), 4: (2, 2, False), 8: (4, 2, True)}[up]
    w, h = sorted((sheet.width_pt, sheet.height_pt), reverse=landscape)
    turned = PageSize(sheet.name, w, h)
    margin, gutter, bleed = mm(SHEET_MARGIN_MM), mm(GUTTER_MM), mm(COPY_BLEED_MM)
    area = Rect(margin, margin, w - 2 * margin, h - 2 * margin)
    cw, ch = (area.w - (cols - 1) * gutter) / cols, (area.h - (rows - 1) * gutter) / rows
    cell = PageSize(f"{cw / mm(1):.0f}x{ch / mm(1):.0f}mm", cw, ch)
    origins = tuple((area.x + c * (cw + gutter), area.top - ch - r * (ch + gutter))
                    for r in range(rows) for c in range(cols))
    start = bleed + mm(MARK_OFFSET_MM)
    inner = gutter / 2 - start  # the neighbour's mark continues it on the same line
    marks = [m for x, y in origins
             for m in _corner_marks(Rect(x, y, cw, ch), start, mm(MARK_LENGTH_MM), inner, area)]
    return Grid(turned, area, cell, origins, gutter, bleed, tuple(marks))
