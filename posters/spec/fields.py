"""Field types of the spec format: each reads one YAML value into model data (reporting every problem with
its position and a hint) and describes itself as JSON Schema, so block kinds declare their keys as data."""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..assets import icon_names
from ..dataclass_fast import dataclass
from ..errors import Diagnostic
from ..languages import LANGUAGES, suggest_language
from . import textcheck
from .load import Raw, char_name, comma_cuts, yaml11_trap
from .model import FORCED_BREAK, NO_BREAK_SPACES, Pos, Text

MAX_STRING = 600
MAX_ITEMS = 12
MAX_LOGO_BYTES = 5_000_000
MAX_IMAGE_PIXELS = 50_000_000  # larger images are refused before they are decoded
_DECIMAL = re.compile(r"[+-]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")  # reads the same to every YAML tool: no note needed
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
# Runs of whitespace that separate words (and may end a line): every space except the no-break ones.
_SPACES = re.compile(f"[^\\S{NO_BREAK_SPACES}]+")
# What the author types to force a line break anywhere: the two characters backslash and n.
BREAK_MARKER = "\\n"
# White space other than a plain space and the no-break ones: line ends, breaks, tabs (see fold_text).
_ODD_SPACE = re.compile(f"[^\\S {NO_BREAK_SPACES}]")


def fold_text(s: str, breaks: bool = False, newlines: bool = False) -> str:
    """Whitespace as the poster prints it: runs of spaces and single line ends become one space,
    no-break spaces stay. With `breaks`, the marker `\\n`, U+2028/U+2029 and (with `newlines`, for a
    `|` block or a double-quoted "\\n") line ends become one FORCED_BREAK each, empty lines dropped."""
    if _nothing_to_fold(s):
        return s.strip(" ")  # the usual text
    return _fold(s, breaks, newlines)


def _nothing_to_fold(s: str) -> bool:
    """Single spaces only, no line end, tab or break marker: fold_text only strips the ends."""
    return _ODD_SPACE.search(s) is None and "  " not in s and BREAK_MARKER not in s


def _fold(s: str, breaks: bool, newlines: bool) -> str:
    """`fold_text` without its quick answer for the usual text."""
    if not breaks:
        return _SPACES.sub(" ", s).strip(" ")
    s = s.replace(BREAK_MARKER, FORCED_BREAK).replace("\u2029", FORCED_BREAK)
    if newlines:
        s = s.replace("\n", FORCED_BREAK)
    lines = (_SPACES.sub(" ", line).strip(" ") for line in s.split(FORCED_BREAK))
    return FORCED_BREAK.join(line for line in lines if line)


def suggest(word: str, options: Sequence[str]) -> str | None:
    import difflib  # only for a mistake: not imported at start-up

    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def shown(node: Raw) -> str:
    """A value as a message quotes it: what the user typed for a single value ('hedline'), else what
    kind of value it is (a list, a mapping, nothing)."""
    if isinstance(node.value, (dict, list)) or node.value is None:
        return type_name(node.value)
    return repr(node.text if node.text is not None else str(node.value))


def type_name(v: object) -> str:
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    if v is None:
        return "nothing (null)"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return "a number"
    return "text"


