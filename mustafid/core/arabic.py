"""Arabic text normalisation for search.

People type the same name many ways: with or without diacritics, with
different alef or hamza forms, with Arabic-Indic digits. Search compares the
normalised forms of both sides, so every variant finds the same person.
"""

from __future__ import annotations

import re

# Harakat, tanween, shadda, sukun, dagger alef and Quranic marks.
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_SPACES = re.compile(r"\s+")

_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "ء",
        "ئ": "ء",
        # Persian/Urdu look-alikes that keyboards produce.
        "ی": "ي",
        "ک": "ك",
        "ە": "ه",
    }
)
# Arabic-Indic (U+0660..) and Persian (U+06F0..) digits to ASCII.
_DIGITS = str.maketrans({chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)})


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits; nothing else changes."""
    return text.translate(_DIGITS)


def normalize(text: str | None) -> str:
    """Return the search form of ``text``.

    Removes tashkeel and tatweel, unifies alef forms, taa marbuta/haa, alef
    maqsura/yaa and hamza carriers, converts digits to ASCII, lower-cases
    Latin letters and collapses spaces. ``عبد الله`` and ``عبدالله`` are
    made equal by joining ``عبد`` to the word after it.
    """
    if not text:
        return ""
    text = _TASHKEEL.sub("", text).replace(_TATWEEL, "")
    text = text.translate(_LETTERS).translate(_DIGITS).lower()
    text = _SPACES.sub(" ", text).strip()
    # Compound names: "عبد الله", "عبد الرحمن" are written joined or apart.
    return re.sub(r"(^|\s)(عبد|ابو) (?=\S)", r"\1\2", text)
