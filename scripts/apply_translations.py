"""Apply new Arabic translations to locale/ar/LC_MESSAGES/django.po.

Developers put ``{"English msgid": "Arabic text"}`` pairs in JSON files under
``locale/ar/new/`` (plural entries: ``{"msgid": ["form0", ..., "form5"]}``,
the six Arabic plural forms; an entry with a ``msgctxt`` is keyed
``"context\u0004msgid"``, gettext's own separator). ``make messages`` extracts the strings,
runs this, deletes the JSON files it applied, and compiles the catalogue.
It lists every string still untranslated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale/ar/LC_MESSAGES/django.po"
NEW = ROOT / "locale/ar/new"


def main() -> int:
    pairs: dict[str, str | list[str]] = {}
    files = sorted(NEW.glob("*.json")) if NEW.exists() else []
    for path in files:
        pairs.update(json.loads(path.read_text(encoding="utf-8")))
    po = polib.pofile(str(PO))
    for entry in po:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if key not in pairs:
            continue
        value = pairs[key]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value] * 6
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value if isinstance(value, str) else value[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()
    for path in files:
        path.unlink()
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    for msgid in missing:
        print(f"untranslated: {msgid!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
