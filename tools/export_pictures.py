"""Regenerate posters/icons/ and posters/emoji/ (SVG files, README tables) from pinned npm icon packages.

Run from the repository root:  python tools/export_pictures.py
It calls `npm pack` for each pinned package into a temporary folder, so it needs `npm` and the npm registry.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "posters" / "icons"
EMOJI_DIR = ROOT / "posters" / "emoji"


@dataclass(frozen=True)
class Package:
    npm: str
    version: str
    licence: str
    licence_file: str


PACKAGES = {
    "material-symbols": Package("@iconify-json/material-symbols", "1.2.98", "Apache-2.0", "LICENSE-Apache-2.0.txt"),
    "tabler": Package("@iconify-json/tabler", "1.2.41", "MIT", "LICENSE-tabler.txt"),
    "noto": Package("@iconify-json/noto", "1.2.9", "Apache-2.0", "LICENSE-Apache-2.0.txt"),
}

# Built-in pictograms: our stable name -> (icon set, original icon id).
# One visual style first (Material Symbols, rounded, filled); Tabler (outline) only where Material has no match.
ICONS: dict[str, tuple[str, str]] = {
    "phone": ("material-symbols", "call-rounded"),
    "phone-in-talk": ("material-symbols", "phone-in-talk-rounded"),
    "call-end": ("material-symbols", "call-end-rounded"),
    "video-call": ("material-symbols", "video-call-rounded"),
    "missed-call": ("material-symbols", "phone-missed-rounded"),
    "call-off": ("material-symbols", "phone-disabled-rounded"),
    "smartphone": ("material-symbols", "mobile-rounded"),
    "mobile-off": ("material-symbols", "mobile-off-rounded"),
    "mobile-lock": ("material-symbols", "mobile-lock-portrait-rounded"),
    "mobile-alert": ("material-symbols", "mobile-alert-rounded"),
    "contact-phone": ("material-symbols", "contact-phone-rounded"),
    "camera": ("material-symbols", "photo-camera-rounded"),
    "no-photo": ("material-symbols", "no-photography-rounded"),
    "camera-recording": ("material-symbols", "videocam-rounded"),
    "webcam": ("material-symbols", "camera-video-rounded"),
    "cctv": ("tabler", "device-cctv"),
    "no-video": ("material-symbols", "videocam-off-rounded"),
    "screen-recording": ("material-symbols", "screen-record-rounded"),
    "screenshot": ("material-symbols", "screenshot-region-rounded"),
    "mic": ("material-symbols", "mic-rounded"),
    "mic-off": ("material-symbols", "mic-off-rounded"),
    "lock": ("material-symbols", "lock-rounded"),
    "shield": ("material-symbols", "shield-rounded"),
    "shield-lock": ("material-symbols", "shield-lock-rounded"),
    "shield-cross": ("material-symbols", "gpp-bad-rounded"),
    "privacy": ("material-symbols", "privacy-tip-rounded"),
    "eye": ("material-symbols", "visibility-rounded"),
    "eye-off": ("material-symbols", "visibility-off-rounded"),
    "spy": ("tabler", "spy"),
    "warning": ("material-symbols", "warning-rounded"),
    "report": ("material-symbols", "report-rounded"),
    "flag": ("material-symbols", "flag-rounded"),
    "block": ("material-symbols", "block-rounded"),
    "police": ("material-symbols", "local-police-rounded"),
    "siren": ("material-symbols", "siren-rounded"),
    "gavel": ("material-symbols", "gavel-rounded"),
    "law": ("material-symbols", "balance-rounded"),
    "id-card": ("material-symbols", "id-card-rounded"),
    "badge": ("material-symbols", "badge-rounded"),
    "rupee": ("material-symbols", "currency-rupee-rounded"),
    "money": ("material-symbols", "payments-rounded"),
    "wallet": ("material-symbols", "account-balance-wallet-rounded"),
    "card": ("material-symbols", "credit-card-rounded"),
    "bank": ("material-symbols", "account-balance-rounded"),
    "vault": ("tabler", "vault"),
    "password": ("material-symbols", "password-rounded"),
    "key": ("material-symbols", "key-rounded"),
    "fingerprint": ("material-symbols", "fingerprint-rounded"),
    "qr-code": ("material-symbols", "qr-code-2-rounded"),
    "qr-scan": ("material-symbols", "qr-code-scanner-rounded"),
    "delete": ("material-symbols", "delete-rounded"),
    "no-delete": ("tabler", "trash-off"),
    "chat": ("material-symbols", "chat-rounded"),
    "sms": ("material-symbols", "sms-rounded"),
    "talk": ("material-symbols", "record-voice-over-rounded"),
    "family": ("material-symbols", "family-restroom-rounded"),
    "people": ("material-symbols", "groups-rounded"),
    "person": ("material-symbols", "person-rounded"),
    "child": ("material-symbols", "child-care-rounded"),
    "parent-child": ("material-symbols", "escalator-warning-rounded"),
    "person-alert": ("material-symbols", "person-alert-rounded"),
    "woman": ("material-symbols", "woman-rounded"),
    "man": ("material-symbols", "man-rounded"),
    "elderly": ("material-symbols", "elderly-rounded"),
    "elderly-woman": ("material-symbols", "elderly-woman-rounded"),
    "helpline": ("material-symbols", "support-agent-rounded"),
    "headset": ("material-symbols", "headset-mic-rounded"),
    "globe": ("material-symbols", "language-rounded"),
    "portal": ("material-symbols", "web-rounded"),
    "24-hours": ("tabler", "24-hours"),
    "clock": ("material-symbols", "schedule-rounded"),
    "hand-stop": ("material-symbols", "front-hand-rounded"),
    "check": ("material-symbols", "check-rounded"),
    "check-circle": ("material-symbols", "check-circle-rounded"),
    "cross": ("material-symbols", "close-rounded"),
    "cross-circle": ("material-symbols", "cancel-rounded"),
    "info": ("material-symbols", "info-rounded"),
    "help": ("material-symbols", "help-rounded"),
    "heart": ("material-symbols", "favorite-rounded"),
    "mental-health": ("material-symbols", "psychology-rounded"),
    "care": ("material-symbols", "volunteer-activism-rounded"),
    "handshake": ("material-symbols", "handshake-rounded"),
    "notification": ("material-symbols", "notifications-rounded"),
    "share": ("material-symbols", "share-rounded"),
    "link": ("material-symbols", "link-rounded"),
    "sos": ("material-symbols", "sos-rounded"),
}

# Emoji people type on such posters (Noto Emoji). Files are named by code points without FE0F.
EMOJI = [
    "✅", "❌", "⚠️", "📞", "🚫", "👮", "📵", "🔒", "💰", "📱", "🎥", "📹", "🆘", "☎️", "👨‍👩‍👧", "🙏", "❗", "❓",
    "🛑", "🔐", "📢", "👉", "✋", "💬", "🏦", "💳", "⏰", "🧒", "👩", "👴", "❤️", "🤝", "🛡️", "📷", "🖥️", "🔞",
    "✔️", "✖️", "☑️", "⛔", "👍", "👎", "👇", "👆", "👈", "🚨", "🔑", "💵", "📲", "🔔", "👁️", "🙅", "📸", "🤳",
    "👨", "👵", "👧", "👦", "👪", "🧓", "🆗", "💻", "🌐", "⭐", "📌", "📝", "🗑️", "⏳", "🕵️", "👩‍⚖️", "⚖️",
]

README_HEAD = {
    "icons": """# Built-in pictograms

