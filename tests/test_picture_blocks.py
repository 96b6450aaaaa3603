"""Icons on a poster: the picture and steps blocks, icon: on checklist items, the headline and the helpline.
They are drawn as vectors (no images), in CMYK only for press, never over text, and their names and files
are checked with a position and a hint."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from posters.blocks import KINDS, Context
from posters.blocks.steps import Step, Steps
from posters.cli import main
from posters.errors import SpecError
from posters.geometry import parse_size
from posters.languages import LANGUAGES
from posters.page import ImageItem, Mark, PictureItem, TextLine
from posters.pictures import icon_names
from posters.pipeline import layout, render_pdf
from posters.preview import extract_lines
from posters.spec.fields import IconName, record_schema
from posters.spec.model import Pos, Text
from posters.spec.validate import load_spec
from posters.text import Setter

from .test_pdf import _visual_lines

# A colourful user drawing: sRGB fills that press output must turn into CMYK.
DRAWING = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">'
           '<path fill="#1e88e5" d="M0 0h20v20H0z"/><path fill="#000000" d="M20 0h20v20H20z"/></svg>')

SPEC = """\
title: {en: Pictures}
languages: [en]
blocks:
  - kind: headline
    text: {en: Stay safe}
    icon: shield-lock
  - kind: checklist
    items:
      - do: {en: Lock the phone}
        icon: lock
      - dont: {en: Share no OTP}
        icon: password
  - kind: picture
    file: drawing.svg
    caption: {en: Your own drawing}
    size: small
  - kind: steps
    steps:
      - {icon: call-end, caption: {en: Cut the call}}
      - {icon: screenshot, caption: {en: Take screenshots}}
      - {icon: helpline, caption: {en: Call 1930}}
  - kind: helpline
    number: "1930"
    label: {en: Cyber crime helpline}
