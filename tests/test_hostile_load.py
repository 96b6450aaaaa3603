"""Hostile input to spec reading: every byte sequence, YAML construct and path is a positioned SpecError
with a hint in plain words (never another exception, a hang or a silently changed value)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from posters.errors import Diagnostic, SpecError
from posters.pipeline import find_specs
from posters.spec.load import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    Raw,
    comma_cuts,
    decode,
    load_file,
    load_text,
    yaml11_trap,
)
from posters.spec.textcheck import problems

JARGON = ("Error:", "ScannerError", "ParserError", "ReaderError", "ComposerError", "ConstructorError",
          "tag:yaml.org", "NoneType", "False", "True", "Traceback", "scalar", "<block end>", "<stream",
          "RecursionError", "Errno", "bytes object", "str object")


def assert_plain(diags: list[Diagnostic]) -> None:
    """Every message has a hint and no Python or PyYAML words."""
    for d in diags:
        assert d.hint, d.format()
        for word in JARGON:
            assert word not in d.message and word not in d.hint, (word, d.format())


def load_errors(data: str | bytes, tmp_path: Path) -> list[Diagnostic]:
    path = tmp_path / "spec.yaml"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    with pytest.raises(SpecError) as info:
        load_file(path)
    diags = info.value.diagnostics
    assert diags and all(d.file == str(path) for d in diags)
    assert_plain(diags)
    return diags


def check_row(diags: list[Diagnostic], fragment: str, line: int | None, col: int | None) -> None:
    match = [d for d in diags if fragment in d.message]
    assert match, [d.format() for d in diags]
    d = match[0]
    if line == 0:
        assert d.line is None, d.format()  # a file-level problem: "path: error: ..."
        assert d.format().startswith(f"{d.file}: error: ")
    elif line is not None:
        assert (d.line, d.col if col is not None else None) == (line, col), d.format()


# -- YAML syntax: (yaml, fragment, line, col) ------------------------------------------------------------
SYNTAX = [
    ('a: "foo\nb: 1\n', "never closed", 1, 4),
    ("a: 'foo\nb: 1\n", "never closed", 1, 4),
    ('title: {hi: "क्या\n', "never closed", 1, 13),
    ('a: [x, "y\nb: 1\n', "never closed", 1, 8),
    ('a: "foo\nb: "bar"\nc: 1\n', "closed only on line 2", 1, 4),
    ('a: "x" y\n', "text follows the closing quote", 1, 8),
    ("a: 'it's'\n", "text follows the closing quote", 1, 8),
    ("a:\n\tb: 1\n", "tab character", 2, 1),
    ("a: b: c\n", "':' followed by a space", 1, 5),
    ("a: [1, 2\n", "list is not closed", 2, 1),
    ("a: {hi: x, en: y\n", "mapping is not closed", 2, 1),
    ("@a: 1\n", "reserves", 1, 1),
    ("a: `x`\n", "reserves", 1, 4),
    ('a: "\\q"\n', "backslash", 1, None),  # libyaml points at the backslash, PyYAML at the letter
    ("a: 1\n---\nb: 2\n", "more than one YAML document", 2, 1),
    ("a: *x\n", "not defined with '&x'", 1, 4),
    ("- a\nb: 1\n", "list item is not indented", 2, 1),
    ("a: x\na: y\n", "duplicate key 'a'", 2, 1),
    ('a: x\n"a": y\n', "duplicate key 'a'", 2, 1),
    ("? [a]\n: 1\n", "a key must be a single word", 1, 3),
    ("{a: 1}: x\n", "a key must be a single word", 1, 1),
    ("<<: {a: 1}\n", "merge keys", 1, 1),
    ("? \n: x\n", "has no key", 1, 2),
    ("", "the file is empty", 1, 1),
    ("# only a comment\n", "the file is empty", 1, 1),
    ("a:\n  - b\n - c\n", "YAML syntax error", 3, 2),
]


@pytest.mark.parametrize("text,fragment,line,col", SYNTAX, ids=[f"syntax{i}" for i in range(len(SYNTAX))])
def test_yaml_syntax(tmp_path: Path, text: str, fragment: str, line: int | None, col: int | None) -> None:
    check_row(load_errors(text, tmp_path), fragment, line, col)


# -- encodings and bytes: (bytes, fragment, line, col) -----------------------------------------------------
ENCODING = [
    ("a: caf\xe9\n".encode("latin-1"), "not valid UTF-8", 1, 7),
    ("a: x\n# नमस्ते \xe9\n".encode().replace("\xe9".encode(), b"\xe9"), "not valid UTF-8", 2, 10),
    ("a: x\n".encode("utf-16-le"), "UTF-16 without a byte-order mark", 0, None),
    ("title: सूचना\n".encode("utf-16-be"), "UTF-16 without a byte-order mark", 0, None),
    (b"\xff\xfe" + "a: [x\n".encode("utf-16-le"), "list is not closed", 2, 1),
    (b"\xff\xfe" + b"a\x00:\x00 \x00\x00\xd8", "not valid UTF-16", 0, None),
    (b"\xff\xfe\x00\x00" + "a: [x\n".encode("utf-32-le"), "list is not closed", 2, 1),
    (b"a: b\x00c\n", "empty byte", 1, 5),
    (b"a: b\x07c\n", "U+0007 BELL", 1, 5),
    (b"a: x\nb: y\x1b[31m\n", "U+001B ESCAPE", 2, 5),
    (b"a: b\x7fc\n", "U+007F DELETE", 1, 5),
    ("a: b\u0085c\n".encode(), "U+0085", 1, 5),
    ("a: b\u009bc\n".encode(), "U+009B", 1, 5),
    (b"# \x01\na: b\n", "U+0001", 1, 3),
    (b"a: b\x0cc\n", "FORM FEED", 1, 5),
    (b"\x00" * 64, "UTF-16", 0, None),
]


@pytest.mark.parametrize("data,fragment,line,col", ENCODING, ids=[f"bytes{i}" for i in range(len(ENCODING))])
def test_encodings_and_bytes(tmp_path: Path, data: bytes, fragment: str, line: int | None, col: int | None) -> None:
    check_row(load_errors(data, tmp_path), fragment, line, col)


GOOD_ENCODINGS = [
    "\ufeffa: सूचना\n".encode("utf-8"),
    b"\xff\xfe" + "a: सूचना\n".encode("utf-16-le"),
    b"\xfe\xff" + "a: सूचना\n".encode("utf-16-be"),
    b"\x00\x00\xfe\xff" + "a: सूचना\n".encode("utf-32-be"),
    "a: सूचना\r\n".encode(),
]


@pytest.mark.parametrize("data", GOOD_ENCODINGS, ids=["utf8-bom", "utf16le", "utf16be", "utf32be", "crlf"])
def test_good_encodings_decode(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    assert load_file(path).value["a"].text == "सूचना"


# -- tags and YAML 1.1 scalars ----------------------------------------------------------------------------
TAGS = [
    ("a: !!int text\n", "!!int", 1, 4),
    ("a: !!binary aGVsbG8=\n", "!!binary", 1, 4),
    ("a: !!python/object/apply:os.system [ls]\n", "!!python/object/apply:os.system", 1, 4),
    ("a: !!python/name:os.system\n", "!!python/name:os.system", 1, 4),
    ("a: !custom x\n", "!custom", 1, 4),
    ("a: !!str {b: 1}\n", "!!str cannot stand before key: value pairs", 1, 4),
    ("a: !!str [x]\n", "!!str cannot stand before a list", 1, 4),
    ("a: !!float 1\n", "!!float", 1, 4),
    ("a: !!timestamp 2024-01-01\n", "!!timestamp", 1, 4),
    ("a: !<tag:example.com,2000:x> y\n", "!<tag:example.com,2000:x>", 1, 4),
    ("a: !!set {x}\n", "!!set", 1, 4),
    ("a:\n  - !!null x\n", "!!null", 2, 5),
]


@pytest.mark.parametrize("text,fragment,line,col", TAGS, ids=[f"tag{i}" for i in range(len(TAGS))])
def test_tags_are_errors(tmp_path: Path, text: str, fragment: str, line: int | None, col: int | None) -> None:
    check_row(load_errors(text, tmp_path), fragment, line, col)


# (yaml value, exact text kept, YAML 1.2 value, style, what YAML 1.1 would have made of it)
VALUES = [
    ("19:30", "19:30", "19:30", "plain", "int"),
    ("0123", "0123", 123, "plain", "int"),
    ("0x1930", "0x1930", "0x1930", "plain", "int"),
    ("0o17", "0o17", "0o17", "plain", None),
    ("1930", "1930", 1930, "plain", "int"),
    ("1_000", "1_000", "1_000", "plain", "int"),
    ("+91 1930", "+91 1930", "+91 1930", "plain", None),
    ("1.5", "1.5", 1.5, "plain", "float"),
    ("1:20:30.5", "1:20:30.5", "1:20:30.5", "plain", "float"),
    (".inf", ".inf", ".inf", "plain", "float"),
    ("no", "no", "no", "plain", "bool"),
    ("yes", "yes", "yes", "plain", "bool"),
    ("On", "On", "On", "plain", "bool"),
    ("OFF", "OFF", "OFF", "plain", "bool"),
    ("y", "y", "y", "plain", "bool"),
    ("n", "n", "n", "plain", "bool"),
    ("true", "true", True, "plain", "bool"),
    ("False", "False", False, "plain", "bool"),
    ("~", "~", None, "plain", "null"),
    ("null", "null", None, "plain", "null"),
    ("", "", None, "plain", "null"),
    ("2024-01-31", "2024-01-31", "2024-01-31", "plain", "timestamp"),
    ('"19:30"', "19:30", "19:30", "quoted", None),
    ("'0123'", "0123", "0123", "quoted", None),
    ('"no"', "no", "no", "quoted", None),
    ("!!str 19:30", "19:30", "19:30", "plain", None),
    ("!!str 0x10", "0x10", "0x10", "plain", None),
    ("|\n  line one\n  line two", "line one\nline two\n", "line one\nline two\n", "block", None),
    (">-\n  one\n  two", "one two", "one two", "block", None),
    ("कॉल 1930 पर", "कॉल 1930 पर", "कॉल 1930 पर", "plain", None),
    ('"\\u0915"', "क", "क", "quoted", None),
]


@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
@example("y")
@example("Yes")
@example("n")
@example("on")
@example("OFF")
@example("~")
@example("null")
@example("1e3")
@example(".inf")
@example("-.5")
@example("+1")
@example("2001-01-01")
@example("0x1F")
@example("1_000")
@example("<<")
@example("=")
@example("True")
@example("No. Calls")
@example("nan")
@example("Null x")
@example("on-line")
@example("n/a")
@example("T1")
@example("y2k")
@example("Yes!")
def test_plain_scalars_read_as_the_resolvers_read_them(text: str) -> None:
    """The loader answers most plain scalars without the YAML resolvers (by their first character, and for
    those that start with a letter by the few typed words): for every plain scalar it must say what the YAML
    1.2 and 1.1 resolvers say."""
    from posters.spec.load import _resolve_core, _yaml11_kind

    if text.lstrip().startswith("!"):  # a tag: kept as text, whatever it looks like
        return
    try:
        raw = load_text(f"k: {text}\n", "s.yaml").value["k"]
    except SpecError:
        return
    if not isinstance(raw, Raw) or raw.style != "plain" or raw.text is None or raw.tag is not None:
        return
    expected = _resolve_core(raw.text)
    kind = _yaml11_kind(raw.text)
    assert raw.value == expected and type(raw.value) is type(expected)
    assert raw.yaml11 == (None if isinstance(expected, str) and kind == "null" else kind)


def test_plain_words_read_as_the_resolvers_read_them() -> None:
    """A plain word of ASCII letters is text without the resolvers unless it is one of the few they type:
    every word of one or two letters and every spelling of the typed words (nUll, oN, ...) agrees."""
    import itertools
    import string

    from posters.spec.load import _resolve_core, _yaml11_kind

    words = [*string.ascii_letters, *("".join(p) for p in itertools.product(string.ascii_letters, repeat=2))]
    for typed in ("null", "true", "false", "yes", "no", "on", "off", "y", "n", "inf", "nan", "text", "note"):
        words += ["".join(p) for p in itertools.product(*({ch.lower(), ch.upper()} for ch in typed))]
    for word in words:
        raw = load_text(f"{word}: {word}\n", "s.yaml").value[word]
        for node in (raw, raw.key):
            assert node is not None
            expected, kind = _resolve_core(word), _yaml11_kind(word)
            assert node.value == expected and type(node.value) is type(expected), word
            assert node.yaml11 == (None if isinstance(expected, str) and kind == "null" else kind), word


@pytest.mark.parametrize("src,text,value,style,yaml11", VALUES, ids=[f"value{i}" for i in range(len(VALUES))])
def test_values_keep_what_was_typed(src: str, text: str, value: object, style: str, yaml11: str | None) -> None:
    raw = load_text(f"k: {src}\n", "s.yaml").value["k"]
    assert raw.text == text
    assert raw.value == value and type(raw.value) is type(value)
    assert raw.style == style
    assert raw.yaml11 == yaml11


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "y", "n", "No", "NO", "Off"])
def test_norway_keys_are_kept_as_typed_and_flagged(word: str) -> None:
    raw = load_text(f"title:\n  {word}: text\nlanguages: [hi, {word}]\n", "s.yaml")
    key = raw.value["title"].value[word]
    assert key.key_text == word and key.key is not None and key.key.yaml11 == "bool"
    trap = yaml11_trap(key.key)
    assert trap is not None and "quotes" in trap[1]
    item = raw.value["languages"].value[1]
    assert item.value == word and yaml11_trap(item) is not None


def test_quoted_and_tagged_values_are_not_traps() -> None:
    raw = load_text('a: "no"\nb: !!str yes\nc: hello\n', "s.yaml").value
    assert [yaml11_trap(raw[k]) for k in "abc"] == [None, None, None]


# (flow mapping, key whose text was cut, the whole text, the corrected mapping)
COMMA_CUTS = [
    ("{hi: कॉल काट दें, डरें नहीं।, or: ସୂଚନା}", "hi", "कॉल काट दें, डरें नहीं।",
     '{hi: "कॉल काट दें, डरें नहीं।", or: ସୂଚନା}'),
    ("{hi: a, b, c, en: d}", "hi", "a, b, c", '{hi: "a, b, c", en: d}'),
    ('{en: Say "no", then hang up, hi: x}', "en", 'Say "no", then hang up', '{en: "Say \\"no\\", then hang up", hi: x}'),
]


@pytest.mark.parametrize("flow,key,whole,fixed", COMMA_CUTS, ids=[f"comma{i}" for i in range(len(COMMA_CUTS))])
def test_text_cut_at_a_comma_is_found(flow: str, key: str, whole: str, fixed: str) -> None:
    (cut,) = comma_cuts(load_text(f"t: {flow}\n", "s.yaml").value["t"])
    assert (cut.key, cut.whole_text, cut.fixed_source) == (key, whole, fixed)
    assert cut.strays[0].line == 1 and cut.strays[0].col > cut.value.col


@pytest.mark.parametrize("text", ["t: {hi: a, en: b}\n", "t: {hi: 'a, b', en: c}\n", "t:\n  hi: a, b\n  en: c\n",
                                  "t: {hi: a, en: }\n"])
def test_no_comma_cut_where_there_is_none(text: str) -> None:
    assert comma_cuts(load_text(text, "s.yaml").value["t"]) == []


def test_positions_and_end_marks() -> None:
    raw = load_text("a:\n  b: [x, 'y']\n", "s.yaml")
    b = raw.value["a"].value["b"]
    assert (b.line, b.col, b.key_line, b.key_col, b.key_text, b.style) == (2, 6, 2, 3, "b", "flow")
    y = b.value[1]
    assert (y.line, y.col, y.end_line, y.end_col, y.quote) == (2, 10, 2, 13, "'")


# -- limits: (yaml, fragment) ----------------------------------------------------------------------------
def _alias_bomb() -> str:
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 6):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        text += f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    return text


LIMITS = [
    ("[" * 1000, f"nested more than {MAX_DEPTH} levels", 1, MAX_DEPTH + 1),
    ("{a: " * 1000, f"nested more than {MAX_DEPTH} levels", 1, 4 * MAX_DEPTH + 1),
    ("".join(f"{' ' * (2 * i)}k:\n" for i in range(200)) + " " * 400 + "x\n", "nested more than", None, None),
    ("- " * 500 + "x\n", "nested more than", None, None),
    ("a: &r [*r]\n", "refers to the list or mapping it is part of", 1, 8),
    ("a: &r {b: *r}\n", "refers to the list or mapping it is part of", 1, 11),
    (_alias_bomb(), f"expands to more than {MAX_NODES} values", None, None),
    ("a: [" + ", ".join(["x"] * (MAX_NODES + 5)) + "]\n", f"more than {MAX_NODES} values", None, None),
    ("a: &a [" + "[" * 40 + "]" * 40 + "]\nb: [" + "[" * 30 + "*a" + "]" * 30 + "]\n", "nested more than", None,
     None),
]


@pytest.mark.parametrize("text,fragment,line,col", LIMITS, ids=[f"limit{i}" for i in range(len(LIMITS))])
def test_limits_hold_at_the_parser(tmp_path: Path, text: str, fragment: str, line: int | None,
                                   col: int | None) -> None:
    start = time.perf_counter()
    check_row(load_errors(text, tmp_path), fragment, line, col)
    assert time.perf_counter() - start < 2.0


def test_many_values_without_aliases_do_not_blame_aliases(tmp_path: Path) -> None:
    diags = load_errors("a: [" + ", ".join(["x"] * (MAX_NODES + 5)) + "]\n", tmp_path)
    assert "alias" not in (diags[0].hint or "")


def test_small_alias_is_expanded_with_own_key_positions() -> None:
    raw = load_text("a: &t {hi: नमस्ते, en: Hello}\nb: *t\n", "s.yaml")
    assert raw.value["b"].value["hi"].text == "नमस्ते"
    assert raw.value["b"].key_line == 2 and raw.value["a"].key_line == 1


def test_size_limit(tmp_path: Path) -> None:
    check_row(load_errors("# " + "x" * (MAX_FILE_BYTES + 10) + "\n", tmp_path), "at most", 0, None)


# -- file types and paths --------------------------------------------------------------------------------
def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "f.yaml")
    return tmp / "f.yaml"


def _link_to_fifo(tmp: Path) -> Path:
    (tmp / "l.yaml").symlink_to(_fifo(tmp))
    return tmp / "l.yaml"


def _dangling(tmp: Path) -> Path:
    (tmp / "d.yaml").symlink_to(tmp / "gone.yaml")
    return tmp / "d.yaml"


def _folder(tmp: Path) -> Path:
    (tmp / "x.yaml").mkdir()
    return tmp / "x.yaml"


def _socket(tmp: Path) -> Path:
    path = tmp / "s.yaml"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    return path


def _in_missing_folder(tmp: Path) -> Path:
    (tmp / "file").write_text("a: 1\n")
    return tmp / "file" / "spec.yaml"


FILES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("fifo", _fifo, "named pipe"),
    ("symlink to fifo", _link_to_fifo, "named pipe"),
    ("dangling symlink", _dangling, "does not exist"),
    ("folder", _folder, "a folder"),
    ("dev-zero", lambda tmp: Path("/dev/zero"), "a device"),
    ("dev-urandom", lambda tmp: Path("/dev/urandom"), "a device"),
    ("dev-null", lambda tmp: Path("/dev/null"), "a device"),
    ("socket", _socket, "a socket"),
    ("missing", lambda tmp: tmp / "typo.yaml", "no such file"),
    ("under a file", _in_missing_folder, "no such file"),
]


@pytest.mark.parametrize("name,make,fragment", FILES, ids=[f[0] for f in FILES])
def test_only_regular_files_are_specs(tmp_path: Path, name: str, make: Callable[[Path], Path],
                                      fragment: str) -> None:
    path = make(tmp_path)
    start = time.perf_counter()
    with pytest.raises(SpecError) as info:
        load_file(path)
    assert time.perf_counter() - start < 1.0
    (d,) = info.value.diagnostics
    assert fragment in d.message and d.file == str(path) and d.line is None
    assert d.format().startswith(f"{path}: error: ")
    assert_plain([d])
    if name == "folder":
        return  # on the command line a folder is searched for specs
    found = find_specs([path])  # the same answer when the path is given on the command line
    assert found.specs == [] and [p.message for p in found.problems] == [d.message]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read every file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text("a: 1\n")
    path.chmod(0)
    with pytest.raises(SpecError) as info:
        load_file(path)
    assert "permission denied" in info.value.diagnostics[0].message


def _folder_of(tmp: Path, names: list[str]) -> Path:
    for name in names:
        (tmp / name).write_text("a: 1\n")
    return tmp


# (files in a folder, names find_specs must return, fragments of the problems it must report)
FOLDERS: list[tuple[list[str], list[str], list[str]]] = [
    (["a.yaml", "._a.yaml"], ["a.yaml"], []),
    (["a.yaml", "a.yaml~", "a.yaml.bak", ".a.yaml.swp", ".hidden.yaml"], ["a.yaml"], []),
    (["a.yaml", "B.YAML", "c.Yml", "d.yml", "e.txt", "f.yaml.txt"], ["B.YAML", "a.yaml", "c.Yml", "d.yml"], []),
    (["#a.yaml#", "a.yaml.orig"], [], []),
]


@pytest.mark.parametrize("names,expected,fragments", FOLDERS, ids=[f"folder{i}" for i in range(len(FOLDERS))])
def test_folder_scan(tmp_path: Path, names: list[str], expected: list[str], fragments: list[str]) -> None:
    found = find_specs([_folder_of(tmp_path, names)])
    assert [p.name for p in found.specs] == expected
    assert found.problems == []


def test_folder_reports_dangling_links_and_fifos_and_keeps_going(tmp_path: Path) -> None:
    _folder_of(tmp_path, ["good.yaml"])
    _dangling(tmp_path)
    _fifo(tmp_path)
    (tmp_path / "sub.yaml").mkdir()
    found = find_specs([tmp_path, tmp_path / "typo.yaml", tmp_path / "good.yaml"])
    assert [p.name for p in found.specs] == ["good.yaml"]  # once, although named twice
    messages = sorted(f"{Path(d.file or '').name}: {d.message}" for d in found.problems)
    assert len(messages) == 3, messages
    assert "d.yaml: this is a link" in messages[0]
    assert "f.yaml: this is a named pipe" in messages[1]
    assert "typo.yaml: no such file" in messages[2]
    assert_plain(found.problems)


# -- text checks: (text, fragment, offset) -----------------------------------------------------------------
TEXTS = [
    ("a\x07b", "U+0007 BELL", 1),
    ("a\x00b", "U+0000", 1),
    ("ab\x7f", "U+007F DELETE", 2),
    ("a\x85b", "U+0085", 1),
    ("a\x9fb", "U+009F", 1),
    ("x\x1b[1m", "U+001B ESCAPE", 1),
    ("\r", "U+000D", 0),
    ("\u200b", "only invisible characters", 0),
    ("\u200c\u200d", "only invisible characters", 0),
    ("\ufeff", "only invisible characters", 0),
    ("\u00a0 \u00a0", "only invisible characters", 0),
    ("\u093f क", "starts a word", 0),
    ("कि \u0940", "starts a word", 3),
    ("\u0301abc", "combining mark", 0),
    ("a \u09be", "vowel sign", 2),
    ("\u200b\u093e", "starts a word", 1),
    ("की\u0940", "two vowel signs", 2),
    ("क\u093f\u0940", "two vowel signs", 2),
    ("\u0995\u09cb\u09be", "two vowel signs", 2),
    ("\u0b95\u0bc6\u0bc6", "two vowel signs", 2),
    ("** **", "empty bold", 0),
    ("a **** b", "4 asterisks", 2),
    ("***x***", "3 asterisks", 0),
    ("**a **b** c**", "bold cannot be nested", 4),
    ("**open", "is not closed", 0),
    ("x **a** **b", "is not closed", 8),
    ("**\u200b**", "empty bold", 0),
    ("** x**", "must hug its words", 0),
]


@pytest.mark.parametrize("text,fragment,offset", TEXTS, ids=[f"text{i}" for i in range(len(TEXTS))])
def test_text_problems(text: str, fragment: str, offset: int) -> None:
    found = problems(text)
    match = [p for p in found if fragment in p.message]
    assert match, found
    assert match[0].offset == offset
    for p in found:
        assert p.hint and not any(w in p.message + p.hint for w in JARGON)


CLEAN_TEXTS = [
    "कॉल काट दें, डरें नहीं।", "**Block** and **report** the account.", "5 * 3 = 15", "\u0995\u09c7\u09be",
    "\u0b95\u0bc6\u0bbe", "\u0c95\u0cc6\u0cc2", "ସୂଚନା", "a\tb\nc", "क्षमा", "किं", "Zoë", "কো", "\u0c15\u0c46\u0c56",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_clean_texts_have_no_problems(text: str) -> None:
    assert problems(text) == []


# -- properties: no input makes the loader raise anything but SpecError, or take long --------------------
GOOD = """\
title: {hi: सूचना, en: Notice}
languages: [hi, en]
blocks:
  - kind: helpline
    number: "1930"
    label: {hi: 'कॉल करें', en: Call}
  - kind: text
    text:
      hi: |
        सामने वाला रिकॉर्ड कर सकता है।
      en: The other person can record.
