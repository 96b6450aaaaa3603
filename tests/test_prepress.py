"""prepress writes part of every PDF itself for speed: the objects ReportLab would format (the catalog, the
page tree, pages with their resources, plain dictionaries) and the canvas a document starts from (a copy of
a blank one). Both must give what ReportLab gives: the same bytes, the same canvas."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from io import BytesIO
from types import FunctionType
from typing import Any

import pytest
from PIL import Image
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfdoc

from posters.geometry import parse_size
from posters.prepress import (
    OUTPUT_INTENTS,
    PROFILES,
    Prepared,
    PreparedIndirect,
    _Blank,
    _blank_canvas,
    _object_bytes,
    _pdf_data,
    _value,
    draw_crop_marks,
    finish,
    sheet_for,
)
from posters.spec.validate import load_spec

from .conftest import CONTENT, written_both_ways

# --- objects written as ReportLab writes them ------------------------------------------------------------


def _document() -> Any:
    doc = pdfdoc.PDFDocument()
    for name in ("A", "B", "C"):
        doc.Reference(pdfdoc.PDFDictionary({"Name": name}), name)
    return doc


def _values() -> list[Any]:
    ref = pdfdoc.PDFObjectReference
    numbers = [0, 1, -3, 0.1, 1e-7, -3.25, 841.88976, 1190.5511811, 12345678.9]
    many = pdfdoc.PDFDictionary({f"K{i:02d}": ref("ABC"[i % 3]) if i % 2 else numbers[i % len(numbers)]
                                 for i in range(14)})
    forced = pdfdoc.PDFDictionary({"Size": 3, "Root": ref("A")})
    forced.multiline = "forced"
    resources = pdfdoc.PDFResourceDictionary()
    resources.basicFonts()
    resources.allProcs()
    resources.XObject = pdfdoc.PDFDictionary({"FormXob.x": ref("B")})
    resources.ExtGState = pdfdoc.PDFDictionary({"gRLs0": pdfdoc.PDFDictionary({"ca": 0.5}),
                                                "gRLs1": pdfdoc.PDFDictionary({"OPM": 1}),
                                                "gRLs2": pdfdoc.PDFDictionary({"op": "true"})})
    resources.setColorSpace({"A": "CS0"})
    resources.setShading({"C": "Sh0"})
    plain = pdfdoc.PDFResourceDictionary()
    plain.basicProcs()
    return [
        *numbers, ref("A"), "/Name", "true", b"(bytes)", True, None,
        many, forced, pdfdoc.PDFDictionary({}), pdfdoc.PDFDictionary(OrderedDict([("Z", 1), ("A", 2)])),
        pdfdoc.PDFDictionary({"A B": 1, "a#b": 2, "(x)": 3, "\u00fcber": 4, "n": many}),
        pdfdoc.PDFArray(numbers * 3), pdfdoc.PDFArray([]), pdfdoc.PDFArray([ref("A"), "/X", many, 1.5]),
        pdfdoc.PDFArrayCompact(numbers * 2), pdfdoc.PDFString("a (b) c"), pdfdoc.PDFString("हिन्दी"),
        pdfdoc.PDFString("\u201cquoted\u201d \u2014 \ufb02\n\t\\"), pdfdoc.PDFString("ab\u0915\x18"),
        pdfdoc.PDFString("\x18"), pdfdoc.PDFString("ab", escape=0), pdfdoc.PDFString(b"bytes"),
        pdfdoc.PDFStream(content=b"x"),
        Prepared(b"<<\n/Written /Out\n>>"), resources, plain,
    ]


@pytest.mark.parametrize("index", range(len(_values())))
def test_values_are_written_as_reportlab_formats_them(index: int) -> None:
    assert _value(_values()[index], _document()) == pdfdoc.format(_values()[index], _document())


TITLES = ["Does WhatsApp record your calls?", "क्या WhatsApp कॉल रिकॉर्ड करता है?", "a (b) \\ c",
          "\u201cquoted\u201d \u2014 \ufb02", "line\nbreak\ttab", "\x18\x1f", "", "ஸ்பை ஆப்ஸ்", "é" * 3]


@pytest.mark.parametrize("title", TITLES)
def test_info_title_is_written_as_reportlab_formats_it(title: str) -> None:
    from time import gmtime

    from posters.prepress import Metadata, _Info

    meta = Metadata(title, "Awareness poster (Hindi)", "hi", "posters", gmtime(0), None)
    expected = pdfdoc.format(pdfdoc.PDFString(title), pdfdoc.DummyDoc())
    assert _Info(meta).format(pdfdoc.PDFDocument()).startswith(b"<<\n/Title " + expected + b" /Subject ")


def _page(doc: Any, annotated: bool) -> Any:
    page = pdfdoc.PDFPage()
    page.pagewidth, page.pageheight = 595.2756, 841.8898
    page.setPageTransition(None)
    page.setCompression(1)
    page.TrimBox = pdfdoc.PDFArray([8.5, 8.5, 586.7756, 833.3898])
    page.BleedBox = pdfdoc.PDFArray([0, 0, 595.2756, 841.8898])
    page.setStream(["1 0 0 1 0 0 cm", "BT ET", " "])
    page.Contents = PreparedIndirect(b"<<\n/Length 0\n>>\nstream\nendstream\n")
    page.hasImages = 1
    page.ExtGState = pdfdoc.PDFDictionary({"gRLs0": pdfdoc.PDFDictionary({"OPM": 1})})
    page.XObjects = pdfdoc.PDFDictionary({"FormXob.a": pdfdoc.PDFObjectReference("B")})
    page._colorsUsed = {"C": "CS0"}
    page._shadingUsed = {"A": "Sh0"}
    page.Annots = [pdfdoc.PDFObjectReference("A")] if annotated else []
    doc.Pages.addPage(page)
    doc.Reference(page, "Page1")
    return page


@pytest.mark.parametrize("annotated", [False, True])
def test_catalog_page_tree_and_page_are_written_as_reportlab_formats_them(annotated: bool) -> None:
    """Objects registered while they are written (the page tree, the page's contents) get the numbers
    ReportLab gives them."""
    ours, theirs = _document(), _document()
    for doc in (ours, theirs):
        _page(doc, annotated)
        doc.Catalog.Lang = pdfdoc.PDFString("hi")
        doc.Catalog.__NoDefault__ = (*doc.Catalog.__NoDefault__, "OutputIntents")
        doc.Catalog.OutputIntents = Prepared(b"[ ]")
        doc.Catalog.Metadata = PreparedIndirect(b"<<\n/Length 0\n>>\nstream\nendstream\n")
        doc.Reference(doc.Catalog)
    written = [_object_bytes(obj, ours) for obj in (ours.idToObject["Page1"], ours.Catalog, ours.Pages)]
    assert written == [obj.format(theirs) for obj in (theirs.idToObject["Page1"], theirs.Catalog, theirs.Pages)]
    assert b"/Annots" in written[0] if annotated else b"/Annots" not in written[0]
    assert ours.idToObjectNumberAndVersion == theirs.idToObjectNumberAndVersion


# --- pictures: images, shadings, transparency, spot colours ----------------------------------------------

DRAWING = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><defs>'
           '<linearGradient id="g"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#0000ff"/>'
           '</linearGradient><radialGradient id="r"><stop offset="0" stop-color="#00ff00"/>'
           '<stop offset="1" stop-color="#000000"/></radialGradient></defs>'
           '<path fill="url(#g)" d="M0 0h20v20H0z"/><path fill="url(#r)" opacity="0.5" d="M20 0h20v20H20z"/>'
           '<path stroke="#123456" stroke-opacity="0.3" fill="none" d="M0 0L40 20"/></svg>')

PICTURES = """\
title: {en: Pictures, hi: चित्र}
languages: [en, hi]
blocks:
  - kind: headline
    text: {en: Stay safe, hi: सुरक्षित रहें}
    icon: shield-lock
  - kind: picture
    file: drawing.svg
    caption: {en: A drawing, hi: एक चित्र}
    size: small
  - kind: picture
    file: photo.png
    caption: {en: A photo, hi: एक फ़ोटो}
    size: small
"""


@pytest.mark.parametrize(("profile", "lang"), [("office", "hi"), ("press", "en")])
def test_a_poster_with_pictures_is_written_as_reportlab_saves_it(write_spec, profile: str, lang: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's images, shadings, transparency and (press) colour spaces: prepress._pdf_data gives what
    canvas.save() gives (tests/test_glyphfont.py checks a poster of text)."""
    from posters.pipeline import layout

    spec = write_spec(PICTURES)
    (spec.parent / "drawing.svg").write_text(DRAWING, encoding="utf-8")
    Image.new("RGBA", (300, 150), (30, 120, 200, 128)).save(spec.parent / "photo.png")
    page = layout(load_spec(spec), lang, parse_size("A5"))
    ours, theirs = written_both_ways(page, lang, profile, monkeypatch)
    for key in (b"/XObject", b"/Shading", b"/ExtGState"):
        assert key in ours
    assert ours == theirs


# --- a document's canvas: a copy of a blank one ------------------------------------------------------------

_IMMUTABLE = (int, float, str, bytes, type(None), FunctionType)
# what a copy shares with its blank: objects no document changes
_SHARED = (*_IMMUTABLE, tuple, Prepared, pdfdoc.PDFString, TimeStamp)
_HASH = type(hashlib.md5(usedforsecurity=False))


def _same(ours: Any, theirs: Any, path: str = "canvas") -> None:
    """`ours` and `theirs` hold the same: equal values, objects of the same class with the same attributes."""
    assert type(ours) is type(theirs), path
    if isinstance(ours, _IMMUTABLE):
        assert ours == theirs, path
    elif isinstance(ours, BytesIO):
        assert ours.getvalue() == theirs.getvalue(), path
    elif isinstance(ours, _HASH):
        assert ours.digest() == theirs.digest(), path
    elif isinstance(ours, (list, tuple)):
        assert len(ours) == len(theirs), path
        for i, (a, b) in enumerate(zip(ours, theirs)):
            _same(a, b, f"{path}[{i}]")
    elif isinstance(ours, dict):
        assert ours.keys() == theirs.keys(), path
        for k in ours:
            _same(ours[k], theirs[k], f"{path}[{k!r}]")
    else:
        _same(vars(ours), vars(theirs), f"{path}.")


def _reachable(root: Any) -> dict[int, Any]:
    """Every object reachable from `root` through containers and attributes, by id."""
    found: dict[int, Any] = {}
    todo = [root]
    while todo:
        obj = todo.pop()
        if id(obj) in found or isinstance(obj, _IMMUTABLE):
            continue
        found[id(obj)] = obj
        if isinstance(obj, _SHARED):  # nothing changes it or what it holds
            continue
        if isinstance(obj, (list, tuple)):
            todo += obj
        elif isinstance(obj, dict):
            todo += [*obj.keys(), *obj.values()]
        elif hasattr(obj, "__dict__"):
            todo.append(vars(obj))
    return found


@pytest.mark.parametrize("profile", ["office", "press"])
def test_a_copied_canvas_is_what_reportlab_makes(fontset, profile: str) -> None:
    """A copy of a blank canvas equals a canvas ReportLab makes now (so a ReportLab change to what a new
    canvas or document holds fails here), shares nothing a document changes with the blank, and a copy
    that was drawn on and written out left the blank as it was."""
    from posters.draw import initial_font

    sheet = sheet_for(parse_size("A4"), PROFILES[profile])
    font = initial_font(fontset.chain("body", "Deva")[0])
    intent = OUTPUT_INTENTS["fogra39"] if PROFILES[profile].cmyk_only else None
    blank = _Blank(_blank_canvas(sheet, "hi", font, intent))
    used = blank.copy(BytesIO())
    used.setFillColorCMYK(0.1, 0.2, 0.3, 0.4)
    used.setFillAlpha(0.5)
    used.rect(10, 10, 100, 100, fill=1)
    _pdf_data(used)

    copy = blank.copy(BytesIO())
    _same(copy, _blank_canvas(sheet, "hi", font, intent))
    shared = _reachable(copy).keys() & _reachable(blank.canvas).keys()
    assert shared
    assert all(isinstance(_reachable(copy)[i], _SHARED) for i in shared), \
        sorted({type(_reachable(copy)[i]).__name__ for i in shared})


def test_documents_from_one_blank_do_not_meet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two posters drawn at once on copies of the same blank canvas give the PDFs each gives alone."""
    from posters.draw import draw_page
    from posters.pipeline import _document, layout

    pages = [layout(load_spec(CONTENT / name), "hi", parse_size("A4")) for name in ("whatsapp-calls.yaml",
                                                                                   "spy-apps.yaml")]

    def start(page):  # type: ignore[no-untyped-def]
        doc = _document("hi", page.title, parse_size("A4"), "press")
        doc.canvas.saveState()
        doc.canvas.translate(doc.sheet.trim.x, doc.sheet.trim.y)
        return doc

    def end(doc, page) -> bytes:  # type: ignore[no-untyped-def]
        draw_page(doc.canvas, page, doc.sheet.bleed_pt, press=True)
        doc.canvas.restoreState()
        draw_crop_marks(doc.canvas, doc.sheet)
        return finish(doc)

    alone = [end(start(page), page) for page in pages]
    docs = [start(page) for page in pages]
    together = [end(docs[1], pages[1]), end(docs[0], pages[0])][::-1]
    assert together == alone
    assert alone[0] != alone[1]
