"""The JSON Schema for editors: current with the registry, a valid 2020-12 schema, accepts every shipped spec
and the README's example, and rejects what `posters check` rejects in the examples below."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft7Validator, Draft202012Validator

from posters.blocks import KINDS
from posters.blocks.base import COMMON_FIELDS
from posters.cli import main
from posters.errors import SpecError
from posters.languages import LANGUAGES
from posters.schema import poster_schema, schema_json
from posters.spec.validate import load_spec

from .conftest import CONTENT, MINIMAL, ROOT

SCHEMA_FILE = ROOT / "schema" / "poster.schema.json"
VALIDATORS = (Draft202012Validator, Draft7Validator)  # editors built on draft 7 must read it the same


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return poster_schema()


def _errors(schema: dict[str, Any], doc: Any) -> list[list[str]]:
    """The messages of each validator (2020-12 and draft 7) for one document."""
    return [[e.message for e in v(schema).iter_errors(doc)] for v in VALIDATORS]


def _load(path) -> Any:
    # PyYAML reads YAML 1.1 (`no` is false, unquoted 1930 a number); the shipped specs quote what must stay text
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "schema/poster.schema.json is out of date: run  python -m posters.schema schema/poster.schema.json")


def test_module_writes_the_file_byte_for_byte(tmp_path) -> None:
    import subprocess
    import sys

    target = tmp_path / "poster.schema.json"
    subprocess.run([sys.executable, "-m", "posters.schema", str(target)], check=True)
    assert target.read_bytes() == SCHEMA_FILE.read_bytes()


def test_schema_json_is_pretty_sorted_ascii_with_final_newline(schema) -> None:
    text = schema_json()
    assert text.endswith("}\n") and text.isascii()
    assert json.loads(text) == schema
    assert text == json.dumps(schema, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("validator", VALIDATORS)
def test_is_a_valid_schema(schema, validator) -> None:
    validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_made_from_the_registry_and_the_language_table(schema) -> None:
    defs = schema["$defs"]
    assert defs["block"]["properties"]["kind"]["enum"] == list(KINDS)
    for name, kind in KINDS.items():
        block = defs[f"block_{name}"]
        assert set(block["properties"]) == {"kind"} | {f.key for f in kind.fields} | {f.key for f in COMMON_FIELDS}
        assert block["additionalProperties"] is False
        assert set(block["required"]) == {"kind"} | {f.key for f in kind.fields if f.required}
    assert defs["language"]["enum"] == list(LANGUAGES)
    assert "Odia (ଓଡ଼ିଆ)" in defs["language"]["enumDescriptions"]
    assert set(defs["text"]["properties"]) == set(LANGUAGES)
    assert defs["text"]["propertyNames"]["enum"] == list(LANGUAGES)
    assert "quotes" in defs["text"]["propertyNames"]["errorMessage"]  # the comma-cut trap, named


def test_posters_schema_command_prints_it() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.output == schema_json()


# ---- accepts ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(CONTENT.glob("*.yaml")), ids=lambda p: p.name)
def test_accepts_every_shipped_spec(schema, path) -> None:
    assert _errors(schema, _load(path)) == [[], []]


def test_accepts_the_readme_example(schema, tmp_path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "blocks:" in b)
    assert _errors(schema, yaml.safe_load(example)) == [[], []]


@pytest.mark.parametrize("kind", ["poster", "handout"])
def test_accepts_what_posters_new_writes(schema, tmp_path, kind: str) -> None:
    target = tmp_path / f"{kind}.yaml"
    result = CliRunner().invoke(main, ["new", str(target), "--lang", "hi,or,en", "--kind", kind])
    assert result.exit_code == 0, result.output
    assert _errors(schema, _load(target)) == [[], []]


ACCEPTED = [
    MINIMAL,
    MINIMAL + "sizes: [a4, A3, Status, 300x400mm, 150 × 200 MM]\ntheme: calm\nid: my-poster-2\n",
    MINIMAL + "review:\n  hi: Not checked yet.\n",
    MINIMAL.replace('{hi: "क्या आपकी कॉल रिकॉर्ड होती है?", en: "Is your call recorded?"}',
                    "\n      hi: |\n        क्या आपकी कॉल\n        रिकॉर्ड होती है?\n      en: Is your call \\n recorded?"),
    MINIMAL + ("  - kind: helpline\n    number: '+91 1930'\n    label: {hi: कॉल करें, en: Call}\n"
               "    portal: https://cybercrime.gov.in\n"
               "  - kind: checklist\n    items:\n      - do: {hi: करें, en: Do}\n      - step: {hi: कदम, en: Step}\n"),
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepts_what_posters_accepts(schema, write_spec, text: str) -> None:
    load_spec(write_spec(text))  # posters reads it without a problem ...
    assert _errors(schema, yaml.safe_load(text)) == [[], []]  # ... and so does the schema


# ---- rejects ----------------------------------------------------------------------------------------------
def _base() -> dict[str, Any]:
    return yaml.safe_load(MINIMAL + "  - kind: helpline\n    number: '1930'\n    label: {hi: कॉल करें, en: Call}\n")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the base spec: set the value at a dotted path (list indexes as numbers)."""
    *parents, last = path.split(".")

    def change(doc: dict[str, Any]) -> None:
        node: Any = doc
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        node[int(last) if last.isdigit() else last] = value

    return change