class Checker:
    """Collects diagnostics for one spec file and knows the poster's declared languages."""

    def __init__(self, file: str, drawable: frozenset[int] | None = None):
        self.file = file
        # the code points some shipped font can draw (with spaces and shaping controls); None: not checked
        # here (layout checks again, whatever the caller gave)
        self.drawable = drawable
        self.diags: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []
        self.languages: tuple[str, ...] = ()
        # codes in `languages:` that were reported as unknown: texts for them are follow-on mistakes
        self.rejected_languages: set[str] = set()

    def error(self, node: Raw | None, path: str, message: str, hint: str | None = None,
              at_key: bool = False) -> None:
        line = col = None
        if node is not None:
            line, col = (node.key_line, node.key_col) if at_key and node.key_line else (node.line, node.col)
        self.diags.append(Diagnostic(message=message, file=self.file, line=line, col=col, path=path or None,
                                     hint=hint))

    def error_at(self, line: int, col: int, path: str, message: str, hint: str) -> None:
        self.diags.append(Diagnostic(message, self.file, line, col, path or None, hint))

    def pos(self, node: Raw, path: str) -> Pos:
        return Pos(self.file, node.line, node.col, path)

    # -- shapes every field type uses --------------------------------------------------------------------
    def mapping(self, node: Raw, path: str, allowed: Mapping[str, bool], what: str) -> dict[str, Raw] | None:
        """Check a mapping's keys: unknown ones (with suggestions) and missing required ones."""
        if not isinstance(node.value, dict):
            self.error(node, path, f"{what} must be a mapping of keys to values, not {type_name(node.value)}",
                       hint=f"allowed keys: {', '.join(allowed)}")
            return None
        for key, value in node.value.items():
            if key not in allowed:
                hint = suggest(key, list(allowed)) or f"allowed keys here: {', '.join(allowed)}"
                self.error(value, f"{path}.{key}" if path else key, f"unknown key {key!r} in {what}", hint,
                           at_key=True)
        for key, required in allowed.items():
            if required and key not in node.value:
                self.error(node, path, f"{what} is missing the required key {key!r}",
                           hint=f"add '{key}:' to {what}")
        return dict(node.value)

    def string(self, node: Raw, path: str, what: str, max_len: int = MAX_STRING, breaks: bool = False) -> str | None:
        """A text value with its whitespace folded (see `fold_text`); `breaks` for printed text, where the
        author may force line breaks."""
        v = node.value
        if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
            self.error(node, path, f"{what} must be text, not {type_name(v)}",
                       hint="put the text in quotes if YAML reads it as something else")
            return None
        # what the user typed, exactly: 1930, 19:30 and 0123 stay as written, never a converted number
        s = node.text if node.text is not None else str(v)
        if not s.strip():
            self.error(node, path, f"{what} is empty", hint="write the text, or remove the key")
            return None
        if len(s) > max_len:
            self.error(node, path, f"{what} is {len(s)} characters long; at most {max_len} are allowed",
                       hint="posters are read from a distance: shorten it or split it into two blocks")
            return None
        trap = yaml11_trap(node)
        if trap is not None and not _DECIMAL.fullmatch(s):
            # kept exactly as written here; worth knowing, since other YAML tools (and editors that
            # re-save the file) would turn it into something else
            self.notes.append(Diagnostic(f"{what}: {trap[0]}; posters keeps it as written", self.file, node.line,
                                         node.col, path or None, trap[1], severity="note"))
        found = textcheck.problems(s)
        for p in found:
            line, col = textcheck.position(node, p.offset)
            self.error_at(line, col, path, f"{what}: {p.message}", p.hint)
        missing = breaks and self.drawable is not None and self._undrawable(node, path, what, s)
        if found or missing:
            return None
        # `>` blocks and plain or single-quoted text: one paragraph; a `|` block keeps its lines
        newlines = (node.style, node.quote) in (("block", "|"), ("quoted", '"'))
        folded = fold_text(s, breaks, newlines)
        if not folded:  # only line breaks
            self.error(node, path, f"{what} has nothing but line breaks", hint="write the text, or remove the key")
            return None
        return folded

    def _undrawable(self, node: Raw, path: str, what: str, s: str) -> bool:
        """Report each character no shipped font can draw, once per text, at its position."""
        assert self.drawable is not None
        if self.drawable.issuperset(map(ord, s)):
            return False  # the usual case, checked in one pass
        seen: set[str] = set()
        for i, ch in enumerate(s):
            if ord(ch) in self.drawable or ch in seen or ch.isspace() or unicodedata.category(ch) == "Cc":
                continue  # control characters have their own message (textcheck)
            seen.add(ch)
            line, col = textcheck.position(node, i)
            self.error_at(line, col, path, f"{what}: no font can draw {ch!r} ({char_name(ch)})",
                          "remove or replace it (stray symbols and emoji are common culprits), or add a font "
                          "that covers it to fonts/manifest.json")
        return bool(seen)

    def seq(self, node: Raw, path: str, what: str, max_items: int) -> list[Raw] | None:
        if not isinstance(node.value, list):
            self.error(node, path, f"{what} must be a list (lines starting with '- '), not {type_name(node.value)}",
                       hint="write each entry on its own line starting with '- '")
            return None
        if not node.value:
            self.error(node, path, f"{what} is empty", hint="add at least one item")
            return None
        if len(node.value) > max_items:
            self.error(node, path, f"{what} has {len(node.value)} items; at most {max_items} fit on a poster",
                       hint="split the content into two posters")
            return None
        return list(node.value)

    # False only in tests: every localised text then takes the full path, which the quick one must agree with
    quick = True

    def text(self, node: Raw, path: str, what: str, one_line: bool = False) -> Text | None:
        """A localised field: a mapping with one entry for each declared language. With `one_line` (the PDF
        title, a label in a one-line box) a forced break the author wrote becomes a space."""
        entries = node.value
        languages = self.languages
        if self.quick and type(entries) is dict and len(entries) == len(languages):
            # the usual field: each declared language once, with text that string() would pass unchanged but
            # for stripping the ends (no note, no problem, nothing to fold); anything else takes the full path.
            # Most texts are quiet (textcheck); **bold** and the like are checked in full here
            drawable = self.drawable
            values: list[tuple[str, str]] = []
            for lang in languages:
                entry = entries.get(lang)
                if entry is None:
                    break
                s = entry.text
                if (type(entry.value) is not str or s is None or entry.yaml11 is not None or len(s) > MAX_STRING
                        or textcheck.problems(s)
                        or not _nothing_to_fold(s) or (drawable is not None and not drawable.issuperset(map(ord, s)))):
                    break
                folded = s.strip(" ")
                if not folded:  # only spaces: string() says the text is empty
                    break
                values.append((lang, folded))
            else:
                return Text(tuple(values), Pos(self.file, node.line, node.col, path))
        return self._text(node, path, what, one_line)

    def _text(self, node: Raw, path: str, what: str, one_line: bool) -> Text | None:
        """`text`, every check on every entry."""
        if not isinstance(node.value, dict):
            example = ", ".join(f"{lang}: ..." for lang in self.languages) or "hi: ..., en: ..."
            self.error(node, path, f"{what} must give the text in each language, not {type_name(node.value)}",
                       hint=f"write it as {{{example}}}")
            return None
        values = []
        ok = True
        strays: set[int] = set()
        for cut in comma_cuts(node):
            # `{hi: call, don't pay, en: ...}`: YAML ends the text at the comma; say so once, not as a
            # missing translation plus a language named "don't pay"
            strays |= {id(k) for k in cut.strays}
            shown = f"write it as {cut.fixed_source}" if cut.fixed_source else f'write it as {cut.key}: "{cut.whole_text}"'
            self.error(cut.value, f"{path}.{cut.key}",
                       f"the text for {cut.key!r} seems to be cut at a comma: put the whole text in quotes", shown)
            ok = False
        for key, value in node.value.items():
            if value.key is not None and id(value.key) in strays:
                continue
            if key not in self.languages:
                if self.rejected_languages and (key in self.rejected_languages or key in LANGUAGES):
                    ok = False  # follows from the unknown code in `languages:`, reported there
                    continue
                trap = yaml11_trap(value.key) if value.key is not None else None
                if key in LANGUAGES:
                    hint = "this language is not in the poster's 'languages' list"
                elif trap is not None:
                    hint = trap[1]
                else:
                    hint = (suggest(key, list(self.languages)) or suggest_language(key)
                            or f"declared languages: {', '.join(self.languages)}")
                self.error(value, f"{path}.{key}", f"{what} has text for {key!r}, which is not a declared language",
                           hint, at_key=True)
                ok = False
                continue
            s = self.string(value, f"{path}.{key}", f"the {LANGUAGES[key].name} text of {what}", breaks=True)
            if s is not None and one_line:
                s = s.replace(FORCED_BREAK, " ")
            if s is None:
                ok = False
            else:
                values.append((key, s))
        for lang in self.languages:
            if lang not in node.value and not strays:
                name = LANGUAGES[lang].name
                self.error(node, path, f"{what} has no {name} ({lang}) translation",
                           hint=f"add '{lang}: ...' with the {name} text")
                ok = False
        if not ok:
            return None
        order = {lang: i for i, lang in enumerate(self.languages)}
        return Text(tuple(sorted(values, key=lambda kv: order[kv[0]])), self.pos(node, path))


