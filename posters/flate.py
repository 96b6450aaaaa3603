"""Flate compression for every stream posters writes (page contents, font programs, ToUnicode maps,
metadata, the output profile), by libdeflate: the same zlib format PDF readers expect, in about a third
of the time zlib takes, and a little smaller."""

from __future__ import annotations

import deflate

LEVEL = 6  # libdeflate's 9 saves about 50 bytes a poster for a third more time; 12 is several times slower


def flate(data: bytes, level: int = LEVEL) -> bytes:
    """`data` as a zlib stream (what a PDF's /FlateDecode filter decodes)."""
    return bytes(deflate.zlib_compress(data, level))  # it gives a bytearray

