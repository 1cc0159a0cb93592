import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mustafid.core.validators import national_id_check_digit_ok, validate_national_id


def make_valid(prefix9: str) -> str:
    for check in "0123456789":
        if national_id_check_digit_ok(prefix9 + check):
            return prefix9 + check
    raise AssertionError("a Luhn check digit always exists")


def test_valid_citizen_and_resident_numbers_pass():
    validate_national_id(make_valid("109876543"))
    validate_national_id(make_valid("212345678"))


def test_arabic_indic_digits_are_accepted():
    valid = make_valid("112233445")
    arabic = valid.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    validate_national_id(arabic)


def test_a_wrong_check_digit_is_refused_with_an_arabic_message():
    valid = make_valid("109876543")
    wrong = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    with translation.override("ar"), pytest.raises(ValidationError) as info:
        validate_national_id(wrong)
    assert info.value.code == "national_id_checksum"
    assert "رقم الهوية" in str(info.value.messages[0])


@pytest.mark.parametrize(
    ("value", "code"),
    [("12345", "national_id_length"), ("3" + "0" * 9, "national_id_prefix"), ("abcdefghij", "national_id_length")],
)
def test_wrong_shapes_are_refused(value, code):
    with pytest.raises(ValidationError) as info:
        validate_national_id(value)
    assert info.value.code == code
