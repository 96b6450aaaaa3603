"""A URL to a QR code module grid (True = dark), using ReportLab's pure-Python encoder."""

from __future__ import annotations

from functools import lru_cache

QUIET_ZONE_MODULES = 4  # ISO/IEC 18004 asks for a four-module light margin all round


@lru_cache(maxsize=64)
def qr_matrix(data: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR symbol for `data` at error-correction `level` (L, M, Q, H), smallest version that fits."""
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(data)
    qr.make()
    return tuple(tuple(bool(v) for v in row) for row in qr.modules)
