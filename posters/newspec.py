"""A name, languages and a kind into a commented starting spec; a spec file into warnings for placeholders left."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from .assets import PACKAGE_DIR
from .errors import Diagnostic

# Where the JSON Schema for specs lives in the project; editors with the YAML language server read it.
SCHEMA_PATH_IN_PROJECT = "schema/poster.schema.json"
SCHEMA_LINE = "# yaml-language-server: $schema={ref}"

# Placeholder texts start with this marker; `posters check` warns about each one until it is replaced.
PLACEHOLDER = "TODO:"

# Placeholder words in each language's own script, so a new spec shapes and builds as it is:
# (for a title or headline, for a text) = "write the title here", "write your message here".
PLACEHOLDER_WORDS: dict[str, tuple[str, str]] = {
    "hi": ("शीर्षक यहाँ लिखें", "अपना संदेश यहाँ लिखें"),
    "mr": ("शीर्षक येथे लिहा", "तुमचा संदेश येथे लिहा"),
    "en": ("Write the title here", "Write your message here"),
    "bn": ("শিরোনাম এখানে লিখুন", "আপনার বার্তা এখানে লিখুন"),
    "gu": ("શીર્ષક અહીં લખો", "તમારો સંદેશ અહીં લખો"),
    "pa": ("ਸਿਰਲੇਖ ਇੱਥੇ ਲਿਖੋ", "ਆਪਣਾ ਸੁਨੇਹਾ ਇੱਥੇ ਲਿਖੋ"),
    "or": ("ଶୀର୍ଷକ ଏଠାରେ ଲେଖନ୍ତୁ", "ଆପଣଙ୍କ ବାର୍ତ୍ତା ଏଠାରେ ଲେଖନ୍ତୁ"),
    "ta": ("தலைப்பை இங்கே எழுதுங்கள்", "உங்கள் செய்தியை இங்கே எழுதுங்கள்"),
    "te": ("శీర్షిక ఇక్కడ రాయండి", "మీ సందేశం ఇక్కడ రాయండి"),
    "kn": ("ಶೀರ್ಷಿಕೆ ಇಲ್ಲಿ ಬರೆಯಿರಿ", "ನಿಮ್ಮ ಸಂದೇಶ ಇಲ್ಲಿ ಬರೆಯಿರಿ"),
    "ml": ("തലക്കെട്ട് ഇവിടെ എഴുതുക", "നിങ്ങളുടെ സന്ദേശം ഇവിടെ എഴുതുക"),
}

KINDS = ("poster", "handout")
# At most this many placeholder warnings per spec; the rest are counted in one line.
MAX_PLACEHOLDER_LINES = 10

_EXPAND = re.compile(r"^@(heading|text)\s*$")


class NewSpecError(Exception):
    """The new spec cannot be written (the file exists, or the folder cannot be written)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def schema_reference(target: Path) -> str:
    """What the `$schema=` line of a spec written at `target` points to.

    Inside the project (the usual case: a spec in content/) a path relative to the spec, which works in every
    clone; elsewhere the schema file's absolute location as a file: URI, when the project is on this machine;
    otherwise the project-relative path, as for a spec in content/."""
    project = Path(__file__).resolve().parent.parent
    schema = project / SCHEMA_PATH_IN_PROJECT
    folder = target.resolve().parent
    if (project / "pyproject.toml").is_file() and schema.parent.is_dir():  # a checkout, not site-packages
        try:
            folder.relative_to(project)
            return Path(os.path.relpath(schema, folder)).as_posix()
        except ValueError:
            return schema.as_uri()
    return "../" + SCHEMA_PATH_IN_PROJECT


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_template(kind: str, langs: Sequence[str], target: Path) -> str:
    """The text of a new spec: the kind's template with each `@heading`/`@text` line expanded into one
    placeholder per language, indented under the key above it."""
    template = (PACKAGE_DIR / "templates" / f"{kind}.yaml").read_text(encoding="utf-8")
    template = (template.replace("{schema_line}", SCHEMA_LINE.format(ref=schema_reference(target)))
                .replace("{file}", target.as_posix()).replace("{languages}", "[" + ", ".join(langs) + "]"))
    lines: list[str] = []
    for line in template.splitlines():
        m = _EXPAND.match(line)
        if not m:
            lines.append(line)
            continue
        above = next(ln for ln in reversed(lines) if ln.strip())
        key_col = len(above) - len(above.lstrip(" -"))
        which = 0 if m.group(1) == "heading" else 1
        for lang in langs:
            lines.append(" " * (key_col + 2) + f"{lang}: {_quoted(PLACEHOLDER + ' ' + PLACEHOLDER_WORDS[lang][which])}")
    return "\n".join(lines) + "\n"


