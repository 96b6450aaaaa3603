"""Emoji typed in text are drawn inline as vector pictures from the shipped Noto set, sized to the line,
and the PDF carries exactly what was typed; an emoji that is not shipped is the usual clear error."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from posters.errors import FontCoverageError, SpecError
from posters.geometry import parse_size
from posters.page import EMOJI_PREFIX, PictureItem
from posters.pipeline import layout, render_pdf
from posters.preview import extract_lines
from posters.spec.validate import load_spec

SPEC = """\
title: {hi: सूचना, en: Notice}
languages: [hi, en]
blocks:
  - kind: headline
    text: {hi: "⚠️ सावधान!", en: "⚠️ Be careful!"}
  - kind: checklist
    items:
      - do: {hi: "✅ फ़ोन लॉक करें 🔒", en: "✅ Lock your phone 🔒"}
      - dont: {hi: "❌ पैसे न दें 💰", en: "❌ Don't pay 💰"}
  - kind: text
    text: {hi: "📞 1930 पर कॉल करें 👮", en: "📞 Call 1930 👮"}
"""


@pytest.fixture(scope="module")
def poster(tmp_path_factory):
    path = tmp_path_factory.mktemp("emoji") / "emoji.yaml"
    path.write_text(SPEC, encoding="utf-8")
    return load_spec(path)


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_emoji_sit_in_their_line_sized_to_it(poster, lang):
    page = layout(poster, lang, parse_size("A4"))
    pictures = [(ln, p) for ln in page.lines for p in ln.pictures]
    assert len(pictures) == 7
    for ln, p in pictures:
        assert p.name.startswith(EMOJI_PREFIX)
        # the emoji's square stays inside the line's ink box and is about as tall as the type
        assert ln.box.contains(p.rect, tol=0.5), (ln.text, p.rect, ln.box)
        assert 0.9 * ln.size_pt <= p.rect.h <= 1.3 * ln.size_pt
    for i, (_, p) in enumerate(pictures):
        for _, q in pictures[i + 1:]:
            assert not p.rect.overlaps(q.rect), "two emoji drawn over each other"
    assert not any(isinstance(it, PictureItem) and it.name.startswith(EMOJI_PREFIX) for it in page.items)


def _actual_texts(pdf: bytes) -> list[str]:
    import io

    from pypdf.generic import ContentStream

    reader = PdfReader(io.BytesIO(pdf))
    return [str(args[1]["/ActualText"]) for args, op in ContentStream(reader.pages[0].get_contents(), reader).operations
            if op == b"BDC" and "/ActualText" in args[1]]


@pytest.mark.parametrize("profile", ["office", "press"])
def test_the_pdf_carries_every_emoji_as_typed(poster, profile):
    pdf = render_pdf(poster, "en", parse_size("A4"), profile)
    spans = "".join(_actual_texts(pdf))
    for typed in ("⚠️", "✅", "🔒", "❌", "💰", "📞", "👮"):
        assert typed in spans
    # pdfium (Chrome's viewer) gives back emoji of the first plane exactly; it drops characters above
    # U+FFFF from /ActualText, which poppler and Acrobat honour
    lines = extract_lines(pdf)
    assert lines[0] == "⚠️ Be careful!" and lines[1].startswith("✅ Lock your phone")
    reader_content = PdfReader(__import__("io").BytesIO(pdf)).pages[0]
    assert "/XObject" not in (reader_content.get("/Resources") or {}), "emoji must be vectors, not images"
    if profile == "press":
        ops = reader_content.get_contents().get_data().decode("latin-1")
        assert not re.search(r"\brg\b|\bRG\b", ops), "press output stays CMYK"
        states = (reader_content.get("/Resources") or {}).get("/ExtGState") or {}
        alphas = [float(g.get_object().get(key, 1)) for g in states.values() for key in ("/ca", "/CA")]
        assert all(a == 1 for a in alphas), "press output has no transparency (PDF/X-1a)"


def test_an_emoji_that_is_not_shipped_is_a_clear_error(write_spec, fontset):
    from posters.text import drawable

    spec = "title: {hi: क}\nlanguages: [hi]\nblocks:\n  - kind: text\n    text: {hi: \"ठीक 🦄\"}\n"
    with pytest.raises(SpecError) as info:
        load_spec(write_spec(spec), drawable(fontset))
    (d,) = info.value.diagnostics
    assert "U+1F984" in d.message and (d.line, d.col) == (5, 21) and d.hint
    poster = load_spec(write_spec(spec))  # without the font check while reading, layout still refuses it
    with pytest.raises(FontCoverageError):
        layout(poster, "hi", parse_size("A4"))


def test_an_emoji_at_the_end_of_a_line_or_alone_in_a_line_copies_out(write_spec):
    spec = ("title: {en: Notice}\nlanguages: [en]\nblocks:\n"
            "  - kind: text\n    text: {en: \"✅ ❌\"}\n"
            "  - kind: text\n    text: {en: \"✅ Stay safe ⚠️\"}\n"
            "  - kind: text\n    text: {en: \"**✅ bold** and **❌**\"}\n")
    pdf = render_pdf(load_spec(write_spec(spec)), "en", parse_size("A4"))
    assert extract_lines(pdf) == ["✅ ❌", "✅ Stay safe ⚠️", "✅ bold and ❌"]


def test_an_emoji_combination_that_is_not_shipped_is_an_error(write_spec):
    spec = "title: {en: Notice}\nlanguages: [en]\nblocks:\n  - kind: text\n    text: {en: \"👩\u200d💻 coder\"}\n"
    poster = load_spec(write_spec(spec))
    with pytest.raises(SpecError) as info:
        layout(poster, "en", parse_size("A4"))
    (d,) = info.value.diagnostics
    assert "combination" in d.message and d.line == 5 and d.hint
