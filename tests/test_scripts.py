"""Every Indian script the fonts cover: hard clusters shape as HarfBuzz shapes them with the chosen
font, form real conjuncts (no stray virama, no missing glyph), and copy out of the PDF exactly."""

from __future__ import annotations

import pytest
import uharfbuzz as hb

from posters.geometry import parse_size
from posters.pipeline import render_pdf
from posters.preview import extract_lines
from posters.shaping import shape_text
from posters.spec.load import load_text
from posters.spec.validate import validate

from .conftest import harfbuzz_reference

# lang, ISO script, virama, words whose conjuncts must swallow the virama, other hard words
SCRIPTS = [
    ("hi", "Deva", 0x094D, ["क्या", "स्त्री", "क्षत्रिय", "द्वार", "सर्वर"], ["रिकॉर्ड", "ज़", "हँसी"]),
    ("mr", "Deva", 0x094D, ["क्ष", "ज्ञ"], ["ऱ्या", "कॅमेऱ्यावर", "ॲप"]),
    ("bn", "Beng", 0x09CD, ["ক্ষ", "র্ক", "ক্র", "স্ত্রী"], ["কি", "কো", "কৌ", "পর্যন্ত"]),
    ("gu", "Gujr", 0x0ACD, ["ક્ષ", "ર્ક", "શ્રી"], ["કિ", "ગુજરાતી"]),
    ("pa", "Guru", 0x0A4D, ["ਕ੍ਰ"], ["ਕਿ", "ਸ਼", "ਪੰਜਾਬੀ"]),
    ("or", "Orya", 0x0B4D, ["ଷ୍ଟ", "କ୍ଷ", "ର୍କ"], ["କି", "ଓଡ଼ିଆ"]),
    ("ta", "Taml", None, [], ["கொ", "கௌ", "க்ஷ", "ஸ்ரீ", "தமிழ்"]),
    ("te", "Telu", 0x0C4D, ["క్ష", "క్క", "స్త్రీ", "ర్క"], ["కి", "తెలుగు"]),
    ("kn", "Knda", 0x0CCD, ["ಕ್ಷ", "ಕ್ಕ", "ಸ್ತ್ರೀ", "ರ್ಕ"], ["ಕಿ", "ಕನ್ನಡ"]),
    ("ml", "Mlym", None, ["ക്ഷ", "ക്ക"], ["ൽ", "ൻ", "ർ", "കൊ", "മലയാളം"]),
]
IDS = [s[0] for s in SCRIPTS]


@pytest.mark.parametrize("lang,script,virama,conjuncts,others", SCRIPTS, ids=IDS)
@pytest.mark.parametrize("role", ["body", "display"])
def test_clusters_equal_harfbuzz_with_the_chosen_font(fontset, lang, script, virama, conjuncts, others, role):
    for word in conjuncts + others:
        (run,) = shape_text(fontset, word, role, lang, script)
        assert script in run.font.scripts, (word, run.font.name)
        ref, hbf = harfbuzz_reference(run.font, word, script, lang)
        assert [(g.gid, g.cluster, g.x_advance, g.x_offset, g.y_offset) for g in run.glyphs] == ref, word
        assert all(g.gid != 0 for g in run.glyphs), f"{word}: missing glyph in {run.font.name}"
        if word in conjuncts and virama:
            virama_gid = hbf.get_nominal_glyph(virama)
            assert virama_gid not in [g.gid for g in run.glyphs], f"{word}: visible virama in {run.font.name}"


def test_tamil_split_vowels_wrap_the_consonant(fontset):
    for word, right in (("கொ", 0x0BBE), ("கௌ", 0x0BD7)):
        (run,) = shape_text(fontset, word, "body", "ta", "Taml")
        hbf = hb.Font(hb.Face(hb.Blob(run.font.data)))
        gids = [g.gid for g in run.glyphs]
        # visual order: the e-sign before KA, the second part after it
        assert gids == [hbf.get_nominal_glyph(0x0BC6), hbf.get_nominal_glyph(0x0B95), hbf.get_nominal_glyph(right)]


def test_malayalam_dot_reph(fontset):
    (run,) = shape_text(fontset, "ർക്ക", "body", "ml", "Mlym")
    # RA + VIRAMA before a consonant becomes the dot reph, not a full RA glyph
    hbf = hb.Font(hb.Face(hb.Blob(run.font.data)))
    assert hbf.get_nominal_glyph(0x0D30) not in [g.gid for g in run.glyphs]


def test_marathi_eyelash_ra(fontset):
    hi = shape_text(fontset, "र्‍य", "body", "mr", "Deva")[0]
    plain = shape_text(fontset, "र्य", "body", "mr", "Deva")[0]
    # with ZWJ the RA takes its eyelash (half) form instead of becoming a reph
    assert [g.gid for g in hi.glyphs] != [g.gid for g in plain.glyphs]
    assert all(g.gid != 0 for g in hi.glyphs)


def _pdf_of(lang, text):
    spec = f'title: {{{lang}: t}}\nlanguages: [{lang}]\nblocks:\n  - kind: text\n    text: {{{lang}: "{text}"}}\n'
    poster = validate(load_text(spec, "s.yaml"), "s.yaml", "s")
    return render_pdf(poster, lang, parse_size("a4"))


@pytest.mark.parametrize("lang,script,virama,conjuncts,others", SCRIPTS, ids=IDS)
def test_words_extract_exactly(lang, script, virama, conjuncts, others):
    text = " ".join(conjuncts + others)
    assert " ".join(extract_lines(_pdf_of(lang, text))) == text


MIXED = {
    "ta": "உங்கள் WhatsApp கணக்கை cybercrime.gov.in இல் புகார் செய்யுங்கள், 1930 அழைக்கவும்",
    "bn": "WhatsApp-এ হুমকি পেলে cybercrime.gov.in-এ অভিযোগ করুন, 1930 নম্বরে ফোন করুন।",
    "te": "WhatsApp మోసం జరిగితే 1930 కి కాల్ చేయండి, cybercrime.gov.in లో ఫిర్యాదు చేయండి.",
    "ml": "WhatsApp തട്ടിപ്പ് ഉണ്ടായാൽ 1930 വിളിക്കുക, cybercrime.gov.in ൽ പരാതി നൽകുക.",
}


@pytest.mark.parametrize("lang", sorted(MIXED))
def test_mixed_script_lines(fontset, lang):
    text = MIXED[lang]
    assert " ".join(extract_lines(_pdf_of(lang, text))) == text
    runs = shape_text(fontset, "WhatsApp", "body", lang, None)
    assert "Latn" in runs[0].font.scripts
