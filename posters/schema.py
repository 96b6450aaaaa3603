"""The block registry and the poster's own keys to a JSON Schema (draft 2020-12) of the spec format, for editors.

With it, VS Code's YAML extension (and any editor using yaml-language-server) completes keys, block kinds,
language codes, sizes and themes, shows what each key takes, and underlines mistakes while you type.
`python -m posters.schema` prints it (`python -m posters.schema FILE` writes it); `schema/poster.schema.json`
is that output, kept current by a test.

The schema says what one file can say on its own. What needs the whole spec (every text has each declared
language, a footer at most once, labels a language lacks, whether a logo file exists, does it fit) is left
to `posters check`. Only keywords that mean the same in draft 7 are used (`if`/`then`, `propertyNames`,
`$ref` to `$defs` by JSON pointer), because editors built on draft 7 read this schema too; besides them,
the annotations `enumDescriptions`, `patternErrorMessage` and `errorMessage` that VS Code's YAML extension
shows in completions and in place of its default messages (validators ignore them).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from .blocks import KINDS
from .geometry import NAMED_SIZES_MM, PX_SIZES, size_names
from .languages import LANGUAGES
from .spec.fields import MAX_STRING, record_schema
from .spec.validate import _ID, MAX_BLOCKS, THEME, TOP, theme_names

DIALECT = "https://json-schema.org/draft/2020-12/schema"
MAX_SIZES = 12  # as validate.py reads `sizes:`


def _any_case(word: str) -> str:
    """A regex for `word` in any mix of upper and lower case ('a4' -> '[Aa]4'); ECMA regexes have no flags."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in word)


def _language() -> dict[str, Any]:
    codes = list(LANGUAGES)
    return {
        "type": "string",
        "enum": codes,
        "enumDescriptions": [LANGUAGES[c].described for c in codes],
        "description": "a language code: " + ", ".join(f"{c} ({LANGUAGES[c].described})" for c in codes),
        "errorMessage": "Unknown language code: use " + ", ".join(f"{c} ({LANGUAGES[c].name})" for c in codes),
    }


def _text() -> dict[str, Any]:
    """Text in each language: `{hi: ..., en: ...}`. Listing every code as a property lets editors offer them."""
    return {
        "type": "object",
        "description": "the text in each of the poster's languages, e.g. {hi: ..., en: ...}; a new line in a '|' "
                       "block or the two characters \\n start a new printed line",
        "minProperties": 1,
        "propertyNames": {
            "enum": list(LANGUAGES),
            # the usual way to get here: `{hi: कॉल काटें, डरें नहीं, en: ...}` makes "डरें नहीं" a key
            "errorMessage": "Not a language code. If this is part of your text, YAML cut the text at a comma: "
                            "put the whole text in quotes. Codes: " + ", ".join(LANGUAGES),
        },
        "properties": {code: {"$ref": "#/$defs/words", "description": lang.described}
                       for code, lang in LANGUAGES.items()},
        "additionalProperties": False,
    }


def _words() -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": MAX_STRING, "pattern": "\\S",
            "patternErrorMessage": "The text is empty: write it, or remove the key",
            "description": "quote it if it contains ': ', or ',', '?', ':' inside { }"}


def _size() -> dict[str, Any]:
    names = size_names()
    described = [f"{w:g} x {h:g} mm" for w, h in NAMED_SIZES_MM.values()]
    described += [f"{w} x {h} pixels, for phones" for w, h in PX_SIZES.values()]
    return {
        "description": "a page size: " + ", ".join(names) + " (any case), or width x height in mm such as 300x400mm",
        "anyOf": [
            {"type": "string", "enum": names, "enumDescriptions": described,
             "errorMessage": "Unknown page size: use " + ", ".join(names) + ", or width x height in mm such as 300x400mm"},
            {"type": "string", "pattern": "^\\s*(?:" + "|".join(_any_case(n) for n in names) + ")\\s*$"},
            {"type": "string", "pattern": "^\\s*[0-9]+(?:\\.[0-9]+)?\\s*[xX×]\\s*[0-9]+(?:\\.[0-9]+)?\\s*[mM][mM]\\s*$"},
        ],
    }


