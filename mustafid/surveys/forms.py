from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.core.forms import BootstrapMixin
from mustafid.services.models import Service

from .models import Question, Questionnaire, Response

LTR = {"dir": "ltr"}


class QuestionnaireForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False, widget=forms.TextInput(LTR))
    introduction = forms.CharField(label=_("Introduction"), required=False, widget=forms.Textarea({"rows": 3}))
    introduction_en = forms.CharField(
        label=_("Introduction in English"), required=False, widget=forms.Textarea({"rows": 3, **LTR})
    )


class QuestionForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    text_en = forms.CharField(
        label=_("Question in English"), max_length=500, required=False, widget=forms.TextInput(LTR)
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        help_text=_("For one or several choices: one choice a line, the Arabic then | then the English."),
        widget=forms.Textarea({"rows": 4}),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    @classmethod
    def initial_of(cls, question: Question) -> dict[str, Any]:
        lines = [f"{ar} | {en}" if en else ar for ar, en in question.choices]
        return {
            "kind": question.kind,
            "text": question.text,
            "text_en": question.text_en,
            "choices": "\n".join(lines),
            "required": question.required,
        }

    def question(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        pairs = []
        for line in data.pop("choices").splitlines():
            arabic, _bar, english = line.partition("|")
            pairs.append((arabic, english))
        data["choices"] = pairs
        return data


class CampaignForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    questionnaire = forms.ModelChoiceField(
        label=pgettext_lazy("survey", "Questionnaire"), queryset=Questionnaire.objects.none()
    )
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none(), required=False)
    category = forms.ModelChoiceField(label=_("Beneficiary category"), queryset=Category.objects.all(), required=False)
    domain = forms.ModelChoiceField(label=_("Society domain"), queryset=Domain.objects.all(), required=False)
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.all(), required=False)
    served_from = forms.DateField(
        label=_("Served or closed from"), required=False, widget=forms.DateInput({"type": "date"})
    )
    served_to = forms.DateField(
        label=_("Served or closed until"), required=False, widget=forms.DateInput({"type": "date"})
    )

    def __init__(self, *args, user, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["branch"].queryset = Branch.objects.visible_to(user)
        self.fields["branch"].empty_label = _("Every branch in my scope")
        for name in ("category", "domain", "service"):
            self.fields[name].empty_label = _("All")


def _answer_field(question: Question) -> forms.Field:
    # The questions are added after BootstrapMixin has given its classes: they carry their own.
    label = question.shown_text
    required = question.required
    if question.kind == Question.Kind.RATING:
        # Five large radio buttons, Western digits (the portal shows no Eastern Arabic digits).
        return forms.TypedChoiceField(
            label=label,
            required=required,
            coerce=int,
            choices=[(n, str(n)) for n in range(1, 6)],
            widget=forms.RadioSelect({"class": "btn-check"}),
        )
    if question.kind == Question.Kind.SINGLE:
        return forms.TypedChoiceField(
            label=label,
            required=required,
            coerce=int,
            choices=list(enumerate(question.choice_labels())),
            widget=forms.RadioSelect({"class": "form-check-input"}),
        )
    if question.kind == Question.Kind.MULTIPLE:
        return forms.TypedMultipleChoiceField(
            label=label,
            required=required,
            coerce=int,
            choices=list(enumerate(question.choice_labels())),
            widget=forms.CheckboxSelectMultiple({"class": "form-check-input"}),
        )
    return forms.CharField(
        label=label, required=required, max_length=4000, widget=forms.Textarea({"rows": 3, "class": "form-control"})
    )


class AnswerForm(BootstrapMixin, forms.Form):
    """The questionnaire's questions as fields ``q<pk>``; errors in the page's language, keeping what was typed."""

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questionnaire.questions.all())
        for question in self.questions:
            field = _answer_field(question)
            field.error_messages["required"] = _("Please answer this question.")
            self.fields[f"q{question.pk}"] = field

    def rows(self) -> list[tuple[Question, forms.BoundField]]:
        return [(q, self[f"q{q.pk}"]) for q in self.questions]

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class FieldSurveyForm(AnswerForm):
    """A staff member's form: the answers, the kind, an interview's notes, and the form's own UUID."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Kind"),
            choices=[(k.value, k.label) for k in (Response.Kind.FIELD_SURVEY, Response.Kind.INTERVIEW)],
            widget=forms.RadioSelect({"class": "form-check-input"}),
            initial=Response.Kind.FIELD_SURVEY,
        )
        self.fields["notes"] = forms.CharField(
            label=_("Interview notes"), required=False, widget=forms.Textarea({"rows": 3, "class": "form-control"})
        )
        self.fields["summary"] = forms.CharField(
            label=_("Summary"),
            required=False,
            help_text=_("Required for an interview."),
            widget=forms.Textarea({"rows": 3, "class": "form-control"}),
        )
        # Made when the page is drawn and sent back with the answers: a retry carries the same one.
        self.fields["client_uuid"] = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
