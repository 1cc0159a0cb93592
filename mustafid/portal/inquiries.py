"""The portal's inquiry form (HD-1, CM-2, IN-2): anyone may ask, no account needed.

Abuse is held back without an outside service, with what the portal already
has: the database budgets every worker shares (per address, and for
everyone), a field hidden from people that only robots fill in, and length
limits on every field. A signed-in beneficiary's inquiry is tied to their
file and answered on the contact the file holds.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mustafid.accounts.models import Branch, Domain
from mustafid.core.forms import BootstrapMixin
from mustafid.core.http import client_ip
from mustafid.core.phones import normalize_phone
from mustafid.inquiries.models import Inquiry, Kind, ReplyChannel, Source
from mustafid.inquiries.services import register_inquiry

from . import session as portal_session
from .budgets import Budget, Limit, key, take

PER_ADDRESS = Limit(5, timedelta(hours=1))
FOR_EVERYONE = Limit(300, timedelta(hours=1))
LAST_REFERENCE_KEY = "portal_last_inquiry"


class PortalInquiryForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What do you need?"), choices=Kind.choices)
    inquirer_name = forms.CharField(label=gettext_lazy("Your name"), max_length=150)
    reply_channel = forms.ChoiceField(
        label=gettext_lazy("Answer by"),
        choices=[(code, label) for code, label in ReplyChannel.choices if code != ReplyChannel.PHONE],
    )
    contact = forms.CharField(label=gettext_lazy("Mobile number or email"), max_length=200)
    branch = forms.ModelChoiceField(label=gettext_lazy("Branch"), queryset=Branch.objects.filter(is_active=True))
    # Optional: it routes the question to the domain's liaison officer (IN-1).
    domain = forms.ModelChoiceField(
        label=gettext_lazy("About which of the society's domains?"),
        queryset=Domain.objects.filter(is_active=True),
        required=False,
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    question = forms.CharField(
        label=gettext_lazy("Your question"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )
    # People never see this field (hidden by the page's CSS and from screen readers); robots fill it in.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, beneficiary=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.beneficiary = beneficiary
        if beneficiary is not None:
            for name in ("inquirer_name", "contact", "branch"):
                del self.fields[name]
            self.fields["domain"].queryset = beneficiary.domains.filter(is_active=True)

    def clean(self):
        data = super().clean()
        channel, contact = data.get("reply_channel"), (data.get("contact") or "").strip()
        if self.beneficiary is None and contact:
            checks = forms.EmailField().clean if channel == ReplyChannel.EMAIL else normalize_phone
            try:
                data["contact"] = checks(contact)
            except forms.ValidationError as error:
                self.add_error("contact", error)
        return data


def _fields(form: PortalInquiryForm) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
    beneficiary = form.beneficiary
    if beneficiary is not None:
        by_email = data["reply_channel"] == ReplyChannel.EMAIL and beneficiary.email
        data.update(
            beneficiary=beneficiary,
            inquirer_name=beneficiary.full_name,
            contact=beneficiary.email if by_email else beneficiary.phone,
            reply_channel=ReplyChannel.EMAIL if by_email else ReplyChannel.SMS,
        )
    return data


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request):
    beneficiary = portal_session.current_beneficiary(request)
    form = PortalInquiryForm(request.POST or None, beneficiary=beneficiary)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            # A robot: thanked like anyone, and nothing is kept or sent.
            return redirect("portal:inquiry_sent")
        refusal = take(
            [
                Budget(PER_ADDRESS, key("inquiry-address", client_ip(request) or "unknown")),
                Budget(FOR_EVERYONE, key("inquiry-global", "all")),
            ]
        )
        if refusal is not None:
            minutes = refusal.minutes()
            form.add_error(
                None,
                ngettext(
                    "Too many inquiries were sent. Try again in %(minutes)d minute.",
                    "Too many inquiries were sent. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        else:
            inquiry = register_inquiry(by=None, source=Source.PORTAL, **_fields(form))
            request.session[LAST_REFERENCE_KEY] = inquiry.reference
            return redirect("portal:inquiry_sent")
    return render(request, "inquiries/portal_ask.html", {"form": form, "beneficiary": beneficiary})


@never_cache
@portal_session.beneficiary_required
def mine(request, beneficiary):
    """The signed-in beneficiary's questions, each with its status and the answer they were sent."""
    questions = Inquiry.objects.filter(beneficiary=beneficiary).order_by("-id")
    page = Paginator(questions, 20).get_page(request.GET.get("page"))
    return render(request, "inquiries/portal_mine.html", {"beneficiary": beneficiary, "page": page})


@never_cache
def sent(request):
    reference = request.session.pop(LAST_REFERENCE_KEY, "")
    if not reference:
        messages.info(request, _("Your inquiry was received."))
    return render(
        request,
        "inquiries/portal_sent.html",
        {"reference": reference, "beneficiary": portal_session.current_beneficiary(request)},
    )
