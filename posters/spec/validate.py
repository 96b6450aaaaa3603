"""Raw YAML tree to a validated `Poster`, collecting every problem with its position and a hint.

The poster's own keys are here; each block's keys come from its kind in the block registry."""

from __future__ import annotations

import re
from pathlib import Path

from ..blocks import KINDS
from ..blocks.base import COMMON_FIELDS, show_of, with_show
from ..errors import Diagnostic, SpecError
from ..geometry import parse_size, size_names
from ..languages import LANGUAGES, language_list, suggest_language
from ..themes import builtin_theme, load_themes
from .fields import MAX_ITEMS, MAX_STRING, Checker, ThemeField, read_fields, shown, suggest, type_name
from .load import Raw, load_file, yaml11_trap
from .model import Block, Poster

MAX_BLOCKS = 40
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

__all__ = ["MAX_BLOCKS", "MAX_ITEMS", "MAX_STRING", "THEME", "load_spec", "theme_names", "validate"]


def theme_names() -> list[str]:
    return list(load_themes())


# `theme:`: a built-in theme's name or the spec's own colours (its schema() describes both)
THEME = ThemeField(tuple(theme_names()))

# The poster's top-level keys (blocks, languages, sizes, review and id are read by hand below).
TOP: dict[str, bool] = {"id": False, "title": True, "languages": True, "sizes": False, "theme": False,
                        "blocks": True, "review": False}


_KIND_KEY = {"kind": True}


def _block(c: Checker, node: Raw, path: str) -> Block | None:
    if not isinstance(node.value, dict):
        c.error(node, path, f"a block must be a mapping with a 'kind:' key, not {type_name(node.value)}",
                hint="start each block with '- kind: ' and one of: " + ", ".join(KINDS))
        return None
    kind_node = node.value.get("kind")
    if kind_node is None:
        c.error(node, path, "this block has no 'kind:'", hint=f"add 'kind:' with one of: {', '.join(KINDS)}")
        return None
    kind = KINDS.get(kind_node.value) if isinstance(kind_node.value, str) else None
    if kind is None:
        hint = suggest(kind_node.text or "", list(KINDS)) or f"block kinds: {', '.join(KINDS)}"
        c.error(kind_node, f"{path}.kind", f"unknown block kind {shown(kind_node)}", hint)
        return None
    values = read_fields(c, node, path, kind.fields, f"the {kind.name} block", extra=_KIND_KEY,
                         also=COMMON_FIELDS)
    if values is None:
        return None
    pos = c.pos(node, path)
    for label in kind.labels:
        lacking = [code for code in c.languages if label not in LANGUAGES[code].labels]
        if f"{label}_label" not in values and lacking:
            names = ", ".join(LANGUAGES[code].name for code in lacking)
            c.error(node, path, f"there is no built-in '{label}' label in {names}",
                    hint=f"add '{label}_label:' to this block with the text in every language")
            return None
    return with_show(kind.build(values, pos), show_of(values))


def _languages(c: Checker, m: dict[str, Raw]) -> list[str]:
    langs: list[str] = []
    if "languages" not in m:
        return langs
    node = m["languages"]
    if isinstance(node.value, str) and "," in node.value:
        c.error(node, "languages", f"'languages' must be a list, not the text {node.value!r}",
                hint=f"write it in brackets: languages: [{node.value}]")
        return langs
    for i, ln in enumerate(c.seq(node, "languages", "'languages'", len(LANGUAGES)) or []):
        written = ln.text if ln.text is not None else None
        code = written.strip().lower() if written is not None and not isinstance(ln.value, bool) else None
        if code is None or code not in LANGUAGES:
            trap = yaml11_trap(ln)
            shown = written if written is not None else "this"
            c.error(ln, f"languages[{i}]", f"unknown language '{shown}'",
                    (suggest_language(written or "") or (trap[1] if trap else None)
                     or f"supported languages: {language_list()}"))
            if written is not None:
                c.rejected_languages.add(written.strip().lower())
        elif code in langs:
            c.error(ln, f"languages[{i}]", f"language {code!r} is listed twice",
                    hint="remove the second one")
        else:
            langs.append(code)
    return langs


def _poster(c: Checker, root: Raw, stem: str) -> Poster | None:
    m = c.mapping(root, "", TOP, "the poster spec")
    if m is None:
        return None
    langs = _languages(c, m)
    c.languages = tuple(langs)
    poster_id = stem
    if "id" in m:
        s = c.string(m["id"], "id", "the id", 64)
        if s and not _ID.match(s):
            c.error(m["id"], "id", f"the id {s!r} may only use lower-case letters, digits and '-'",
                    hint="e.g. id: whatsapp-calls")
        elif s:
            poster_id = s
    title = c.text(m["title"], "title", "the title", one_line=True) if "title" in m and langs else None
    sizes: list[str] = []
    if "sizes" in m:
        for i, sn in enumerate(c.seq(m["sizes"], "sizes", "'sizes'", 12) or []):
            try:
                sizes.append(parse_size(sn.text if sn.text is not None else str(sn.value)).name)
            except ValueError as exc:
                c.error(sn, f"sizes[{i}]", str(exc),
                        hint=f"use one of {', '.join(size_names())} or a custom size like 300x400mm")
    theme = builtin_theme("alert")
    if "theme" in m:
        theme = THEME.read(c, m["theme"], "theme", "the theme") or theme
    review: list[tuple[str, str]] = []
    if "review" in m:
        rm = c.mapping(m["review"], "review", dict.fromkeys(langs, False), "'review'")
        for k, v in (rm or {}).items():
            if k in langs:
                s = c.string(v, f"review.{k}", "the review note")
                if s:
                    review.append((k, s))
    blocks: list[Block] = []
    if "blocks" in m and langs:
        seen: dict[str, int] = {}
        for i, b in enumerate(c.seq(m["blocks"], "blocks", "'blocks'", MAX_BLOCKS) or []):
            built = _block(c, b, f"blocks[{i}]")
            if built is None:
                continue
            if KINDS[built.kind].unique and built.kind in seen:
                c.error(b, f"blocks[{i}]", f"a poster can have only one {built.kind} block "
                        f"(the first is blocks[{seen[built.kind]}])",
                        hint=f"merge the {built.kind} blocks into one")
            seen.setdefault(built.kind, i)
            blocks.append(built)
    if c.diags or title is None:
        return None
    return Poster(poster_id, stem, c.file, title, c.languages, tuple(sizes) or ("a4",), theme,
                  tuple(blocks), tuple(review), tuple(c.notes))


def validate(raw: Raw, file: str, stem: str, drawable: frozenset[int] | None = None) -> Poster:
    """Turn a loaded spec into a Poster, or raise SpecError listing every problem found, sorted by
    position. With `drawable` (the code points the fonts can draw), characters no font has are found
    here too, beside every other problem."""
    c = Checker(file, drawable)
    poster = _poster(c, raw, stem)
    if c.diags or poster is None:
        diags = sorted(c.diags, key=lambda d: (d.line or 0, d.col or 0))
        raise SpecError(diags or [Diagnostic("invalid spec", file=file)])
    return poster


def load_spec(path: Path, drawable: frozenset[int] | None = None) -> Poster:
    """Read, parse and validate one spec file (see `validate` for `drawable`)."""
    raw = load_file(path)
    return validate(raw, str(path), path.stem, drawable)