def _block() -> dict[str, Any]:
    """A block: `kind:` picks one of the registry's kinds, whose keys (and only those) are then allowed."""
    kinds = list(KINDS.values())
    return {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"enum": [k.name for k in kinds], "enumDescriptions": [k.doc for k in kinds],
                                "errorMessage": "Unknown block kind: use " + ", ".join(k.name for k in kinds),
                                "description": "what this block is: " + ", ".join(k.name for k in kinds)}},
        "allOf": [{"if": {"properties": {"kind": {"const": k.name}}, "required": ["kind"]},
                   "then": {"$ref": f"#/$defs/block_{k.name}"}} for k in kinds],
    }


def _kind(name: str) -> dict[str, Any]:
    kind = KINDS[name]
    out = record_schema(kind.fields, extra={"kind": {"const": name, "description": kind.doc}})
    out["required"] = ["kind", *out.get("required", [])]
    out["title"] = f"{name} block"  # what editors call the completion that fills in the whole block
    out["description"] = f"a {name} block: {kind.doc}"
    return out


def _top() -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": {"type": "string", "pattern": _ID.pattern,
               "patternErrorMessage": "Only lower-case letters, digits and '-', e.g. whatsapp-calls",
               "description": "lower-case letters, digits and '-' (default: the file name)"},
        "title": {"$ref": "#/$defs/text", "description": "the PDF's title, in every language"},
        "languages": {"type": "array", "items": {"$ref": "#/$defs/language"}, "minItems": 1,
                      "maxItems": len(LANGUAGES), "uniqueItems": True,
                      "description": "the poster's languages; every text gives each of them"},
        "sizes": {"type": "array", "items": {"$ref": "#/$defs/size"}, "minItems": 1, "maxItems": MAX_SIZES,
                  "description": "the sizes `posters build` makes (default A4)"},
        "theme": {**THEME.schema(), "description": "the colours: " + ", ".join(theme_names())
                  + ", or your own: {primary: \"#c8102e\", accent: ..., paper: ..., ink: ...}"},
        "review": {"type": "object", "propertyNames": {"$ref": "#/$defs/language"},
                   "additionalProperties": {"$ref": "#/$defs/words"},
                   "description": "a note for each language whose translation a native speaker still has to check"},
        "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}, "minItems": 1, "maxItems": MAX_BLOCKS,
                   "description": "drawn top to bottom; the footer is pinned to the bottom"},
    }
    if set(props) != set(TOP):  # a key added to the poster must be described here too
        raise RuntimeError(f"schema and validate.TOP disagree: {sorted(set(props) ^ set(TOP))}")
    return props


def poster_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a poster spec, made from the block registry and the poster's keys."""
    defs: dict[str, Any] = {"language": _language(), "text": _text(), "words": _words(), "size": _size(),
                            "block": _block()}
    defs.update({f"block_{name}": _kind(name) for name in KINDS})
    return {
        "$schema": DIALECT,
        "title": "posters spec",
        "description": "A poster for `posters`: its title, languages and blocks. See the README's spec format.",
        "type": "object",
        "properties": _top(),
        "required": [key for key, required in TOP.items() if required],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_json() -> str:
    """The schema as committed in schema/poster.schema.json: two-space indent, sorted keys, final newline, and
    ASCII only (other characters as \\u escapes), so any console or redirect on any system can print it."""
    return json.dumps(poster_schema(), indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def main(argv: list[str]) -> None:
    """`python -m posters.schema` prints the schema; `python -m posters.schema FILE` writes it to FILE
    byte for byte (on Windows, a shell redirect may change the encoding or the line ends)."""
    if argv:
        from pathlib import Path

        Path(argv[0]).write_bytes(schema_json().encode("ascii"))
    else:
        sys.stdout.write(schema_json())


if __name__ == "__main__":
    main(sys.argv[1:])
