"""Spec file bytes to a `Raw` tree of YAML 1.2 core values, each with its exact source text and position.

Reading is defensive: only regular files are opened (never a FIFO or device), the size, nesting depth,
node count and alias expansion are bounded while the YAML events stream in, and every problem becomes a
`SpecError` whose message and hint are written for people who do not know YAML's or Python's words.

Scalars are resolved here, not by PyYAML: only `true`/`false`, `null`/`~`/empty and decimal numbers are
typed (YAML 1.2 core schema); everything else is text exactly as written. What YAML 1.1 would have made of
a plain scalar (`no` -> false, `19:30` -> 1170, `0123` -> 83) is recorded in `Raw.yaml11` so validation
can warn about the trap while keeping the user's text.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import field, replace
from pathlib import Path
from typing import Any

import yaml

from ..dataclass_fast import dataclass
from ..errors import Diagnostic, SpecError

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000  # after alias expansion: stops "billion laughs" documents
MAX_DEPTH = 64  # nested lists/mappings; a poster needs about 6
MAX_CONTROL_REPORTS = 20  # control characters listed one by one before "and N more"

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: same marks, ~20x faster

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution). Hex (0x) and octal (0o)
# integers and .inf/.nan are core too, but no poster value is written that way: they stay text.
_NULL = re.compile(r"(?:null|Null|NULL|~)?\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
# YAML 1.1 also reads these one-letter words as booleans (PyYAML does not, other tools do).
_YAML11_BOOL_EXTRA = {"y", "Y", "n", "N"}
# What a plain scalar that YAML 1.1 or 1.2 could read as something other than text may start with (PyYAML's
# implicit resolvers are keyed by these characters too; the empty scalar is null).
_MAYBE_TYPED = frozenset("+-.0123456789~<=!&*FNOTYfnoty")
# The words that YAML 1.2 or 1.1 reads as something other than text (null, true/false, yes/no, on/off, y/n): of
# the plain scalars that start with a letter, only these (every other, 'en', 'note', 'No. Calls are ...', is
# text to both; numbers, dates and .inf start with a digit, a sign or a dot).
_TYPED_WORDS = frozenset(("null", "Null", "NULL", *_BOOL, "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON",
                          "off", "Off", "OFF", *_YAML11_BOOL_EXTRA))


def _always_text(plain: str) -> bool:
    """Whether a plain scalar is text to every YAML reader (1.2 and 1.1) without running their resolvers:
    none of them keys on its first character, or it starts with a letter and is none of the typed words."""
    return bool(plain) and (plain[0] not in _MAYBE_TYPED or (plain[0].isalpha() and plain not in _TYPED_WORDS))


_YAML11_NAMES = {"bool": "bool", "int": "int", "float": "float", "null": "null", "timestamp": "timestamp"}

_BREAKS = "\n\r\x85\u2028\u2029"


@dataclass
class Raw:
    """A YAML value with its 1-based position. `value` holds dict[str, Raw], list[Raw] or a scalar.

    For scalars, `value` is the YAML 1.2 core value (None, bool, int, float or str) and `text` the
    text exactly as written (plain) or the string's content (quoted, block). `style` is "plain",
    "quoted" or "block" for scalars and "flow" or "block" for lists and mappings. `yaml11` says what a
    YAML 1.1 reader (PyYAML's default, many editors) would have made of a plain scalar: "bool", "int",
    "float", "null", "timestamp", or None when it would be text as well.
    """

    value: Any
    line: int
    col: int
    key_line: int | None = None  # for mapping values: where their key is written
    key_col: int | None = None
    text: str | None = None  # scalars only: exactly what the user typed (see class docstring)
    style: str = "plain"
    quote: str | None = None  # "'" or '"' for quoted scalars, "|" or ">" for block scalars
    yaml11: str | None = None
    end_line: int | None = None  # 1-based position just after the value
    end_col: int | None = None
    key_text: str | None = None  # for mapping values: their key exactly as written
    key: Raw | None = None  # for mapping values: the key itself (style, yaml11 for `no:` keys)
    tag: str | None = None  # an explicit `!!str`, as written, if there was one
    source: str | None = field(default=None, repr=False)  # scalars and flow [ ] { }: the characters as written
    index: int | None = field(default=None, repr=False)  # character offsets of line:col and of the end
    end_index: int | None = field(default=None, repr=False)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, (dict, list))


def yaml11_trap(raw: Raw) -> tuple[str, str] | None:
    """(message, hint) when a plain scalar means something else to a YAML 1.1 reader, else None.

    Validation decides whether it is an error (a yes/no word where a language code is expected) or a
    note (a time like 19:30 kept as text here, but shown as 1170 by other YAML tools).
    """
    if raw.style != "plain" or raw.yaml11 is None or raw.text is None or raw.tag is not None:
        return None
    t = raw.text
    if raw.yaml11 == "bool":
        note = (" ('no' is also the code for Norwegian, which is not a poster language; Odia is 'or')"
                if t.lower() == "no" else "")
        return (f"'{t}' is read as yes/no (true/false) by many YAML tools, not as the word {t!r}",
                f"put it in quotes: \"{t}\"{note}")
    if raw.yaml11 in ("int", "float") and raw.value is not None and not isinstance(raw.value, str):
        return (f"{t} is written as a number",
                f"if it is text (a phone number, a time), put it in quotes: \"{t}\"")
    if raw.yaml11 in ("int", "float"):
        return (f"{t} is read as a number by many YAML tools (e.g. 19:30 becomes 1170, 0x10 becomes 16)",
                f"put it in quotes so every tool keeps it as written: \"{t}\"")
    if raw.yaml11 == "timestamp":
        return (f"{t} is read as a date by many YAML tools", f"put it in quotes: \"{t}\"")
    return None


_RESOLVER_11: Any = yaml.resolver.Resolver()


@dataclass
class CommaCut:
    """In `{hi: text, more text, en: ...}` YAML ends the Hindi text at the comma and makes the rest a key."""

    key: str  # the key whose text was cut ("hi")
    value: Raw  # the cut text
    strays: list[Raw]  # the keys made of the rest of the text (their own values are empty)
    whole_text: str  # what the user meant: "text, more text"
    fixed_source: str | None  # the { } mapping as written, with the whole text in quotes


def comma_cuts(mapping: Raw) -> list[CommaCut]:
    """Texts in a flow mapping `{...}` that YAML cut at a comma (see CommaCut); [] for anything else.

    A stray is a plain key written without a colon (so its value is empty) right after a plain text.
    """
    if mapping.style != "flow" or not isinstance(mapping.value, dict):
        return []
    items = list(mapping.value.values())
    cuts: list[CommaCut] = []
    i = 0
    while i < len(items):
        value = items[i]
        strays: list[Raw] = []
        j = i + 1
        while j < len(items) and _is_stray(items[j]):
            key = items[j].key
            assert key is not None
            strays.append(key)
            j += 1
        if strays and value.style == "plain" and isinstance(value.text, str) and value.text and value.key_text:
            whole = ", ".join([value.text] + [k.text or "" for k in strays])
            cuts.append(CommaCut(value.key_text, value, strays, whole, _fixed(mapping, value, strays, whole)))
        i = j
    return cuts


def _is_stray(entry: Raw) -> bool:
    key = entry.key
    return (key is not None and key.style == "plain" and entry.value is None and entry.text == ""
            and entry.index is not None and entry.index == key.end_index)


def _fixed(mapping: Raw, value: Raw, strays: list[Raw], whole: str) -> str | None:
    src, base = mapping.source, mapping.index
    if src is None or base is None or value.index is None or strays[-1].end_index is None:
        return None
    quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return src[:value.index - base] + quoted + src[strays[-1].end_index - base:]


def _yaml11_kind(text: str) -> str | None:
    if text in _YAML11_BOOL_EXTRA:
        return "bool"
    tag = _RESOLVER_11.resolve(yaml.ScalarNode, text, (True, False))
    name = str(tag).rsplit(":", 1)[-1]
    return _YAML11_NAMES.get(name)


def _resolve_core(text: str) -> Any:
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


# -- messages -----------------------------------------------------------------------------------------

def _diag(file: str, message: str, line: int | None = None, col: int | None = None,
          hint: str | None = None) -> Diagnostic:
    return Diagnostic(message=message, file=file, line=line, col=col, hint=hint)


def _tag_shown(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:"):]
    if tag.startswith("!"):
        return tag
    return f"!<{tag}>"


_TAG_HINT = ("a poster spec holds only text, lists and 'key: value' lines, so remove the word starting "
             "with '!'; to keep a value exactly as typed, put it in quotes")

_CHAR_NAMES = {
    0x00: "NUL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED",
    0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE", 0xA0: "NO-BREAK SPACE",
}


def char_name(ch: str) -> str:
    """'U+0007 BELL': a character as a code and a name, for messages about invisible characters."""
    import unicodedata

    code = ord(ch)
    name = _CHAR_NAMES.get(code) or unicodedata.name(ch, "")
    if not name:
        name = "control character" if unicodedata.category(ch) == "Cc" else "unnamed character"
    return f"U+{code:04X} {name}"


def _is_forbidden(ch: str) -> bool:
    """Characters no spec file may contain: C0 controls except tab/newline/CR, DEL, C1, non-characters."""
    o = ord(ch)
    return ((o < 0x20 and ch not in "\t\n\r") or 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF
            or o in (0xFFFE, 0xFFFF))


_SYNTAX_HINTS: list[tuple[str, str, str]] = [
    # (fragment of the parser's problem, plain message, hint)
    ("found unexpected end of stream", "this quoted text is never closed",
     "add the closing quote (\" or ') at the end of the text"),
    ("unknown escape character", "a backslash (\\) in \"double quotes\" starts an unknown escape",
     "write the text in 'single quotes', or write \\\\ for a backslash"),
    ("expected escape sequence", "a backslash (\\) in \"double quotes\" starts an unknown escape",
     "write the text in 'single quotes', or write \\\\ for a backslash"),
    ("found a tab character", "a tab is used for indentation",
     "indent with spaces only (most editors have a setting 'insert spaces for tabs')"),
    ("found character '\\t'", "a tab is used for indentation",
     "indent with spaces only (most editors have a setting 'insert spaces for tabs')"),
    ("cannot start any token", "a value starts with a character that YAML reserves (such as @ ` % or a tab)",
     "put the text in quotes"),
    ("mapping values are not allowed", "a ':' followed by a space inside a value",
     "put text that contains ': ' in quotes, e.g. note: \"Time: 24 hours\"; or check the indentation of "
     "the line"),
    ("could not find expected ':'", "a 'key: value' line is missing its ':' (or a quote or bracket is not "
     "closed)", "write 'key: value', with a space after the colon, and check quotes and brackets"),
    ("did not find expected ',' or ']'", "a [ ] list is not closed, or an item contains ',' or ':'",
     "close the list with ']'; put items that contain ',' or ': ' in quotes"),
    ("expected ',' or ']'", "a [ ] list is not closed, or an item contains ',' or ':'",
     "close the list with ']'; put items that contain ',' or ': ' in quotes"),
    ("did not find expected ',' or '}'", "a { } mapping is not closed, or a text in it contains ',' or ':'",
     "inside { }, text that contains ',', '?', ':' or '#' must be in quotes, e.g. {hi: \"क्या?\", "
     "en: \"What?\"}; also check that every bracket is closed"),
    ("expected ',' or '}'", "a { } mapping is not closed, or a text in it contains ',' or ':'",
     "inside { }, text that contains ',', '?', ':' or '#' must be in quotes, e.g. {hi: \"क्या?\", "
     "en: \"What?\"}; also check that every bracket is closed"),
    ("did not find expected key", "this line is not indented like the lines around it",
     "line up keys of the same mapping exactly; list items start with '- ' at the same column"),
    ("block collection", "a list item is not indented like the others",
     "start every item of a list with '- ' at the same column"),
    ("expected <block end>", "this line is not indented like the lines around it, or text after a "
     "quoted value", "line up keys of the same mapping exactly, and put the whole text inside the quotes"),
    ("did not find expected <document start>", "text after the end of the spec",
     "check the indentation of this line; a spec is one mapping of 'key: value' lines"),
    ("did not find expected '-' indicator", "a list item is not indented like the others",
     "start every item of a list with '- ' at the same column"),
    ("did not find expected node content", "a value is missing", "write a value after the ':' or '- '"),
    ("expected the node content", "a value is missing", "write a value after the ':' or '- '"),
    ("did not find expected alphabetic or numeric character", "a '&' or '*' is not followed by a name",
     "put text that starts with & or * in quotes"),
    ("found undefined alias", "a '*' refers to a name that was not defined with '&'",
     "put text that starts with * in quotes"),
    ("found undefined tag handle", "a word starting with '!' is not allowed here", _TAG_HINT),
    ("found duplicate anchor", "the same '&' name is defined twice", "give each '&name' a different name"),
    ("block scalar", "a '|' or '>' text block is not written correctly",
     "after '|' or '>' start the text on the next line, indented further than its key"),
    ("simple key", "a key is too long or spans lines",
     "keys are single words like 'title' or 'hi'; put long text in the value, after the colon"),
    ("document separator", "a quoted text contains a line with '---' or '...'",
     "close the quotes before that line, or remove it"),
    ("found incompatible YAML document", "the file declares an unsupported YAML version",
     "remove the %YAML line at the top"),
    ("directive", "a line starting with '%' is not allowed", "remove it, or put that text in quotes"),
]


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, file: str, last_scalar: Any) -> SpecError:
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    message = "the YAML structure is broken here"
    hint = ("check indentation (spaces, not tabs), the colon after each key, and quotes around text "
            "that contains ': ' or starts with a special character")
    for fragment, msg, h in _SYNTAX_HINTS:
        if fragment in problem or fragment in context:
            message, hint = msg, h
            break
    if mark is not None and text[mark.index:mark.index + 1] == "\t":
        message, hint = ("a tab character is used where YAML needs spaces",
                         "indent with spaces only (most editors have a setting 'insert spaces for tabs')")
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark is not None:
        mark = exc.context_mark  # point at the opening quote, not the end of the file
        quote = text[mark.index:mark.index + 1]
        if quote and quote in "'\"":
            hint = f"add the closing {quote} at the end of this text"
    elif (mark is not None and last_scalar is not None and last_scalar.style in ("'", '"')
          and last_scalar.end_mark.line == mark.line
          and not text[last_scalar.end_mark.index:mark.index].strip()):
        start, end = last_scalar.start_mark, last_scalar.end_mark
        quote = last_scalar.style
        other = '"' if quote == "'" else "'"
        if start.line != end.line:
            return SpecError(_diag(
                file, f"YAML syntax error: the quoted text that starts here is closed only on line {end.line + 1}",
                start.line + 1, start.column + 1,
                f"add the closing {quote} at the end of the text on this line; a {quote} inside the text must be "
                + ("written twice ('')" if quote == "'" else f"avoided: enclose the text in {other} instead")))
        message = "text follows the closing quote of this value"
        hint = (f"put the whole text inside the quotes; if the text itself contains {quote}, enclose it in "
                f"{other} instead" + (" or write the quote twice (it''s)" if quote == "'" else ""))
    return SpecError(_diag(file, f"YAML syntax error: {message}",
                           mark.line + 1 if mark else None, mark.column + 1 if mark else None, hint))


# -- decoding ----------------------------------------------------------------------------------------

def decode(data: bytes, file: str) -> str:
    """Spec bytes to text: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; other bytes are errors."""
    boms = [(b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
            (b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe", "utf-16-le", "UTF-16"),
            (b"\xfe\xff", "utf-16-be", "UTF-16")]
    for bom, codec, name in boms:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise SpecError(_diag(file, f"the file says it is {name} but contains bytes that are not "
                                            f"valid {name} (at byte {exc.start + len(bom)})",
                                      hint="open it in a text editor and save it again as UTF-8")) from None
    if b"\x00" in data:
        sample = data[:4096]
        odd_nuls = sample[1::2].count(0)
        even_nuls = sample[0::2].count(0)
        if len(sample) >= 4 and max(odd_nuls, even_nuls) >= len(sample) // 2 * 0.6:
            raise SpecError(_diag(file, "the file seems to be saved as UTF-16 without a byte-order mark "
                                        "(every other byte is empty)",
                                  hint="open it in a text editor and save it as UTF-8 "
                                       "(Save As... > Encoding: UTF-8)"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        raise SpecError(_diag(file, f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02X})", line, col,
                              hint="save the file as UTF-8 in your editor (Save As... > Encoding: UTF-8)")) from None


_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _check_characters(text: str, file: str) -> None:
    if not _FORBIDDEN.search(text):
        return  # the usual case, found in one pass of the regex engine
    diags: list[Diagnostic] = []
    extra = 0
    line, line_start = 1, 0
    for i, ch in enumerate(text):
        if ch == "\n":
            line, line_start = line + 1, i + 1
        elif _is_forbidden(ch):
            if len(diags) >= MAX_CONTROL_REPORTS:
                extra += 1
                continue
            what = "an empty byte" if ch == "\x00" else "an invisible control character"
            diags.append(_diag(file, f"the file contains {what}, {char_name(ch)}", line, i - line_start + 1,
                               "delete it (it is invisible in most editors: delete the character at this "
                               "position and retype it); text may not contain control characters"))
    if extra:
        last = diags[-1]
        diags[-1] = replace(last, message=last.message + f" (and {extra} more control characters after this one)")
    if diags:
        raise SpecError(diags)


# -- composing ---------------------------------------------------------------------------------------

@dataclass
class _Open:
    raw: Raw
    anchor: str | None
    nodes_at_start: int
    pending_key: Raw | None = None  # mappings: the key waiting for its value
    height: int = 1


@dataclass
class _Anchored:
    raw: Raw
    size: int
    height: int


class _Composer:
    def __init__(self, text: str, file: str):
        self.text = text
        self.file = file
        self.diags: list[Diagnostic] = []
        self.nodes = 0
        self.aliases_used = 0
        self.last_scalar: Any = None  # the parser's last scalar event, to explain errors right after it
        self.anchors: dict[str, _Anchored | None] = {}  # None: still open (an alias to it is recursive)

    def fail(self, message: str, mark: Any, hint: str) -> SpecError:
        return SpecError([*self.diags, _diag(self.file, message, mark.line + 1, mark.column + 1, hint)])

    def count(self, mark: Any, n: int = 1) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            hint = ("YAML aliases (*name) repeat content too often; write the content out once, or split "
                    "it into several specs" if self.aliases_used else
                    "a poster holds at most a few hundred values: split the content into several specs")
            raise self.fail(f"the document expands to more than {MAX_NODES} values", mark, hint)

    def compose(self) -> Raw | None:
        loader = _Loader(self.text)
        try:
            return self._events(loader)
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(exc, self.text, self.file, self.last_scalar) from None
        except yaml.YAMLError:
            raise SpecError(_diag(self.file, "the file cannot be read as YAML",
                                  hint="check that it is a text file written like the examples in "
                                       "README.md")) from None
        except RecursionError:
            raise SpecError(_diag(self.file, f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                                  hint="check the brackets [ ] and { }: each one opened must be closed")) from None
        finally:
            loader.dispose()

    # False only in tests: every scalar and mapping entry then takes the full path
    # (_scalar, _attach), which the quick paths in _events must agree with
    quick = True

    def _events(self, loader: Any) -> Raw | None:
        stack: list[_Open] = []
        root: Raw | None = None
        documents = 0
        text, quick, new = self.text, self.quick, object.__new__
        get_event, scalar_event, alias_event = loader.get_event, yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        last_scalar: Any = None
        node: Raw
        try:
            while True:
                ev: Any = get_event()
                kind = type(ev)
                if kind is scalar_event:  # most events: handled first
                    last_scalar = ev
                    start = ev.start_mark
                    self.count(start)
                    value_text: str = ev.value
                    if quick and ev.tag is None and (ev.style or _always_text(value_text)):
                        # text to every YAML reader (quoted, a block, a plain scalar no resolver keys on, or one
                        # that starts with a letter and is none of the typed words): the fields _scalar would
                        # set, the others keep their class defaults
                        end = ev.end_mark
                        node = new(Raw)
                        node.value = node.text = value_text
                        node.line, node.col = start.line + 1, start.column + 1
                        node.end_line, node.end_col = end.line + 1, end.column + 1
                        node.index, node.end_index = i, j = start.index, end.index
                        node.source = text[i:j]
                        style = ev.style
                        if style:
                            node.style = "quoted" if style == "'" or style == '"' else "block"
                            node.quote = style
                    else:
                        node = self._scalar(ev)
                    if ev.anchor is not None:
                        self.anchors[ev.anchor] = _Anchored(node, 1, 1)
                elif kind is mapping_start or kind is sequence_start:
                    self.count(ev.start_mark)
                    self._start(ev, stack, kind is mapping_start)
                    continue
                elif kind is mapping_end or kind is sequence_end:
                    done = stack.pop()
                    node = done.raw
                    end = ev.end_mark
                    node.end_line, node.end_col = end.line + 1, end.column + 1
                    node.end_index = end.index
                    if node.style == "flow" and node.index is not None:
                        node.source = text[node.index:end.index]
                    if done.anchor is not None:
                        self.anchors[done.anchor] = _Anchored(node, self.nodes - done.nodes_at_start, done.height)
                    if stack and stack[-1].height <= done.height:
                        stack[-1].height = done.height + 1
                elif kind is alias_event:
                    node = self._alias(ev, len(stack))
                    if stack and isinstance(node.value, (dict, list)):
                        stack[-1].height = max(stack[-1].height, _height(node) + 1)
                elif kind is yaml.StreamEndEvent:
                    return root
                elif kind is yaml.DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise self.fail("the file holds more than one YAML document (a second '---' line)",
                                        ev.start_mark, "one spec per file: remove the '---' line, or move the "
                                                       "second poster into a file of its own")
                    continue
                else:  # StreamStartEvent, DocumentEndEvent
                    continue
                # the value, key or list item `node` is complete: into its list or mapping
                if not stack:
                    root = node
                    continue
                top = stack[-1]
                container = top.raw.value
                if type(container) is list:
                    container.append(node)
                    continue
                key = top.pending_key
                if key is None:
                    top.pending_key = node
                    continue
                key_text = key.text
                if quick and key_text and key_text != "<<" and key_text not in container:
                    # a value after a scalar key not seen before (for scalars, text is never None)
                    top.pending_key = None
                    node.key_line, node.key_col, node.key_text, node.key = key.line, key.col, key_text, key
                    container[key_text] = node
                    continue
                self._attach(top, node)
        finally:
            self.last_scalar = last_scalar  # explains a syntax error right after it

    def _start(self, ev: Any, stack: list[_Open], is_map: bool) -> None:
        """A list or mapping starts (already counted): its Raw, on the stack until it ends."""
        if len(stack) >= MAX_DEPTH:
            raise self.fail(f"lists or mappings are nested more than {MAX_DEPTH} levels deep",
                            ev.start_mark, "check the brackets [ ] and { }: each one opened must be closed; "
                                           "a poster spec needs only a few levels")
        anchor, tag, start = ev.anchor, ev.tag, ev.start_mark
        line, col = start.line + 1, start.column + 1
        if tag is not None and tag not in ("!", "tag:yaml.org,2002:map" if is_map else "tag:yaml.org,2002:seq"):
            what = "key: value pairs" if is_map else "a list"
            self.diags.append(_diag(self.file, f"the tag {_tag_shown(tag)} cannot stand before {what}",
                                    line, col, _TAG_HINT))
        raw: Raw = object.__new__(Raw)  # Raw({} or [], line, col, style=..., index=...): the rest are defaults
        raw.value = {} if is_map else []
        raw.line, raw.col = line, col
        raw.style = "flow" if ev.flow_style else "block"
        raw.index = start.index
        if anchor is not None:
            self.anchors[anchor] = None
        stack.append(_Open(raw, anchor, self.nodes - 1))

    def _alias(self, ev: Any, depth: int) -> Raw:
        name = ev.anchor
        target = self.anchors.get(name, "missing")
        if target is None:
            raise self.fail(f"'*{name}' refers to the list or mapping it is part of", ev.start_mark,
                            "a value cannot contain itself: write the content out instead of '*" + name + "'")
        if not isinstance(target, _Anchored):
            raise self.fail(f"'*{name}' refers to a name that was not defined with '&{name}' before it",
                            ev.start_mark, "put text that starts with * in quotes")
        self.aliases_used += 1
        if depth + target.height > MAX_DEPTH:
            raise self.fail(f"lists or mappings are nested more than {MAX_DEPTH} levels deep", ev.start_mark,
                            "write the content out instead of repeating it with '*'")
        self.count(ev.start_mark, target.size)
        return _copy(target.raw)

    def _scalar(self, ev: Any) -> Raw:
        line, col = ev.start_mark.line + 1, ev.start_mark.column + 1
        value_text: str = ev.value
        plain = not ev.style
        style = "plain" if plain else ("quoted" if ev.style in ("'", '"') else "block")
        raw = Raw(None, line, col, text=value_text, style=style, quote=None if plain else ev.style,
                  end_line=ev.end_mark.line + 1, end_col=ev.end_mark.column + 1,
                  source=self.text[ev.start_mark.index:ev.end_mark.index], index=ev.start_mark.index,
                  end_index=ev.end_mark.index)
        tag = ev.tag
        if tag is not None and tag != "!":
            if tag == "tag:yaml.org,2002:str":
                raw.tag = "!!str"
                raw.value = value_text
                return raw
            self.diags.append(_diag(self.file, f"the tag {_tag_shown(tag)} is not allowed in a poster spec",
                                    line, col, _TAG_HINT))
            raw.value = value_text
            return raw
        if plain and tag is None:
            raw.value = _resolve_core(value_text)
            raw.yaml11 = _yaml11_kind(value_text)
            if isinstance(raw.value, str) and raw.yaml11 == "null":
                raw.yaml11 = None
        else:
            raw.value = value_text
        return raw

    def _attach(self, parent: _Open, child: Raw) -> None:
        container = parent.raw.value
        if isinstance(container, list):
            container.append(child)
            return
        if parent.pending_key is None:
            parent.pending_key = child
            return
        key, parent.pending_key = parent.pending_key, None
        if not key.is_scalar:
            self.diags.append(_diag(self.file, "a key must be a single word, not a list or mapping",
                                    key.line, key.col, "write keys as plain words followed by ':', e.g. 'title:'"))
            return
        text = key.text if key.text is not None else ""
        if text == "<<" and key.style == "plain":
            self.diags.append(_diag(self.file, "YAML merge keys (<<) are not supported", key.line, key.col,
                                    "write the keys out in full"))
            return
        if text == "" and key.style == "plain":
            self.diags.append(_diag(self.file, "a ':' has no key before it", key.line, key.col,
                                    "write the key before the colon, e.g. 'en: text'"))
            return
        if text in container:
            first = container[text]
            self.diags.append(_diag(self.file, f"duplicate key {text!r} (first written on line {first.key_line})",
                                    key.line, key.col,
                                    "remove one of the two; YAML would silently keep only the last"))
            return
        child.key_line, child.key_col, child.key_text, child.key = key.line, key.col, text, key
        container[text] = child


def _height(raw: Raw) -> int:
    if isinstance(raw.value, dict):
        return 1 + max((_height(v) for v in raw.value.values()), default=0)
    if isinstance(raw.value, list):
        return 1 + max((_height(v) for v in raw.value), default=0)
    return 0


def _copy(raw: Raw) -> Raw:
    """A deep copy for an alias, so that each use carries its own key position."""
    if isinstance(raw.value, dict):
        value: Any = {k: _copy(v) for k, v in raw.value.items()}
        for k, v in value.items():
            old = raw.value[k]
            v.key_line, v.key_col, v.key_text, v.key = old.key_line, old.key_col, old.key_text, old.key
    elif isinstance(raw.value, list):
        value = [_copy(v) for v in raw.value]
    else:
        value = raw.value
    return Raw(value, raw.line, raw.col, text=raw.text, style=raw.style, quote=raw.quote, yaml11=raw.yaml11,
               end_line=raw.end_line, end_col=raw.end_col, tag=raw.tag, source=raw.source, index=raw.index,
               end_index=raw.end_index)


def load_text(text: str, file: str) -> Raw:
    """Parse YAML text. Raises SpecError with a position for every problem it finds."""
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_characters(text, file)
    composer = _Composer(text, file)
    raw = composer.compose()
    if composer.diags:
        raise SpecError(composer.diags)
    if raw is None:
        raise SpecError(_diag(file, "the file is empty", 1, 1,
                              hint="a poster spec needs at least title, languages and blocks; "
                                   "see the example in README.md"))
    return raw


# -- files -------------------------------------------------------------------------------------------

def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def check_spec_path(path: Path) -> Diagnostic | None:
    """Why `path` cannot be a spec file (missing, dangling link, folder, FIFO, device, unreadable), or None.

    Only stats the path: never opens it, so a FIFO or a device cannot block or stream forever.
    """
    file = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                target = os.readlink(path)
                return _diag(file, f"this is a link to {target}, which does not exist",
                             hint="fix or delete the link, or give the spec file itself")
        except OSError:
            pass
        return _diag(file, "no such file or folder", hint="check the name; give a spec file (.yaml) or a folder "
                                                          "of specs")
    except NotADirectoryError:
        return _diag(file, "no such file or folder (a part of the path is a file, not a folder)",
                     hint="check the path")
    except PermissionError:
        return _diag(file, "cannot look at this file: permission denied",
                     hint="check the permissions of the file and its folders")
    except OSError as exc:
        return _diag(file, f"cannot read this path: {exc.strerror or 'unknown problem'}",
                     hint="check the path; shorten it if it is very long")
    if not stat.S_ISREG(st.st_mode):
        kind = _kind_of(st.st_mode)
        return _diag(file, f"this is {kind}, not a spec file",
                     hint="give a .yaml spec file (or a folder of them)" if kind == "a folder" else
                     "give a .yaml text file saved on disk")
    if not os.access(path, os.R_OK):
        return _diag(file, "cannot read the file: permission denied",
                     hint="check the file's permissions (it must be readable by you)")
    return None


def read_spec_bytes(path: Path) -> bytes:
    """The bytes of a regular spec file, at most MAX_FILE_BYTES; never blocks on a FIFO or device."""
    file = str(path)
    problem = check_spec_path(path)
    if problem is not None:
        raise SpecError(problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SpecError(_diag(file, f"cannot read the file: {(exc.strerror or 'unknown problem').lower()}",
                              hint="check that the file exists and is readable")) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced between the check and the open
            raise SpecError(_diag(file, f"this is {_kind_of(st.st_mode)}, not a spec file",
                                  hint="give a .yaml text file saved on disk"))
        if st.st_size > MAX_FILE_BYTES:
            raise _too_big(file, st.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:
            raise _too_big(file, total)
        return b"".join(chunks)
    except OSError as exc:
        raise SpecError(_diag(file, f"cannot read the file: {(exc.strerror or 'unknown problem').lower()}",
                              hint="check that the file is readable and the disk is working")) from None
    finally:
        os.close(fd)


def _too_big(file: str, size: int) -> SpecError:
    return SpecError(_diag(file, f"the file is {size // 1024} KiB; a spec may be at most "
                                 f"{MAX_FILE_BYTES // 1024} KiB", hint="split it into several posters"))


def load_file(path: Path) -> Raw:
    """Read and parse a spec file with file-type, size and encoding checks."""
    file = str(path)
    return load_text(decode(read_spec_bytes(path), file), file)
