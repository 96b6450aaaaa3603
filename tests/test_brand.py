"""Brand colours and logos: a spec's own theme (used in office sRGB and press CMYK, held to WCAG contrast
with a computed fix), the built-in themes under the same check, and logos drawn on the paper colour
(soft mask in office PDFs, flattened CMYK in press PDFs), black as 100% K, sized, placed, in a row,
warned about below 150 ppi and refused above 50 megapixels."""

from __future__ import annotations

import copy
import io
import re
import struct
import warnings
import zlib

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw
from pypdf import PdfReader
from pypdf.generic import ContentStream

from posters.brand import STYLE_GROUNDS, contrast_failures, derive, pairs, parse_colour
from posters.cli import main
from posters.colour import cmyk_to_srgb, srgb_to_cmyk
from posters.errors import SpecError
from posters.geometry import mm, parse_size
from posters.page import ImageItem, PictureItem
from posters.pipeline import layout, render_pdf
from posters.spec.validate import THEME, load_spec
from posters.styles import STYLES
from posters.themes import ROLES, builtin_theme, load_themes

from .conftest import MINIMAL

HELPLINE = '  - kind: helpline\n    number: "1930"\n    label: {hi: कॉल करें, en: Call}\n'
FOOTER = "  - kind: footer\n    sources: [{name: {hi: स्रोत, en: Source}}]\n"


@pytest.fixture
def run():
    def _run(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return _run


def _with_theme(theme: str, extra: str = "") -> str:
    return MINIMAL.replace("languages: [hi, en]\n", f"languages: [hi, en]\ntheme:\n{theme}") + HELPLINE + extra


def _ops(pdf: bytes) -> list[tuple[list, bytes]]:
    reader = PdfReader(io.BytesIO(pdf))
    return ContentStream(reader.pages[0].get_contents(), reader).operations


def _fills(pdf: bytes, op: bytes) -> set[tuple[float, ...]]:
    return {tuple(round(float(v), 3) for v in args) for args, o in _ops(pdf) if o == op}


# ---- the spec's own theme ------------------------------------------------------------------------------------

BRAND = '  primary: "#c8102e"\n  accent: "cmyk(100, 72, 0, 25)"\n  paper: "#FFFFFF"\n  ink: "cmyk(0, 0, 0, 100)"\n'


def test_custom_theme_is_used_in_office_rgb_and_press_cmyk(write_spec):
    poster = load_spec(write_spec(_with_theme(BRAND)))
    assert poster.theme.name == "custom"
    office = render_pdf(poster, "en", parse_size("a5"), "office")
    press = render_pdf(poster, "en", parse_size("a5"), "press")
    rg, k = _fills(office, b"rg"), _fills(press, b"k")
    # the hex primary is drawn exactly as written in office output, its FOGRA39 conversion in press output
    assert (round(200 / 255, 3), round(16 / 255, 3), round(46 / 255, 3)) in rg
    assert tuple(round(v, 3) for v in srgb_to_cmyk((200, 16, 46))) in k
    # the CMYK accent is printed as written, and shown in office output as it prints on FOGRA39
    assert (1.0, 0.72, 0.0, 0.25) in k
    assert tuple(round(v / 255, 3) for v in cmyk_to_srgb((1.0, 0.72, 0.0, 0.25))) in rg
    assert (1.0, 1.0, 1.0) in rg and (0.0, 0.0, 0.0, 0.0) in k  # the white paper
    assert not {o for _, o in _ops(press)} & {b"rg", b"RG"}


def test_custom_theme_keeps_every_role_in_both_spaces():
    theme = derive({"primary": parse_colour("#c8102e").colour("primary")})  # type: ignore[union-attr]
    assert [c.name for c in theme.colours] == list(ROLES)
    for c in theme.colours:
        # every sRGB value is its CMYK value as printed, except the colour given in sRGB (kept as written;
        # the accent is made the same)
        assert c.name in ("primary", "accent") or max(abs(a - b) for a, b in zip(c.srgb, cmyk_to_srgb(c.cmyk))) <= 2, c
        assert sum(c.cmyk) * 100 <= 300
    assert theme["on_primary"].cmyk == (0, 0, 0, 0)  # white stands out on a dark red
    assert not contrast_failures(theme)


def test_roles_not_given_are_made_from_those_given(spec_from):
    light = derive({"primary": parse_colour("#2a9d8f").colour("primary"),  # type: ignore[union-attr]
                    "paper": parse_colour("cmyk(0, 2, 8, 0)").colour("paper")})  # type: ignore[union-attr]
    assert light["accent"].cmyk[3] > light["primary"].cmyk[3]  # darker, for QR addresses on the paper
    dark = derive({"primary": parse_colour("#0b6e4f").colour("primary")})  # type: ignore[union-attr]
    assert (dark["accent"].cmyk, dark["accent"].srgb) == (dark["primary"].cmyk, dark["primary"].srgb)
    assert light["card"].cmyk[0] > light["paper"].cmyk[0]  # the paper tinted with the (teal) primary
    yellow = derive({"primary": parse_colour("#0b3d91").colour("primary")})  # type: ignore[union-attr]
    assert yellow["highlight"].cmyk == (0.0, 0.12, 1.0, 0.0)  # yellow stands out on a dark blue


@pytest.mark.parametrize("name", sorted(load_themes()))
def test_builtin_themes_pass_the_same_contrast_check(name):
    assert contrast_failures(builtin_theme(name)) == []


def test_every_text_style_has_its_ground_in_the_contrast_table():
    assert set(STYLE_GROUNDS) == set(STYLES)
    found = {(p.text, p.ground): p.minimum for p in pairs()}
    assert found[("muted", "paper")] == 4.5  # notes and sources are body text
    assert found[("on_primary", "primary")] == 3.0  # the headline is large text
    assert found[("on_primary", "bad")] == 4.5  # the myth/fact chips are small bold text


def test_contrast_failure_names_both_colours_the_ratio_and_a_fix_that_passes(write_spec):
    text = _with_theme('  primary: "#ffcc00"\n')
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(text))
    hit = next(d for d in info.value.diagnostics if d.message.startswith('primary "#ffcc00" on paper'))
    assert re.search(r"contrast of 1\.\d\d:1; large text and pictures need at least 3:1", hit.message)
    assert hit.line == 4 and hit.path == "theme.primary"
    fixed = re.search(r'primary: "(#[0-9a-f]{6})" gives (\d\.\d\d):1', hit.hint or "")
    assert fixed and float(fixed.group(2)) >= 3 and "darker" in (hit.hint or "")
    # the suggested colour passes that pair (other pairs may still need their own fix)
    with pytest.raises(SpecError) as again:
        load_spec(write_spec(_with_theme(f'  primary: "{fixed.group(1)}"\n')))
    assert not [d for d in again.value.diagnostics if "on paper" in d.message and d.message.startswith("primary")]