# Longest file name `posters new` writes, in bytes (file systems allow 255; outputs add `.hi.a4.press.pdf`).
MAX_NAME_BYTES = 200


def name_problem(name: str) -> str | None:
    """Why NAME cannot be the name of a new spec (a sentence with what to do), or None."""
    base = Path(name).name
    if base in ("", ".", "..") or name.endswith(("/", "\\")):
        return f"{name!r} is a folder, not a file name: give a name such as my-poster (or folder/my-poster)"
    if base.startswith("."):
        return (f"{base!r} starts with '.', which makes a hidden file that `posters build` skips: give a name "
                "such as my-poster")
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "the name has an invisible control character: type it again with letters, digits and '-'"
    if len(spec_path(Path(name)).name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"the name is longer than {MAX_NAME_BYTES} bytes: give a shorter one"
    return None


def spec_path(name: Path) -> Path:
    """NAME.yaml, or NAME itself when it already ends in .yaml or .yml."""
    return name if name.suffix.lower() in (".yaml", ".yml") else name.with_name(name.name + ".yaml")


def write_new_spec(name: Path, langs: Sequence[str], kind: str = "poster") -> Path:
    """Write a new spec from the template; never replaces an existing file. Returns the path written."""
    if kind not in KINDS:
        raise ValueError(kind)
    target = spec_path(name)
    text = render_template(kind, langs, target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as f:  # "x": fails if the file exists
            f.write(text)
    except FileExistsError:
        raise NewSpecError(Diagnostic(
            f"{target} already exists; it was left as it is", file=str(target),
            hint="choose another name, or delete or rename the old file first")) from None
    except OSError as exc:
        raise NewSpecError(Diagnostic(
            f"cannot write {target}: {exc.strerror}", file=str(target),
            hint="choose another folder, or check that you may write in this one")) from None
    return target


def placeholder_warnings(path: Path, limit: int = MAX_PLACEHOLDER_LINES) -> list[str]:
    """One warning line per text that still holds a placeholder (languages of one text together), each as
    `file:line:col: warning: ...`, at most `limit` of them (0: one line with the count), and a hint line at
    the end; empty when none is left or the file cannot be read as YAML (validation reports that)."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return []
    if PLACEHOLDER not in text:
        return []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return []
    found: list[tuple[int, int, str, list[str]]] = []
    seen: set[int] = set()

    def walk(node: yaml.Node, where: str) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            langs = []
            for key, value in node.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                if isinstance(value, yaml.ScalarNode) and str(value.value).strip().startswith(PLACEHOLDER):
                    langs.append(name)
                else:
                    walk(value, f"{where}.{name}" if where else name)
            if langs:
                mark = node.start_mark
                found.append((mark.line + 1, mark.column + 1, where, langs))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, f"{where}[{i}]")
        elif isinstance(node, yaml.ScalarNode) and str(node.value).strip().startswith(PLACEHOLDER):
            mark = node.start_mark
            found.append((mark.line + 1, mark.column + 1, where, []))

    if root is not None:
        walk(root, "")
    if not found:
        return []
    if limit <= 0:
        return [f"{path}:{found[0][0]}:{found[0][1]}: warning: {len(found)} placeholder text(s) still to be "
                f"replaced", f"  hint: `posters check {path}` lists them; replace each text starting with "
                f"{PLACEHOLDER} with your own words"]
    lines = []
    for line, col, where, langs in found[:limit]:
        which = f" ({', '.join(langs)})" if langs else ""
        lines.append(f"{path}:{line}:{col}: warning: placeholder text{which} still to be replaced (at {where})")
    if len(found) > limit:
        lines.append(f"{path}: warning: and {len(found) - limit} more placeholder text(s)")
    lines.append(f"  hint: replace each text starting with {PLACEHOLDER} with your own words (keep the quotes)")
    return lines