# ---- field types -----------------------------------------------------------------------------------------
class FieldType:
    """Reads one YAML value; returns the model value, or None after reporting why it cannot."""

    doc = ""

    def read(self, c: Checker, node: Raw, path: str, what: str) -> Any:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class LocalText(FieldType):
    """Text in every declared language: `{hi: ..., en: ...}`. With `one_line` (a label printed in a box of one
    line's height), a forced break the author wrote is read as a space."""

    one_line: bool = False
    doc = "text in each language"

    def read(self, c: Checker, node: Raw, path: str, what: str) -> Text | None:
        return c.text(node, path, what, one_line=self.one_line)

    def schema(self) -> dict[str, Any]:
        return {"$ref": "#/$defs/text"}


@dataclass(frozen=True)
class Plain(FieldType):
    """One string the same in every language (a phone number), checked against a pattern."""

    max_len: int = 300
    pattern: str | None = None
    rule: str = ""  # what the pattern means, for the message
    example: str = ""

    @property
    def doc(self) -> str:  # type: ignore[override]
        return self.rule or "text"

    def read(self, c: Checker, node: Raw, path: str, what: str) -> str | None:
        s = c.string(node, path, what, self.max_len)
        if s is not None and self.pattern and not re.fullmatch(self.pattern, s):
            c.error(node, path, f"{what} {s!r} {self.rule}", hint=f"write it as it is dialled, e.g. {self.example}")
            return None
        return s

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": ["string", "integer"], "maxLength": self.max_len}
        if self.pattern:
            out = {"type": "string", "pattern": f"^(?:{self.pattern})$", "maxLength": self.max_len,
                   # what VS Code's YAML extension says instead of showing the regex
                   "patternErrorMessage": f"This {self.rule}; write it in quotes, e.g. {self.example}"}
        return out


