"""The public complaint pages (CM-1): file without an account, then follow it with its number and code.

Nothing here says whether a reference number exists: a wrong number and a
wrong code get the same answer. Both pages are rate-limited per address and
for everyone, in counts shared by every worker.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mustafid.core.http import client_ip
from mustafid.requests.models import ServiceRequest

from . import limits, services
from .forms import PublicComplaintForm, SatisfactionForm, TrackComplaintForm
from .models import ReceivedVia, SubjectKind
from .selectors import public_history, public_responses

NEW = "portal/complaint_new.html"


def _refused(form, limited: limits.Limited) -> None:
    form.add_error(
        None,
        ngettext(
            "Too many complaints were sent from here. Try again in %(minutes)d minute.",
            "Too many complaints were sent from here. Try again in %(minutes)d minutes.",
            limited.minutes,
        )
        % {"minutes": limited.minutes},
    )


def _objection_to(form, beneficiary) -> ServiceRequest | None:
    """The request objected to: only when the complainant's own ID number is on that request's file."""
    reference = form.cleaned_data["request_reference"]
    if form.cleaned_data["subject_kind"] != SubjectKind.REQUEST or not reference or beneficiary is None:
        return None
    return ServiceRequest.objects.filter(reference=reference, beneficiary=beneficiary).first()


@never_cache
@require_http_methods(["GET", "POST"])
def new(request):
    initial = {}
    if request.GET.get("request"):
        initial = {"subject_kind": SubjectKind.REQUEST, "request_reference": request.GET["request"][:30]}
    form = PublicComplaintForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        limited = limits.take("file", client_ip(request))
        if limited is not None:
            _refused(form, limited)
            return render(request, NEW, {"form": form}, status=429)
        if form.is_robot:
            # A field no person sees was filled: nothing is written, and a robot learns nothing useful.
            form.add_error(None, _("The complaint could not be sent. Reload the page and try again."))
            return render(request, NEW, {"form": form}, status=400)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                beneficiary = services.beneficiary_of(data["national_id"])
                filed = services.file_complaint(
                    category=data["category"],
                    complainant_name=data["complainant_name"],
                    contact_channel=data["contact_channel"],
                    contact_address=data["contact_address"],
                    text=data["text"],
                    received_via=ReceivedVia.PORTAL,
                    beneficiary=beneficiary,
                    attachments=data["attachments"],
                    service_request=_objection_to(form, beneficiary),
                    **form.subject(),
                )
            return render(request, "portal/complaint_filed.html", {"filed": filed, "complaint": filed.complaint})
    return render(request, NEW, {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackComplaintForm(request.POST or None)
    if request.method == "POST":
        limited = limits.take("track", client_ip(request))
        if limited is not None:
            form.add_error(
                None,
                ngettext(
                    "Too many attempts. Try again in %(minutes)d minute.",
                    "Too many attempts. Try again in %(minutes)d minutes.",
                    limited.minutes,
                )
                % {"minutes": limited.minutes},
            )
        elif form.is_valid():
            complaint = services.find_tracked(form.cleaned_data["reference"], form.cleaned_data["code"])
            if complaint is not None:
                context = {
                    "complaint": complaint,
                    "steps": public_history(complaint),
                    "responses": public_responses(complaint),
                }
                return render(request, "portal/complaint_status.html", context)
            form.add_error(None, _("No complaint matches this number and code. Check both and try again."))
    return render(request, "portal/complaint_track.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def satisfaction(request, token: str):
    """The one-time link sent at closure: one answer per complaint; a spent or wrong link is a 404."""
    if limits.take("track", client_ip(request)) is not None:
        return render(request, "portal/complaint_satisfaction.html", {"limited": True}, status=429)
    complaint = services.find_by_satisfaction_token(token)
    if complaint is None:
        raise Http404
    form = SatisfactionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.answer_satisfaction(
                complaint=complaint,
                satisfied=form.cleaned_data["satisfied"],
                follow_up=form.cleaned_data["follow_up"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "portal/complaint_satisfaction.html", {"complaint": complaint, "answered": True})
    return render(request, "portal/complaint_satisfaction.html", {"complaint": complaint, "form": form})
