"""Shipped posters x languages into a table of body sizes (pt) at A4, A3, status, square and 4-up/8-up A4
handouts, and what each small format left out.

Run: python bench/legibility.py [content/] (layout only, no PDFs; about half a minute)."""

from __future__ import annotations

import sys
from pathlib import Path

from posters.errors import FitError
from posters.geometry import parse_size
from posters.pipeline import layout, layout_handout
from posters.spec.validate import load_spec

SIZES = ("a4", "a3", "status", "square")
UPS = (4, 8)


def main(folder: Path) -> int:
    head = f"{'poster':<24}{'lang':<5}" + "".join(f"{s:>8}" for s in SIZES) + "".join(f"{f'{u}-up':>8}" for u in UPS)
    print(head)
    notes: list[str] = []
    failed = 0
    sheet = parse_size("a4")
    for path in sorted(folder.glob("*.yaml")):
        poster = load_spec(path)
        for lang in poster.languages:
            cells: list[str] = []
            for name in (*SIZES, *(f"{u}up" for u in UPS)):
                try:
                    if name.endswith("up"):
                        page = layout_handout(poster, lang, int(name[0]), sheet)
                    else:
                        page = layout(poster, lang, parse_size(name))
                except FitError:
                    cells.append("FAIL")
                    failed += 1
                    continue
                cells.append(f"{page.body_pt:.1f}" + ("*" if page.dropped else ""))
                if page.dropped:
                    notes.append(f"{poster.stem}.{lang}.{name}: left out {', '.join(page.dropped)}")
            print(f"{poster.stem:<24}{lang:<5}" + "".join(f"{c:>8}" for c in cells))
    print("\n* = some content left out to keep the type at its target:")
    for n in notes:
        print("  " + n)
    print(f"\n{failed} format(s) do not fit")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("content")))