class Url(FieldType):
    doc = "a web address (http:// or https://)"

    def read(self, c: Checker, node: Raw, path: str, what: str) -> str | None:
        s = c.string(node, path, what, 300)
        if s and not URL_RE.match(s):
            c.error(node, path, f"{what} {s!r} is not a web address starting with http:// or https://",
                    hint="write the full address, e.g. https://cybercrime.gov.in")
            return None
        return s

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://\\S+$", "maxLength": 300,
                "patternErrorMessage": "Write the full web address, starting with https://, "
                                       "e.g. https://cybercrime.gov.in"}


@dataclass(frozen=True)
class Choice(FieldType):
    options: tuple[str, ...]
    noun: str  # "text style"

    @property
    def doc(self) -> str:  # type: ignore[override]
        return " | ".join(self.options)

    def read(self, c: Checker, node: Raw, path: str, what: str) -> str | None:
        s = node.value
        if not isinstance(s, str) or s not in self.options:
            written = node.text if node.text is not None else ""
            c.error(node, path, f"unknown {self.noun} {shown(node)}",
                    suggest(written, self.options) or f"{self.noun}s: {', '.join(self.options)}")
            return None
        return s

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.options)}


@contextmanager
def quiet_pillow() -> Iterator[None]:
    """Pillow's DecompressionBombWarning never reaches the terminal: posters checks pixel counts itself."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def image_size(path: Path) -> tuple[int, int] | None:
    """A PNG or JPEG's width and height in pixels from its header alone (nothing is decoded); None if it
    cannot be read."""
    try:
        with quiet_pillow():
            from PIL import Image

            with Image.open(path) as im:
                w, h = im.size
    except Exception as exc:  # Pillow raises many kinds for broken files
        from PIL import Image, JpegImagePlugin, PngImagePlugin

        if not isinstance(exc, Image.DecompressionBombError):
            return None
        # beyond Pillow's own limit: its format reader alone gives the size, still without decoding
        for reader in (PngImagePlugin.PngImageFile, JpegImagePlugin.JpegImageFile):
            try:
                with reader(str(path)) as im:
                    w, h = im.size
                return int(w), int(h)
            except Exception:  # not this format
                continue
        return None
    return int(w), int(h)


_SVG_SUFFIXES = (".svg",)
_RASTER_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class ImageFile(FieldType):
    """A PNG or JPEG (or, with `svg`, an SVG drawing) beside the spec, inside its folder; read to its
    absolute path and its size (pixels, or the SVG's viewBox units)."""

    noun: str = "logo"  # what the file is, in messages
    svg: bool = False

    @property
    def doc(self) -> str:  # type: ignore[override]
        return ("an SVG, PNG or JPEG file" if self.svg else "a PNG or JPEG file") + ", relative to the spec"

    def read(self, c: Checker, node: Raw, path: str, what: str) -> tuple[str, float, float] | None:
        s = c.string(node, path, what, 300)
        if s is None:
            return None
        noun = self.noun
        kinds = "an SVG, PNG or JPEG" if self.svg else "a PNG or JPEG"
        base = Path(c.file).resolve().parent
        target = (base / s).resolve()
        if Path(s).is_absolute() or not target.is_relative_to(base):
            c.error(node, path, f"the {noun} path {s!r} points outside the spec's folder",
                    hint=f"copy the {noun} next to the spec (or into a folder beside it) and give a relative path")
            return None
        if not target.is_file():
            c.error(node, path, f"the {noun} file {s!r} does not exist (looked for {target.name} in {base})",
                    hint="check the file name and its folder; paths are relative to the spec file")
            return None
        suffix = target.suffix.lower()
        if suffix not in _RASTER_SUFFIXES + (_SVG_SUFFIXES if self.svg else ()):
            c.error(node, path, f"the {noun} must be {kinds} image, not {target.suffix or 'a file without extension'}",
                    hint=f"save the {noun} as {'.svg, ' if self.svg else ''}.png or .jpg")
            return None
        if target.stat().st_size > MAX_LOGO_BYTES:
            c.error(node, path, f"the {noun} file is larger than {MAX_LOGO_BYTES // 1_000_000} MB",
                    hint=f"a {noun} 1000 pixels wide is plenty for print")
            return None
        if suffix in _SVG_SUFFIXES:
            return self._svg(c, node, path, s, target)
        size = image_size(target)
        if size is None:
            c.error(node, path, f"the {noun} {s!r} is not a readable PNG or JPEG image",
                    hint="open it in an image editor and save it again as PNG or JPEG")
            return None
        w, h = size
        if w * h > MAX_IMAGE_PIXELS:
            c.error(node, path, f"the {noun} {s!r} is {w}x{h} pixels ({w * h / 1e6:.0f} megapixels); at most "
                    f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels are read",
                    hint=f"make it smaller in an image editor: a {noun} 2000 pixels wide is plenty for print")
            return None
        try:
            with quiet_pillow():
                from PIL import Image

                with Image.open(target) as im:
                    im.verify()
        except Exception:  # Pillow raises many kinds for broken files
            c.error(node, path, f"the {noun} {s!r} is not a readable PNG or JPEG image",
                    hint="open it in an image editor and save it again as PNG or JPEG")
            return None
        return str(target), w, h

    def _svg(self, c: Checker, node: Raw, path: str, s: str, target: Path) -> tuple[str, float, float] | None:
        from ..pictures import parse_svg

        try:
            picture = parse_svg(target.read_text(encoding="utf-8"), target.stem)
            ok = picture.width > 0 and picture.height > 0 and bool(picture.paths)
        except Exception:  # XML, svglib and path parsing raise many kinds for broken files
            ok = False
        if not ok:
            c.error(node, path, f"the {self.noun} {s!r} is not a readable SVG drawing (or it draws nothing)",
                    hint="export it again as plain SVG from your drawing program, or save it as PNG")
            return None
        return str(target), picture.width, picture.height

    def schema(self) -> dict[str, Any]:
        svg = "[Ss][Vv][Gg]|" if self.svg else ""
        return {"type": "string", "pattern": f"\\.(?:{svg}[Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg])$",
                "patternErrorMessage": f"Give a {'SVG, ' if self.svg else ''}PNG or JPEG file: its name ends in "
                                       f"{'.svg, ' if self.svg else ''}.png or .jpg"}


def _icon_names() -> list[str]:
    """The built-in icons' names, as posters.pictures.icon_names() gives them, read from the folder
    without loading the drawing code (checking a spec needs no PDF stack)."""
    return icon_names()


@dataclass(frozen=True)
class IconName(FieldType):
    """The name of a built-in pictogram (`posters icons` lists them); with `allow_none`, `none` turns a
    default icon off."""

    allow_none: bool = False

    @property
    def doc(self) -> str:  # type: ignore[override]
        return "a built-in icon name (`posters icons` lists them)" + ("; `none` for no icon" if self.allow_none else "")

    def options(self) -> list[str]:
        return _icon_names() + (["none"] if self.allow_none else [])

    def read(self, c: Checker, node: Raw, path: str, what: str) -> str | None:
        value = node.value
        options = self.options()
        if not isinstance(value, str) or value not in options:
            near = suggest(str(value).strip().lower().replace(" ", "-").replace("_", "-"), options)
            c.error(node, path, f"there is no built-in icon called {value!r}",
                    hint=(near + " " if near else "") + "run 'posters icons' to see every icon with its name")
            return None
        return value

    def schema(self) -> dict[str, Any]:
        return {"enum": self.options()}


@dataclass(frozen=True)
class ThemeField(FieldType):
    """A built-in theme by name (`alert`), or the spec's own colours as a mapping of theme roles (at least
    `primary`; see posters/brand.py for the colour forms and how the other roles are made), checked for
    contrast. Reads to a posters.colour.Theme."""

    builtin: tuple[str, ...]

    @property
    def doc(self) -> str:  # type: ignore[override]
        return (" or ".join(self.builtin) + ", or your own colours: {primary: \"#c8102e\", accent: ..., "
                "paper: ..., ink: ...}")

    def read(self, c: Checker, node: Raw, path: str, what: str) -> Any:
        from ..themes import builtin_theme

        if isinstance(node.value, dict):
            return self._custom(c, node, path)
        name = node.value
        if not isinstance(name, str) or name not in self.builtin:
            near = suggest(str(name), self.builtin)
            c.error(node, path, f"unknown theme {name!r}",
                    hint=(near + " " if near else "") + f"themes: {', '.join(self.builtin)}; or your own colours, "
                    'e.g. theme: {primary: "#c8102e", accent: "#003366"}')
            return None
        return builtin_theme(name)

    def _custom(self, c: Checker, node: Raw, path: str) -> Any:
        from .. import brand
        from ..colour import relative_luminance
        from ..themes import ROLES

        m = c.mapping(node, path, {role: role == "primary" for role in ROLES}, "the theme")
        if m is None:
            return None
        written: dict[str, brand.Written] = {}
        for role, value in m.items():
            where = f"{path}.{role}"
            if role not in ROLES:
                continue
            if value.value is None:
                c.error(value, where, f"the colour for {role!r} is empty: in YAML a '#' starts a comment, "
                        "so a hex colour must be in quotes", hint=f'write it as {role}: "#c8102e"')
                continue
            if isinstance(value.value, list):
                c.error(value, where, f"the colour for {role!r} is a list; write CMYK as one text in percent",
                        hint=f'write it as {role}: "cmyk(0, 90, 85, 12)" (cyan, magenta, yellow, black in %)')
                continue
            text = value.text if value.text is not None else str(value.value)
            parsed = brand.parse_colour(text) if isinstance(value.value, str) else "is not a colour"
            if isinstance(parsed, str):
                c.error(value, where, f"the colour {text!r} for {role!r} {parsed}",
                        hint=f"write a colour as {brand.COLOUR_FORMS}, in quotes")
                continue
            written[role] = parsed
        if len(written) != len([k for k in m if k in ROLES]) or "primary" not in written:
            return None
        theme = brand.derive({role: w.colour(role) for role, w in written.items()})
        ok = True
        for f in brand.contrast_failures(theme):
            ok = False
            p = f.pair
            fix = brand.suggest_fix(theme, written, f)
            at_role = fix[0] if fix and fix[0] in written else next((r for r in (p.ground, p.text) if r in written), None)
            at = m[at_role] if at_role else node
            need = "large text and pictures need" if p.minimum < brand.BODY_MIN else "body text needs"
            message = (f"{brand.describe(p.text, theme, written)} on {brand.describe(p.ground, theme, written)} "
                       f"has a contrast of {f.ratio:.2f}:1; {need} at least {p.minimum:g}:1 (WCAG 2.x), "
                       f"used for {', '.join(p.uses)}")
            if fix:
                role, colour, r = fix
                lighter = relative_luminance(colour.colour(role).srgb) > relative_luminance(theme[role].srgb)
                hint = (f"make {role} {'lighter' if lighter else 'darker'}: {role}: \"{colour.text}\" gives "
                        f"{r:.2f}:1" + ("" if role in written else f" (write it in the theme to replace the {role} "
                                       "made for you)"))
            else:
                hint = f"choose colours further apart in lightness for {p.text} and {p.ground}"
            c.error(at, f"{path}.{at_role}" if at_role else path, message, hint)
        return theme if ok else None

    def schema(self) -> dict[str, Any]:
        from ..themes import ROLES

        colour = {"type": "string", "pattern": r"^(?:#[0-9A-Fa-f]{6}|[Cc][Mm][Yy][Kk]\(.*\))$",
                  "description": "\"#rrggbb\" (sRGB) or \"cmyk(c, m, y, k)\" in percent",
                  "patternErrorMessage": "Write a colour in quotes: \"#c8102e\" or \"cmyk(0, 90, 85, 12)\""}
        return {"oneOf": [{"type": "string", "enum": list(self.builtin)},
                          {"type": "object", "properties": dict.fromkeys(ROLES, colour), "required": ["primary"],
                           "additionalProperties": False}]}


@dataclass(frozen=True)
class Field:
    """One key of a block (or of an entry of a block's list): its type, whether it is required, and what
    it is called in messages ("the headline's kicker")."""

    key: str
    type: FieldType
    required: bool = False
    what: str = ""
    doc: str = ""
    group: str = ""  # exactly one key of the same group must be given (a picture's `icon:` or `file:`)


@dataclass(frozen=True)
class Record(FieldType):
    """A mapping with known keys (a myth/fact pair, a source). With `one_of`, exactly one key is given
    (a checklist item is `do:`, `dont:` or `step:`)."""

    fields: tuple[Field, ...]
    what: str
    one_of: bool = False
    build: Callable[[dict[str, Any], Pos], Any] | None = None
    also: tuple[Field, ...] = ()  # optional keys beside the one_of choice (a checklist item's `icon:`)

    def read(self, c: Checker, node: Raw, path: str, what: str) -> Any:
        values = read_fields(c, node, path, self.fields, self.what, one_of=self.one_of, also=self.also)
        if values is None:
            return None
        pos = c.pos(node, path)
        return self.build(values, pos) if self.build else values

    def schema(self) -> dict[str, Any]:
        return record_schema(self.fields, self.one_of, also=self.also)


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType
    what: str  # "the checklist's items"
    max_items: int = MAX_ITEMS
    min_items: int = 1

    @property
    def doc(self) -> str:  # type: ignore[override]
        if self.min_items > 1:
            return f"a list ({self.min_items} to {self.max_items})"
        return f"a list (at most {self.max_items})"

    def read(self, c: Checker, node: Raw, path: str, what: str) -> tuple[Any, ...] | None:
        entries = c.seq(node, path, self.what, self.max_items)
        if entries is None:
            return None
        if len(entries) < self.min_items:
            n = len(entries)
            c.error(node, path, f"{self.what} has {n} item{'' if n == 1 else 's'}; at least {self.min_items} are needed",
                    hint=f"add {'an item' if self.min_items - len(entries) == 1 else 'items'}, "
                         "or use a different block for a single one")
            return None
        out = []
        ok = True
        for i, entry in enumerate(entries):
            v = self.item.read(c, entry, f"{path}[{i}]", self.what)
            if v is None:
                ok = False
            else:
                out.append(v)
        return tuple(out) if ok else None

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "minItems": self.min_items, "maxItems": self.max_items, "items": self.item.schema()}


