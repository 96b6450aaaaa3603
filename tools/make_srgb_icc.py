"""Build posters/icc/sRGB-v2-small.icc: a small ICC version 2 sRGB display profile (matrix/TRC), from the
published sRGB definition (IEC 61966-2-1: primaries, D65 white, the piecewise transfer curve) alone.

    python tools/make_srgb_icc.py            # writes posters/icc/sRGB-v2-small.icc
    python tools/make_srgb_icc.py --check    # also compares its transforms with the full sRGB.icc

The colorants are the sRGB primaries adapted to the D50 profile connection space with the Bradford
transform (ICC.1:2001-04, Annex E); the transfer curve is a `curv` table of CURVE_POINTS entries shared
by the three channels, where the full profile holds 1024 entries per channel. Nodes 1/50 apart keep the
first two (0.02, 0.04) on the curve's straight part (which ends at 0.04045), and every node's value is
chosen to keep the straight lines between nodes close to the curve (least squares over all 8-bit
inputs), so 8-bit colours convert as through the full profile: `--check` finds no conversion (sRGB to
sRGB, to FOGRA39 CMYK and back, to Lab) more than 1/255 apart. 26 nodes (1/25 apart) gave 2/255.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

from posters.colour import FOGRA39_ICC, SRGB_ICC, SRGB_OUTPUT_ICC, srgb_to_linear

OUT = Path(__file__).resolve().parent.parent / "posters" / "icc" / SRGB_OUTPUT_ICC
CURVE_POINTS = 51
D50 = (0.9642, 1.0, 0.8249)  # the ICC profile connection space's illuminant
D65_XY = (0.3127, 0.3290)
PRIMARIES_XY = ((0.64, 0.33), (0.30, 0.60), (0.15, 0.06))  # red, green, blue
BRADFORD = ((0.8951, 0.2664, -0.1614), (-0.7502, 1.7135, 0.0367), (0.0389, -0.0685, 1.0296))
DESCRIPTION = "sRGB IEC61966-2.1 (small)"
COPYRIGHT = "No copyright, use freely"
DATE = (2026, 11, 25, 0, 0, 0)  # fixed, so a rebuild gives the same bytes


def s15(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def xyz_of(x: float, y: float) -> tuple[float, float, float]:
    return (x / y, 1.0, (1 - x - y) / y)


def mul(m: tuple[tuple[float, ...], ...], v: tuple[float, ...]) -> tuple[float, float, float]:
    a, b, c = (sum(m[i][j] * v[j] for j in range(3)) for i in range(3))
    return (a, b, c)


def inverse(m: tuple[tuple[float, ...], ...]) -> tuple[tuple[float, ...], ...]:
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return ((
        (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det), (
        (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det), (
        (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det))


def colorants() -> list[tuple[float, float, float]]:
    """The XYZ (D50) of full red, green and blue: the sRGB matrix, Bradford-adapted from D65 to D50."""
    white = xyz_of(*D65_XY)
    prim = [xyz_of(*p) for p in PRIMARIES_XY]
    p = tuple(tuple(prim[j][i] for j in range(3)) for i in range(3))  # columns are the primaries
    s = mul(inverse(p), white)  # each primary's share of white
    rgb_to_xyz = tuple(tuple(p[i][j] * s[j] for j in range(3)) for i in range(3))
    src, dst = mul(BRADFORD, white), mul(BRADFORD, D50)
    scale = tuple(tuple((dst[i] / src[i]) if i == j else 0.0 for j in range(3)) for i in range(3))
    def matmul(a: tuple[tuple[float, ...], ...], b: tuple[tuple[float, ...], ...]) -> tuple[tuple[float, ...], ...]:
        return tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))
    adapt = matmul(inverse(BRADFORD), matmul(scale, BRADFORD))
    m = matmul(adapt, rgb_to_xyz)
    return [(m[0][j], m[1][j], m[2][j]) for j in range(3)]


def curve() -> list[int]:
    """CURVE_POINTS 16-bit values: least squares fit of the piecewise linear curve to the sRGB curve
    over the 256 8-bit inputs (a tridiagonal system, solved directly)."""
    n = CURVE_POINTS
    h = 1 / (n - 1)
    # normal equations A v = b for hat-function weights
    a = [[0.0] * n for _ in range(n)]
    b = [0.0] * n
    for k in range(256):
        x = k / 255
        i = min(int(x / h), n - 2)
        t = x / h - i
        w = ((i, 1 - t), (i + 1, t))
        y = srgb_to_linear(x)
        for p, wp in w:
            b[p] += wp * y
            for q, wq in w:
                a[p][q] += wp * wq
    # Gaussian elimination (the matrix is small)
    for c in range(n):
        for r in range(c + 1, n):
            f = a[r][c] / a[c][c]
            if f:
                for k in range(c, n):
                    a[r][k] -= f * a[c][k]
                b[r] -= f * b[c]
    v = [0.0] * n
    for r in range(n - 1, -1, -1):
        v[r] = (b[r] - sum(a[r][k] * v[k] for k in range(r + 1, n))) / a[r][r]
    v[0], v[-1] = 0.0, 1.0  # black stays black, white stays white
    return [min(65535, max(0, round(x * 65535))) for x in v]


def text_description(text: str) -> bytes:
    """An ICC v2 textDescriptionType: the ASCII text, no Unicode or ScriptCode text."""
    ascii_ = text.encode("ascii") + b"\0"
    return b"desc" + bytes(4) + struct.pack(">I", len(ascii_)) + ascii_ + bytes(4 + 4 + 2 + 1 + 67)


def pad(data: bytes) -> bytes:
    return data + bytes(-len(data) % 4)


def profile() -> bytes:
    white = xyz_of(*D65_XY)
    xyz = lambda v: b"XYZ " + bytes(4) + b"".join(s15(c) for c in v)  # noqa: E731
    r, g, bl = colorants()
    points = curve()
    curv = b"curv" + bytes(4) + struct.pack(f">I{len(points)}H", len(points), *points)
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", text_description(DESCRIPTION)),
        (b"cprt", b"text" + bytes(4) + COPYRIGHT.encode("ascii") + b"\0"),
        (b"wtpt", xyz(white)),
        (b"rXYZ", xyz(r)), (b"gXYZ", xyz(g)), (b"bXYZ", xyz(bl)),
        (b"rTRC", curv), (b"gTRC", curv), (b"bTRC", curv),  # one curve, its data shared
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries, blobs, placed = [], b"", {}
    for sig, data in tags:
        if data not in placed:
            placed[data] = offset + len(blobs)
            blobs += pad(data)
        entries.append(struct.pack(">4sII", sig, placed[data], len(data)))
    body = struct.pack(">I", len(tags)) + b"".join(entries) + blobs
    size = 128 + len(body)
    header = (struct.pack(">I", size) + bytes(4) + bytes([2, 0x10, 0, 0]) + b"mntr" + b"RGB " + b"XYZ "
              + struct.pack(">6H", *DATE) + b"acsp" + bytes(4) + bytes(4) + bytes(4) + bytes(4) + bytes(8)
              + bytes(4) + b"".join(s15(c) for c in D50) + bytes(4))
    header += bytes(128 - len(header))
    assert len(header) == 128
    return header + body


def check(small: bytes) -> int:
    """Largest difference (in 8-bit steps) between conversions through the small and the full profile."""
    from io import BytesIO

    from PIL import Image, ImageCms

    icc = OUT.parent
    full = ImageCms.ImageCmsProfile(str(icc / SRGB_ICC))
    ours = ImageCms.ImageCmsProfile(BytesIO(small))
    fogra = ImageCms.ImageCmsProfile(str(icc / FOGRA39_ICC))
    lab = ImageCms.createProfile("LAB")
    rel = ImageCms.Intent.RELATIVE_COLORIMETRIC
    steps = [*range(0, 256, 5), 1, 2, 3, 4, 254, 253]
    rgb = Image.new("RGB", (len(steps) ** 3, 1))
    rgb.putdata([(r, g, b) for r in steps for g in steps for b in steps])
    inks = [(c, m, y, k) for c in steps[::2] for m in steps[::2] for y in steps[::2] for k in (0, 64, 128, 255)]
    cmyk = Image.new("CMYK", (len(inks), 1))
    cmyk.putdata(inks)
    worst = 0
    cases = [
        ("sRGB -> sRGB", rgb, full, ours, "RGB", "RGB"),
        ("sRGB -> FOGRA39", rgb, (full, fogra), (ours, fogra), "RGB", "CMYK"),
        ("FOGRA39 -> sRGB", cmyk, (fogra, full), (fogra, ours), "CMYK", "RGB"),
        ("sRGB -> Lab", rgb, (full, lab), (ours, lab), "RGB", "LAB"),
    ]
    for name, im, a, b, mode_in, mode_out in cases:
        if name == "sRGB -> sRGB":
            out_a = im
            out_b = ImageCms.applyTransform(im, ImageCms.buildTransform(a, b, "RGB", "RGB", renderingIntent=rel))
        else:
            out_a = ImageCms.applyTransform(im, ImageCms.buildTransform(a[0], a[1], mode_in, mode_out,
                                                                         renderingIntent=rel))
            out_b = ImageCms.applyTransform(im, ImageCms.buildTransform(b[0], b[1], mode_in, mode_out,
                                                                         renderingIntent=rel))
        assert out_a is not None and out_b is not None
        diff = max(max(abs(int(p) - int(q)) for p, q in zip(pa, pb))
                   for pa, pb in zip(out_a.get_flattened_data(), out_b.get_flattened_data()))
        sys.stdout.write(f"{name}: largest difference {diff}/255\n")
        worst = max(worst, diff)
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    data = profile()
    OUT.write_bytes(data)
    sys.stdout.write(f"{OUT.name}: {len(data)} bytes\n")
    return 1 if args.check and check(data) > 1 else 0


if __name__ == "__main__":
    sys.exit(main())
