"""Document-level print settings to a ReportLab canvas and finished PDF bytes: profiles (press, office),
page boxes, crop and cut marks, PDF/X-1a:2001 identification for press (output intent, Info keys, XMP),
an sRGB output intent for office, metadata (/Lang, title, dates), CMYK enforcement and reproducible
output with a document ID taken from the file's content."""

from __future__ import annotations

import codecs
import hashlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from . import __version__
from .colour import SRGB_OUTPUT_ICC, icc_bytes
from .dataclass_fast import dataclass
from .errors import Diagnostic, UsageError
from .flate import flate
from .geometry import PageSize, Rect, mm
from .languages import LANGUAGES

MARK_LENGTH_MM = 5.0  # crop marks: 5 mm long ...
MARK_GAP_MM = 1.0  # ... starting 1 mm outside the bleed edge (issue 14: at least 0.5 mm), so a cut
#                    that wanders into the bleed never shows a mark
SLUG_MM = 2.0  # room beyond the marks
MARK_WIDTH_PT = 0.25
REGISTRATION = CMYKColor(1, 1, 1, 1)  # marks print on every plate


PDFX_VERSION = "PDF/X-1a:2001"  # see README "Profiles": CMYK-only content, no profile to embed
PDFX_CONFORMANCE = "PDF/X-1a:2001"
PDFX_PDF_VERSION = (1, 3)  # PDF/X-1a:2001 is based on PDF 1.3
OFFICE_PDF_VERSION = (1, 4)  # output intents are PDF 1.4
REGISTRY = "http://www.color.org"  # the ICC's registry of characterized printing conditions
PDF_DATE_FORMAT = "D:%Y%m%d%H%M%S+00'00'"  # the Info dictionary's dates (UTC)
_ID_PLACEHOLDER = b"[<" + b"0" * 32 + b"><" + b"0" * 32 + b">]"

# Page streams and images are Flate-compressed binary: ReportLab's default ASCII85 layer on top makes them
# 25% larger and costs time, and PDF files are binary anyway. ReportLab reads this switch when it writes
# a stream, and has no per-canvas setting for it.
rl_config.useA85 = 0


@dataclass(frozen=True)
class OutputIntent:
    """A registered printing condition a press PDF is made for (ICC characterization data registry)."""

    key: str  # what `--output-intent` takes
    identifier: str  # OutputConditionIdentifier: the registry's reference name
    condition: str  # OutputCondition: the printing condition in words
    info: str  # Info: what the printer sees in a preflight report
    max_ink_pct: float  # the condition's total ink limit (theme colours must stay under it)


OUTPUT_INTENTS: dict[str, OutputIntent] = {i.key: i for i in (
    OutputIntent("fogra39", "FOGRA39",
                 "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 = coated art, "
                 "115 g/m2, tone value increase curves A (CMY) and B (K)",
                 "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), e.g. ISO Coated v2 (ECI)", 330),
    OutputIntent("fogra51", "FOGRA51",
                 "Offset printing, according to ISO 12647-2:2013, paper type 1 (premium coated), M1",
                 "PSO Coated v3 (FOGRA51, ISO 12647-2:2013)", 300),
    OutputIntent("fogra52", "FOGRA52",
                 "Offset printing, according to ISO 12647-2:2013, paper type 5 (wood-free uncoated), M1",
                 "PSO Uncoated v3 (FOGRA52, ISO 12647-2:2013)", 300),
    OutputIntent("fogra47", "FOGRA47",
                 "Offset printing, according to ISO 12647-2:2004/Amd 1, paper type 4 = uncoated white, 120 g/m2",
                 "PSO Uncoated ISO12647 (FOGRA47)", 300),
    OutputIntent("ifra26", "IFRA26",
                 "Coldset offset newspaper printing, according to ISO 12647-3:2004, newsprint 45 g/m2",
                 "ISO newspaper 26v4 (IFRA26, ISO 12647-3:2004)", 240),
)}
OUTPUT_INTENT_ALIASES = {"coated": "fogra39", "uncoated": "fogra52", "newsprint": "ifra26"}
DEFAULT_OUTPUT_INTENT = "fogra39"