def read_fields(c: Checker, node: Raw, path: str, fields: Sequence[Field], what: str,
                extra: Mapping[str, bool] | None = None, one_of: bool = False,
                also: Sequence[Field] = ()) -> dict[str, Any] | None:
    """Read a mapping's fields. Returns the values by key (absent optional keys are missing from the
    result), or None when anything was wrong (every problem reported). With `one_of`, exactly one of
    `fields` is given; `also` are optional keys read beside it."""
    allowed, required, groups, every, needed = _plan(fields, extra, one_of, also)
    ok = len(c.diags)
    entries = node.value
    if type(entries) is dict and entries.keys() <= allowed.keys() and entries.keys() >= required:
        m: dict[str, Raw] = entries  # nothing for mapping() to report: only read from
    else:
        checked = c.mapping(node, path, allowed, what)
        if checked is None:
            return None
        m = checked
    if one_of:
        given = [f.key for f in fields if f.key in m]
        if len(given) != 1 and set(m) <= set(allowed):
            options = ", ".join(f"'{f.key}:'" for f in fields)
            c.error(node, path, f"{what} needs exactly one of {options}",
                    hint="write '- do: {...}' for a tick, '- dont: {...}' for a cross, '- step: {...}' for a "
                         "numbered step" if {f.key for f in fields} == {"do", "dont", "step"} else
                    f"keep one of {options}")
            return None
    for group in groups:
        members = [f.key for f in fields if f.group == group]
        given = [k for k in members if k in m]
        if len(given) != 1:
            options = " or ".join(f"'{k}:'" for k in members)
            if given:
                c.error(m[given[1]], f"{path}.{given[1]}" if path else given[1],
                        f"{what} takes {options}, not both", hint=f"keep one of {options} and remove the other",
                        at_key=True)
            else:
                c.error(node, path, f"{what} needs {options}", hint=f"add {options}")
            return None
    values: dict[str, Any] = {}
    for f in every:
        if f.key in m:
            v = f.type.read(c, m[f.key], f"{path}.{f.key}" if path else f.key, f.what or what)
            if v is not None:
                values[f.key] = v
    if len(c.diags) != ok or any(key not in values for key in needed):
        return None
    return values