def test_contrast_failure_in_cmyk_is_answered_in_cmyk(write_spec):
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(_with_theme('  primary: "#c8102e"\n  muted: "cmyk(0, 0, 0, 40)"\n')))
    hit = next(d for d in info.value.diagnostics if d.message.startswith('muted "cmyk(0, 0, 0, 40)" on paper'))
    assert "notes" in hit.message and "4.5:1" in hit.message
    assert re.search(r'muted: "cmyk\(0, 0, 0, \d\d\)" gives \d\.\d\d:1', hit.hint or "")


THEME_ERRORS = [
    ('  primary: #c8102e\n', "a '#' starts a comment", 4),
    ('  primary: [0, 90, 85, 12]\n', "write CMYK as one text in percent", 4),
    ('  primary: "red"\n', "is not a colour posters can read", 4),
    ('  primary: "cmyk(0, 190, 85, 12)"\n', "above 100", 4),
    ('  primary: "cmyk(100, 100, 100, 100)"\n', "would print with 400% ink", 4),
    ('  primary: "#c8102e"\n  colour: "#003366"\n', "unknown key 'colour'", 5),
    ('  accent: "#003366"\n', "missing the required key 'primary'", 4),
]


@pytest.mark.parametrize(("theme", "fragment", "line"), THEME_ERRORS, ids=[e[1] for e in THEME_ERRORS])
def test_theme_errors_name_the_line_and_have_a_hint(write_spec, theme, fragment, line):
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(_with_theme(theme)))
    hits = [d for d in info.value.diagnostics if fragment in d.message or fragment in (d.hint or "")]
    assert hits, [d.message for d in info.value.diagnostics]
    assert hits[0].line == line and hits[0].hint


def test_theme_schema_takes_a_name_or_colours():
    schema = THEME.schema()
    names, own = schema["oneOf"]
    assert set(names["enum"]) == set(load_themes())
    assert own["required"] == ["primary"] and set(own["properties"]) == set(ROLES)
    pattern = re.compile(own["properties"]["primary"]["pattern"])
    assert pattern.match("#c8102e") and pattern.match("cmyk(0, 90, 85, 12)") and not pattern.match("red")


