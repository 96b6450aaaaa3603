"""The PDF/X-1a:2001 checklist (ISO 15930-1) for press PDFs, one test per clause, plus the press details of
issue 14 (total ink, overprint, solid small text, crop-mark gap) and the office sRGB output intent.
No PDF/X validator is available, so each requirement is checked on the produced file with pypdf."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from posters.colour import MAX_INK_PCT, SOLID_TEXT_MIN_PT, load_themes
from posters.errors import UsageError
from posters.geometry import mm, parse_size
from posters.pipeline import render_pdf
from posters.prepress import MARK_GAP_MM, OUTPUT_INTENTS, output_intent
from posters.spec.validate import load_spec

from .conftest import CONTENT, MINIMAL

MM = mm(1)
NS = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfx": "http://ns.adobe.com/pdfx/1.3/",
      "pdfxid": "http://www.npes.org/pdfx/ns/id/"}
FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"'}
STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}


@pytest.fixture(scope="module")
def poster():
    return load_spec(CONTENT / "whatsapp-calls.yaml")


@pytest.fixture(scope="module")
def press(poster) -> bytes:
    return render_pdf(poster, "hi", parse_size("a3"), "press")


@pytest.fixture(scope="module")
def reader(press) -> PdfReader:
    return PdfReader(io.BytesIO(press))


@pytest.fixture(scope="module")
def office(poster) -> bytes:
    return render_pdf(poster, "en", parse_size("a4"), "office")


def _xmp(reader: PdfReader) -> ET.Element:
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    return ET.fromstring(stream.get_data())


def _xmp_text(root: ET.Element, path: str) -> str:
    found = root.find(".//rdf:Description/" + path, NS)
    assert found is not None, path
    return "".join(found.itertext()).strip()


def _intent(reader: PdfReader):
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert len(intents) == 1
    return intents[0].get_object()


def _ops(reader: PdfReader, page: int = 0):
    return [(args, op.decode() if isinstance(op, bytes) else op)
            for args, op in ContentStream(reader.pages[page].get_contents(), reader).operations]


def _pdf_date_as_xmp(date: str) -> str:
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-]\d\d)'(\d\d)'", date)
    assert m, date
    y, mo, d, h, mi, s, tzh, tzm = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{tzh}:{tzm}"


# --- ISO 15930-1 (PDF/X-1a:2001) ------------------------------------------------------------------

def test_header_says_pdf_1_3(press):
    assert press.startswith(b"%PDF-1.3\n")


def test_output_intent_is_gts_pdfx(reader):
    assert _intent(reader)["/S"] == "/GTS_PDFX"


def test_output_intent_names_a_registered_condition(reader):
    intent = _intent(reader)
    assert (intent["/OutputConditionIdentifier"], intent["/RegistryName"]) == ("FOGRA39", "http://www.color.org")


def test_output_intent_describes_the_condition(reader):
    intent = _intent(reader)  # Info is required when no DestOutputProfile is embedded
    assert "FOGRA39" in intent["/Info"] and "ISO 12647-2" in intent["/OutputCondition"]


def test_gts_pdfx_version(reader):
    assert reader.trailer["/Info"]["/GTS_PDFXVersion"] == "PDF/X-1a:2001"


def test_gts_pdfx_conformance(reader):
    assert reader.trailer["/Info"]["/GTS_PDFXConformance"] == "PDF/X-1a:2001"


def test_trapped_is_false(reader):
    assert reader.trailer["/Info"]["/Trapped"] == "/False"


def test_info_has_creation_and_modification_dates(reader):
    info = reader.trailer["/Info"]
    assert re.fullmatch(r"D:\d{14}[+-]\d\d'\d\d'", info["/CreationDate"]) and info["/ModDate"] == info["/CreationDate"]


def test_info_dates_equal_xmp_dates(reader):
    info, xmp = reader.trailer["/Info"], _xmp(reader)
    assert (_xmp_text(xmp, "xmp:CreateDate"), _xmp_text(xmp, "xmp:ModifyDate")) == (
        _pdf_date_as_xmp(info["/CreationDate"]), _pdf_date_as_xmp(info["/ModDate"]))


def test_dates_come_from_source_date_epoch(poster, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    info = PdfReader(io.BytesIO(render_pdf(poster, "hi", parse_size("a5"), "press"))).trailer["/Info"]
    assert info["/CreationDate"] == "D:20231114221320+00'00'"


def test_xmp_is_an_uncompressed_metadata_stream(reader):
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert (stream["/Type"], stream["/Subtype"], "/Filter" in stream) == ("/Metadata", "/XML", False)


def test_xmp_parses_as_an_xpacket(reader):
    data = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert data.startswith(b"<?xpacket begin=") and ET.fromstring(data).tag == "{adobe:ns:meta/}xmpmeta"


def test_xmp_pdfx_version_matches_info(reader):
    xmp, info = _xmp(reader), reader.trailer["/Info"]
    assert (_xmp_text(xmp, "pdfxid:GTS_PDFXVersion"), _xmp_text(xmp, "pdfx:GTS_PDFXVersion"),
            _xmp_text(xmp, "pdfx:GTS_PDFXConformance")) == (
        info["/GTS_PDFXVersion"], info["/GTS_PDFXVersion"], info["/GTS_PDFXConformance"])


def test_title_is_in_info_and_xmp(reader, poster):
    title = reader.trailer["/Info"]["/Title"]
    assert title == poster.title.get("hi")
    assert _xmp_text(_xmp(reader), "dc:title") == title


def test_producer_creator_and_trapped_match_xmp(reader):
    info, xmp = reader.trailer["/Info"], _xmp(reader)
    assert (_xmp_text(xmp, "pdf:Producer"), _xmp_text(xmp, "xmp:CreatorTool"), _xmp_text(xmp, "pdf:Trapped")) == (
        info["/Producer"], info["/Creator"], info["/Trapped"][1:])


def _id(reader: PdfReader) -> bytes:
    first = reader.trailer["/ID"][0]
    return bytes(getattr(first, "original_bytes", first))


def test_document_id_is_present(reader):
    assert len(reader.trailer["/ID"]) == 2 and len(_id(reader)) == 16


def test_document_id_differs_between_files(poster, press):
    other_lang = render_pdf(poster, "en", parse_size("a3"), "press")
    other_poster = render_pdf(load_spec(CONTENT / "if-it-happens.yaml"), "hi", parse_size("a3"), "press")
    ids = {_id(PdfReader(io.BytesIO(p))) for p in (press, other_lang, other_poster)}
    assert len(ids) == 3


def test_same_input_gives_the_same_bytes(poster, press):
    assert render_pdf(poster, "hi", parse_size("a3"), "press") == press


def test_trim_and_bleed_boxes_on_every_page(reader):
    for page in reader.pages:
        media, bleed, trim = ([float(v) for v in page[k]] for k in ("/MediaBox", "/BleedBox", "/TrimBox"))
        assert media[0] <= bleed[0] <= trim[0] and trim[2] <= bleed[2] <= media[2]
        assert media[1] <= bleed[1] <= trim[1] and trim[3] <= bleed[3] <= media[3]


def test_no_rgb_colour_operators(reader):
    assert not {op for _, op in _ops(reader)} & {"rg", "RG", "sc", "SC", "scn", "SCN", "cs", "CS"}


def _images(reader: PdfReader):
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    return [xobjects[k].get_object() for k in xobjects]


def test_images_are_cmyk_without_soft_masks(write_spec, tmp_path):
    Image.new("RGBA", (60, 30), (200, 30, 30, 128)).save(tmp_path / "logo.png")
    spec = write_spec(MINIMAL + "  - kind: footer\n    sources: [{name: {hi: स्रोत, en: Source}}]\n"
                                "    logo: logo.png\n")
    reader = PdfReader(io.BytesIO(render_pdf(load_spec(spec), "hi", parse_size("a5"), "press")))
    images = _images(reader)
    assert images and all(im["/ColorSpace"] == "/DeviceCMYK" and "/SMask" not in im for im in images)


def test_no_transparency(reader):
    states = reader.pages[0]["/Resources"].get("/ExtGState", {})
    for name in states:
        gs = states[name].get_object()
        assert float(gs.get("/CA", 1)) == 1 and float(gs.get("/ca", 1)) == 1
        assert gs.get("/SMask", "/None") == "/None" and gs.get("/BM", "/Normal") in ("/Normal", "/Compatible")
    assert "/Group" not in reader.pages[0]


def test_all_fonts_embedded(reader):
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for name in fonts:
        desc = fonts[name].get_object()["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc)


def test_not_encrypted(reader, press):
    assert not reader.is_encrypted and b"/Encrypt" not in press


def test_output_intent_can_be_chosen(poster):
    pdf = render_pdf(poster, "hi", parse_size("a5"), "press", output_intent="newsprint")
    assert _intent(PdfReader(io.BytesIO(pdf)))["/OutputConditionIdentifier"] == "IFRA26"


def test_unknown_output_intent_says_what_to_use():
    with pytest.raises(UsageError) as err:
        output_intent("glossy")
    assert "fogra39" in err.value.diagnostics[0].hint


# --- press details (issue 14) ----------------------------------------------------------------------

@pytest.mark.parametrize("theme", sorted(load_themes()))
def test_total_ink_of_every_theme_colour(theme):
    limit = min([MAX_INK_PCT, *(i.max_ink_pct for i in OUTPUT_INTENTS.values())])
    over = {c.name: c.ink_pct for c in load_themes()[theme].values() if c.ink_pct > limit}
    assert not over


def _paint_states(reader: PdfReader):
    """(operator, fill cmyk, stroke cmyk, fill overprint, stroke overprint, OPM, font size) per painting op."""
    states = reader.pages[0]["/Resources"].get("/ExtGState", {})
    gs = {"fill": None, "stroke": None, "op": False, "OP": False, "OPM": 0, "size": 0.0}
    stack = []
    for args, op in _ops(reader):
        if op == "q":
            stack.append(dict(gs))
        elif op == "Q":
            gs = stack.pop()
        elif op == "k":
            gs["fill"] = tuple(float(v) for v in args)
        elif op == "K":
            gs["stroke"] = tuple(float(v) for v in args)
        elif op == "Tf":
            gs["size"] = float(args[1])
        elif op == "gs":
            d = states[args[0]].get_object()
            if "/OP" in d:
                gs["OP"] = bool(d["/OP"])
                gs["op"] = bool(d.get("/op", d["/OP"]))  # op absent: it follows OP
            if "/op" in d:
                gs["op"] = bool(d["/op"])
            if "/OPM" in d:
                gs["OPM"] = int(d["/OPM"])
        elif op in FILL_OPS | STROKE_OPS:
            yield op, gs["fill"], gs["stroke"], gs["op"], gs["OP"], gs["OPM"], gs["size"]


def test_total_ink_of_every_colour_drawn(reader):
    registration = (1.0, 1.0, 1.0, 1.0)  # crop marks only, outside the bleed (test below)
    colours = {c for _, f, s, *_ in _paint_states(reader) for c in (f, s) if c}
    assert colours and all(sum(c) * 100 <= MAX_INK_PCT + 1e-6 for c in colours - {registration})


def test_black_text_overprints(reader):
    black_text = [s for s in _paint_states(reader) if s[0] in ("Tj", "TJ") and s[1] == (0, 0, 0, 1)]
    assert black_text and all(op and opm == 1 for _, _, _, op, _, opm, _ in black_text)


def test_only_pure_black_overprints(reader):
    for op, fill, stroke, fill_op, stroke_op, _, _ in _paint_states(reader):
        if op in FILL_OPS and fill_op:
            assert fill == (0, 0, 0, 1), op
        if op in STROKE_OPS and stroke_op:
            assert stroke == (0, 0, 0, 1), op


def test_small_text_is_one_solid_ink(poster):
    reader = PdfReader(io.BytesIO(render_pdf(poster, "hi", parse_size("a4"), "press")))
    small = [fill for op, fill, _, _, _, _, size in _paint_states(reader) if op in ("Tj", "TJ")
             and size < SOLID_TEXT_MIN_PT]
    assert small  # the footer's sources are small
    assert all(set(c) <= {0.0, 1.0} and sum(c) <= 1 for c in small)


def test_crop_marks_start_half_a_millimetre_outside_the_bleed(press):
    assert MARK_GAP_MM >= 0.5
    doc = pdfium.PdfDocument(press)
    page = doc[0]
    bleed = page.get_bleedbox()
    paths = [o.get_bounds() for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_PATH]
    doc.close()
    half_line = 0.25 / 2
    gaps = []
    for b in paths:
        outside = [bleed[0] - b[2], bleed[1] - b[3], b[0] - bleed[2], b[1] - bleed[3]]
        if max(outside) > 0:
            gaps.append(max(outside) + half_line)
    assert len(gaps) == 8 and min(gaps) >= 0.5 * MM


# --- office: sRGB ------------------------------------------------------------------------------------

def test_office_output_intent_is_srgb(office):
    intent = _intent(PdfReader(io.BytesIO(office)))
    profile = intent["/DestOutputProfile"].get_object()
    data = profile.get_data()
    assert (intent["/S"], profile["/N"], data[16:20], data[36:40]) == ("/GTS_PDFA1", 3, b"RGB ", b"acsp")
    # an ICC version 2 profile, as a PDF 1.4 output intent expects, and a small one (it is in every office PDF)
    assert data[8] == 2 and len(data) < 8000


def test_office_draws_the_themes_srgb_values(office, poster):
    ops = _ops(PdfReader(io.BytesIO(office)))
    names = {op for _, op in ops}
    assert "rg" in names and not names & {"k", "K"}
    drawn = {tuple(round(float(v) * 255) for v in args) for args, op in ops if op == "rg"}
    srgb = {c.srgb for c in poster.theme.colours}
    assert drawn <= srgb


def test_output_intent_option_names_the_printing_condition(tmp_path):
    from click.testing import CliRunner
    from pypdf import PdfReader

    from posters.cli import main
    from posters.prepress import OUTPUT_INTENTS

    spec = tmp_path / "p.yaml"
    spec.write_text("title: {hi: सूचना}\nlanguages: [hi]\nblocks:\n  - kind: text\n    text: {hi: ठीक}\n",
                    encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(spec), "-o", str(tmp_path / "o"), "--profile", "press",
                                  "--output-intent", "Newsprint", "-q"])
    assert result.exit_code == 0, result.output
    catalog = PdfReader(tmp_path / "o" / "p.hi.a4.press.pdf").trailer["/Root"]
    (intent,) = catalog["/OutputIntents"]
    assert intent.get_object()["/OutputConditionIdentifier"] == "IFRA26"
    bad = runner.invoke(main, ["build", str(spec), "--output-intent", "glossy"])
    assert bad.exit_code == 2 and "fogra39" in bad.output
    helptext = runner.invoke(main, ["build", "--help"]).output
    assert all(key in helptext for key in OUTPUT_INTENTS), "the help must list every printing condition"


def test_office_output_profile_converts_like_the_full_srgb_profile():
    """The small profile in office PDFs means what sRGB.icc means: 8-bit colours through either agree
    within 1/255 (tools/make_srgb_icc.py --check runs a larger grid)."""
    from PIL import ImageCms

    from posters.colour import SRGB_ICC, SRGB_OUTPUT_ICC, icc_bytes

    full, small = (ImageCms.ImageCmsProfile(io.BytesIO(icc_bytes(name))) for name in (SRGB_ICC, SRGB_OUTPUT_ICC))
    lab = ImageCms.createProfile("LAB")
    steps = [0, 1, 3, 8, 20, 40, 64, 100, 128, 160, 200, 230, 250, 255]
    im = Image.new("RGB", (len(steps) ** 3, 1))
    im.putdata([(r, g, b) for r in steps for g in steps for b in steps])
    a, b = (ImageCms.applyTransform(im, ImageCms.buildTransform(p, lab, "RGB", "LAB")) for p in (full, small))
    assert a is not None and b is not None
    diff = max(abs(x - y) for pa, pb in zip(a.get_flattened_data(), b.get_flattened_data()) for x, y in zip(pa, pb))
    assert diff <= 1
    assert len(icc_bytes(SRGB_OUTPUT_ICC)) < 1000


def test_office_xmp_is_compressed_and_names_no_pdfx(office):
    stream = PdfReader(io.BytesIO(office)).trailer["/Root"]["/Metadata"].get_object()
    data = stream.get_data()
    assert stream["/Filter"] in ("/FlateDecode", ["/FlateDecode"])
    assert ET.fromstring(data).tag == "{adobe:ns:meta/}xmpmeta" and b"pdfx" not in data
