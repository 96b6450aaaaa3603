"""Reference images: which posters are compared, and how to regenerate them.

Regenerate (then look at every PNG before committing it):

    python -m tests.references
"""

from __future__ import annotations

from pathlib import Path

from posters.geometry import parse_size
from posters.pipeline import render_pdf
from posters.preview import render_png
from posters.spec.validate import load_spec

HERE = Path(__file__).resolve().parent
REF_DIR = HERE / "references"
CONTENT = HERE.parent / "content"
DPI = 30
CASES = [("whatsapp-calls", "hi", "a4"), ("whatsapp-calls", "en", "a4")]


def render_case(stem: str, lang: str, size: str):
    pdf = render_pdf(load_spec(CONTENT / f"{stem}.yaml"), lang, parse_size(size))
    return render_png(pdf, DPI).convert("L")


def ref_path(stem: str, lang: str, size: str) -> Path:
    return REF_DIR / f"{stem}.{lang}.{size}.png"


def main() -> None:
    REF_DIR.mkdir(exist_ok=True)
    for case in CASES:
        image = render_case(*case)
        image.save(ref_path(*case), optimize=True)
        print(f"wrote {ref_path(*case)} ({image.width}x{image.height})")


if __name__ == "__main__":
    main()