def output_intent(name: str) -> OutputIntent:
    """The registered printing condition called `name` (a key of OUTPUT_INTENTS or an alias)."""
    key = name.strip().lower()
    key = OUTPUT_INTENT_ALIASES.get(key, key)
    try:
        return OUTPUT_INTENTS[key]
    except KeyError:
        names = ", ".join([*OUTPUT_INTENTS, *OUTPUT_INTENT_ALIASES])
        raise UsageError(Diagnostic(f"unknown output intent {name!r}",
                                    hint=f"ask the print shop which paper they print on, then use one of: {names} "
                                         f"(default {DEFAULT_OUTPUT_INTENT}: coated paper)")) from None


@dataclass(frozen=True)
class Profile:
    """How a PDF is set up for where it will be printed."""

    name: str
    bleed_mm: float
    marks: bool
    cmyk_only: bool
    description: str


PROFILES = {
    "office": Profile("office", 0.0, False, False,
                      "exactly the paper size, no marks; text kept inside the margins desktop printers can print"),
    "press": Profile("press", 3.0, True, True,
                     "CMYK only, 3 mm bleed, crop marks, TrimBox and BleedBox set: for a print shop"),
}
DEFAULT_PROFILE = "office"


@dataclass(frozen=True)
class Sheet:
    """Where the trim area sits on the PDF page."""

    media_w: float
    media_h: float
    trim: Rect
    bleed_pt: float

    @property
    def bleed_box(self) -> Rect:
        b = self.bleed_pt
        return Rect(self.trim.x - b, self.trim.y - b, self.trim.w + 2 * b, self.trim.h + 2 * b)


def sheet_for(size: PageSize, profile: Profile) -> Sheet:
    bleed = mm(profile.bleed_mm)
    margin = bleed + mm(MARK_GAP_MM + MARK_LENGTH_MM + SLUG_MM) if profile.marks else 0.0
    trim = Rect(margin, margin, size.width_pt, size.height_pt)
    return Sheet(size.width_pt + 2 * margin, size.height_pt + 2 * margin, trim, bleed)


@dataclass(frozen=True)
class Document:
    canvas: Canvas
    buffer: BytesIO
    sheet: Sheet
    pdf_version: tuple[int, int] = OFFICE_PDF_VERSION


@dataclass(frozen=True)
class Metadata:
    """What the Info dictionary and the XMP packet both say, so they cannot disagree."""

    title: str
    subject: str
    lang: str
    tool: str  # Creator and Producer
    created: time.struct_time  # UTC; creation and modification date are the same (a build makes the file)
    pdfx: OutputIntent | None  # press: the PDF/X printing condition

    @property
    def pdf_date(self) -> str:
        return time.strftime(PDF_DATE_FORMAT, self.created)

    @property
    def xmp_date(self) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", self.created)


class Prepared(pdfdoc.PDFObject):  # type: ignore[misc]  # ReportLab is untyped
    """A PDF object already written out, in the bytes ReportLab would write for it: written as it is
    instead of being formatted key by key in every PDF."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class PreparedIndirect(Prepared):
    """A prepared object that, like ReportLab's streams, is always an indirect object where it is used."""

    __RefOnly__ = 1


def stream_bytes(content: bytes, compress: bool, entries: bytes = b"") -> bytes:
    """A stream object as ReportLab writes a PDFStream (its dictionary's keys in sorted order; `entries`
    are the keys after /Length, written out, each with its leading space), Flate-compressed when
    `compress`."""
    return stream_object(flate(content) if compress else content, compress, entries)


def stream_object(data: bytes, flated: bool, entries: bytes = b"") -> bytes:
    """`stream_bytes` for `data` as it goes into the file: Flate-compressed already when `flated`."""
    head = b"<<\n/Filter [ /FlateDecode ] /Length " if flated else b"<<\n/Length "
    return head + str(len(data)).encode("ascii") + entries + b"\n>>\nstream\n" + data + b"endstream\n"


