import pytest

from mustafid.core.arabic import normalize


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("مُحَمَّد", "محمد"),  # tashkeel
        ("محـــمد", "محمد"),  # tatweel
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),  # alef madda and taa marbuta
        ("فاطمة", "فاطمه"),
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("مسؤول", "مسءول"),
        ("مسئول", "مسءول"),
        ("عبد الله", "عبدالله"),
        ("عبدُ اللهِ", "عبدالله"),
        ("أبو بكر", "ابوبكر"),
        ("١٢٣٤٥٦٧٨٩٠", "1234567890"),  # Arabic-Indic digits
        ("۱۲۳", "123"),  # Persian digits
        ("  نورة   بنت   خالد ", "نوره بنت خالد"),
        ("Sara", "sara"),
    ],
)
def test_variants_normalise_to_one_form(variant, canonical):
    assert normalize(variant) == canonical


def test_spelling_variants_of_one_name_are_equal():
    spellings = ["عبدالله بن سعد", "عَبْدُ الله بن سعد", "عبد اللـه بن سعد"]
    assert len({normalize(s) for s in spellings}) == 1


def test_empty_input():
    assert normalize("") == ""
    assert normalize(None) == ""
