"""Units and page geometry: mm to pt, named page sizes, rectangles, numbers as a PDF writes them."""

from __future__ import annotations

import re

from .dataclass_fast import dataclass

PT_PER_MM = 72.0 / 25.4

# Named sizes in mm (portrait). Lower-case keys; the CLI and specs are case-insensitive.
NAMED_SIZES_MM: dict[str, tuple[float, float]] = {
    "a5": (148.0, 210.0),
    "a4": (210.0, 297.0),
    "a3": (297.0, 420.0),
    "a2": (420.0, 594.0),
    "a1": (594.0, 841.0),
    "letter": (215.9, 279.4),
    "tabloid": (279.4, 431.8),
}

# Screen sizes in pixels, for images shared on phones. 1 px = 0.75 pt (96 px per inch), so the PNG is
# rendered at exactly 96 dpi to come out at these pixel sizes.
PX_SIZES: dict[str, tuple[int, int]] = {
    "status": (1080, 1920),  # WhatsApp status / phone screen, 9:16
    "square": (1080, 1080),  # a post or a forwarded image
}
PT_PER_PX = 0.75
PX_DPI = 96

_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*$", re.IGNORECASE)
MIN_MM, MAX_MM = 50.0, 2000.0


def pdf_num(v: float, digits: int = 2) -> str:
    """A number as posters writes it into a PDF content stream: at most `digits` decimals, no trailing
    zeros, never "-0"."""
    s = f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def mm(value: float) -> float:
    """Millimetres to PDF points."""
    return value * PT_PER_MM


@dataclass(frozen=True)
class PageSize:
    """A poster's trim size; `name` is what goes in file names (lower case)."""

    name: str
    width_pt: float
    height_pt: float
    px: tuple[int, int] | None = None  # for screen sizes: the exact PNG size in pixels

    @property
    def label(self) -> str:
        """How people write it: A4, Letter, 300x400mm."""
        if self.name.startswith("a") and self.name[1:].isdigit():
            return self.name.upper()
        return self.name.capitalize() if self.name in NAMED_SIZES_MM or self.name in PX_SIZES else self.name

    @property
    def aspect(self) -> float:
        """Width over height: < 1 portrait, 1 square, > 1 landscape."""
        return self.width_pt / self.height_pt

    @property
    def short_pt(self) -> float:
        return min(self.width_pt, self.height_pt)


def parse_size(text: str) -> PageSize:
    """'A3', 'letter' or '300x400mm' to a PageSize; ValueError with a readable message otherwise."""
    key = str(text).strip().lower()
    if key in NAMED_SIZES_MM:
        w, h = NAMED_SIZES_MM[key]
        return PageSize(key, mm(w), mm(h))
    if key in PX_SIZES:
        w, h = PX_SIZES[key]
        return PageSize(key, w * PT_PER_PX, h * PT_PER_PX, (w, h))
    m = _CUSTOM.match(key)
    if m:
        w, h = float(m.group(1)), float(m.group(2))
        if not (MIN_MM <= w <= MAX_MM and MIN_MM <= h <= MAX_MM):
            raise ValueError(f"custom size {text!r} is outside {MIN_MM:g}-{MAX_MM:g} mm per side")
        return PageSize(f"{w:g}x{h:g}mm", mm(w), mm(h))
    raise ValueError(f"unknown page size {text!r}")


def size_names() -> list[str]:
    return [k.upper() if k.startswith("a") else k for k in NAMED_SIZES_MM] + list(PX_SIZES)


@dataclass(frozen=True)
class Rect:
    """Axis-aligned rectangle in pt, origin bottom-left (PDF convention)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def inset(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def contains(self, other: Rect, tol: float = 0.01) -> bool:
        return (other.x >= self.x - tol and other.y >= self.y - tol
                and other.right <= self.right + tol and other.top <= self.top + tol)

    def overlaps(self, other: Rect, tol: float = 0.01) -> bool:
        return not (other.x >= self.right - tol or other.right <= self.x + tol
                    or other.y >= self.top - tol or other.top <= self.y + tol)