@lru_cache(maxsize=64)
def _info_tail(subject: str, tool: str, pdf_date: str, pdfx: bool) -> bytes:
    """The Info dictionary's keys after the title, written out: the same in every PDF of one language,
    profile and date."""
    d: dict[str, Any] = {
        "Subject": pdfdoc.PDFString(subject), "Creator": pdfdoc.PDFString(tool), "Producer": pdfdoc.PDFString(tool),
        "CreationDate": pdfdoc.PDFString(pdf_date), "ModDate": pdfdoc.PDFString(pdf_date),
        "Trapped": pdfdoc.PDFName("False"),  # not trapped: the print shop may trap it
    }
    if pdfx:
        d["GTS_PDFXVersion"] = pdfdoc.PDFString(PDFX_VERSION)
        d["GTS_PDFXConformance"] = pdfdoc.PDFString(PDFX_CONFORMANCE)
    document = pdfdoc.DummyDoc()
    return b" ".join([b"/" + k.encode("ascii") + b" " + pdfdoc.format(v, document) for k, v in d.items()])


class _Info(pdfdoc.PDFInfo):  # type: ignore[misc]  # ReportLab is untyped
    """The document Info dictionary: ReportLab's keys, fixed dates, and the PDF/X keys for press."""

    def __init__(self, meta: Metadata):
        super().__init__()
        self.meta = meta

    def format(self, document: Any) -> bytes:
        m = self.meta
        title: bytes = (_string_bytes(m.title) if isinstance(document.encrypt, pdfdoc.NoEncryption)
                 else pdfdoc.format(pdfdoc.PDFString(m.title), document))  # Title first, one line
        return b"<<\n/Title " + title + b" " + _info_tail(m.subject, m.tool, m.pdf_date, bool(m.pdfx)) + b"\n>>"