Vector icons for posters, one standalone SVG per stable name (`<name>.svg`). The colour is `currentColor`,
chosen when the icon is drawn. Most icons are Material Symbols (rounded, filled); a few that Material Symbols
lacks come from Tabler Icons (outline, drawn with a stroke).

Regenerate with `python tools/export_pictures.py` (needs `npm`; it runs `npm pack` on the pinned package
versions below and rewrites the SVG files and this README). To add or rename an icon, edit the `ICONS` table
in that script and run it again; names are stable once shipped, since specs refer to them. Licence texts:
`LICENSE-Apache-2.0.txt` (Material Symbols), `LICENSE-tabler.txt` (Tabler Icons). `posters.pictures`
reads these files; its `write_contact_sheet` draws all of them with their names.

| name | package | version | original icon id | licence |
| --- | --- | --- | --- | --- |
""",
    "emoji": """# Emoji pictures

Noto Emoji, one standalone SVG per emoji, named by its code point sequence in lower-case hex joined by `-`,
without the variation selector U+FE0F (so `⚠️` is `26a0.svg`, `👨‍👩‍👧` is `1f468-200d-1f469-200d-1f467.svg`).
They keep their own colours.

Regenerate with `python tools/export_pictures.py` (needs `npm`; it runs `npm pack` on the pinned package version
below and rewrites the SVG files and this README). Licence text: `LICENSE-Apache-2.0.txt`.

