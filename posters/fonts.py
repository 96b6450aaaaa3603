"""The font manifest in fonts/: which file covers which script, the fallback chain per role and script,
each font's code points (from fonts/coverage.json, so no font file is read to learn them), and each font
file's HarfBuzz face (read from disk the first time it is needed)."""

from __future__ import annotations

import json
import re
from dataclasses import field
from functools import cache, cached_property
from itertools import chain
from pathlib import Path
from typing import Any

import uharfbuzz as hb

from .dataclass_fast import dataclass

# ZWNJ, ZWJ, ZWSP, VS16: shaping controls that need no glyph of their own
IGNORABLE = frozenset({0x200C, 0x200D, 0x200B, 0xFE0F})

_UNI_NAME = re.compile(r"^(?:uni((?:[0-9A-F]{4})+)|u([0-9A-F]{4,6}))(?:\.[\w.]*)?$")


@dataclass(frozen=True, eq=False)
class FontFile:
    """One TTF file and what the manifest says about it. `name` is its PostScript-safe id in the PDF.
    The file is read, and its HarfBuzz face made, on first use."""

    name: str
    path: Path
    family: str
    weight: int
    scripts: tuple[str, ...]
    coverage: tuple[tuple[int, int], ...] | None = None  # code point ranges from coverage.json, if listed
    _names: dict[int, str] = field(default_factory=dict, repr=False)
    _ink: dict[int, tuple[int, int] | None] = field(default_factory=dict, repr=False)

    @cached_property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @cached_property
    def hb(self) -> Any:
        """The hb.Font (uharfbuzz has no type information)."""
        return hb.Font(hb.Face(hb.Blob(self.data)))

    @cached_property
    def upem(self) -> int:
        return int(self.hb.face.upem)

    @cached_property
    def codepoints(self) -> frozenset[int]:
        """The code points the font's cmap maps, from coverage.json when it lists the file (no reading)."""
        if self.coverage is not None:
            return frozenset(cp for lo, hi in self.coverage for cp in range(lo, hi + 1))
        return frozenset(self.hb.face.unicodes)

    @cached_property
    def characters(self) -> frozenset[str]:
        """`codepoints` as characters, plus the shaping controls that need no glyph (ZWJ, ZWNJ, ZWSP,
        VS16): a word is drawable in this font alone when its characters are a subset."""
        return frozenset(map(chr, self.codepoints | IGNORABLE))

    @cached_property
    def extents(self) -> tuple[int, int]:
        """(ascender, descender) in font units, descender negative."""
        ext = self.hb.get_font_extents("ltr")
        return int(ext.ascender), int(ext.descender)

    @cached_property
    def space(self) -> int | None:
        """The glyph of U+0020, if the font has one."""
        return self.nominal(" ")

    @cached_property
    def space_em(self) -> float:
        """The width of the space glyph per pt of size (a quarter em if the font has none)."""
        gid = self.space
        return (self.advance(gid) if gid is not None else self.upem // 4) / self.upem

    @cached_property
    def dotted_circle(self) -> int | None:
        """The glyph HarfBuzz puts under a mark that has no letter (U+25CC), if the font has one."""
        return self.nominal("\u25cc")

    def ink(self, gid: int) -> tuple[int, int] | None:
        """(top, bottom) of a glyph's outline in font units (y up), or None for a glyph without ink.
        Read from the font once per glyph."""
        try:
            return self._ink[gid]
        except KeyError:
            ext = self.hb.get_glyph_extents(gid)
            ink = (int(ext.y_bearing), int(ext.y_bearing + ext.height)) if ext is not None and ext.height else None
            self._ink[gid] = ink
            return ink

    def advance(self, gid: int) -> int:
        return int(self.hb.get_glyph_h_advance(gid))

    def nominal_gid(self, cp: int) -> int:
        """The glyph the cmap maps code point `cp` to (0, .notdef, if none)."""
        return int(self.hb.get_nominal_glyph(cp) or 0)

    def nominal(self, ch: str) -> int | None:
        gid = self.hb.get_nominal_glyph(ord(ch))
        return None if gid is None else int(gid)

    def glyph_text(self, gid: int) -> str:
        """The characters a glyph stands for if its name says so (uni0915094D0937, u1F600), else ''."""
        cached = self._names.get(gid)
        if cached is None:
            cached = self._names[gid] = _name_text(self.hb.glyph_to_string(gid))
        return cached


def _name_text(name: str) -> str:
    out = []
    for part in name.split("_"):
        m = _UNI_NAME.match(part)
        if not m:
            return ""
        if m.group(1):
            out += [chr(int(m.group(1)[i:i + 4], 16)) for i in range(0, len(m.group(1)), 4)]
        else:
            out.append(chr(int(m.group(2), 16)))
    return "".join(out)


def fonts_dir() -> Path:
    """Folder holding the shipped TTFs and manifest.json: installed as the data package
    posters._fontfiles, or the repository's fonts/ folder when running from a source checkout."""
    checkout = Path(__file__).resolve().parent.parent / "fonts"
    if (checkout / "manifest.json").is_file():
        return checkout
    from .assets import PACKAGE_DIR

    return PACKAGE_DIR / "_fontfiles"


@dataclass(frozen=True, eq=False)
class FontSet:
    fonts: tuple[FontFile, ...]
    roles: dict[str, list[tuple[str, int]]]
    _chains: dict[tuple[str, str | None, str | None], list[FontFile]] = field(default_factory=dict, repr=False)

    def chain(self, role: str, script: str | None, prefer: str | None = None) -> list[FontFile]:
        """Fonts to try, in order, for a run of `script` in `role`: the role's own families first,
        then every other font that claims the script (so a new script needs only manifest data).
        With `prefer`, fonts that also cover that script move to the front (order kept otherwise)."""
        key = (role, script, prefer)
        cached = self._chains.get(key)
        if cached is None:
            cached = self._chain(role, script)
            if prefer and prefer != script:
                cached = sorted(cached, key=lambda f: prefer not in f.scripts)
            self._chains[key] = cached
        return cached

    def _chain(self, role: str, script: str | None) -> list[FontFile]:
        ordered: list[FontFile] = []
        for family, weight in self.roles.get(role, []):
            for f in self.fonts:
                if (f.family == family and f.weight == weight and f not in ordered
                        and (script is None or script in f.scripts)):
                    ordered.append(f)
        # same script, any role, closest weight to the role's first choice
        want = self.roles[role][0][1] if self.roles.get(role) else 400
        rest = [f for f in self.fonts if f not in ordered and (script is None or script in f.scripts)]
        rest.sort(key=lambda f: abs(f.weight - want))
        ordered.extend(rest)
        if script is not None:
            # last resort for shared characters (digits, punctuation): any font at all
            ordered.extend(f for f in self.chain(role, None) if f not in ordered)
        return ordered

    @cached_property
    def covered(self) -> frozenset[int]:
        """Every code point some shipped font can draw (from coverage.json's ranges when it lists every font:
        no font is read and no per-font set is built)."""
        if any(f.coverage is None for f in self.fonts):
            return frozenset().union(*(f.codepoints for f in self.fonts))
        return frozenset(chain.from_iterable(range(lo, hi + 1) for f in self.fonts for lo, hi in f.coverage or ()))


COVERAGE_FILE = "coverage.json"


def code_point_ranges(codepoints: frozenset[int] | set[int]) -> list[tuple[int, int]]:
    """Sorted code points as inclusive (first, last) ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in sorted(codepoints):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def read_coverage(base: Path) -> dict[str, tuple[tuple[int, int], ...]]:
    """coverage.json: each font file's code points as ranges, with the file's size, so a font file that
    changed without the table being rebuilt (tools/font_coverage.py) is read instead of trusted."""
    try:
        data = json.loads((base / COVERAGE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    out = {}
    for name, entry in data.get("files", {}).items():
        try:
            if (base / name).stat().st_size == entry["bytes"]:
                out[name] = tuple(map(tuple, entry["ranges"]))
        except (OSError, KeyError, TypeError, ValueError):
            continue
    return out


@cache
def load_fontset(folder: str | None = None) -> FontSet:
    base = Path(folder) if folder else fonts_dir()
    manifest = json.loads((base / "manifest.json").read_text("utf-8"))
    coverage = read_coverage(base)
    fonts = []
    for entry in manifest["files"]:
        path = base / entry["file"]
        fonts.append(FontFile(name=path.stem.replace(" ", ""), path=path, family=entry["family"],
                              weight=int(entry["weight"]), scripts=tuple(entry["scripts"]),
                              coverage=coverage.get(entry["file"])))
    roles = {role: [tuple(x) for x in chain] for role, chain in manifest["roles"].items()}
    return FontSet(tuple(fonts), roles)