def escape(text: str) -> str:
    """Text for XML character data (xml.sax.saxutils.escape, without importing urllib with it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xmp_packet(meta: Metadata) -> str:
    """The XMP metadata packet: the same title, dates, producer and PDF/X version as the Info dictionary."""
    e = escape
    pdfx = pdfx_ns = ""
    if meta.pdfx:  # the PDF/X namespaces only where they are used
        pdfx_ns = ('\n    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"'
                   '\n    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"')
        pdfx = (f"\n   <pdfx:GTS_PDFXVersion>{e(PDFX_VERSION)}</pdfx:GTS_PDFXVersion>"
                f"\n   <pdfx:GTS_PDFXConformance>{e(PDFX_CONFORMANCE)}</pdfx:GTS_PDFXConformance>"
                f"\n   <pdfxid:GTS_PDFXVersion>{e(PDFX_VERSION)}</pdfxid:GTS_PDFXVersion>")
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"{pdfx_ns}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(meta.lang)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{meta.xmp_date}</xmp:CreateDate>
   <xmp:ModifyDate>{meta.xmp_date}</xmp:ModifyDate>
   <xmp:MetadataDate>{meta.xmp_date}</xmp:MetadataDate>
   <xmp:CreatorTool>{e(meta.tool)}</xmp:CreatorTool>
   <pdf:Producer>{e(meta.tool)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>{pdfx}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


_TITLE_MARK = "\x00"  # where the title goes in a packet written without it (no other text holds it)


@lru_cache(maxsize=64)
def _xmp_around_title(subject: str, lang: str, tool: str, created: time.struct_time,
                      pdfx: OutputIntent | None) -> tuple[bytes, bytes]:
    """The XMP packet before and after the title, UTF-8: the same in every PDF of one language, profile and
    date, so it is written once."""
    before, after = xmp_packet(Metadata(_TITLE_MARK, subject, lang, tool, created, pdfx)).split(_TITLE_MARK)
    return before.encode("utf-8"), after.encode("utf-8")


def _metadata_stream(meta: Metadata) -> PreparedIndirect:
    # press: uncompressed, as PDF/X recommends, so tools that do not parse PDF can find it; office PDFs
    # claim no such conformance and carry it Flate-compressed (it is 1.2 KB of an office PDF's 30)
    before, after = _xmp_around_title(meta.subject, meta.lang, meta.tool, meta.created, meta.pdfx)
    packet = before + escape(meta.title).encode("utf-8") + after  # xmp_packet(meta), UTF-8
    return PreparedIndirect(stream_bytes(packet, not meta.pdfx, b" /Subtype /XML /Type /Metadata"))


@cache
def _srgb_profile() -> bytes:
    """The small sRGB output profile's stream object, Flate-compressed (at libdeflate's highest level: it is
    done once) and written out once per process."""
    return stream_object(flate(icc_bytes(SRGB_OUTPUT_ICC), 12), True, b" /N 3")


def _output_intents(doc: Any, intent: OutputIntent | None) -> Prepared:
    """Press: the registered printing condition (PDF/X, no profile embedded: PDF/X-1a names it by its
    registered identifier). Office: sRGB, so the RGB colours have one meaning in every viewer. Written out
    once per blank canvas (see _BLANKS)."""
    if intent is not None:
        d = {"Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFX"),
             "OutputConditionIdentifier": pdfdoc.PDFString(intent.identifier),
             "OutputCondition": pdfdoc.PDFString(intent.condition),
             "RegistryName": pdfdoc.PDFString(REGISTRY), "Info": pdfdoc.PDFString(intent.info)}
    else:
        profile = doc.Reference(PreparedIndirect(_srgb_profile()), "sRGBOutputProfile").format(doc)
        d = {"Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFA1"),
             "OutputConditionIdentifier": pdfdoc.PDFString("sRGB IEC61966-2.1"),
             "RegistryName": pdfdoc.PDFString(REGISTRY), "Info": pdfdoc.PDFString("sRGB IEC61966-2.1"),
             "DestOutputProfile": Prepared(profile)}
    return Prepared(pdfdoc.PDFArray([pdfdoc.PDFDictionary(d)]).format(doc))


def _blank_canvas(sheet: Sheet, lang: str, initial_font: str, intent: OutputIntent | None) -> Canvas:
    """A canvas as ReportLab makes it, with the output intent and page boxes set: everything of a new
    document but its title (Info and XMP) and its buffer."""
    canvas = Canvas(BytesIO(), pagesize=(sheet.media_w, sheet.media_h), invariant=1, pageCompression=1,
                    initialFontName=initial_font, lang=LANGUAGES[lang].pdf_lang, enforceColorSpace="cmyk" if intent else None,
                    pdfVersion=PDFX_PDF_VERSION if intent else OFFICE_PDF_VERSION)
    doc = canvas._doc  # ReportLab's PDFDocument: Catalog and ID have no public setters
    catalog = doc.Catalog
    catalog.__NoDefault__ = (*catalog.__NoDefault__, "OutputIntents")  # ReportLab has no setter for it
    catalog.OutputIntents = _output_intents(doc, intent)
    doc._ID = b"\n" + _ID_PLACEHOLDER + b"\n"  # the real ID is the digest of the finished file (finish)
    t, b = sheet.trim, sheet.bleed_box
    canvas.setTrimBox((t.x, t.y, t.right, t.top))
    canvas.setBleedBox((b.x, b.y, b.right, b.top))
    return canvas


def _renewed(obj: Any, **attributes: Any) -> Any:
    """A shallow copy of a ReportLab object, with `attributes` replaced."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__, **attributes)
    return new


def _containers(obj: Any) -> tuple[str, ...]:
    """The names of an object's attributes that hold lists or dictionaries."""
    return tuple(k for k, v in obj.__dict__.items() if isinstance(v, (list, dict)))


