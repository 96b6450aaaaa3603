"""Rendered posters compared with reviewed reference images, with a tolerance for rasteriser noise.
Regenerate with `python -m tests.references` after an intended change, and look at the images."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageStat

from .references import CASES, ref_path, render_case


@pytest.mark.parametrize("case", CASES, ids=[".".join(c) for c in CASES])
def test_poster_matches_reference(case):
    ref_file = ref_path(*case)
    assert ref_file.is_file(), f"missing {ref_file.name}: run python -m tests.references"
    got = render_case(*case)
    with Image.open(ref_file) as ref:
        ref = ref.convert("L")
        assert got.size == ref.size
        diff = ImageChops.difference(got, ref)
    mean = ImageStat.Stat(diff).mean[0]
    changed = diff.point(lambda v: 255 if v > 64 else 0).histogram()[255] / (diff.width * diff.height)
    assert mean < 2.0 and changed < 0.01, f"mean diff {mean:.2f}, {changed:.2%} of pixels changed"
