from datetime import date

import pytest
from django import forms
from django.utils import translation

from mustafid.core.forms import CalendarDateField


class BirthForm(forms.Form):
    born_on = CalendarDateField(label="date of birth")


def submit(calendar, text):
    return BirthForm(data={"born_on_0": calendar, "born_on_1": text})


def test_gregorian_entry():
    form = submit("gregorian", "1990-05-17")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born_on"] == date(1990, 5, 17)


@pytest.mark.parametrize("text", ["1410-10-22", "22/10/1410", "١٤١٠-١٠-٢٢"])
def test_hijri_entry_in_any_digit_form_becomes_gregorian(text):
    form = submit("hijri", text)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born_on"] == date(1990, 5, 17)


def test_an_impossible_hijri_date_is_refused_in_arabic_and_the_input_kept():
    with translation.override("ar"):
        form = submit("hijri", "1448-06-30")
        assert not form.is_valid()
        assert "هجري" in form.errors["born_on"][0]
        assert 'value="1448-06-30"' in str(form["born_on"])


def test_garbage_is_refused():
    form = submit("gregorian", "yesterday")
    assert not form.is_valid()


def test_required_field_needs_a_date():
    assert not submit("gregorian", "").is_valid()


class OptionalDateForm(forms.Form):
    follow_up_on = CalendarDateField(label="follow up", required=False)


def test_an_optional_date_left_empty_is_no_date_not_an_error():
    form = OptionalDateForm(data={"follow_up_on_0": "gregorian", "follow_up_on_1": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["follow_up_on"] is None