class _Blank:
    """A blank canvas (_blank_canvas) to copy, and which attributes of it and of its document a copy gets
    its own (shallow) copies of."""

    def __init__(self, canvas: Canvas):
        self.canvas = canvas
        self.canvas_containers = _containers(canvas)
        self.doc_containers = _containers(canvas._doc)

    def _document(self) -> Any:
        """A PDFDocument that is what the blank's was: its own tables, page tree, outline, font dictionary,
        Info and signature; what no document changes (the timestamp, the language string, written-out
        objects) is shared."""
        blank = self.canvas._doc
        state = blank.__dict__.copy()
        for k in self.doc_containers:
            state[k] = state[k].copy()
        state["idToObject"][pdfdoc.BasicFonts] = _renewed(blank.idToObject[pdfdoc.BasicFonts], dict={})
        pages = _renewed(blank.Pages, pages=[])
        outlines = type(blank.Outlines)()
        catalog = _renewed(blank.Catalog, Pages=pages, Outlines=outlines)
        state.update(Catalog=catalog, _catalog=catalog, Pages=pages, Outlines=outlines, outline=outlines,
                     info=_renewed(blank.info), signature=blank.signature.copy())
        doc = object.__new__(type(blank))
        doc.__dict__ = state
        return doc

    def copy(self, buffer: BytesIO) -> Canvas:
        """A canvas that is what the blank was when _blank_canvas made it, writing to `buffer`: ReportLab's
        Canvas and PDFDocument set a hundred attributes one by one, a copy takes their dictionaries at once."""
        blank = self.canvas
        state = blank.__dict__.copy()
        for k in self.canvas_containers:
            state[k] = state[k].copy()
        state.update(_filename=buffer, _doc=self._document(), _extgstate=type(blank._extgstate)())
        canvas: Canvas = object.__new__(Canvas)
        canvas.__dict__ = state
        return canvas


# (sheet, language, initial font, output intent, SOURCE_DATE_EPOCH) -> a blank canvas
_BLANKS: dict[tuple[Sheet, str, str, OutputIntent | None, str], _Blank] = {}
_BLANKS_KEPT = 64
_BLANKS_LOCK = threading.Lock()


def new_document(size: PageSize, lang: str, title: str, initial_font: str, profile: Profile,
                 sheet: Sheet | None = None, output_intent_name: str = DEFAULT_OUTPUT_INTENT) -> Document:
    """A canvas with metadata, output intent and page boxes set, and no unembedded standard font (the
    initial font is one of ours). Press documents identify as PDF/X-1a:2001 for `output_intent_name`.
    `invariant` keeps dates fixed, so the same input gives the same bytes: the file is dated from
    SOURCE_DATE_EPOCH when it is set, else 2000-01-01 00:00 UTC (ReportLab's invariant date). The canvas is
    a copy of a blank one made once per sheet, language, initial font, output intent and date."""
    sheet = sheet or sheet_for(size, profile)
    intent = output_intent(output_intent_name) if profile.cmyk_only else None
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch and not epoch.isdigit():
        raise UsageError(Diagnostic(f"SOURCE_DATE_EPOCH is {epoch!r}, not a whole number of seconds",
                                    hint="unset it, or set it to a Unix time such as 1700000000"))
    key = (sheet, lang, initial_font, intent, epoch)
    with _BLANKS_LOCK:  # several threads may make posters at once
        blank = _BLANKS.get(key)
        if blank is None:
            if len(_BLANKS) >= _BLANKS_KEPT:
                del _BLANKS[next(iter(_BLANKS))]  # the oldest
            blank = _BLANKS[key] = _Blank(_blank_canvas(sheet, lang, initial_font, intent))
    buf = BytesIO()
    canvas = blank.copy(buf)
    doc = canvas._doc  # ReportLab's PDFDocument: Info and Catalog have no public setters
    language = LANGUAGES[lang]
    meta = Metadata(title, f"Awareness poster ({language.name})", language.pdf_lang, f"posters {__version__}",
                    time.gmtime(doc._timeStamp.t), intent)
    doc.info = _Info(meta)
    doc.Catalog.Metadata = _metadata_stream(meta)
    return Document(canvas, buf, sheet, PDFX_PDF_VERSION if intent else OFFICE_PDF_VERSION)


