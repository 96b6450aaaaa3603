"""The language and script tables: one record per language code and per script, the single source that
validation, shaping, layout labels, fonts and PDF metadata all read."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .dataclass_fast import dataclass


@dataclass(frozen=True)
class Script:
    """A writing system: its ISO 15924 code (also HarfBuzz's script tag) and its Unicode blocks."""

    code: str
    name: str
    ranges: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Language:
    """A language posters can print: names, script, the PDF /Lang tag and the words the layout itself
    prints (each label is also a spec key, `<label>_label:`, so a missing one is never a dead end)."""

    code: str
    name: str  # in English
    native: str  # in the language itself
    script: str  # ISO 15924 code, a key of SCRIPTS
    pdf_lang: str  # BCP 47 tag for the PDF's /Lang
    labels: Mapping[str, str]
    # Short words that belong to the word before them (postpositions, auxiliaries, clitics): a centred
    # text such as a headline does not start a line with one when another break gives as many lines.
    no_break_before: frozenset[str] = frozenset()
    # Short words that belong to the word after them (a negation before its verb): a centred
    # line does not end with one when another break gives as many lines.
    no_break_after: frozenset[str] = frozenset()

    @property
    def described(self) -> str:
        """How a message names it: 'Odia (ଓଡ଼ିଆ)'."""
        return self.name if self.native == self.name else f"{self.name} ({self.native})"


SCRIPTS: Mapping[str, Script] = MappingProxyType({s.code: s for s in (
    Script("Latn", "Latin", ((0x0041, 0x005A), (0x0061, 0x007A), (0x00C0, 0x024F), (0x1E00, 0x1EFF))),
    Script("Arab", "Arabic", ((0x0600, 0x06FF), (0x0750, 0x077F))),
    Script("Deva", "Devanagari", ((0x0900, 0x0963), (0x0966, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF))),
    Script("Beng", "Bengali", ((0x0980, 0x09FF),)),
    Script("Guru", "Gurmukhi", ((0x0A00, 0x0A7F),)),
    Script("Gujr", "Gujarati", ((0x0A80, 0x0AFF),)),
    Script("Orya", "Odia", ((0x0B00, 0x0B7F),)),
    Script("Taml", "Tamil", ((0x0B80, 0x0BFF),)),
    Script("Telu", "Telugu", ((0x0C00, 0x0C7F),)),
    Script("Knda", "Kannada", ((0x0C80, 0x0CFF),)),
    Script("Mlym", "Malayalam", ((0x0D00, 0x0D7F),)),
)})

# The labels every block may print; a Language must give each (or the spec gives `<label>_label:`).
LABEL_KEYS = ("myth", "fact", "sources")


def _lang(code: str, name: str, native: str, script: str, myth: str, fact: str, sources: str,
          no_break_before: tuple[str, ...] = (), no_break_after: tuple[str, ...] = ()) -> Language:
    return Language(code, name, native, script, code, MappingProxyType(
        {"myth": myth, "fact": fact, "sources": sources}), frozenset(no_break_before), frozenset(no_break_after))


# Hindi postpositions (पर, से ...), the auxiliaries है/हैं/था/थी/थे and the clitics भी/ही.
_HI_NO_BREAK_BEFORE = ("पर", "से", "को", "में", "की", "का", "के", "है", "हैं", "ने", "तक", "था", "थी", "थे",
                       "भी", "ही")
# Marathi case suffixes written apart (ला, ने, चा/ची/चे, त, मध्ये) and the auxiliaries आहे/आहेत.
_MR_NO_BREAK_BEFORE = ("ला", "ने", "चा", "ची", "चे", "त", "मध्ये", "आहे", "आहेत")
# The Hindi negation न before its verb (पैसे न दें).
_HI_NO_BREAK_AFTER = ("न",)


# Labels other than hi, mr and en await native-speaker review, like the poster texts in those languages.
LANGUAGES: Mapping[str, Language] = MappingProxyType({lang.code: lang for lang in (
    _lang("hi", "Hindi", "हिन्दी", "Deva", "भ्रम", "सच", "स्रोत", _HI_NO_BREAK_BEFORE, _HI_NO_BREAK_AFTER),
    _lang("mr", "Marathi", "मराठी", "Deva", "गैरसमज", "सत्य", "स्रोत", _MR_NO_BREAK_BEFORE),
    _lang("en", "English", "English", "Latn", "Myth", "Fact", "Sources"),
    _lang("bn", "Bengali", "বাংলা", "Beng", "ভুল ধারণা", "সত্য", "সূত্র"),
    _lang("gu", "Gujarati", "ગુજરાતી", "Gujr", "ગેરમાન્યતા", "હકીકત", "સ્રોત"),
    _lang("pa", "Punjabi", "ਪੰਜਾਬੀ", "Guru", "ਭਰਮ", "ਸੱਚ", "ਸਰੋਤ"),
    _lang("or", "Odia", "ଓଡ଼ିଆ", "Orya", "ଭ୍ରମ", "ସତ୍ୟ", "ଉତ୍ସ"),
    _lang("ta", "Tamil", "தமிழ்", "Taml", "கட்டுக்கதை", "உண்மை", "ஆதாரங்கள்"),
    _lang("te", "Telugu", "తెలుగు", "Telu", "అపోహ", "వాస్తవం", "ఆధారాలు"),
    _lang("kn", "Kannada", "ಕನ್ನಡ", "Knda", "ತಪ್ಪು ಕಲ್ಪನೆ", "ಸತ್ಯ", "ಮೂಲಗಳು"),
    _lang("ml", "Malayalam", "മലയാളം", "Mlym", "മിഥ്യ", "വസ്തുത", "ഉറവിടങ്ങൾ"),
)})


def language(code: str) -> Language:
    """The record for a code known to be valid (validation has checked it)."""
    return LANGUAGES[code]


def suggest_language(word: str) -> str | None:
    """'did you mean' text for an unknown code: close codes, or a language written by its name
    (`od` -> or (Odia, ଓଡ଼ିଆ); `hindi` -> hi)."""
    import difflib

    key = word.strip().lower()
    by_name = {lang.name.lower(): lang for lang in LANGUAGES.values()}
    by_name.update({lang.native.lower(): lang for lang in LANGUAGES.values()})
    if key in by_name:
        hit = by_name[key]
        return f"did you mean '{hit.code}' ({hit.described})?"
    # common other codes people type: ISO 639-2/3 and older spellings
    aliases = {"od": "or", "ori": "or", "ory": "or", "oriya": "or", "hin": "hi", "eng": "en", "mar": "mr",
               "ben": "bn", "guj": "gu", "pan": "pa", "tam": "ta", "tel": "te", "kan": "kn", "mal": "ml",
               "in": "hi", "hn": "hi", "ka": "kn", "tm": "ta", "tl": "te", "mal.": "ml", "gj": "gu", "pb": "pa"}
    if key in aliases:
        hit = LANGUAGES[aliases[key]]
        return f"did you mean '{hit.code}' ({hit.described})?"
    close = difflib.get_close_matches(key, list(LANGUAGES), n=1, cutoff=0.5)
    if close:
        hit = LANGUAGES[close[0]]
        return f"did you mean '{hit.code}' ({hit.described})?"
    return None


def language_list() -> str:
    """'hi (Hindi), en (English), ...' for hints."""
    return ", ".join(f"{lang.code} ({lang.name})" for lang in LANGUAGES.values())
