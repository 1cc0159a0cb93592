"""One way to write an amount of money (issue 10.2)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from mustafid.core.formatting import format_amount, format_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("9E+3"), "9,000.00"),
        (Decimal("9000"), "9,000.00"),
        (Decimal("6000.00"), "6,000.00"),
        (Decimal("1234567.891"), "1,234,567.89"),
        (Decimal("0.005"), "0.01"),
        (3500, "3,500.00"),
        ("3500.5", "3,500.50"),
        ("12,000", "12,000.00"),
        (Decimal("-250"), "-250.00"),
    ],
)
def test_format_number_groups_thousands_with_two_decimals(value, expected):
    assert format_number(value) == expected


def test_format_amount_names_the_currency_in_the_readers_language():
    assert format_amount(Decimal("9E+3"), "ar") == "9,000.00 ريال"
    assert format_amount(Decimal("9E+3"), "en") == "9,000.00 SAR"


def test_nothing_to_show_stays_empty_and_text_is_returned_as_given():
    assert format_amount(None) == ""
    assert format_amount("") == ""
    assert format_number("غير محدد") == "غير محدد"


def test_the_template_filter_never_uses_the_locales_decimal_comma():
    with translation.override("ar"):
        out = Template("{% load mustafid %}{{ v|amount }}").render(Context({"v": Decimal("6000.00")}))
    assert out == "6,000.00 ريال"
    assert "," not in out.replace("6,000", "")
