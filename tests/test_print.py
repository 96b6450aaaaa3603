"""Print production: press and office profiles, page boxes, bleed, crop marks, CMYK only, sizes,
screen images, n-up handouts. Every test opens the produced file (pypdf / pypdfium2)."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.colors import CMYKColor, Color

from posters.cli import main
from posters.colour import cmyk_to_srgb, contrast, load_themes, rgb_to_cmyk_image, theme_colours
from posters.geometry import mm, parse_size
from posters.imposition import grid
from posters.pipeline import layout, render_handout, render_pdf
from posters.spec.validate import load_spec

from .conftest import CONTENT, MINIMAL

HANDOUT = CONTENT / "if-it-happens.yaml"
MM = mm(1)


def _boxes(pdf: bytes):
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    boxes = page.get_mediabox(), page.get_trimbox(), page.get_bleedbox()
    doc.close()
    return boxes


def _operations(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    return ContentStream(page.get_contents(), reader).operations


@pytest.fixture(scope="module")
def handout_poster():
    return load_spec(HANDOUT)


def test_press_boxes_bleed_and_media(handout_poster):
    pdf = render_pdf(handout_poster, "hi", parse_size("a4"), "press")
    media, trim, bleed = _boxes(pdf)
    w, h = 210 * MM, 297 * MM
    assert trim[2] - trim[0] == pytest.approx(w) and trim[3] - trim[1] == pytest.approx(h)
    assert bleed == pytest.approx((trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM))
    # room for marks: media extends past the bleed on every side
    assert media[0] < bleed[0] - 5 * MM and media[2] > bleed[2] + 5 * MM
    assert media[1] < bleed[1] - 5 * MM and media[3] > bleed[3] + 5 * MM


def test_office_is_exactly_the_paper(handout_poster):
    pdf = render_pdf(handout_poster, "en", parse_size("letter"), "office")
    media, trim, bleed = _boxes(pdf)
    assert media == pytest.approx((0, 0, 215.9 * MM, 279.4 * MM))
    assert trim == pytest.approx(media) and bleed == pytest.approx(media)


def test_office_keeps_text_inside_printable_margin(handout_poster):
    page = layout(handout_poster, "hi", parse_size("a4"))
    for line in page.lines:
        assert line.box.x >= 5 * MM and line.box.right <= page.size.width_pt - 5 * MM
        assert line.box.y >= 5 * MM and line.box.top <= page.size.height_pt - 5 * MM


def test_press_uses_only_cmyk_and_pure_black_text(handout_poster):
    ops = _operations(render_pdf(handout_poster, "hi", parse_size("a4"), "press"))
    names = {op.decode() if isinstance(op, bytes) else op for _, op in ops}
    assert not names & {"rg", "RG", "g", "G", "sc", "SC", "scn", "SCN", "cs", "CS"}
    cmyk = [tuple(float(v) for v in args) for args, op in ops if op in (b"k", "k")]
    assert cmyk
    # small black text is 100% K, never rich black
    assert (0, 0, 0, 1) in cmyk
    assert not [c for c in cmyk if c[3] >= 0.99 and (c[0] or c[1] or c[2])]


def _path_bounds(pdf: bytes):
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    out = [obj.get_bounds() for obj in page.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH]
    doc.close()
    return out


def test_press_background_runs_into_the_bleed_and_marks_sit_outside_it(handout_poster):
    pdf = render_pdf(handout_poster, "hi", parse_size("a4"), "press")
    media, trim, bleed = _boxes(pdf)
    paths = _path_bounds(pdf)
    # the paper colour fills the whole bleed box
    assert any(b == pytest.approx(bleed, abs=0.5) for b in paths)
    # the headline band reaches the bleed edge at the top, left and right
    assert any(b[0] <= bleed[0] + 0.5 and b[2] >= bleed[2] - 0.5 and b[3] >= bleed[3] - 0.5 and b[1] > trim[1] + 100
               for b in paths)
    tol = 0.3  # the marks' line width
    outside = [b for b in paths if b[2] <= bleed[0] + tol or b[0] >= bleed[2] - tol
               or b[3] <= bleed[1] + tol or b[1] >= bleed[3] - tol]
    assert len(outside) == 8  # two marks at each corner


def test_office_has_no_marks(handout_poster):
    pdf = render_pdf(handout_poster, "hi", parse_size("a4"), "office")
    media, trim, _ = _boxes(pdf)
    for b in _path_bounds(pdf):
        assert b[0] >= -0.5 and b[1] >= -0.5 and b[2] <= trim[2] + 0.5 and b[3] <= trim[3] + 0.5


@pytest.mark.parametrize("name,w_mm,h_mm", [("A5", 148, 210), ("A4", 210, 297), ("A3", 297, 420),
                                            ("A2", 420, 594), ("A1", 594, 841), ("Letter", 215.9, 279.4),
                                            ("Tabloid", 279.4, 431.8), ("300x200mm", 300, 200)])
def test_page_sizes(handout_poster, name, w_mm, h_mm):
    media, trim, _ = _boxes(render_pdf(handout_poster, "en", parse_size(name)))
    assert (trim[2] - trim[0], trim[3] - trim[1]) == pytest.approx((w_mm * MM, h_mm * MM), abs=0.01)


def test_landscape_uses_two_columns_portrait_one():
    poster = load_spec(CONTENT / "whatsapp-calls.yaml")
    assert layout(poster, "hi", parse_size("420x297mm")).columns == 2
    assert layout(poster, "hi", parse_size("A3")).columns == 1


def test_press_logo_is_cmyk_and_office_logo_rgb(write_spec, tmp_path):
    Image.new("RGBA", (200, 100), (200, 30, 30, 255)).save(tmp_path / "logo.png")
    spec = write_spec(MINIMAL + "  - kind: footer\n    sources: [{name: {hi: स्रोत, en: Source}}]\n"
                                "    logo: logo.png\n")
    poster = load_spec(spec)
    for profile, space in (("press", "/DeviceCMYK"), ("office", "/DeviceRGB")):
        reader = PdfReader(io.BytesIO(render_pdf(poster, "hi", parse_size("a4"), profile)))
        xobjects = reader.pages[0]["/Resources"]["/XObject"]
        spaces = [xobjects[k].get_object()["/ColorSpace"] for k in xobjects]
        assert spaces == [space]


@pytest.mark.parametrize("size,px", [("status", (1080, 1920)), ("square", (1080, 1080))])
def test_screen_pngs_have_exact_pixel_sizes(tmp_path, size, px):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(HANDOUT), "--lang", "hi", "--size", size, "--format", "png",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    files = list(out.iterdir())
    assert [f.name for f in files] == [f"if-it-happens.hi.{size}.png"]
    with Image.open(files[0]) as im:
        assert im.size == px


def test_pdf_and_png_with_dpi(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(HANDOUT), "--lang", "en", "--size", "A5", "--format", "pdf,png",
                                       "--dpi", "72", "--profile", "press", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(f.name for f in out.iterdir()) == ["if-it-happens.en.a5.press.pdf", "if-it-happens.en.a5.press.png"]
    with Image.open(out / "if-it-happens.en.a5.press.png") as im:  # the trimmed page, not the marks
        assert abs(im.width - 148 / 25.4 * 72) <= 1 and abs(im.height - 210 / 25.4 * 72) <= 1
        assert im.info["srgb"] == 0 and im.info["dpi"] == pytest.approx((72, 72), abs=0.1)


@pytest.mark.parametrize("up", [2, 4])
def test_handout_places_equal_legible_copies(handout_poster, up):
    sheet = parse_size("A4")
    pdf = render_handout(handout_poster, "en", up, sheet)
    g = grid(up, sheet)
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    assert page.get_size() == pytest.approx((g.sheet.width_pt, g.sheet.height_pt))
    text = page.get_textpage()
    hits = []
    searcher = text.search("1930", match_whole_word=True)
    while (found := searcher.get_next()) is not None:
        index, count = found
        hits.append(text.get_charbox(index))
    doc.close()
    # every copy shows the helpline (in the steps and in the box): the same number of times per cell
    cells = [(x, y, x + g.cell.width_pt, y + g.cell.height_pt) for x, y in g.origins]
    per_cell = [sum(1 for b in hits if c[0] <= b[0] and b[2] <= c[2] and c[1] <= b[1] and b[3] <= c[3])
                for c in cells]
    assert len(set(per_cell)) == 1 and per_cell[0] >= 1 and sum(per_cell) == len(hits)
    # cells are equal, portrait, and tile the area between the cut marks
    assert g.cell.height_pt > g.cell.width_pt
    assert g.cuts_x[-1] - g.cuts_x[0] == pytest.approx(g.area.w)
    # laid out for the small size, not shrunk: the body is at least the print floor
    small = layout(handout_poster, "en", g.cell)
    assert small.body_pt >= 6.5


def test_handout_cli_names_and_cut_marks(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["handout", str(HANDOUT), "--up", "4", "--sheet", "A4", "--lang", "hi",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = (out / "if-it-happens.hi.4up-a4.pdf").read_bytes()
    g = grid(4, parse_size("A4"))
    marks = [b for b in _path_bounds(pdf) if b[3] <= g.area.y or b[1] >= g.area.top
             or b[2] <= g.area.x or b[0] >= g.area.right]
    assert len(marks) == 2 * (len(g.cuts_x) + len(g.cuts_y))


def test_handout_too_small_says_use_fewer_copies(tmp_path):
    result = CliRunner().invoke(main, ["handout", str(CONTENT / "whatsapp-calls.yaml"), "--up", "8", "--lang", "en",
                                       "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "--up 4" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("up", [2, 4])
def test_qr_codes_on_handouts_still_scan(handout_poster, up):
    import zxingcpp

    from posters.preview import render_png

    image = render_png(render_handout(handout_poster, "hi", up, parse_size("A4")), dpi=150)
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["https://cybercrime.gov.in"] * up


def test_qr_code_scans_on_a_status_image(handout_poster):
    import zxingcpp

    from posters.geometry import PX_DPI
    from posters.preview import render_png

    image = render_png(render_pdf(handout_poster, "en", parse_size("status")), dpi=PX_DPI)
    assert image.size == (1080, 1920)
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["https://cybercrime.gov.in"]


# --- colour: one theme colour in CMYK and sRGB, contrast, logos to CMYK ---------------------------------

@pytest.mark.parametrize("theme", sorted(load_themes()))
def test_theme_srgb_values_are_the_cmyk_values_as_printed(theme):
    """themes.json stores each colour's sRGB value; recompute it through the FOGRA39 profile."""
    off = {c.name: (c.srgb, cmyk_to_srgb(c.cmyk)) for c in load_themes()[theme].values()
           if max(abs(a - b) for a, b in zip(c.srgb, cmyk_to_srgb(c.cmyk))) > 2}
    assert not off


