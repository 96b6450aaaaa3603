"""Raw YAML tree to a validated `Poster`, collecting every problem with its position and a hint."""

from __future__ import annotations

import difflib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from ..errors import Diagnostic, SpecError
from ..geometry import parse_size, size_names
from .load import Raw, load_file
from .model import (LANGUAGES, Checklist, CheckItem, Footer, Headline, Helpline, Logo, MythFact, Paragraph,
                    Pos, Poster, QRCode, Source, Text)

MAX_BLOCKS = 40
MAX_STRING = 600
MAX_ITEMS = 12
MAX_LOGO_BYTES = 5_000_000
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def theme_names() -> list[str]:
    data = json.loads(resources.files("posters").joinpath("themes.json").read_text("utf-8"))
    return [k for k in data if k != "comment"]


def _suggest(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def _type_name(v: Any) -> str:
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


class _Validator:
    def __init__(self, file: str):
        self.file = file
        self.diags: list[Diagnostic] = []
        self.languages: tuple[str, ...] = ()

    # -- reporting -------------------------------------------------------------------------------------
    def error(self, node: Raw | None, path: str, message: str, hint: str | None = None, at_key: bool = False):
        line = col = None
        if node is not None:
            line, col = (node.key_line, node.key_col) if at_key and node.key_line else (node.line, node.col)
        self.diags.append(Diagnostic(message=message, file=self.file, line=line, col=col, path=path or None,
                                     hint=hint))

    def pos(self, node: Raw, path: str) -> Pos:
        return Pos(self.file, node.line, node.col, path)

    # -- generic shapes --------------------------------------------------------------------------------
    def mapping(self, node: Raw, path: str, allowed: dict[str, bool], what: str) -> dict[str, Raw] | None:
        """Check a mapping's keys: unknown ones (with suggestions) and missing required ones."""
        if not isinstance(node.value, dict):
            self.error(node, path, f"{what} must be a mapping of keys to values, not {_type_name(node.value)}",
                       hint=f"allowed keys: {', '.join(allowed)}")
            return None
        for key, value in node.value.items():
            if key not in allowed:
                hint = _suggest(key, list(allowed)) or f"allowed keys here: {', '.join(allowed)}"
                self.error(value, f"{path}.{key}" if path else key, f"unknown key {key!r} in {what}", hint,
                           at_key=True)
        for key, required in allowed.items():
            if required and key not in node.value:
                self.error(node, path, f"{what} is missing the required key {key!r}",
                           hint=f"add '{key}:' to {what}")
        return node.value

    def string(self, node: Raw, path: str, what: str, max_len: int = MAX_STRING) -> str | None:
        v = node.value
        if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
            self.error(node, path, f"{what} must be text, not {_type_name(v)}",
                       hint="put the text in quotes if YAML reads it as something else")
            return None
        s = str(v)
        if not s.strip():
            self.error(node, path, f"{what} is empty", hint="write the text, or remove the key")
            return None
        if len(s) > max_len:
            self.error(node, path, f"{what} is {len(s)} characters long; at most {max_len} are allowed",
                       hint="posters are read from a distance: shorten it or split it into two blocks")
            return None
        if any(ord(c) < 32 and c not in "\n" for c in s):
            self.error(node, path, f"{what} contains a control character", hint="remove tabs and other control characters")
            return None
        if s.count("**") % 2:
            self.error(node, path, f"{what} has an unbalanced ** emphasis marker",
                       hint="bold text is written **like this**; add or remove a **")
            return None
        return " ".join(s.split())  # YAML folded/literal blocks: one paragraph, single spaces

    def text(self, node: Raw, path: str, what: str) -> Text | None:
        """A localised field: a mapping with one entry for each declared language."""
        if not isinstance(node.value, dict):
            example = ", ".join(f"{lang}: ..." for lang in self.languages) or "hi: ..., en: ..."
            self.error(node, path, f"{what} must give the text in each language, not {_type_name(node.value)}",
                       hint=f"write it as {{{example}}}")
            return None
        values = []
        ok = True
        for key, value in node.value.items():
            if key not in self.languages:
                hint = ("this language is not in the poster's 'languages' list" if key in LANGUAGES else
                        _suggest(key, list(self.languages)) or f"declared languages: {', '.join(self.languages)}")
                self.error(value, f"{path}.{key}", f"{what} has text for {key!r}, which is not a declared language",
                           hint, at_key=True)
                ok = False
                continue
            s = self.string(value, f"{path}.{key}", f"the {LANGUAGES[key][1]} text of {what}")
            if s is None:
                ok = False
            else:
                values.append((key, s))
        for lang in self.languages:
            if lang not in node.value:
                self.error(node, path, f"{what} has no {LANGUAGES[lang][1]} ({lang}) translation",
                           hint=f"add '{lang}: ...' with the {LANGUAGES[lang][1]} text")
                ok = False
        if not ok:
            return None
        order = {lang: i for i, lang in enumerate(self.languages)}
        return Text(tuple(sorted(values, key=lambda kv: order[kv[0]])), self.pos(node, path))

    def opt(self, m: dict[str, Raw], key: str, path: str, fn: Callable, what: str):
        return fn(m[key], f"{path}.{key}", what) if key in m else None

    def seq(self, node: Raw, path: str, what: str, max_items: int) -> list[Raw] | None:
        if not isinstance(node.value, list):
            self.error(node, path, f"{what} must be a list (lines starting with '- '), not {_type_name(node.value)}")
            return None
        if not node.value:
            self.error(node, path, f"{what} is empty", hint="add at least one item")
            return None
        if len(node.value) > max_items:
            self.error(node, path, f"{what} has {len(node.value)} items; at most {max_items} fit on a poster",
                       hint="split the content into two posters")
            return None
        return node.value

    # -- blocks ----------------------------------------------------------------------------------------
    def block(self, node: Raw, path: str):
        if not isinstance(node.value, dict):
            self.error(node, path, f"a block must be a mapping with a 'kind:' key, not {_type_name(node.value)}")
            return None
        kind_node = node.value.get("kind")
        if kind_node is None:
            self.error(node, path, "this block has no 'kind:'", hint=f"add 'kind:' with one of: {', '.join(BLOCKS)}")
            return None
        kind = kind_node.value
        if not isinstance(kind, str) or kind not in BLOCKS:
            hint = _suggest(str(kind), list(BLOCKS)) or f"block kinds: {', '.join(BLOCKS)}"
            self.error(kind_node, f"{path}.kind", f"unknown block kind {kind!r}", hint)
            return None
        fields, build = BLOCKS[kind]
        m = self.mapping(node, path, {"kind": True, **fields}, f"the {kind} block")
        if m is None:
            return None
        return build(self, m, node, path)

    def _headline(self, m, node, path):
        text = self.opt(m, "text", path, self.text, "the headline")
        kicker = self.opt(m, "kicker", path, self.text, "the headline's kicker")
        return Headline(text, kicker, self.pos(node, path)) if text else None

    def _paragraph(self, m, node, path):
        text = self.opt(m, "text", path, self.text, "the text block")
        style = "normal"
        if "style" in m:
            s = m["style"].value
            if not isinstance(s, str) or s not in ("normal", "emphasis", "note"):
                self.error(m["style"], f"{path}.style", f"unknown text style {s!r}",
                           _suggest(str(s), ["normal", "emphasis", "note"]) or "styles: normal, emphasis, note")
            else:
                style = s
        return Paragraph(text, style, self.pos(node, path)) if text else None

    def _checklist(self, m, node, path):
        title = self.opt(m, "title", path, self.text, "the checklist title")
        items = []
        ok = True
        for i, item in enumerate(self.seq(m["items"], f"{path}.items", "the checklist's items", MAX_ITEMS) or []
                                 if "items" in m else []):
            ipath = f"{path}.items[{i}]"
            im = self.mapping(item, ipath, {"do": False, "dont": False, "step": False}, "a checklist item")
            if im is None:
                ok = False
                continue
            if len(im) != 1 or not set(im) <= {"do", "dont", "step"}:
                if set(im) <= {"do", "dont", "step"}:
                    self.error(item, ipath, "a checklist item needs exactly one of 'do:', 'dont:' or 'step:'",
                               hint="write '- do: {...}' for a tick, '- dont: {...}' for a cross, "
                                    "'- step: {...}' for a numbered step")
                ok = False
                continue
            key = next(iter(im))
            t = self.text(im[key], f"{ipath}.{key}", "the checklist item")
            if t is None:
                ok = False
            else:
                items.append(CheckItem(key, t))
        if not ok or not items:
            return None
        return Checklist(title, tuple(items), self.pos(node, path))

    def _mythfact(self, m, node, path):
        title = self.opt(m, "title", path, self.text, "the myth/fact title")
        ml = self.opt(m, "myth_label", path, self.text, "the myth label")
        fl = self.opt(m, "fact_label", path, self.text, "the fact label")
        pairs = []
        ok = True
        for i, item in enumerate(self.seq(m["pairs"], f"{path}.pairs", "the myth/fact pairs", MAX_ITEMS) or []
                                 if "pairs" in m else []):
            ipath = f"{path}.pairs[{i}]"
            im = self.mapping(item, ipath, {"myth": True, "fact": True}, "a myth/fact pair")
            if im is None or "myth" not in im or "fact" not in im:
                ok = False
                continue
            myth = self.text(im["myth"], f"{ipath}.myth", "the myth")
            fact = self.text(im["fact"], f"{ipath}.fact", "the fact")
            if myth and fact:
                pairs.append((myth, fact))
            else:
                ok = False
        if not ok or not pairs:
            return None
        return MythFact(title, tuple(pairs), ml, fl, self.pos(node, path))

    def _helpline(self, m, node, path):
        number = None
        if "number" in m:
            number = self.string(m["number"], f"{path}.number", "the helpline number", 24)
            if number and not re.fullmatch(r"[0-9+][0-9 \-]*", number):
                self.error(m["number"], f"{path}.number", f"the helpline number {number!r} may only contain digits, "
                           "spaces, '-' and a leading '+'", hint="write it as it is dialled, e.g. \"1930\"")
                number = None
        label = self.opt(m, "label", path, self.text, "the helpline label")
        note = self.opt(m, "note", path, self.text, "the helpline note")
        portal = self.opt(m, "portal", path, self._url, "the helpline's portal")
        if "portal" in m and portal is None:
            return None
        return Helpline(number, label, note, portal, self.pos(node, path)) if number and label else None

    def _url(self, node: Raw, path: str, what: str) -> str | None:
        s = self.string(node, path, what, 300)
        if s and not _URL.match(s):
            self.error(node, path, f"{what} {s!r} is not a web address starting with http:// or https://",
                       hint="write the full address, e.g. https://cybercrime.gov.in")
            return None
        return s

    def _qr(self, m, node, path):
        url = self.opt(m, "url", path, self._url, "the QR code's URL")
        caption = self.opt(m, "caption", path, self.text, "the QR code's caption")
        return QRCode(url, caption, self.pos(node, path)) if url and caption else None

    def _logo(self, node: Raw, path: str, what: str) -> Logo | None:
        s = self.string(node, path, what, 300)
        if s is None:
            return None
        base = Path(self.file).resolve().parent
        target = (base / s).resolve()
        if Path(s).is_absolute() or not target.is_relative_to(base):
            self.error(node, path, f"the logo path {s!r} points outside the spec's folder",
                       hint="copy the logo next to the spec (or into a folder beside it) and give a relative path")
            return None
        if not target.is_file():
            self.error(node, path, f"the logo file {s!r} does not exist (looked for {target.name} in {base})",
                       hint="check the file name and its folder; paths are relative to the spec file")
            return None
        if target.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            self.error(node, path, f"the logo must be a PNG or JPEG image, not {target.suffix or 'a file without extension'}",
                       hint="save the logo as .png or .jpg")
            return None
        if target.stat().st_size > MAX_LOGO_BYTES:
            self.error(node, path, f"the logo file is larger than {MAX_LOGO_BYTES // 1_000_000} MB",
                       hint="a logo 1000 pixels wide is plenty for print")
            return None
        try:
            from PIL import Image

            with Image.open(target) as im:
                im.verify()
            with Image.open(target) as im:
                w, h = im.size
        except Exception:  # Pillow raises many kinds for broken files
            self.error(node, path, f"the logo {s!r} is not a readable PNG or JPEG image",
                       hint="open it in an image editor and save it again as PNG or JPEG")
            return None
        return Logo(str(target), w, h, self.pos(node, path))

    def _footer(self, m, node, path):
        org = self.opt(m, "organisation", path, self.text, "the organisation")
        logo = self.opt(m, "logo", path, self._logo, "the logo")
        if "logo" in m and logo is None:
            return None
        sources = []
        ok = True
        for i, item in enumerate(self.seq(m["sources"], f"{path}.sources", "the sources", MAX_ITEMS) or []
                                 if "sources" in m else []):
            ipath = f"{path}.sources[{i}]"
            sm = self.mapping(item, ipath, {"name": True, "url": False}, "a source")
            if sm is None or "name" not in sm:
                ok = False
                continue
            name = self.text(sm["name"], f"{ipath}.name", "the source's name")
            url = self.opt(sm, "url", ipath, self._url, "the source's URL")
            if name is None or ("url" in sm and url is None):
                ok = False
            else:
                sources.append(Source(name, url))
        if not ok or not sources:
            return None
        return Footer(tuple(sources), org, logo, self.pos(node, path))

    # -- the whole poster ------------------------------------------------------------------------------
    def poster(self, root: Raw, stem: str) -> Poster | None:
        top = {"id": False, "title": True, "languages": True, "sizes": False, "theme": False, "blocks": True,
               "review": False}
        m = self.mapping(root, "", top, "the poster spec")
        if m is None:
            return None
        langs: list[str] = []
        if "languages" in m:
            for i, ln in enumerate(self.seq(m["languages"], "languages", "'languages'", len(LANGUAGES)) or []):
                code = str(ln.value).strip().lower() if isinstance(ln.value, str) else None
                if code not in LANGUAGES:
                    self.error(ln, f"languages[{i}]", f"unknown language {ln.value!r}",
                               _suggest(str(ln.value), list(LANGUAGES)) or
                               f"supported languages: {', '.join(LANGUAGES)}")
                elif code in langs:
                    self.error(ln, f"languages[{i}]", f"language {code!r} is listed twice")
                else:
                    langs.append(code)
        self.languages = tuple(langs)
        poster_id = stem
        if "id" in m:
            s = self.string(m["id"], "id", "the id", 64)
            if s and not _ID.match(s):
                self.error(m["id"], "id", f"the id {s!r} may only use lower-case letters, digits and '-'",
                           hint="e.g. id: whatsapp-calls")
            elif s:
                poster_id = s
        title = self.opt(m, "title", "", self.text, "the title") if langs else None
        sizes: list[str] = []
        if "sizes" in m:
            for i, sn in enumerate(self.seq(m["sizes"], "sizes", "'sizes'", 12) or []):
                try:
                    sizes.append(parse_size(str(sn.value)).name)
                except ValueError as exc:
                    self.error(sn, f"sizes[{i}]", str(exc),
                               hint=f"use one of {', '.join(size_names())} or a custom size like 300x400mm")
        theme = "alert"
        if "theme" in m:
            names = theme_names()
            t = m["theme"].value
            if not isinstance(t, str) or t not in names:
                self.error(m["theme"], "theme", f"unknown theme {t!r}",
                           _suggest(str(t), names) or f"themes: {', '.join(names)}")
            else:
                theme = t
        review: list[tuple[str, str]] = []
        if "review" in m:
            rm = self.mapping(m["review"], "review", {k: False for k in langs}, "'review'")
            for k, v in (rm or {}).items():
                if k in langs:
                    s = self.string(v, f"review.{k}", "the review note")
                    if s:
                        review.append((k, s))
        blocks = []
        if "blocks" in m and langs:
            for i, b in enumerate(self.seq(m["blocks"], "blocks", "'blocks'", MAX_BLOCKS) or []):
                built = self.block(b, f"blocks[{i}]")
                if built is not None:
                    blocks.append(built)
            kinds = [b.kind for b in blocks]
            if kinds.count("footer") > 1:
                self.error(m["blocks"], "blocks", "a poster can have only one footer block")
        if self.diags:
            return None
        return Poster(poster_id, stem, self.file, title, self.languages, tuple(sizes) or ("a4",), theme,
                      tuple(blocks), tuple(review))


BLOCKS: dict[str, tuple[dict[str, bool], Callable]] = {
    "headline": ({"text": True, "kicker": False}, _Validator._headline),
    "text": ({"text": True, "style": False}, _Validator._paragraph),
    "checklist": ({"title": False, "items": True}, _Validator._checklist),
    "mythfact": ({"title": False, "pairs": True, "myth_label": False, "fact_label": False}, _Validator._mythfact),
    "helpline": ({"number": True, "label": True, "portal": False, "note": False}, _Validator._helpline),
    "qr": ({"url": True, "caption": True}, _Validator._qr),
    "footer": ({"sources": True, "organisation": False, "logo": False}, _Validator._footer),
}


def validate(raw: Raw, file: str, stem: str) -> Poster:
    """Turn a loaded spec into a Poster, or raise SpecError listing every problem found."""
    v = _Validator(file)
    poster = v.poster(raw, stem)
    if v.diags or poster is None:
        raise SpecError(v.diags or [Diagnostic("invalid spec", file=file)])
    return poster


def load_spec(path: Path) -> Poster:
    """Read, parse and validate one spec file."""
    raw = load_file(path)
    return validate(raw, str(path), path.stem)