# What read_fields works out from its field lists alone, kept by their identity (block kinds and records pass
# the same tuples for every poster): the allowed keys (True: required), the required ones, the groups, every
# field in reading order, and the fields that must give a value.
_Plan = tuple[dict[str, bool], frozenset[str], tuple[str, ...], tuple[Field, ...], tuple[str, ...]]
_PLANS: dict[tuple[int, int, bool, tuple[tuple[str, bool], ...]], tuple[Sequence[Field], Sequence[Field], _Plan]] = {}


def _plan(fields: Sequence[Field], extra: Mapping[str, bool] | None, one_of: bool, also: Sequence[Field]) -> _Plan:
    key = (id(fields), id(also), one_of, tuple(extra.items()) if extra else ())
    kept = _PLANS.get(key)
    if kept is not None:  # the entry holds `fields` and `also`: their ids are theirs while it is kept
        return kept[2]
    allowed = {**(extra or {}), **{f.key: f.required and not one_of for f in fields},
               **{f.key: False for f in also}}
    plan = (allowed, frozenset(k for k, r in allowed.items() if r),
            tuple(dict.fromkeys(f.group for f in fields if f.group)), (*fields, *also),
            tuple(f.key for f in fields if f.required and not one_of))
    if type(fields) is tuple and type(also) is tuple:  # a list could change while kept
        if len(_PLANS) >= 256:
            _PLANS.clear()
        _PLANS[key] = (fields, also, plan)
    return plan


def record_schema(fields: Sequence[Field], one_of: bool = False,
                  extra: Mapping[str, Any] | None = None, also: Sequence[Field] = ()) -> dict[str, Any]:
    """JSON Schema of a mapping with these fields, the `also` fields and the `extra` properties: no other keys,
    the required ones required, one of each `group`, or with `one_of` exactly one of `fields`."""
    props: dict[str, Any] = dict(extra or {})
    for f in (*fields, *also):
        s = f.type.schema()
        # shown by editors when hovering over or completing the key
        doc = f.doc or (f"{f.what}: {f.type.doc}" if f.what and f.type.doc else f.type.doc)
        if doc:
            s = {**s, "description": doc}
        props[f.key] = s
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    groups = list(dict.fromkeys(f.group for f in fields if f.group))
    if groups:
        out["allOf"] = [{"oneOf": [{"required": [f.key]} for f in fields if f.group == g]} for g in groups]
    if one_of and also:
        out["oneOf"] = [{"required": [f.key]} for f in fields]
    elif one_of:
        out["minProperties"] = out["maxProperties"] = 1
    else:
        required = [f.key for f in fields if f.required]
        if required:
            out["required"] = required
    return out
