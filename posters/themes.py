"""themes.json into Theme records (each colour in CMYK for press and sRGB for office), without the PDF
stack, so checking a spec stays light; posters.colour turns them into drawing colours."""

from __future__ import annotations

import json
from functools import cache

from .assets import PACKAGE_DIR
from .dataclass_fast import dataclass

CMYK = tuple[float, float, float, float]
RGB = tuple[int, int, int]


@dataclass(frozen=True)
class ThemeColour:
    """One named theme colour: CMYK fractions (0-1) for press, sRGB (0-255) for office and screens."""

    name: str
    cmyk: CMYK
    srgb: RGB

    @property
    def ink_pct(self) -> float:
        return total_ink_pct(self.cmyk)


ROLES = ("paper", "ink", "muted", "primary", "on_primary", "accent", "on_accent", "highlight", "card", "good", "bad")


@dataclass(frozen=True)
class Theme:
    """A whole theme: a built-in one from themes.json (`alert`, `calm`) or a spec's own (`custom`), one
    ThemeColour per role in ROLES."""

    name: str
    colours: tuple[ThemeColour, ...]

    def __getitem__(self, role: str) -> ThemeColour:
        for c in self.colours:
            if c.name == role:
                return c
        raise KeyError(role)

    def __str__(self) -> str:
        return self.name


@cache
def load_themes() -> dict[str, dict[str, ThemeColour]]:
    """Every theme in themes.json: theme name -> colour name -> ThemeColour."""
    data = json.loads((PACKAGE_DIR / "themes.json").read_text("utf-8"))
    themes: dict[str, dict[str, ThemeColour]] = {}
    for theme, colours in data.items():
        if theme == "comment":
            continue
        themes[theme] = {
            name: ThemeColour(name, (float(c[0]), float(c[1]), float(c[2]), float(c[3])),
                              (int(s[0]), int(s[1]), int(s[2])))
            for name, spec in colours.items() for c, s in [(spec["cmyk"], spec["srgb"])]}
    return themes


@cache
def builtin_theme(name: str) -> Theme:
    """A theme of themes.json as a Theme."""
    return Theme(name, tuple(load_themes()[name].values()))


def total_ink_pct(cmyk: CMYK) -> float:
    return round(100.0 * sum(cmyk), 6)