"""

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_bytes(data: bytes) -> None:
    start = time.perf_counter()
    try:
        load_text(decode(data, "s.yaml"), "s.yaml")
    except SpecError as err:
        assert err.diagnostics and all(d.hint for d in err.diagnostics)
    assert time.perf_counter() - start < 1.0


@FAST
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    _load_bytes(data)


@FAST
@given(st.integers(0, len(GOOD.encode())))
def test_truncations(cut: int) -> None:
    _load_bytes(GOOD.encode()[:cut])


@FAST
@given(st.integers(0, len(GOOD)), st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\t", "\r", "\ufeff",
                                                    "\u200b", '"', "'", "[", "{", "*", "&", "!", ":", "#", "|"]))
def test_inserted_characters(at: int, ch: str) -> None:
    _load_bytes((GOOD[:at] + ch + GOOD[at:]).encode("utf-8", "surrogatepass"))


@FAST
@given(st.text(alphabet="[]{}-:, \nab&*!'\"", max_size=400))
def test_bracket_soup(text: str) -> None:
    _load_bytes(text.encode())


@FAST
@given(st.integers(1, 3000), st.sampled_from(["[", "{a: ", "- ", "a:\n "]))
def test_deep_nesting(depth: int, opener: str) -> None:
    _load_bytes((opener * depth).encode())


def test_raw_keeps_old_fields_for_validation() -> None:
    raw = load_text(GOOD, "s.yaml")
    assert isinstance(raw, Raw) and raw.style == "block"
    number = raw.value["blocks"].value[0].value["number"]
    assert (number.value, number.text, number.line, number.col, number.key_line, number.key_col) == \
        ("1930", "1930", 5, 13, 5, 5)


# -- the loader's quick paths (most scalars and mapping entries) give what its full path gives ---------------
def _load_both(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from posters.spec import load

    def outcome() -> object:
        try:
            return load_text(text, "s.yaml")
        except SpecError as err:
            return [d.format() for d in err.diagnostics]

    quick = outcome()
    monkeypatch.setattr(load._Composer, "quick", False)
    full = outcome()
    monkeypatch.setattr(load._Composer, "quick", True)
    assert quick == full  # Raw compares every field, the nested values and each entry's key


QUICK_CASES = [
    GOOD, "k: 'a'\nl: \"b\"\nm: |\n  c\nn: >-\n  d\n", "t: {hi: call, don't pay, en: x}\n",
    "a: &x text\nb: *x\n&k key: v\n", "a: !!str 12\nb: !foo x\nc: ! y\n", "a: 1\nb: 1.5\nc: 19:30\nd: 0123\n",
    "en: no\nNO: yes\nnote: null\nNull: ~\ntext: true\nfact: False\ny: n\nword: Word\nOn: off\n",
    "a: 1\na: 2\n", "a: x\nb: y\na: z\n", "<<: x\n", "'<<': y\n", "'': e\n", "? \n: c\n",
    "a: &y {b: c}\nd: *y\ne: *y\n", "a: &k key\n*k : v\n", "? [a, b]\n: c\n? {d: e}\n: f\n", "[a, {b: c}, [d, 'e']]\n",
    "a:\nb: ''\nc: -x\nd: .5\ne: =\nf: ~x\n", "'k': v\n\"l\": w\n|-\n  m\n",
]


@pytest.mark.parametrize("text", QUICK_CASES, ids=[f"quick{i}" for i in range(len(QUICK_CASES))])
def test_quick_paths_agree_with_the_full_path(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _load_both(text, monkeypatch)


def test_quick_paths_agree_on_the_shipped_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parent.parent
    specs = sorted((root / "content").glob("*.yaml")) + sorted((root / "bench").glob("*.yaml"))
    assert specs
    for spec in specs:
        _load_both(spec.read_text("utf-8"), monkeypatch)


@FAST
@given(st.text(alphabet="[]{}-:, \nabyNnoO1.~&*!|>'\"#", max_size=120))
def test_quick_paths_agree_on_any_text(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _load_both(text, monkeypatch)
