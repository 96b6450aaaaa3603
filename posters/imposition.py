"""n-up imposition: how many copies of a poster go where on a sheet, and where the cuts are."""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import PageSize, Rect, mm

SHEET_MARGIN_MM = 8.0  # cut marks live here, outside what desktop printers leave blank
UPS = (2, 4, 8)


@dataclass(frozen=True)
class Grid:
    sheet: PageSize  # in the orientation used
    area: Rect  # the part of the sheet the copies tile
    cell: PageSize  # each copy's own page size
    origins: tuple[tuple[float, float], ...]  # bottom-left corner of each copy, reading order
    cuts_x: tuple[float, ...]
    cuts_y: tuple[float, ...]
    mark_length_pt: float


def grid(up: int, sheet: PageSize) -> Grid:
    """Copies in portrait cells: 2-up and 8-up turn the sheet to landscape, 4-up keeps it portrait."""
    if up not in UPS:
        raise ValueError(f"--up must be one of {', '.join(map(str, UPS))}")
    cols, rows, landscape = {2: (2, 1, True), 4: (2, 2, False), 8: (4, 2, True)}[up]
    w, h = sorted((sheet.width_pt, sheet.height_pt), reverse=landscape)
    turned = PageSize(sheet.name, w, h)
    margin = mm(SHEET_MARGIN_MM)
    area = Rect(margin, margin, w - 2 * margin, h - 2 * margin)
    cw, ch = area.w / cols, area.h / rows
    cell = PageSize(f"{cw / mm(1):.0f}x{ch / mm(1):.0f}mm", cw, ch)
    origins = tuple((area.x + c * cw, area.top - (r + 1) * ch) for r in range(rows) for c in range(cols))
    cuts_x = tuple(area.x + c * cw for c in range(cols + 1))
    cuts_y = tuple(area.y + r * ch for r in range(rows + 1))
    return Grid(turned, area, cell, origins, cuts_x, cuts_y, mm(5))
