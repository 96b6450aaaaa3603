"""Every block kind in every supported language, at A4 and a small size: it builds, every line copies out
of the PDF exactly, nothing overlaps, and text stays inside the safe margin. Also the registry's promises:
a label a language lacks is a spec key the error names, and adding it works."""

from __future__ import annotations

import json

import pytest

from posters.blocks import KINDS
from posters.geometry import parse_size
from posters.languages import LANGUAGES, Language
from posters.page import Box, PictureItem, TextLine
from posters.pipeline import layout, render_pdf
from posters.preview import extract_lines
from posters.spec.load import load_text
from posters.spec.validate import validate

from .test_pdf import _visual_lines


def _t(lang: Language, *words: str) -> str:
    """A short text in the language's own script: its name, a label, and shared words."""
    return " ".join((lang.native, *words))


def every_block_specs(lang: Language) -> list[str]:
    """Three specs that between them use every block kind and every optional key, in one language (JSON
    is YAML); three, so that each fits A5 in the tallest scripts. (A picture's `file:` is tested in
    test_picture_blocks.py, since it needs a file beside the spec.)"""
    code = lang.code

    def loc(*words: str) -> dict[str, str]:
        return {code: _t(lang, *words)}

    spec = {
        "title": loc(),
        "languages": [code],
        "blocks": [
            {"kind": "headline", "kicker": loc(lang.labels["fact"]), "text": loc("WhatsApp?"), "icon": "shield-lock"},
            {"kind": "text", "text": loc("**1930**", lang.labels["myth"])},
            {"kind": "text", "style": "emphasis", "text": {code: "cybercrime.gov.in"}},
            {"kind": "text", "style": "note", "text": {code: lang.labels["sources"]}},
            {"kind": "checklist", "title": loc(), "items": [
                {"do": loc("1")}, {"dont": {code: "2"}}, {"step": {code: "3"}}, {"step": loc("4")},
                {"do": loc("5"), "icon": "lock"}, {"dont": {code: "6"}, "icon": "no-video"},
                {"step": loc("7"), "icon": "phone"}]},
            {"kind": "mythfact", "title": loc(), "pairs": [{"myth": loc("A"), "fact": loc("**B**")}]},
            {"kind": "mythfact", "myth_label": loc(), "fact_label": {code: lang.labels["fact"]},
             "pairs": [{"myth": {code: "C"}, "fact": {code: "D"}}]},
            {"kind": "helpline", "number": "1930", "label": loc(), "portal": "https://cybercrime.gov.in",
             "note": {code: lang.labels["fact"]}, "icon": "helpline"},
            {"kind": "qr", "url": "https://cybercrime.gov.in", "caption": loc()},
            {"kind": "headline", "text": loc("?"), "icon": "warning", "icon_position": "above"},
            {"kind": "picture", "icon": "no-video", "caption": loc(), "size": "small"},
            {"kind": "steps", "title": loc(), "steps": [{"icon": "call-end", "caption": loc("1")},
                                                      {"icon": "screenshot", "caption": {code: "2"}},
                                                      {"icon": "block", "caption": loc()}]},
            {"kind": "helpline", "number": "112", "label": loc(), "icon": "none"},
            {"kind": "footer", "sources": [{"name": loc(), "url": "https://faq.whatsapp.com"}, {"name": {code: "X"}}],
             "organisation": loc()},
        ],
    }
    blocks = spec["blocks"]
    used = {b["kind"] for b in blocks}  # type: ignore[index]
    assert used == set(KINDS), f"the generated spec misses block kinds {set(KINDS) - used}"
    first = {**spec, "blocks": blocks[:7]}  # type: ignore[index]
    second = {**spec, "blocks": [blocks[0], *blocks[7:9], blocks[-1]]}  # type: ignore[index]
    third = {**spec, "blocks": [blocks[0], *blocks[9:]]}  # type: ignore[index]
    return [json.dumps(s, ensure_ascii=False, indent=1) for s in (first, second, third)]


def _poster(lang: Language, part: int = 0):
    text = every_block_specs(lang)[part]
    return validate(load_text(text, f"every-block.{lang.code}.yaml"), f"every-block.{lang.code}.yaml", "every")


