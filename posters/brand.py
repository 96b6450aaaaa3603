"""A spec's own theme (brand colours written as hex sRGB or cmyk(...)) into a full Theme of press CMYK and
office sRGB colours, and a theme into the text/background pairs the layout draws that fail WCAG contrast."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping

from .colour import MAX_INK_PCT, cmyk_to_srgb, relative_luminance, srgb_to_cmyk
from .dataclass_fast import dataclass
from .styles import BODY_PER_SHORT_SIDE, STYLES
from .themes import CMYK, RGB, ROLES, Theme, ThemeColour, builtin_theme, total_ink_pct

A4_BODY_PT = BODY_PER_SHORT_SIDE * 210.0 / 25.4 * 72  # 16.5 pt: contrast classes are judged at A4 body size
LARGE_PT = 18.0  # WCAG 2.x large text: at least 18 pt, ...
LARGE_BOLD_PT = 14.0  # ... or bold at least 14 pt
BODY_MIN, LARGE_MIN = 4.5, 3.0  # WCAG 2.x AA contrast ratios (pictograms and marks: 3, as non-text)
BOLD_ROLES = ("bold", "display")

# Where each text style is drawn: the theme roles behind it, and what it is (for messages). A test makes
# sure every style in styles.STYLES is here.
STYLE_GROUNDS: dict[str, tuple[tuple[str, ...], str]] = {
    "kicker": (("primary",), "the headline's kicker"),
    "headline": (("primary",), "the headline"),
    "normal": (("paper",), "paragraphs"),
    "emphasis": (("paper",), "emphasised paragraphs"),
    "note": (("paper",), "notes"),
    "title": (("paper",), "block titles"),
    "item": (("paper",), "checklist items"),
    "step-number": (("primary",), "step numbers in their discs"),
    "myth": (("card",), "myths on their cards"),
    "fact": (("card",), "facts on their cards"),
    "chip": (("bad", "good"), "the myth/fact labels"),
    "helpline-label": (("accent",), "the helpline label"),
    "helpline-number": (("accent",), "the helpline number"),
    "helpline-portal": (("accent",), "the helpline portal"),
    "helpline-note": (("accent",), "the helpline note"),
    "qr-caption": (("paper",), "QR captions"),
    "qr-url": (("paper",), "QR web addresses"),
    "qr-url-screen": (("paper",), "web addresses shown instead of a QR code on phone images"),
    "picture-caption": (("paper",), "picture captions"),
    "step-caption": (("paper",), "step captions"),
    "sources": (("paper",), "the sources line"),
    "organisation": (("paper",), "the organisation line"),
}
# Pictograms and round marks (colour, ground, what): held to 3, WCAG's minimum for graphics.
GRAPHICS: tuple[tuple[str, str, str], ...] = (
    ("good", "paper", "ticks and their icons"),
    ("bad", "paper", "crosses and their icons"),
    ("primary", "paper", "step discs, pictures and step icons"),
    ("highlight", "primary", "the headline's icon"),
    ("highlight", "accent", "the helpline's icon"),
)


@dataclass(frozen=True)
class Pair:
    """A colour drawn on a ground somewhere in the layout, with the contrast it needs and where it is used."""

    text: str
    ground: str
    minimum: float
    uses: tuple[str, ...]


def is_large(style_name: str) -> bool:
    """WCAG 2.x large text at A4 body size: at least 18 pt, or bold (or display) at least 14 pt."""
    st = STYLES[style_name]
    size_pt = st.size * A4_BODY_PT
    return size_pt >= LARGE_PT or (st.role in BOLD_ROLES and size_pt >= LARGE_BOLD_PT)


def pairs() -> list[Pair]:
    """Every colour/ground pair the layout draws, each with the strictest minimum of its uses."""
    found: dict[tuple[str, str], tuple[float, list[str]]] = {}

    def add(text: str, ground: str, minimum: float, use: str) -> None:
        old_min, uses = found.get((text, ground), (0.0, []))
        found[(text, ground)] = (max(old_min, minimum), [*uses, use])

    for name, (grounds, what) in STYLE_GROUNDS.items():
        st = STYLES[name]
        large = is_large(name)
        size = f"{st.size * A4_BODY_PT:.0f} pt{' bold' if st.role in BOLD_ROLES else ''} at A4"
        for ground in grounds:
            add(st.color, ground, LARGE_MIN if large else BODY_MIN, f"{what} ({size})")
    for colour, ground, what in GRAPHICS:
        add(colour, ground, LARGE_MIN, what)
    return [Pair(t, g, m, tuple(u)) for (t, g), (m, u) in found.items()]


def ratio(a: ThemeColour, b: ThemeColour) -> float:
    """The WCAG 2.x contrast of two theme colours: the lower of the office (sRGB) and the press (CMYK as
    printed on FOGRA39) versions, so both outputs pass."""
    def one(x: RGB, y: RGB) -> float:
        hi, lo = sorted((relative_luminance(x), relative_luminance(y)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)

    return min(one(a.srgb, b.srgb), one(cmyk_to_srgb(a.cmyk), cmyk_to_srgb(b.cmyk)))


@dataclass(frozen=True)
class Failure:
    pair: Pair
    ratio: float


def contrast_failures(theme: Theme) -> list[Failure]:
    """The pairs of `theme` whose contrast is below what their use needs."""
    out = []
    for p in pairs():
        r = ratio(theme[p.text], theme[p.ground])
        if r < p.minimum:
            out.append(Failure(p, r))
    return out


# ---- reading colours ----------------------------------------------------------------------------------------
# One unambiguous form each: "#c8102e" is an sRGB colour (six hex digits; in quotes, since YAML starts a
# comment at '#'), "cmyk(0, 90, 85, 12)" a CMYK colour in percent. An sRGB colour is drawn as written in
# office PDFs and converted to FOGRA39 CMYK for press (posters/icc, relative colorimetric, pure black as
# 100% K); a CMYK colour is printed as written and shown in office PDFs as it prints on FOGRA39, as the
# built-in themes are (themes.json).
HEX_RE = re.compile(r"#([0-9a-fA-F]{6})")
_NUM = r"\s*(\d+(?:\.\d+)?)\s*%?\s*"
CMYK_RE = re.compile(rf"cmyk\({_NUM},{_NUM},{_NUM},{_NUM}\)", re.IGNORECASE)
COLOUR_FORMS = '"#c8102e" (sRGB, six hex digits) or "cmyk(0, 90, 85, 12)" (CMYK in percent)'


@dataclass(frozen=True)
class Written:
    """A colour as the spec gives it: `hex` (sRGB) or `cmyk` (fractions), and the text as written."""

    text: str
    rgb: RGB | None = None
    cmyk: CMYK | None = None

    def colour(self, role: str) -> ThemeColour:
        if self.cmyk is not None:
            return ThemeColour(role, self.cmyk, cmyk_to_srgb(self.cmyk))
        assert self.rgb is not None
        return ThemeColour(role, srgb_to_cmyk(self.rgb), self.rgb)


def parse_colour(text: str) -> Written | str:
    """A colour in one of COLOUR_FORMS, or what is wrong with it."""
    s = text.strip()
    m = HEX_RE.fullmatch(s)
    if m:
        h = m.group(1)
        return Written(s, rgb=(int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)))
    m = CMYK_RE.fullmatch(s)
    if m:
        values = [float(v) for v in m.groups()]
        if any(v > 100 for v in values):
            return "has a CMYK value above 100 (they are percentages, 0 to 100)"
        cmyk = (values[0] / 100, values[1] / 100, values[2] / 100, values[3] / 100)
        if total_ink_pct(cmyk) > MAX_INK_PCT:
            return (f"would print with {total_ink_pct(cmyk):.0f}% ink in total; presses allow at most "
                    f"{MAX_INK_PCT:.0f}% (it would smear)")
        return Written(s, cmyk=cmyk)
    return "is not a colour posters can read"


def hex_of(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def cmyk_text(cmyk: CMYK) -> str:
    return "cmyk({})".format(", ".join(f"{v * 100:.0f}" for v in cmyk))


# ---- deriving the roles not given -----------------------------------------------------------------------
WHITE = ThemeColour("white", (0.0, 0.0, 0.0, 0.0), (255, 255, 255))
YELLOW_CMYK: CMYK = (0.0, 0.12, 1.0, 0.0)
CARD_TINT = 0.10  # card: the paper with this share of the primary colour
MUTED_TINT = 0.75  # muted text: this tint of the ink
DERIVED_HOW = {
    "paper": "white, the default", "ink": "100% black, the default", "accent": "primary, darker where text on the paper needs it",
    "muted": "a 75% tint of ink", "card": "paper with a 10% tint of primary",
    "on_primary": "white or ink, whichever stands out more", "on_accent": "white or ink, whichever stands out more",
    "highlight": "yellow, white or ink, whichever stands out on primary and accent",
    "good": "green, the default", "bad": "red, the default",
}


def _named(c: ThemeColour, role: str) -> ThemeColour:
    return ThemeColour(role, c.cmyk, c.srgb)


def _tint(c: ThemeColour, share: float, base: CMYK = (0.0, 0.0, 0.0, 0.0)) -> CMYK:
    return tuple(round(min(1.0, b + share * v), 2) for b, v in zip(base, c.cmyk))  # type: ignore[return-value]


def derive(given: Mapping[str, ThemeColour]) -> Theme:
    """A full theme from the roles given (at least `primary`): the others as DERIVED_HOW says."""
    alert = builtin_theme("alert")
    r: dict[str, ThemeColour] = dict(given)
    r.setdefault("paper", _named(WHITE, "paper"))
    r.setdefault("ink", alert["ink"])
    r.setdefault("accent", _named(r["primary"], "accent"))
    r.setdefault("good", alert["good"])
    r.setdefault("bad", alert["bad"])
    if "muted" not in r:
        cmyk = _tint(r["ink"], MUTED_TINT)
        r["muted"] = ThemeColour("muted", cmyk, cmyk_to_srgb(cmyk))
    if "card" not in r:
        cmyk = _tint(r["primary"], CARD_TINT, r["paper"].cmyk)
        r["card"] = ThemeColour("card", cmyk, cmyk_to_srgb(cmyk))

    def best(role: str, options: list[ThemeColour], grounds: list[str], enough: float = 99.0) -> None:
        if role in r:
            return
        scored = [(min(ratio(o, r[g]) for g in grounds), i, o) for i, o in enumerate(options)]
        good_enough = [o for score, _, o in scored if score >= enough]
        choice = good_enough[0] if good_enough else max(scored)[2]
        r[role] = _named(choice, role)

    best("on_primary", [WHITE, r["ink"]], ["primary", "good", "bad"])
    best("on_accent", [WHITE, r["ink"]], ["accent"])
    yellow = ThemeColour("highlight", YELLOW_CMYK, cmyk_to_srgb(YELLOW_CMYK))
    best("highlight", [yellow, WHITE, r["ink"]], ["primary", "accent"], LARGE_MIN)
    return _settle(Theme("custom", tuple(r[role] for role in ROLES)), set(given))


SETTLE_ROUNDS = 8
SETTLED = frozenset({"accent", "muted", "card", "on_primary", "on_accent", "highlight"})


def _settle(theme: Theme, given: set[str]) -> Theme:
    """The theme with each colour made to go with others (SETTLED) that fails a pair moved (darker or
    lighter, in CMYK) just enough to pass; the defaults (white paper, black ink, green and red) and the
    colours the spec gives stay as they are, and are reported."""
    for _ in range(SETTLE_ROUNDS):
        movable = [f for f in contrast_failures(theme) if {f.pair.text, f.pair.ground} & SETTLED - given]
        if not movable:
            break
        f = movable[0]
        fix = suggest_fix(theme, {}, f, only={f.pair.text, f.pair.ground} & SETTLED - given, native=True)
        if fix is None:
            break
        role, colour, _ = fix
        theme = Theme(theme.name, tuple(colour.colour(role) if c.name == role else c for c in theme.colours))
    return theme


# ---- suggestions ------------------------------------------------------------------------------------------
def _variants(w: Written | None, c: ThemeColour) -> list[Callable[[float], Written]]:
    """Ways to make a colour darker or lighter by a share t (0 to 1), in the notation it was written in."""
    if w is not None and w.cmyk is not None:
        cm = w.cmyk

        def darker_cmyk(t: float) -> Written:
            v = (cm[0], cm[1], cm[2], round(cm[3] + t * (1 - cm[3]), 2))
            return Written(cmyk_text(v), cmyk=v)

        def lighter_cmyk(t: float) -> Written:
            v = tuple(round(x * (1 - t), 2) for x in cm)
            return Written(cmyk_text(v), cmyk=v)  # type: ignore[arg-type]

        return [darker_cmyk, lighter_cmyk]
    rgb = w.rgb if w is not None and w.rgb is not None else c.srgb

    def darker(t: float) -> Written:
        v = tuple(round(x * (1 - t)) for x in rgb)
        return Written(hex_of(v), rgb=v)  # type: ignore[arg-type]

    def lighter(t: float) -> Written:
        v = tuple(round(x + (255 - x) * t) for x in rgb)
        return Written(hex_of(v), rgb=v)  # type: ignore[arg-type]

    return [darker, lighter]


def _passes(variant: Callable[[float], Written], t: float, role: str, other: ThemeColour,
            minimum: float) -> float | None:
    """The contrast of the variant at t against `other`, if it passes with a little to spare."""
    r = ratio(variant(t).colour(role), other)
    return r if r >= minimum + 0.05 else None


def suggest_fix(theme: Theme, written: Mapping[str, Written], f: Failure, only: Collection[str] | None = None,
                native: bool = False) -> tuple[str, Written, float] | None:
    """The smallest darker or lighter change of one colour of the pair (of `only`, if given) that makes it
    pass: (role, the new colour, its contrast); on a tie, a colour the spec gives rather than one made
    from it. A colour is changed in the notation it was written in; a made one in sRGB hex, or with
    `native` in the CMYK it was made in."""
    roles = sorted([f.pair.ground, f.pair.text], key=lambda role: role not in written)
    best: tuple[float, str, Written, float] | None = None
    for role in roles if only is None else [r for r in roles if r in only]:
        other = theme[f.pair.text if role == f.pair.ground else f.pair.ground]
        c = theme[role]
        w = written.get(role) or (Written(cmyk_text(c.cmyk), cmyk=c.cmyk) if native else None)
        for variant in _variants(w, c):
            if _passes(variant, 1.0, role, other, f.pair.minimum) is None:
                continue
            lo, hi = 0.0, 1.0
            for _ in range(14):
                mid = (lo + hi) / 2
                if _passes(variant, mid, role, other, f.pair.minimum) is None:
                    lo = mid
                else:
                    hi = mid
            r = _passes(variant, hi, role, other, f.pair.minimum)
            assert r is not None
            if best is None or hi < best[0] - 1e-9:
                best = (hi, role, variant(hi), r)
    return None if best is None else best[1:]


def describe(role: str, theme: Theme, written: Mapping[str, Written]) -> str:
    """A role's colour as the spec wrote it, or how it was made."""
    if role in written:
        return f'{role} "{written[role].text}"'
    return f"{role} ({DERIVED_HOW[role]}: {hex_of(theme[role].srgb)})"