# ---- logos --------------------------------------------------------------------------------------------------

def _logo(path, size=(400, 200), colour=(0, 0, 0, 255)) -> None:
    """A logo whose corners are transparent and whose middle is an opaque block of `colour`."""
    im = Image.new("RGBA", size, (0, 0, 0, 0))
    w, h = size
    ImageDraw.Draw(im).rectangle([w // 4, h // 4, 3 * w // 4, 3 * h // 4], fill=colour)
    im.save(path)


def _render(pdf: bytes, scale: float = 3.0):
    doc = pdfium.PdfDocument(pdf)
    page = doc[0]
    trim = page.get_trimbox()
    media_h = page.get_mediabox()[3]
    image = page.render(scale=scale).to_pil().convert("RGB")
    doc.close()
    return image, trim[0], trim[1], media_h


def _pixel(rendered, x_pt: float, y_pt: float, scale: float = 3.0):
    image, ox, oy, media_h = rendered
    return image.getpixel((int((x_pt + ox) * scale), int((media_h - (y_pt + oy)) * scale)))


def _logo_poster(write_spec, tmp_path, logo_key="logo: logo.png", colour=(0, 0, 0, 255)):
    _logo(tmp_path / "logo.png", colour=colour)
    spec = write_spec(MINIMAL + FOOTER + f"    {logo_key}\n")
    poster = load_spec(spec)
    item = next(i for i in layout(poster, "en", parse_size("a4")).items if isinstance(i, ImageItem))
    return poster, item


@pytest.mark.parametrize("profile", ["office", "press"])
def test_transparent_logo_corner_shows_the_paper_colour(write_spec, tmp_path, profile):
    poster, item = _logo_poster(write_spec, tmp_path)
    pdf = render_pdf(poster, "en", parse_size("a4"), profile)
    reader = PdfReader(io.BytesIO(pdf))
    xobjects = reader.pages[0]["/Resources"]["/XObject"]
    images = [xobjects[k].get_object() for k in xobjects]
    assert len(images) == 1
    assert ("/SMask" in images[0]) == (profile == "office")  # PDF/X-1a: no transparency in press files
    rendered = _render(pdf)
    r = item.rect
    corner = _pixel(rendered, r.x + 2, r.top - 2)
    paper = _pixel(rendered, r.x + 2, r.top + 4)  # just above the logo: bare paper
    assert max(abs(a - b) for a, b in zip(corner, paper)) <= 2, (corner, paper)
    assert max(corner) - min(corner) > 3  # and that paper is the tinted paper, not white
    middle = _pixel(rendered, r.x + r.w / 2, r.y + r.h / 2)
    assert max(middle) < 80  # the logo itself is drawn


def test_press_logo_black_is_black_ink_only_and_its_ground_the_paper_cmyk(write_spec, tmp_path):
    poster, _ = _logo_poster(write_spec, tmp_path)
    pdf = render_pdf(poster, "en", parse_size("a4"), "press")
    reader = PdfReader(io.BytesIO(pdf))
    xobjects = reader.pages[0]["/Resources"]["/XObject"]
    image = next(xobjects[k].get_object() for k in xobjects)
    assert image["/ColorSpace"] == "/DeviceCMYK"
    w, h, data = int(image["/Width"]), int(image["/Height"]), image.get_data()

    def px(x: int, y: int) -> tuple[int, ...]:
        i = 4 * (y * w + x)
        return tuple(data[i:i + 4])

    assert px(w // 2, h // 2) == (0, 0, 0, 255)  # pure black: 0/0/0/100
    paper = tuple(round(v * 255) for v in poster.theme["paper"].cmyk)
    assert px(0, 0) == paper  # transparent: flattened onto the paper's own CMYK


def test_office_logo_keeps_its_alpha_as_a_soft_mask(write_spec, tmp_path):
    poster, _ = _logo_poster(write_spec, tmp_path, colour=(200, 16, 46, 255))
    reader = PdfReader(io.BytesIO(render_pdf(poster, "en", parse_size("a4"), "office")))
    xobjects = reader.pages[0]["/Resources"]["/XObject"]
    image = next(xobjects[k].get_object() for k in xobjects)
    mask = image["/SMask"].get_object()
    alpha = mask.get_data()
    assert alpha[0] == 0 and max(alpha) == 255  # the corner see-through, the middle opaque


def test_low_resolution_logo_warns_with_its_ppi(write_spec, tmp_path, run):
    im = Image.new("RGB", (40, 40), (200, 16, 46))
    im.save(tmp_path / "small.png")
    spec = write_spec(MINIMAL + FOOTER + "    logo: {file: small.png, size: 25.4mm}\n")
    page = layout(load_spec(spec), "en", parse_size("a4"))
    (note,) = page.notes
    assert "prints at 40 ppi on A4" in note.message and "150 ppi" in note.message
    assert note.severity == "warning" and note.line == 10 and note.hint and "pixels wide" in note.hint
    result = run("build", spec, "-o", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0
    assert result.output.count("prints at 40 ppi") == 1  # once, however many posters repeat it
    result = run("check", spec)
    assert result.exit_code == 0 and "warning: the logo 'small.png' prints at 40 ppi" in result.output


def test_sharp_logo_gives_no_warning(write_spec, tmp_path):
    poster, _ = _logo_poster(write_spec, tmp_path)
    assert layout(poster, "en", parse_size("a4")).notes == []


@pytest.mark.parametrize("position", ["left", "right", "centre"])
def test_logo_size_and_position(write_spec, tmp_path, position):
    _, small = _logo_poster(write_spec, tmp_path, f"logo: {{file: logo.png, position: {position}}}")
    _, large = _logo_poster(write_spec, tmp_path, f"logo: {{file: logo.png, size: large, position: {position}}}")
    _, exact = _logo_poster(write_spec, tmp_path, f"logo: {{file: logo.png, size: 15mm, position: {position}}}")
    assert large.rect.h > 1.5 * small.rect.h  # (a wide logo stops at its share of the width)
    assert exact.rect.h == pytest.approx(mm(15))
    page = layout(load_spec(tmp_path / "poster.yaml"), "en", parse_size("a4"))
    safe = page.safe
    r = exact.rect
    assert safe.x - 0.01 <= r.x and r.right <= safe.right + 0.01
    centre = {"left": safe.x + r.w / 2, "right": safe.right - r.w / 2, "centre": safe.x + safe.w / 2}[position]
    assert r.x + r.w / 2 == pytest.approx(centre, abs=0.5)
    lines = [ln for ln in page.lines if ln.block.endswith("(footer)")]
    assert lines and all(not _overlap(ln.box, r) for ln in lines)


def _overlap(a, b) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.top and b.y < a.top


def test_partner_logos_sit_in_a_row_inside_the_safe_margin(write_spec, tmp_path):
    for name in ("a.png", "b.png"):
        _logo(tmp_path / name, (300, 300))
    (tmp_path / "c.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
                                    '<rect width="200" height="100" fill="#003366"/></svg>', encoding="utf-8")
    spec = write_spec(MINIMAL + FOOTER + "    logos: [a.png, b.png, c.svg]\n")
    for size in ("a4", "a5", "status"):
        page = layout(load_spec(spec), "en", parse_size(size))
        row = [i for i in page.items if isinstance(i, (ImageItem, PictureItem)) and i.rect.w > 0]
        row = [i for i in row if isinstance(i, ImageItem) or i.path.endswith("c.svg")]
        assert len(row) == 3
        assert row[0].rect.right < row[1].rect.x and row[1].rect.right < row[2].rect.x  # left to right, apart
        centres = {round(i.rect.y + i.rect.h / 2, 3) for i in row}
        assert len(centres) == 1  # on one line
        for i in row:
            assert page.safe.x - 0.01 <= i.rect.x and i.rect.right <= page.safe.right + 0.01
            assert page.safe.y - 0.01 <= i.rect.y and i.rect.top <= page.safe.top + 0.01
        assert all(not _overlap(ln.box, i.rect) for ln in page.lines for i in row)


def test_svg_logo_stays_vectors(write_spec, tmp_path):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50">'
                                       '<circle cx="25" cy="25" r="20" fill="#c8102e"/></svg>', encoding="utf-8")
    poster = load_spec(write_spec(MINIMAL + FOOTER + "    logo: {file: logo.svg, size: medium}\n"))
    for profile in ("office", "press"):
        reader = PdfReader(io.BytesIO(render_pdf(poster, "en", parse_size("a4"), profile)))
        assert not reader.pages[0]["/Resources"].get("/XObject")  # no image: the circle is a path


def _png_header(w: int, h: int) -> bytes:
    """A PNG whose header says w x h (1-bit grey); its pixel data is a stub, so only the header is sound."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


@pytest.mark.parametrize("w,h", [(10_000, 9_000), (20_000, 20_000)])  # above Pillow's warning, above its error
def test_huge_image_is_refused_from_its_header_without_a_bomb_warning(write_spec, tmp_path, w, h):
    (tmp_path / "huge.png").write_bytes(_png_header(w, h))
    spec = write_spec(MINIMAL + FOOTER + "    logo: huge.png\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(SpecError) as info:
            load_spec(spec)
    assert not [c for c in caught if "DecompressionBomb" in type(c.message).__name__ or "decompression" in str(c.message)]
    (d,) = info.value.diagnostics
    assert f"is {w}x{h} pixels" in d.message and "at most 50 megapixels" in d.message and d.hint


LOGO_ERRORS = [
    ("    logo: {file: logo.png, size: huge}\n", "is not small, medium, large or a height in mm", 10),
    ("    logo: {file: logo.png, size: 500mm}\n", "is not small, medium, large or a height in mm", 10),
    ("    logo: {file: logo.png, position: top}\n", "unknown logo position", 10),
    ("    logo: {size: small}\n", "missing the required key 'file'", 10),
    ("    logos: [logo.png, logo.png, logo.png, logo.png, logo.png]\n", "has 5 items", 10),
    ("    logos: [logo.png, nope.png]\n", "does not exist", 10),
]


@pytest.mark.parametrize(("key", "fragment", "line"), LOGO_ERRORS, ids=[e[1] for e in LOGO_ERRORS])
def test_logo_errors_name_the_line_and_have_a_hint(write_spec, tmp_path, key, fragment, line):
    _logo(tmp_path / "logo.png")
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(MINIMAL + FOOTER + key))
    hits = [d for d in info.value.diagnostics if fragment in d.message]
    assert hits, [d.message for d in info.value.diagnostics]
    assert hits[0].line == line and hits[0].hint


@pytest.mark.parametrize("primary", ["#0b6e4f", "#c8102e", "#003366", "#5b2c6f", "cmyk(90, 15, 45, 20)"])
@pytest.mark.parametrize("paper", [None, "#fbf7ee", "cmyk(4, 0, 2, 0)"])
def test_made_colours_pass_with_the_brand_colours_they_are_made_for(primary, paper):
    """Card, muted, on_primary, on_accent and highlight are made (and moved if need be) to pass."""
    given = {"primary": parse_colour(primary).colour("primary")}  # type: ignore[union-attr]
    if paper:
        given["paper"] = parse_colour(paper).colour("paper")  # type: ignore[union-attr]
    assert contrast_failures(derive(given)) == []


def test_low_resolution_picture_warns_too_and_screen_sizes_use_their_own_pixels(write_spec, tmp_path):
    Image.new("RGB", (60, 60), (200, 16, 46)).save(tmp_path / "photo.png")
    spec = write_spec(MINIMAL + "  - kind: picture\n    file: photo.png\n    size: large\n")
    (note,) = layout(load_spec(spec), "en", parse_size("a4")).notes
    assert note.message.startswith("the picture 'photo.png' prints at") and note.path == "blocks[2].file"
    (screen,) = layout(load_spec(spec), "en", parse_size("status")).notes
    assert "below 96 ppi" in screen.message


def test_editor_schema_takes_own_colours_and_logo_settings_and_refuses_bad_ones():
    import yaml
    from jsonschema import Draft7Validator, Draft202012Validator

    from posters.schema import poster_schema

    schema = poster_schema()
    text = _with_theme(BRAND, FOOTER + "    logo: {file: logo.svg, size: 20mm, position: centre}\n"
                              "    logos: [a.png, b.svg]\n")
    doc = yaml.safe_load(text)
    for validator in (Draft202012Validator, Draft7Validator):
        assert not list(validator(schema).iter_errors(doc))
        for theme, logo in (({"primary": "red"}, None), ({"accent": "#003366"}, None),
                            ({"primary": "#c8102e", "colour": "#003366"}, None),
                            (None, {"file": "logo.png", "position": "top"}), (None, {"size": "big"})):
            bad = copy.deepcopy(doc)
            if theme is not None:
                bad["theme"] = theme
            if logo is not None:
                bad["blocks"][-1]["logo"] = logo
            assert list(validator(schema).iter_errors(bad)), (theme, logo)