def draw_crop_marks(canvas: Canvas, sheet: Sheet) -> None:
    """Corner crop marks on the trim lines, outside the bleed."""
    t = sheet.trim
    start = sheet.bleed_pt + mm(MARK_GAP_MM)
    length = mm(MARK_LENGTH_MM)
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(MARK_WIDTH_PT)
    for x, dx in ((t.x, -1), (t.right, 1)):
        for y, dy in ((t.y, -1), (t.top, 1)):
            canvas.line(x + dx * start, y, x + dx * (start + length), y)  # horizontal, beyond the side
            canvas.line(x, y + dy * start, x, y + dy * (start + length))  # vertical, beyond top/bottom
    canvas.restoreState()


# PDF names of dictionary keys as ReportLab writes them (pdfdoc.PDFName, encoded): the keys are a small set
_NAMES: dict[str, bytes] = {}
_WRITTEN_KEPT = 4096  # entries kept in each table of written-out names and numbers


def _written(table: dict[Any, bytes], key: Any, write: Callable[[Any], bytes]) -> bytes:
    """`write(key)`, kept in `table` (up to _WRITTEN_KEPT entries) for the next poster."""
    found = table.get(key)
    if found is None:
        found = write(key)
        if len(table) < _WRITTEN_KEPT:
            table[key] = found
    return found


def _name(key: str) -> bytes:
    return _written(_NAMES, key, lambda k: pdfdoc.pdfdocEnc(pdfdoc.PDFName(k)))


def _text(value: str) -> bytes:
    """pdfdoc.pdfdocEnc for a str: ASCII as it is (what the pdfdoc codec gives, but for the controls U+0018 to
    U+001F, which it refuses; only names and keywords come here), anything else by the codec."""
    return value.encode("ascii") if value.isascii() else pdfdoc.pdfdocEnc(value)


# numbers as ReportLab writes them (fp_str, encoded): a page's boxes are the same numbers poster after
# poster, and fp_str takes thousands of instructions a number (equal numbers, 1 and 1.0, are written alike)
_NUMBERS: dict[float, bytes] = {}


def _number(value: float) -> bytes:
    return _written(_NUMBERS, value, lambda v: fp_str(v).encode("ascii"))


# characters PDFDocEncoding has (or lacks), as seen: a text string is in PDFDocEncoding when every character is
_PDFDOC_CHARS: set[str] = set()
_NOT_PDFDOC_CHARS: set[str] = set()


def _in_pdfdoc(text: str) -> bool:
    """Whether ReportLab's pdfdoc codec encodes `text` (pdfdoc._checkPdfdoc), mostly without trying it: a
    Hindi title fails on its first character, and the exception costs more than the rest of the title."""
    if not _NOT_PDFDOC_CHARS.isdisjoint(text):
        return False
    if _PDFDOC_CHARS.issuperset(text):
        return True
    for c in set(text):
        try:
            c.encode("pdfdoc")
        except UnicodeEncodeError:
            _NOT_PDFDOC_CHARS.add(c)
        else:
            _PDFDOC_CHARS.add(c)
    return _PDFDOC_CHARS.issuperset(text)


def _string_bytes(text: str) -> bytes:
    """pdfdoc.PDFString(text).format(doc) for a document without encryption: the text in PDFDocEncoding
    when it has every character, else UTF-16 after its byte order mark, escaped, in parentheses."""
    data = text.encode("pdfdoc") if _in_pdfdoc(text) else codecs.BOM_UTF16_BE + text.encode("utf_16_be")
    escaped: str = escapePDF(data)  # ASCII
    return b"(" + escaped.encode("ascii") + b")"


def _joined(entries: list[bytes], per_line: int) -> bytes:
    """Entries joined by spaces, a line break after every `per_line` of them (as ReportLab writes)."""
    for i in reversed(range(per_line, len(entries), per_line)):
        entries.insert(i, b"\n ")
    return b" ".join(entries)