| file | emoji | package | version | original icon id | licence |
| --- | --- | --- | --- | --- | --- |
""",
}


def npm_pack(pkg: Package, into: Path) -> dict[str, object]:
    """Fetch one package tarball with `npm pack`; return its parsed icons.json, with chars.json under "chars"."""
    out = subprocess.run(["npm", "pack", f"{pkg.npm}@{pkg.version}", "--silent"], cwd=into, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(into / out) as tar:
        member = tar.extractfile("package/icons.json")
        assert member is not None
        data: dict[str, object] = json.load(member)
        chars = tar.extractfile("package/chars.json")
        data["chars"] = json.load(chars) if chars is not None else {}
    return data


def to_svg(data: dict[str, object], icon_id: str) -> str:
    """One Iconify icon (or transform-free alias) as a standalone SVG document."""
    icons = data["icons"]
    aliases = data.get("aliases", {})
    assert isinstance(icons, dict) and isinstance(aliases, dict)
    while icon_id not in icons:
        alias = aliases[icon_id]
        if set(alias) - {"parent"}:
            raise SystemExit(f"{icon_id}: aliases with transforms are not supported")
        icon_id = alias["parent"]
    icon = icons[icon_id]
    if set(icon) & {"hFlip", "vFlip", "rotate"}:
        raise SystemExit(f"{icon_id}: transformed icons are not supported")
    left = icon.get("left", data.get("left", 0))
    top = icon.get("top", data.get("top", 0))
    width = icon.get("width", data.get("width", 16))
    height = icon.get("height", data.get("height", 16))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width}" height="{height}" viewBox="{left} {top} {width} {height}">{icon["body"]}</svg>\n')


def emoji_file(seq: str) -> str:
    return "-".join(f"{ord(c):x}" for c in seq if c != "\ufe0f")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sets = {key: npm_pack(pkg, Path(tmp)) for key, pkg in PACKAGES.items()}
    ICON_DIR.mkdir(exist_ok=True)
    EMOJI_DIR.mkdir(exist_ok=True)
    for old in [*ICON_DIR.glob("*.svg"), *EMOJI_DIR.glob("*.svg")]:
        old.unlink()
    rows = []
    for name, (key, icon_id) in sorted(ICONS.items()):
        pkg = PACKAGES[key]
        (ICON_DIR / f"{name}.svg").write_text(to_svg(sets[key], icon_id), encoding="utf-8")
        rows.append(f"| {name} | {pkg.npm} | {pkg.version} | {key}:{icon_id} | {pkg.licence} |\n")
    (ICON_DIR / "README.md").write_text(README_HEAD["icons"] + "".join(rows), encoding="utf-8")

    noto = sets["noto"]
    chars = noto["chars"]  # code points (hex, "-"-joined) -> icon id
    assert isinstance(chars, dict)
    rows = []
    pkg = PACKAGES["noto"]
    for seq in EMOJI:
        name = emoji_file(seq)
        full = "-".join(f"{ord(c):x}" for c in seq)
        emoji_id = chars.get(name) or chars.get(full) or chars.get(name + "-fe0f")
        if not isinstance(emoji_id, str):
            raise SystemExit(f"{seq} ({name}) is not in {pkg.npm}")
        (EMOJI_DIR / f"{name}.svg").write_text(to_svg(noto, emoji_id), encoding="utf-8")
        rows.append(f"| {name}.svg | {seq} | {pkg.npm} | {pkg.version} | noto:{emoji_id} | {pkg.licence} |\n")
    (EMOJI_DIR / "README.md").write_text(README_HEAD["emoji"] + "".join(rows), encoding="utf-8")

if __name__ == "__main__":
    main()