@pytest.mark.parametrize("theme", sorted(load_themes()))
@pytest.mark.parametrize("text,ground", [("ink", "paper"), ("ink", "card"), ("muted", "paper"), ("muted", "card"),
                                         ("on_primary", "primary"), ("on_accent", "accent"),
                                         ("highlight", "accent")])
def test_text_colours_have_enough_contrast(theme, text, ground):
    colours = theme_colours(theme, press=False)
    assert contrast(colours[text], colours[ground]) >= 4.5  # WCAG 2.x AA for body text


def test_contrast_is_the_wcag_ratio():
    black, white = theme_colours("alert", press=False)["on_primary"], Color(0, 0, 0)
    assert contrast(black, white) == pytest.approx(21.0) and contrast(white, white) == pytest.approx(1.0)


def test_press_and_office_colours_are_the_same_colour():
    press, office = theme_colours("calm", press=True), theme_colours("calm", press=False)
    assert isinstance(press["primary"], CMYKColor) and not isinstance(office["primary"], CMYKColor)
    assert contrast(press["primary"], office["primary"]) == pytest.approx(1.0, abs=0.05)


def test_logo_to_cmyk_keeps_black_on_the_black_plate_only():
    image = Image.new("RGB", (3, 1))
    for x, rgb in enumerate([(0, 0, 0), (255, 255, 255), (200, 30, 30)]):
        image.putpixel((x, 0), rgb)
    cmyk = rgb_to_cmyk_image(image)
    black, white, red = (cmyk.getpixel((x, 0)) for x in range(3))
    assert (black, white) == ((0, 0, 0, 255), (0, 0, 0, 0))
    assert red[1] > 200 and sum(red) / 255 * 100 <= 300


def test_logo_dark_colours_stay_under_the_ink_limit():
    cmyk = rgb_to_cmyk_image(Image.new("RGB", (1, 1), (20, 20, 40)))
    assert sum(cmyk.getpixel((0, 0))) / 255 * 100 <= 300 + 1