def _dictionary_bytes(items: dict[str, Any], doc: Any) -> bytes:
    """PDFDictionary(items).format(doc) (not multi-line): keys sorted, a line break after every six."""
    return b"<<\n" + _joined([_name(k) + b" " + _value(items[k], doc) for k in sorted(items)], 6) + b"\n>>"


def _array_bytes(sequence: Sequence[Any], doc: Any) -> bytes:
    """PDFArray(sequence).format(doc) (not multi-line): a line break after every ten elements."""
    return b"[ " + _joined([_value(e, doc) for e in sequence], 10) + b" ]"


def _resources_bytes(resources: Any, doc: Any) -> bytes:
    """PDFResourceDictionary.format."""
    items: dict[str, Any] = {}
    for key in resources.dict_attributes:
        v = getattr(resources, key)
        if isinstance(v, dict):
            if v:
                items[key] = _dictionary_bytes(v, doc) if type(v) is dict else pdfdoc.PDFDictionary(v)
        else:
            items[key] = v
    procs = resources.ProcSet
    if isinstance(procs, (list, tuple)):  # pdfdoc's isSeq
        if procs:
            items["ProcSet"] = _array_bytes(procs, doc)
    else:
        items["ProcSet"] = procs
    return _dictionary_bytes(items, doc)


def _value(value: Any, doc: Any) -> bytes:
    """pdfdoc.format(value, doc) for an object inside another, in a document without encryption: the kinds a
    page, its resources, the page tree and the catalog hold written here, anything else by ReportLab."""
    kind = type(value)
    if kind is pdfdoc.PDFObjectReference:
        return b"%d %d R" % doc.idToObjectNumberAndVersion[value.name]
    if kind is bytes:  # written out already
        return value  # type: ignore[no-any-return]
    if kind is str:
        return _text(value)
    if kind is int or kind is float:
        return _number(value)
    if kind is pdfdoc.PDFDictionary and value.multiline != "forced" and type(value.dict) is dict:
        return _dictionary_bytes(value.dict, doc)
    if kind is pdfdoc.PDFArray and value.multiline != "forced":
        return _array_bytes(value.sequence, doc)
    if kind is pdfdoc.PDFResourceDictionary:
        return _resources_bytes(value, doc)
    if kind is Prepared:
        data: bytes = value.data
        return data
    if kind is pdfdoc.PDFString and type(value.s) is str and value.enc == "auto" and value.escape == 1:
        return _string_bytes(value.s)
    if isinstance(value, pdfdoc.PDFObject) and hasattr(value, "__RefOnly__"):  # an indirect object
        return b"%d %d R" % doc.idToObjectNumberAndVersion[doc.Reference(value).name]
    return pdfdoc.format(value, doc)  # type: ignore[no-any-return]


def _catalog_bytes(obj: Any, doc: Any) -> bytes:
    """PDFCatalog.format, as the catalog, the page tree and a page use it (their check_format first)."""
    obj.check_format(doc)
    items: dict[str, Any] = {}
    for k, v in obj.__Defaults__.items():
        v = getattr(obj, k, v)
        if v is not None:
            items[k] = v
    for k in obj.__NoDefault__:
        v = getattr(obj, k, None)
        if v is not None:
            items[k] = v
    for k in obj.__Refs__:  # objects that must be references
        if k in items:
            items[k] = doc.Reference(items[k])
    return _dictionary_bytes(items, doc)


def _object_bytes(obj: Any, doc: Any) -> bytes:
    """An indirect object's content, as ReportLab's format(obj, doc, toplevel=1) writes it."""
    kind = type(obj)
    if kind.format is pdfdoc.PDFCatalog.format:  # the catalog, the page tree, pages
        return _catalog_bytes(obj, doc)
    if kind is pdfdoc.PDFDictionary and obj.multiline != "forced" and type(obj.dict) is dict:
        return _dictionary_bytes(obj.dict, doc)
    return obj.format(doc)  # type: ignore[no-any-return]


