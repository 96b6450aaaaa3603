"""Shaping: script runs, font choice, and glyphs equal to what HarfBuzz itself returns for the same font."""

from __future__ import annotations

import pytest
import uharfbuzz as hb

from posters.shaping import MissingGlyph, itemize, script_of, shape_text

from .conftest import harfbuzz_reference

TRICKY = ["क्या", "स्त्री", "क्षत्रिय", "द्वार", "सर्वर", "रिकॉर्ड", "ज़रूर", "फ़ोन", "माँ", "संदेश", "हिंदी"]


@pytest.mark.parametrize("word", TRICKY)
@pytest.mark.parametrize("role", ["body", "bold", "display"])
def test_glyphs_equal_harfbuzz(fontset, word, role):
    runs = shape_text(fontset, word, role, "hi")
    assert len(runs) == 1
    run = runs[0]
    got = [(g.gid, g.cluster, g.x_advance, g.x_offset, g.y_offset) for g in run.glyphs]
    assert got == harfbuzz_reference(run.font, word, "Deva", "hi")[0]


def _glyph_names(run):
    face = hb.Face(hb.Blob(run.font.data))
    font = hb.Font(face)
    return [font.glyph_to_string(g.gid) for g in run.glyphs]


def test_conjuncts_form_fewer_glyphs_than_characters(fontset):
    for word in ["क्या", "स्त्री", "क्षत्रिय", "द्वार"]:
        (run,) = shape_text(fontset, word, "body", "hi")
        # virama-joined consonants become half forms or ligatures: no visible virama glyph remains
        nominal_virama = hb.Font(hb.Face(hb.Blob(run.font.data))).get_nominal_glyph(0x094D)
        assert nominal_virama not in [g.gid for g in run.glyphs], word
        assert len(run.glyphs) < len(word), word


def test_pre_base_matra_is_drawn_before_its_consonant(fontset):
    (run,) = shape_text(fontset, "रिकॉर्ड", "body", "hi")
    names = _glyph_names(run)
    # visual order: the ि glyph (or its width variant) comes first, then र, though र is typed first
    assert names[0].startswith("uni093F") and names[1] == "uni0930"
    assert run.glyphs[0].cluster == run.glyphs[1].cluster == 0


def test_reph_is_not_a_full_ra(fontset):
    (run,) = shape_text(fontset, "सर्वर", "body", "hi")
    font = hb.Font(hb.Face(hb.Blob(run.font.data)))
    ra = font.get_nominal_glyph(0x0930)
    # one र is the final consonant; the र् before व becomes the reph glyph, drawn after व
    assert [g.gid for g in run.glyphs].count(ra) == 1
    names = _glyph_names(run)
    assert names.index("uni0930094D") == names.index("uni0935") + 1


def test_itemize_keeps_punctuation_and_digits_with_their_run():
    assert itemize("क्या?") == [(0, 5, "Deva")]
    assert itemize("(WhatsApp)") == [(0, 10, "Latn")]
    assert itemize("कॉल-WhatsApp") == [(0, 4, "Deva"), (4, 12, "Latn")]
    assert script_of("1") is None and script_of("क") == "Deva" and script_of("க") == "Taml"


def test_mixed_script_word_uses_a_run_per_script(fontset):
    runs = shape_text(fontset, "WhatsApp-कॉल", "body", "hi")
    assert [r.text for r in runs] == ["WhatsApp-", "कॉल"]


def test_character_no_font_has_is_reported(fontset):
    with pytest.raises(MissingGlyph) as info:
        shape_text(fontset, "क☃", "body", "hi")
    assert info.value.char == "☃"


def test_width_scales_linearly(fontset):
    (run,) = shape_text(fontset, "रिकॉर्ड", "body", "hi")
    assert run.width(20) == pytest.approx(2 * run.width(10))
    assert run.width(10) > 0
