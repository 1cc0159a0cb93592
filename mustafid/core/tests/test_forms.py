from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from mustafid.core.forms import BootstrapMixin, CalendarDateField, apply_service_error, refusal_text


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


class NoteForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="title")
    kind = forms.ChoiceField(label="kind", choices=[("a", "A"), ("b", "B")])
    urgent = forms.ChoiceField(label="urgent", choices=[("y", "Y"), ("n", "N")], widget=forms.RadioSelect)
    seen = forms.BooleanField(label="seen", required=False)
    due = CalendarDateField(label="due", required=False)


def bound_note_form():
    form = NoteForm(data={"title": "x", "kind": "a", "urgent": "y", "due_0": "gregorian", "due_1": ""})
    assert form.is_valid(), form.errors
    return form


def test_every_widget_gets_the_bootstrap_class_the_field_partial_expects():
    widgets = {name: field.widget for name, field in NoteForm().fields.items()}
    assert widgets["title"].attrs["class"] == "form-control"
    assert widgets["kind"].attrs["class"] == "form-select"
    assert widgets["urgent"].attrs["class"] == "form-check-input"
    assert "class" not in widgets["seen"].attrs
    assert "class" not in widgets["due"].attrs


def test_a_service_error_by_field_goes_on_that_field_and_the_rest_above_the_form():
    form = bound_note_form()
    apply_service_error(form, ValidationError({"title": "taken", "elsewhere": "no such field"}))
    assert form.errors["title"] == ["taken"]
    assert form.non_field_errors() == ["no such field"]
    assert "title" not in form.cleaned_data


def test_a_plain_service_error_goes_above_the_form_or_on_the_field_named():
    form = bound_note_form()
    apply_service_error(form, ValidationError("refused"))
    assert form.non_field_errors() == ["refused"]
    form = bound_note_form()
    apply_service_error(form, ValidationError(["too big", "wrong kind"]), field="title")
    assert form.errors["title"] == ["too big", "wrong kind"]


def test_a_refusal_reads_as_one_line_in_the_active_language():
    error = ValidationError([gettext_lazy("This field is required."), "Try again."])
    with translation.override("en"):
        assert refusal_text(error) == "This field is required. Try again."


def test_the_field_partial_marks_required_fields_unless_told_otherwise():
    form = NoteForm()
    star = '<span class="text-danger" aria-hidden="true">*</span>'
    assert star in render_to_string("partials/field.html", {"field": form["title"]})
    assert star not in render_to_string("partials/field.html", {"field": form["title"], "required": False})
    radio = render_to_string("partials/field.html", {"field": form["urgent"]})
    assert "<fieldset" in radio and star in radio
    assert star not in render_to_string("partials/field.html", {"field": form["due"]})
    assert star in render_to_string("partials/field.html", {"field": form["due"], "required": True})
