"""Realistic Saudi people: names as staff type them, ID numbers, mobile numbers.

Names are written the ways they are found in real registers: with and
without hamza on the alef, "عبدالله" joined or "عبد الله" apart, taa
marbuta or haa, and now and then with tashkeel. ``core.arabic.normalize``
should make every variant of one name equal; the search benchmark types
the variants the store does not hold.
"""

from __future__ import annotations

import random

MALE = [
    "محمد", "أحمد", "عبدالله", "عبدالرحمن", "عبدالعزيز", "خالد", "فهد", "سعد", "سلطان", "فيصل",
    "تركي", "ناصر", "سعود", "بندر", "ماجد", "نايف", "عمر", "علي", "إبراهيم", "يوسف",
    "حمد", "مشعل", "منصور", "صالح", "سليمان", "عبدالمجيد", "عبدالإله", "راشد", "بدر", "مساعد",
    "ياسر", "وليد", "طلال", "هاني", "حسن", "حسين", "زياد", "ريان", "عادل", "متعب",
    "مشاري", "نواف", "عبدالملك", "فواز", "ثامر", "عايض", "مطلق", "غازي", "سامي", "عبدالكريم",
    "عبداللطيف", "عبدالمحسن", "حمود", "سعيد", "مبارك", "ظافر", "هادي", "جابر", "عثمان", "إسماعيل",
]  # fmt: skip
FEMALE = [
    "نورة", "سارة", "فاطمة", "عائشة", "مريم", "هيا", "الجوهرة", "منيرة", "لطيفة", "نوف",
    "ريم", "أمل", "هند", "أسماء", "خلود", "شهد", "رهف", "دانة", "لمى", "جواهر",
    "مها", "منى", "عبير", "وعد", "غادة", "بشرى", "حصة", "موضي", "العنود", "لولوة",
    "أروى", "رزان", "شيخة", "سلمى", "حنان", "إيمان", "جميلة", "خديجة", "زينب", "رقية",
]  # fmt: skip
FAMILY = [
    "الشمري", "العتيبي", "القحطاني", "الدوسري", "الحربي", "المطيري", "الغامدي", "الزهراني", "الشهري", "العنزي",
    "السبيعي", "الرشيدي", "السهلي", "البقمي", "العمري", "المالكي", "الجهني", "البلوي", "العسيري", "الأحمدي",
    "الخالدي", "الهاجري", "اليامي", "الشهراني", "الرويلي", "الظفيري", "التميمي", "السديري", "الفيفي", "الثبيتي",
    "الصاعدي", "المري", "العجمي", "الحارثي", "الشريف", "البيشي", "القرني", "الوادعي", "السلمي", "الجبرين",
    "آل الشيخ", "آل سعيد", "آل مفرح", "آل عمرو", "الأسمري", "النفيعي", "الرحيلي", "الخثعمي", "الفهيد", "السويلم",
]  # fmt: skip
# Common names are common: the first names of this many entries get most of the people.
_COMMON = 12

# How the same name is also written.
VOCALISED = {
    "محمد": "مُحَمَّد", "أحمد": "أَحْمَد", "عبدالله": "عَبْدُالله", "فاطمة": "فَاطِمَة", "نورة": "نُورَة",
    "علي": "عَلِيّ", "عمر": "عُمَر", "مريم": "مَرْيَم", "سعد": "سَعْد", "خالد": "خَالِد",
}  # fmt: skip
_NO_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})

CITIES = [
    ("المستجدة", ["حي الملك فهد", "حي الروضة", "حي الفيصلية"]),
    ("حائل", ["حي النقرة", "حي السمراء", "حي المنتزه", "حي لبدة"]),
    ("الرياض", ["حي النسيم", "حي السويدي", "حي الملز", "حي العليا", "حي الشفا"]),
    ("بريدة", ["حي الإسكان", "حي الصفراء", "حي الريان"]),
    ("سكاكا", ["حي اللقائط", "حي الشلهوب", "حي الطوير"]),
]
HEALTH = ["مرض السكري", "ارتفاع ضغط الدم", "إعاقة حركية", "ربو مزمن", "فشل كلوي - غسيل", "إعاقة بصرية"]
MOBILE_PREFIXES = ("50", "53", "54", "55", "56", "57", "58", "59")


def pick_first(rng: random.Random, names: list[str]) -> str:
    if rng.random() < 0.45:
        return names[int(rng.random() ** 2 * _COMMON)]
    return rng.choice(names)


def spelled(rng: random.Random, name: str, *, tashkeel: float = 0.04) -> str:
    """One of the ways ``name`` is written in a register."""
    roll = rng.random()
    if roll < tashkeel and name in VOCALISED:
        return VOCALISED[name]
    if roll < 0.25:
        name = name.translate(_NO_HAMZA)
    if name.startswith("عبد") and len(name) > 3 and rng.random() < 0.3:
        name = "عبد " + name[3:]
    if name.endswith("ة") and rng.random() < 0.1:
        name = name[:-1] + "ه"
    return name


def full_name(rng: random.Random) -> tuple[str, str, dict[str, str]]:
    """(full name as written, gender, its parts as spelled in the list)."""
    female = rng.random() < 0.45
    first = pick_first(rng, FEMALE if female else MALE)
    father = pick_first(rng, MALE)
    grandfather = pick_first(rng, MALE)
    family = rng.choice(FAMILY)
    link = "بنت" if female else "بن"
    style = rng.random()
    f, fa, gf = spelled(rng, first), spelled(rng, father), spelled(rng, grandfather)
    if style < 0.45:
        name = f"{f} {link} {fa} بن {gf} {family}"
    elif style < 0.75:
        name = f"{f} {fa} {gf} {family}"
    elif style < 0.9:
        name = f"{f} {link} {fa} {family}"
    else:
        name = f"{f} {fa} {family}"
    parts = {"first": first, "father": father, "grandfather": grandfather, "family": family, "link": link}
    return name, ("f" if female else "m"), parts


def luhn_complete(nine: str) -> str:
    """Append the check digit that ``core.validators.national_id_check_digit_ok`` expects."""
    total = 0
    for index, char in enumerate(nine):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            value = value // 10 + value % 10
        total += value
    return nine + str((10 - total % 10) % 10)


# A bijection of 0..10**8-1 (the multiplier is prime to 10): every index gives
# a different, random-looking ID body, so IDs are unique without a lookup.
_MULT = 48_271_331
_OFFSET = 13_572_468


def national_id(index: int) -> str:
    """The unique ID number of person ``index``: citizens start with 1, residents (Iqama) with 2."""
    body = (index * _MULT + _OFFSET) % 10**8
    first = "2" if index % 7 == 3 else "1"
    return luhn_complete(f"{first}{body:08d}")


def mobile(rng: random.Random) -> str:
    prefix = rng.choice(MOBILE_PREFIXES)
    # 057 99x xxxx is not allotted (libphonenumber refuses it).
    return f"+966{prefix}{rng.randrange(9_900_000 if prefix == '57' else 10**7):07d}"


def local_mobile(e164: str) -> str:
    return "0" + e164[4:]
