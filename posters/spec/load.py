"""YAML text to plain Python data plus the source position of every node, with size limits.

The result is a `Raw` tree: dicts, lists and scalars, where every value is wrapped with its line and
column so validation can point at the exact spot the user must edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic, SpecError

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000  # after alias expansion: stops "billion laughs" documents


@dataclass
class Raw:
    """A YAML value with its 1-based position. `value` holds dict[str, Raw], list[Raw] or a scalar."""

    value: Any
    line: int
    col: int
    key_line: int | None = None  # for mapping values: where their key is written
    key_col: int | None = None


def _diag(file: str, message: str, line: int | None = None, col: int | None = None,
          hint: str | None = None) -> Diagnostic:
    return Diagnostic(message=message, file=file, line=line, col=col, hint=hint)


def load_text(text: str, file: str) -> Raw:
    """Parse YAML text. Raises SpecError with a position for every problem it finds."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{exc.context}: {problem}" if "found" in problem else problem
        if "expected ',' or '}'" in problem or "expected ',' or ']'" in problem:
            hint = ("inside { } or [ ], text that contains ',', '?', ':' or '#' must be in quotes, "
                    "e.g. {hi: \"क्या?\", en: \"What?\"}; also check that every bracket is closed")
        elif "\t" in text and "tab" in problem.lower():
            hint = "YAML indentation must use spaces, not tabs"
        else:
            hint = ("check indentation (spaces, not tabs), the colon after each key, and quotes around text "
                    "that contains ': ' or starts with a special character")
        raise SpecError(_diag(
            file, f"YAML syntax error: {problem}",
            mark.line + 1 if mark else None, mark.column + 1 if mark else None, hint=hint)) from None
    except yaml.YAMLError as exc:
        raise SpecError(_diag(file, f"YAML error: {exc}")) from None
    finally:
        loader.dispose()
    if node is None:
        raise SpecError(_diag(file, "the file is empty", 1, 1,
                              hint="a poster spec needs at least title, languages and blocks; "
                                   "see the example in README.md"))
    counter = [0]
    diags: list[Diagnostic] = []
    ctor = yaml.SafeLoader("")
    try:
        raw = _convert(node, file, counter, diags, ctor)
    finally:
        ctor.dispose()
    if diags:
        raise SpecError(diags)
    return raw


def _convert(node: yaml.Node, file: str, counter: list[int], diags: list[Diagnostic],
             ctor: yaml.SafeLoader) -> Raw:
    counter[0] += 1
    if counter[0] > MAX_NODES:
        raise SpecError(_diag(file, f"the document expands to more than {MAX_NODES} values",
                              node.start_mark.line + 1, node.start_mark.column + 1,
                              hint="YAML aliases (*name) are being repeated too often; write the "
                                   "content out or split it into several specs"))
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Raw] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                diags.append(_diag(file, "YAML merge keys (<<) are not supported", key_node.start_mark.line + 1,
                                   key_node.start_mark.column + 1, hint="write the keys out in full"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                diags.append(_diag(file, "a key must be a plain word", key_node.start_mark.line + 1,
                                   key_node.start_mark.column + 1))
                continue
            key = str(key_node.value)
            kl, kc = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key in out:
                diags.append(_diag(file, f"duplicate key {key!r} (first written on line {out[key].key_line})",
                                   kl, kc, hint="remove one of the two; YAML would silently keep only the last"))
                continue
            value = _convert(value_node, file, counter, diags, ctor)
            value.key_line, value.key_col = kl, kc
            out[key] = value
        return Raw(out, line, col)
    if isinstance(node, yaml.SequenceNode):
        return Raw([_convert(n, file, counter, diags, ctor) for n in node.value], line, col)
    # Scalars: let PyYAML's safe constructor decide int/float/bool/null/str.
    try:
        value = ctor.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        diags.append(_diag(file, f"cannot read value: {exc}", line, col))
        value = None
    if isinstance(value, (bytes, bytearray)) or not isinstance(value, (str, int, float, bool, type(None))):
        value = str(node.value)  # dates, binary etc.: keep the text as written
    return Raw(value, line, col)


def load_file(path: Path) -> Raw:
    """Read and parse a spec file with size and encoding checks."""
    file = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SpecError(_diag(file, f"cannot read the file: {exc.strerror}")) from None
    if size > MAX_FILE_BYTES:
        raise SpecError(_diag(file, f"the file is {size // 1024} KiB; a spec may be at most "
                                    f"{MAX_FILE_BYTES // 1024} KiB", hint="split it into several posters"))
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(_diag(file, f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02X})", line, col,
                              hint="save the file as UTF-8 in your editor (Save As... > Encoding: UTF-8)")) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return load_text(text, file)
