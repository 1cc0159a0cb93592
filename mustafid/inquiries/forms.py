"""Inquiry forms: staff registering a call, email or visit; answering."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch, Domain
from mustafid.core.forms import BootstrapMixin

from .models import ApprovedAnswer, Kind, ReplyChannel, Source


class RegisterInquiryForm(BootstrapMixin, forms.Form):
    source = forms.ChoiceField(
        label=_("Received through"), choices=[c for c in Source.choices if c[0] != Source.PORTAL]
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    inquirer_name = forms.CharField(label=_("Inquirer's name"), max_length=150)
    contact = forms.CharField(label=_("Mobile number or email"), max_length=200)
    reply_channel = forms.ChoiceField(label=_("Answer by"), choices=ReplyChannel.choices)
    branch = forms.ModelChoiceField(label=_("Branch"), queryset=Branch.objects.none(), required=False)
    domain = forms.ModelChoiceField(label=_("Society domain"), queryset=Domain.objects.none(), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    def __init__(self, *args, user, beneficiary=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.beneficiary = beneficiary
        self.fields["branch"].queryset = Branch.objects.visible_to(user).filter(is_active=True)
        self.fields["domain"].queryset = Domain.objects.filter(is_active=True)
        if beneficiary is not None:
            # The file says who and where: the branch is theirs, the contact the one on file.
            del self.fields["branch"]
            self.fields["inquirer_name"].initial = beneficiary.full_name
            self.fields["domain"].queryset = beneficiary.domains.all()
            self.fields["contact"].required = False
            self.fields["contact"].help_text = _("Leave empty to answer on the number or email on the file.")

    def clean(self):
        data = super().clean()
        if self.beneficiary is None and not data.get("branch"):
            self.add_error("branch", _("Choose the branch that answers this inquiry."))
        if self.beneficiary is not None and not data.get("contact"):
            # Read from the file here, never shown on the page: the form does not decrypt to prefill.
            on_file = (
                self.beneficiary.email if data.get("reply_channel") == ReplyChannel.EMAIL else self.beneficiary.phone
            )
            if not on_file:
                self.add_error("contact", _("The file has no address for this channel: type one."))
            data["contact"] = on_file
        if data.get("reply_channel") == ReplyChannel.EMAIL and data.get("contact") and "@" not in data["contact"]:
            self.add_error("contact", _("Give an email address to answer by email."))
        return data

    def fields_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("source")
        if self.beneficiary is not None:
            data["beneficiary"] = self.beneficiary
        return data


class AnswerForm(BootstrapMixin, forms.Form):
    approved_answer = forms.ModelChoiceField(
        label=_("Approved answer"), queryset=ApprovedAnswer.objects.none(), required=False
    )
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000)

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_answer"].queryset = answers