"""


def _ops(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    return {op.decode() if isinstance(op, bytes) else op
            for _, op in ContentStream(page.get_contents(), reader).operations}


def _xobjects(pdf: bytes) -> dict:  # type: ignore[type-arg]
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    return dict(resources.get("/XObject", {}))


@pytest.fixture
def poster(write_spec):
    spec = write_spec(SPEC)
    (spec.parent / "drawing.svg").write_text(DRAWING, encoding="utf-8")
    return load_spec(spec)


def _errors(write_spec, text: str, drawing: bool = True) -> list[tuple[int | None, str, str]]:
    spec = write_spec(text)
    if drawing:
        (spec.parent / "drawing.svg").write_text(DRAWING, encoding="utf-8")
        (spec.parent / "notes.txt").write_text("words", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    return [(d.line, d.message, d.hint or "") for d in info.value.diagnostics]


def test_icons_and_user_svg_are_vectors_in_the_right_places(poster):
    page = layout(poster, "en", parse_size("A4"))
    pictures = [it for it in page.items if isinstance(it, PictureItem)]
    names = [p.name for p in pictures]
    # headline, two checklist items, the drawing, three steps, the helpline's phone (its default)
    assert names == ["shield-lock", "lock", "password", "drawing", "call-end", "screenshot", "helpline", "phone"]
    assert [p.path.endswith("drawing.svg") for p in pictures].count(True) == 1
    pdf = render_pdf(poster, "en", parse_size("A4"))
    assert not _xobjects(pdf), "icons and SVG drawings must be vector paths, not images"
    assert extract_lines(pdf) == _visual_lines(page)  # exactly the text: icons add nothing


def test_press_output_stays_cmyk_with_a_coloured_drawing(poster):
    office = _ops(render_pdf(poster, "en", parse_size("A4"), "office"))
    assert "rg" in office  # the drawing keeps its own sRGB colours in office output
    press = _ops(render_pdf(poster, "en", parse_size("A4"), "press"))
    assert not press & {"rg", "RG", "g", "G", "sc", "SC", "scn", "SCN", "cs", "CS"}
    assert "k" in press


def test_see_through_drawing_is_flattened_for_press(write_spec):
    spec = write_spec(SPEC)
    (spec.parent / "drawing.svg").write_text(DRAWING.replace('fill="#1e88e5"', 'fill="#1e88e5" opacity="0.5"'),
                                             encoding="utf-8")
    poster = load_spec(spec)

    def alphas(pdf: bytes) -> set[float]:
        resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
        states = resources.get("/ExtGState", {})
        return {float(gs.get_object().get("/ca", 1)) for gs in states.values()}

    assert 0.5 in alphas(render_pdf(poster, "en", parse_size("A4"), "office"))
    assert alphas(render_pdf(poster, "en", parse_size("A4"), "press")) <= {1.0}


def test_icons_inside_safe_area_and_clear_of_text_at_small_sizes(poster):
    for size in ("A5", "status"):
        page = layout(poster, "en", parse_size(size))
        for pic in (it for it in page.items if isinstance(it, PictureItem)):
            assert page.safe.contains(pic.rect, tol=0.5), (size, pic.name)
            for ln in page.lines:
                assert not pic.rect.overlaps(ln.box, tol=0.3), (size, pic.name, ln.text)


def test_a_png_picture_is_an_image(write_spec):
    spec = write_spec(SPEC.replace("drawing.svg", "photo.png"))
    Image.new("RGB", (300, 150), (30, 120, 200)).save(spec.parent / "photo.png")
    page = layout(load_spec(spec), "en", parse_size("A4"))
    images = [it for it in page.items if isinstance(it, ImageItem)]
    assert len(images) == 1 and images[0].rect.w == pytest.approx(2 * images[0].rect.h)


def test_headline_icon_above_or_left_and_helpline_icon_off(write_spec):
    def page_for(extra_headline: str, extra_helpline: str):  # type: ignore[no-untyped-def]
        text = SPEC.replace("    icon: shield-lock\n", f"    icon: shield-lock\n{extra_headline}")
        text += extra_helpline
        spec = write_spec(text)
        (spec.parent / "drawing.svg").write_text(DRAWING, encoding="utf-8")
        return layout(load_spec(spec), "en", parse_size("A4"))

    def headline(page):  # type: ignore[no-untyped-def]
        icon = next(it for it in page.items if isinstance(it, PictureItem))
        line = next(ln for ln in page.lines if ln.text == "Stay safe")
        return icon, line

    icon, line = headline(page_for("    icon_position: above\n", "    icon: none\n"))
    assert icon.rect.y >= line.box.top  # above the text, centred on it
    assert icon.rect.x + icon.rect.w / 2 == pytest.approx(line.box.x + line.box.w / 2, abs=0.5)
    icon, line = headline(page_for("    icon_position: left\n", ""))
    assert icon.rect.right <= line.box.x  # beside it, on the text's middle
    assert icon.rect.y < line.baseline_pt < icon.rect.top
    page = page_for("", "    icon: none\n")
    assert "phone" not in [it.name for it in page.items if isinstance(it, PictureItem)]


def test_steps_go_two_by_two_when_narrow(fontset):
    setter = Setter(fontset, "en", 12.0)
    ctx = Context(setter, LANGUAGES["en"], 600.0)
    pos = Pos("s.yaml", 1, 1, "blocks[0]")
    block = Steps(None, tuple(Step(n, Text((("en", n),), pos)) for n in ("lock", "phone", "shield", "bank")), pos)
    layout_steps = KINDS["steps"].layout

    def rows(width: float) -> int:
        frame = layout_steps(ctx, block, width)
        return len({round(it.rect.y, 1) for it in frame.items if isinstance(it, PictureItem)})

    assert rows(500.0) == 1
    assert rows(200.0) == 2
    # numbered 1 to 4 in discs beside the icons; a column too narrow for both keeps the icons
    wide = layout_steps(ctx, block, 500.0)
    assert [ln.text for ln in wide.items if isinstance(ln, TextLine) and ln.text.isdigit()] == ["1", "2", "3", "4"]
    assert sum(isinstance(it, Mark) for it in wide.items) == 4
    assert not any(isinstance(it, Mark) for it in layout_steps(ctx, block, 110.0).items)


def test_unknown_icon_names_suggest_the_nearest(write_spec):
    errors = _errors(write_spec, SPEC.replace("icon: lock", "icon: lok").replace("icon: call-end", "icon: Call End"))
    assert any(line == 10 and "'lok'" in m and "did you mean 'lock'?" in h and "posters icons" in h
               for line, m, h in errors), errors
    assert any(line == 19 and "did you mean 'call-end'?" in h for line, m, h in errors), errors


def test_missing_or_unreadable_picture_files_are_named(write_spec):
    errors = _errors(write_spec, SPEC, drawing=False)
    assert any(line == 14 and "picture file 'drawing.svg' does not exist" in m and "relative to the spec" in h
               for line, m, h in errors), errors
    spec = write_spec(SPEC)
    (spec.parent / "drawing.svg").write_text("<svg>not a drawing", encoding="utf-8")
    with pytest.raises(SpecError) as info:
        load_spec(spec)
    d = info.value.diagnostics[0]
    assert d.line == 14 and "not a readable SVG" in d.message and d.hint
    errors = _errors(write_spec, SPEC.replace("drawing.svg", "notes.txt"))
    assert any("must be an SVG, PNG or JPEG image" in m for _, m, _ in errors), errors


def test_a_picture_takes_an_icon_or_a_file_not_both(write_spec):
    both = SPEC.replace("    file: drawing.svg\n", "    icon: lock\n    file: drawing.svg\n")
    errors = _errors(write_spec, both)
    assert any(line == 15 and "not both" in m and "remove the other" in h for line, m, h in errors), errors
    neither = SPEC.replace("    file: drawing.svg\n", "")
    errors = _errors(write_spec, neither)
    assert any(line == 13 and "needs 'icon:' or 'file:'" in m for line, m, h in errors), errors


def test_steps_take_two_to_four(write_spec):
    one = SPEC.replace("      - {icon: screenshot, caption: {en: Take screenshots}}\n"
                       "      - {icon: helpline, caption: {en: Call 1930}}\n", "")
    errors = _errors(write_spec, one)
    assert any(line == 19 and "list of steps has 1 item;" in m and "at least 2" in m for line, m, h in errors), errors
    five = SPEC.replace("      - {icon: helpline, caption: {en: Call 1930}}\n",
                        "      - {icon: helpline, caption: {en: Call 1930}}\n" * 3)
    errors = _errors(write_spec, five)
    assert any(line == 19 and "at most 4" in m for line, m, h in errors), errors


def test_icon_names_are_a_schema_enum():
    assert IconName().schema() == {"enum": icon_names()}
    assert IconName(allow_none=True).schema()["enum"][-1] == "none"
    steps = KINDS["steps"].fields[1].type.schema()
    assert steps["minItems"] == 2 and steps["maxItems"] == 4
    assert steps["items"]["properties"]["icon"]["enum"] == icon_names()
    picture = record_schema(KINDS["picture"].fields)
    assert picture["allOf"] == [{"oneOf": [{"required": ["icon"]}, {"required": ["file"]}]}]
    item = KINDS["checklist"].fields[1].type.item.schema()  # do/dont/step, with an optional icon
    assert item["oneOf"] == [{"required": ["do"]}, {"required": ["dont"]}, {"required": ["step"]}]
    assert item["properties"]["icon"]["enum"] == icon_names()


def test_icons_command_lists_names_and_writes_a_sheet(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["icons"], catch_exceptions=False)
    assert result.exit_code == 0 and result.output.split() == icon_names()
    sheet = tmp_path / "icons.pdf"
    result = runner.invoke(main, ["icons", "-o", str(sheet)], catch_exceptions=False)
    assert result.exit_code == 0 and sheet.read_bytes().startswith(b"%PDF")
    assert "24-hours" in " ".join(extract_lines(sheet.read_bytes()))
    result = runner.invoke(main, ["icons", "-o", str(tmp_path / "icons.txt")])
    assert result.exit_code == 2 and ".pdf or .png" in result.output


@pytest.mark.parametrize("size", ["A4", "A5", "status"])
def test_shipped_posters_icons_clear_of_text_and_inside_the_margin(size):
    from .conftest import CONTENT

    for path in sorted(CONTENT.glob("*.yaml")):
        poster = load_spec(path)
        assert any(getattr(b, "icon", None) or any(getattr(i, "icon", None) for i in getattr(b, "items", ()))
                   for b in poster.blocks), f"{path.name} uses no icon"
        for lang in poster.languages:
            page = layout(poster, lang, parse_size(size))
            for pic in (it for it in page.items if isinstance(it, PictureItem)):
                assert page.safe.contains(pic.rect, tol=0.5), (path.name, lang, pic.name)
                for ln in page.lines:
                    assert not pic.rect.overlaps(ln.box, tol=0.3), (path.name, lang, pic.name, ln.text)