@cache
def _file_header(version: tuple[int, int]) -> bytes:
    return pdfdoc.PDFFile(version).format(None)  # type: ignore[no-any-return]


def _pdf_data(canvas: Canvas) -> bytes:
    """The file's bytes, as canvas.save() writes them (PDFDocument.GetPDFData and format) for a document
    without encryption, outlines' entries or signatures: objects already written out (Prepared, a font's
    dictionaries and streams) are copied as they are, the catalog, the page tree, pages and plain
    dictionaries written here as ReportLab writes them, other objects formatted by ReportLab, and the xref
    table and trailer written at once instead of entry by entry. The streams posters writes itself (page
    contents, fonts, metadata, the output profile) are compressed by posters.flate; images by ReportLab
    (zlib)."""
    if len(canvas._code):
        canvas.showPage()
    doc = canvas._doc
    if not isinstance(doc.encrypt, pdfdoc.NoEncryption) or getattr(doc, "_digiSigs", None):
        raise ValueError("an encrypted or signed document: use canvas.save()")
    for font in doc.delayedFonts:
        font.addObjects(doc)
    for page in doc.Pages.pages:  # PDFPage.check_format's content stream, compressed by libdeflate
        if page.compression and not page.Contents and page.stream:
            stream = page.stream
            page.Contents = PreparedIndirect(stream_bytes(stream.encode("utf-8") if isinstance(stream, str) else stream,
                                                          True))
    catalog, info = doc.Catalog, doc.info
    doc.Reference(catalog)
    doc.Reference(info)
    doc.Outlines.prepare(doc, canvas)
    if doc.Outlines.ready < 0:
        catalog.Outlines = None
    number_to_id, id_to_object = doc.numberToId, doc.idToObject
    # ReportLab's multi-line layout or comments: its own formatting, object by object
    direct = not (rl_config.pdfMultiLine or rl_config.pdfComments)
    header = _file_header(doc._pdfVersion)
    parts = [header]
    offsets: list[bytes] = []
    offset = len(header)
    number = 0
    indirect = pdfdoc.PDFIndirectObject
    while (number := number + 1) in number_to_id:  # objects may be added while others are formatted
        name = number_to_id[number]
        obj = id_to_object[name]
        if direct or isinstance(obj, Prepared):
            data = obj.data if isinstance(obj, Prepared) else _object_bytes(obj, doc)
            data = b"%d 0 obj\n" % number + data + (b"" if data.endswith(b"\n") else b"\n") + b"endobj\n"
        else:
            data = indirect(name, obj).format(doc)
        offsets.append(b"%010d 00000 n \n" % offset)
        parts.append(data)
        offset += len(data)
    size = number  # objects 1..number-1 and the free object 0
    root: bytes = doc.Reference(catalog).format(doc)
    info_ref: bytes = doc.Reference(info).format(doc)
    parts += [b"xref\n0 %d\n0000000000 65535 f \n" % size, *offsets,
              b"trailer\n<<\n/ID " + doc.ID() + b"\n/Info " + info_ref + b"\n/Root " + root
              + b"\n/Size %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (size, offset)]
    return b"".join(parts)


def finish(doc: Document) -> bytes:
    """The finished PDF's bytes. Its /ID is the MD5 digest of the file itself (written with a
    placeholder ID): the same for the same bytes, different for every different file."""
    canvas = doc.canvas
    canvas.showPage()
    # ReportLab asks for PDF 1.4 ("transparency") whenever a colour is set, even an opaque one; the
    # version stays ours when no graphics state is in fact translucent.
    alphas = [v for (key, v) in canvas._extgstate._c if key in ("CA", "ca")]
    if all(a == 1 for a in alphas):
        canvas._doc._pdfVersion = doc.pdf_version
    data = _pdf_data(canvas)
    at = data.rindex(_ID_PLACEHOLDER)
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest().upper().encode("ascii")
    return data[:at] + b"[<" + digest + b"><" + digest + b">]" + data[at + len(_ID_PLACEHOLDER):]