@pytest.mark.parametrize("part", [0, 1, 2])
@pytest.mark.parametrize("size", ["A4", "A5"])
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_block_in_every_language(code, size, part):
    lang = LANGUAGES[code]
    poster = _poster(lang, part)
    page_size = parse_size(size)
    page = layout(poster, code, page_size)
    lines = page.lines
    assert lines
    # every line inside the safe area, and no two lines' ink boxes overlap
    for ln in lines:
        assert page.safe.contains(ln.box, tol=0.5), f"{ln.text!r} leaves the safe area"
    for i, a in enumerate(lines):
        for b in lines[i + 1:]:
            assert not a.box.overlaps(b.box, tol=0.3), f"{a.text!r} overlaps {b.text!r}"
    # pictures stay inside the safe area and never overlap a line of text
    pictures = [it for it in page.items if isinstance(it, PictureItem)]
    assert pictures
    for pic in pictures:
        assert page.safe.contains(pic.rect, tol=0.5), f"the {pic.name} icon leaves the safe area"
        for ln in lines:
            assert not pic.rect.overlaps(ln.box, tol=0.3), f"the {pic.name} icon overlaps {ln.text!r}"
    # text sits on its own card or band, never half off it
    boxes = [it for it in page.items if isinstance(it, Box) and not it.bleed]
    for ln in lines:
        for box in boxes:
            if box.rect.overlaps(ln.box, tol=0.3):
                assert box.rect.contains(ln.box, tol=0.5), f"{ln.text!r} crosses the edge of a {box.color} box"
    # what the PDF gives back is exactly what was written
    pdf = render_pdf(poster, code, page_size)
    assert extract_lines(pdf) == _visual_lines(page)


def test_each_text_is_printed_once_per_language():
    """Every localised string of the generated spec shows up on the page (nothing dropped)."""
    lang = LANGUAGES["or"]
    printed = " ".join(ln.text for part in (0, 1, 2) for ln in layout(_poster(lang, part), "or", parse_size("A4")).lines
                       if isinstance(ln, TextLine))
    for word in ("WhatsApp?", "1930", "cybercrime.gov.in", lang.labels["myth"], lang.labels["sources"]):
        assert word in printed


def _without_labels(monkeypatch, code: str) -> None:
    """Pretend a language has no built-in labels (as a newly added language might)."""
    import posters.spec.validate as v

    bare = dict(LANGUAGES)
    bare[code] = Language(**{**LANGUAGES[code].__dict__, "labels": {}})
    monkeypatch.setattr(v, "LANGUAGES", bare)


def test_missing_builtin_label_names_the_key_and_adding_it_works(monkeypatch):
    from posters.errors import SpecError

    _without_labels(monkeypatch, "or")
    spec = """\
title: {or: ସୂଚନା}
languages: [or]
blocks:
  - kind: mythfact
    pairs:
      - {myth: {or: ଭୁଲ}, fact: {or: ଠିକ}}
  - kind: footer
    sources:
      - name: {or: ୱେବସାଇଟ}
"""
    with pytest.raises(SpecError) as info:
        validate(load_text(spec, "o.yaml"), "o.yaml", "o")
    messages = [(d.line, d.message, d.hint) for d in info.value.diagnostics]
    assert any(line == 4 and "'myth' label" in m and "myth_label:" in h for line, m, h in messages), messages
    assert any(line == 7 and "'sources' label" in m and "sources_label:" in h for line, m, h in messages), messages
    fixed = spec.replace("  - kind: mythfact\n", "  - kind: mythfact\n    myth_label: {or: ଭ୍ରମ}\n"
                                                 "    fact_label: {or: ସତ}\n")
    fixed = fixed.replace("  - kind: footer\n", "  - kind: footer\n    sources_label: {or: ଉତ୍ସ}\n")
    poster = validate(load_text(fixed, "o.yaml"), "o.yaml", "o")
    texts = [ln.text for ln in layout(poster, "or", parse_size("A4")).lines]
    assert "ଭ୍ରମ" in texts and "ସତ" in texts
    assert any(t.startswith("ଉତ୍ସ: ") for t in texts)


def test_every_language_has_every_label_a_block_prints():
    needed = {label for kind in KINDS.values() for label in kind.labels}
    for lang in LANGUAGES.values():
        assert needed <= set(lang.labels), f"{lang.code} lacks {needed - set(lang.labels)}"


def test_readme_key_table_is_made_from_the_registry():
    from pathlib import Path

    from posters.blocks import keys_markdown

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert keys_markdown() in readme, "README.md's key table is stale: paste `python -m posters.blocks` into it"


def test_a_picture_is_left_out_before_words_of_the_same_priority():
    from posters.layout import _droppable

    spec = """\
title: {hi: सूचना}
languages: [hi]
blocks:
  - kind: headline
    text: {hi: सूचना}
  - kind: picture
    priority: could
    icon: lock
  - kind: text
    priority: could
    text: {hi: ठीक}
  - kind: text
    priority: should
    text: {hi: ठीक}
"""
    poster = validate(load_text(spec, "p.yaml"), "p.yaml", "p")
    assert _droppable(poster.blocks) == ["blocks[1]", "blocks[2]", "blocks[3]"]