def _append(block: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["blocks"].append(block)

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def change(doc: dict[str, Any]) -> None:
        node: Any = doc
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        del node[last]

    return change


REJECTED = {
    "unknown top-level key": _set("colour", "red"),
    "unknown key in a block": _set("blocks.0.subtitle", {"hi": "x", "en": "y"}),
    "unknown block kind": _set("blocks.1.kind", "paragraph"),
    "block without a kind": _drop("blocks.1.kind"),
    "missing required key (blocks)": _drop("blocks"),
    "missing required key (helpline number)": _drop("blocks.2.number"),
    "unknown language code": _set("languages", ["hi", "od"]),
    "text in an unknown language": _set("blocks.0.text.od", "ଓଡ଼ିଆ"),
    "helpline number with letters": _set("blocks.2.number", "19three0"),
    "text as a list": _set("blocks.1.text", ["सामने वाला", "The other person"]),
    "empty text": _set("blocks.1.text.en", "  "),
    "one language's text as true/false": _set("blocks.1.text.en", False),
    "languages as one string": _set("languages", "hi, en"),
    "language listed twice": _set("languages", ["hi", "en", "hi"]),
    "unknown size": _set("sizes", ["A0"]),
    "unknown theme": _set("theme", "dark"),
    "id with capitals": _set("id", "My Poster"),
    "unknown text style": _set("blocks.1.style", "bold"),
    "QR code without a web address": _append({"kind": "qr", "url": "cybercrime.gov.in",
                                              "caption": {"hi": "क", "en": "c"}}),
    "checklist item with two keys": _append({"kind": "checklist", "items": [
        {"do": {"hi": "क", "en": "a"}, "dont": {"hi": "ख", "en": "b"}}]}),
}

# Numbers where text is expected: posters reads the digits as text, but a YAML 1.1 reader (many editors and
# tools) makes them numbers, so the schema asks for quotes, as the README does.
NEEDS_QUOTES = {
    "helpline number as a number": _set("blocks.2.number", 1930),
    "one language's text as a number": _set("blocks.1.text.en", 112),
}


@pytest.mark.parametrize("change", REJECTED.values(), ids=REJECTED.keys())
def test_rejects_what_posters_rejects(schema, write_spec, change) -> None:
    doc = _base()
    assert _errors(schema, doc) == [[], []]
    bad = copy.deepcopy(doc)
    change(bad)
    found = _errors(schema, bad)
    assert found[0] and found[1], found  # both drafts reject it ...
    with pytest.raises(SpecError):  # ... and so does posters itself
        load_spec(write_spec(yaml.safe_dump(bad, allow_unicode=True, sort_keys=False)))


@pytest.mark.parametrize("change", NEEDS_QUOTES.values(), ids=NEEDS_QUOTES.keys())
def test_rejects_numbers_where_text_is_expected(schema, change) -> None:
    bad = _base()
    change(bad)
    found = _errors(schema, bad)
    assert found[0] and found[1], found
