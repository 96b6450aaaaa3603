"""A URL to a QR code module grid (True = dark), using ReportLab's pure-Python encoder."""

from __future__ import annotations

from functools import cache, lru_cache
from types import ModuleType

QUIET_ZONE_MODULES = 4  # ISO/IEC 18004 asks for a four-module light margin all round


@lru_cache(maxsize=64)
def qr_matrix(data: str, level: str = "M") -> tuple[tuple[bool, ...], ...]:
    """The QR symbol for `data` at error-correction `level` (L, M, Q, H), smallest version that fits."""
    qrencoder = _encoder()
    qr = qrencoder.QRCode(None, getattr(qrencoder.QRErrorCorrectLevel, level))
    qr.addData(data)
    qr.make()
    return tuple(tuple(bool(v) for v in row) for row in qr.modules)


@cache
def _encoder() -> ModuleType:
    """ReportLab's `reportlab.graphics.barcode.qrencoder` (it imports only re and itertools), loaded from its
    file under a name of its own. Imported the usual way, its package's __init__ first imports every barcode
    widget and with them ReportLab's drawing and paragraph modules: 40 ms for the first QR code in a
    process, a third of a one-poster build. Where ReportLab is not a folder of source files (a zip, a frozen
    application), it is imported the usual way."""
    import importlib
    import importlib.util
    from pathlib import Path

    import reportlab

    path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("posters._reportlab_qrencoder", path)
    if path.is_file() and spec is not None and spec.loader is not None:
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except (OSError, ImportError):
            pass
        else:
            return module
    return importlib.import_module("reportlab.graphics.barcode.qrencoder")
