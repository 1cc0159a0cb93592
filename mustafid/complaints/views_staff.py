"""Staff pages on complaints (CM-1): the worklist, registration, the complaint page and its steps.

Every page reads through the scoped selectors: a complaint out of the
reader's scope is a 404 like one that does not exist. Every step goes
through a service, which enforces the declared workflow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mustafid.accounts.models import Branch
from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, record_access_many, serve_logged_file
from mustafid.compensation.forms import SignForm
from mustafid.core import exports
from mustafid.core.forms import refusal_text

from . import selectors, services
from .forms import AssignForm, RegisterComplaintForm, SettleForm, TextForm
from .models import Complaint, ComplaintAttachment, Status, SubjectKind
from .workflow import COMPLAINT_FLOW

VIEW = "complaints.view_complaint"
ADD = "complaints.add_complaint"
HANDLE = "complaints.handle_complaint"
PAGE_SIZE = 25
VIEWS = ("all", "mine", "overdue", "due_soon")


def _view_labels() -> list[tuple[str, str]]:
    labels = {"all": _("All open"), "mine": _("Mine"), "overdue": _("Overdue"), "due_soon": _("Due soon")}
    stages = [(s.value, str(s.label)) for s in Status if s != Status.CLOSED]
    return [*labels.items(), *stages]


@login_required
@permission_required(VIEW, raise_exception=True)
def worklist(request):
    today = timezone.localdate()
    view = request.GET.get("view", "all")
    if view not in VIEWS and view not in COMPLAINT_FLOW.states:
        view = "all"
    page = Paginator(selectors.worklist(request.user, view, today), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "view": view, "today": today, "views": _view_labels()}
    return render(request, "complaints/worklist.html", context)


@login_required
@permission_required(ADD, raise_exception=True)
@require_http_methods(["GET", "POST"])
def register(request):
    form = RegisterComplaintForm(
        request.POST or None, request.FILES or None, branches=Branch.objects.visible_to(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filed = services.file_complaint(
            category=data["category"],
            complainant_name=data["complainant_name"],
            contact_channel=data["contact_channel"],
            contact_address=data["contact_address"],
            text=data["text"],
            received_via=data["received_via"],
            national_id=data["national_id"],
            attachments=data["attachments"],
            scan=data.get("scan"),
            by=request.user,
            **form.subject(),
        )
        messages.success(
            request,
            _("Complaint %(reference)s registered; its tracking code went to the complainant.")
            % {"reference": filed.complaint.reference},
        )
        if selectors.visible_complaints(request.user).filter(pk=filed.complaint.pk).exists():
            return redirect("complaints:detail", pk=filed.complaint.pk)
        return redirect("complaints:worklist")
    return render(request, "complaints/register.html", {"form": form})


@login_required
@permission_required(VIEW, raise_exception=True)
def detail(request, pk: int):
    complaint = selectors.get_complaint(request.user, pk)
    record_access(request=request, obj=complaint, action=AccessLog.Action.VIEW)
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "can": COMPLAINT_FLOW.available(request.user, complaint),
            "history": COMPLAINT_FLOW.history(complaint),
            "notes": complaint.notes.select_related("author"),
            "attachments": complaint.attachments.all(),
            "assign_form": AssignForm(queryset=selectors.officers_for(complaint)),
            "text_form": TextForm(),
            "is_objection": complaint.subject_kind == SubjectKind.REQUEST,
            "claim": selectors.claim_of(complaint),
            "settlement": complaint.settlement,
            "signatures": list(complaint.settlement.signatures.all()) if complaint.settlement else [],
            "settle_form": SettleForm(),
            "sign_form": SignForm(),
            "may_open_claim": complaint.beneficiary_id is not None and request.user.has_perm("compensation.add_claim"),
        },
    )


def _act(request, pk: int, form_class: type[forms.Form] | None, step: Callable[..., Any], **form_kwargs) -> Any:
    """Take one step on a complaint in scope: the form's words, the service's refusal as a message."""
    complaint = selectors.get_complaint(request.user, pk)
    kwargs = {key: value(complaint) for key, value in form_kwargs.items()}
    form = form_class(request.POST, request.FILES, **kwargs) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("complaints:detail", pk=complaint.pk)
    try:
        step(complaint, form.cleaned_data if form else {})
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Done."))
    return redirect("complaints:detail", pk=complaint.pk)


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def acknowledge(request, pk: int):
    return _act(request, pk, None, lambda c, d: services.acknowledge(by=request.user, complaint=c))


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def assign(request, pk: int):
    return _act(
        request,
        pk,
        AssignForm,
        lambda c, d: services.assign(by=request.user, complaint=c, officer=d["officer"]),
        queryset=selectors.officers_for,
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def note(request, pk: int):
    return _act(request, pk, TextForm, lambda c, d: services.add_note(by=request.user, complaint=c, text=d["text"]))


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def respond(request, pk: int):
    return _act(request, pk, TextForm, lambda c, d: services.respond(by=request.user, complaint=c, text=d["text"]))


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def close(request, pk: int):
    return _act(request, pk, TextForm, lambda c, d: services.close(by=request.user, complaint=c, outcome=d["text"]))


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def settle(request, pk: int):
    """The dispute ends amicably (CM-3): the settlement's terms, then both parties sign."""
    return _act(
        request,
        pk,
        SettleForm,
        lambda c, d: services.settle_complaint(
            by=request.user, complaint=c, terms=d["terms"], agreed_on=d["agreed_on"], amount=d["amount"]
        ),
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def sign_settlement(request, pk: int):
    """A party's signature, drawn on the screen's pad or a scanned signed paper (the claim's form)."""
    return _act(
        request,
        pk,
        SignForm,
        lambda c, d: services.sign_complaint_settlement(by=request.user, complaint=c, **SignForm.signing_of(d)),
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def abandon_settlement(request, pk: int):
    return _act(
        request,
        pk,
        TextForm,
        lambda c, d: services.abandon_settlement(by=request.user, complaint=c, reason=d["text"]),
    )


@login_required
@permission_required(HANDLE, raise_exception=True)
@require_POST
def close_settled(request, pk: int):
    return _act(request, pk, None, lambda c, d: services.close_settled(by=request.user, complaint=c))


@login_required
@permission_required(VIEW, raise_exception=True)
def settlement_pdf(request, pk: int):
    """The settlement's Arabic PDF, in the complaint's scope; every download is in the access log."""
    complaint = selectors.get_complaint(request.user, pk)
    if complaint.settlement is None:
        raise Http404
    return serve_logged_file(
        request=request,
        fieldfile=complaint.settlement.pdf,
        about=complaint,
        detail=f"settlement {complaint.settlement.reference}",
        filename=f"{complaint.settlement.reference}.pdf",
        as_attachment=True,
        action=AccessLog.Action.DOWNLOAD,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def attachment(request, pk: int):
    """A file the complainant attached: served in the complaint's scope, every opening logged."""
    item = get_object_or_404(
        ComplaintAttachment.objects.select_related("complaint"),
        pk=pk,
        complaint__in=selectors.visible_complaints(request.user).values("pk"),
    )
    return serve_logged_file(
        request=request,
        fieldfile=item.file,
        about=item.complaint,
        detail=f"attachment {item.pk}",
        filename=f"complaint-attachment-{item.pk}",
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def scan(request, pk: int):
    """The scanned original of a complaint received by fax or letter."""
    complaint = selectors.get_complaint(request.user, pk)
    return serve_logged_file(
        request=request,
        fieldfile=complaint.scan,
        about=complaint,
        detail="scanned original",
        filename=f"complaint-scan-{complaint.pk}",
    )


EXPORT_COLUMNS = (
    "reference",
    "complainant_name",
    "created_at",
    "received_via",
    "category",
    "subject_kind",
    "status",
    "resolve_due",
)


@login_required
@permission_required(VIEW, raise_exception=True)
def export(request):
    """The complaints of the reader's scope in the chosen view, as ``?format=csv`` or ``xlsx``; logged."""
    fmt = exports.requested_format(request)
    today = timezone.localdate()
    view = request.GET.get("view", "all")
    view = view if view in VIEWS or view in Status.values else "all"
    items = list(selectors.worklist(request.user, view, today).order_by("id"))
    labels = [Complaint._meta.get_field(name).verbose_name for name in EXPORT_COLUMNS]
    rows = (
        [
            c.reference,
            c.complainant_name,
            c.created_at.date().isoformat(),
            c.get_received_via_display(),
            c.category.name,
            c.get_subject_kind_display(),
            c.get_status_display(),
            c.resolve_due.isoformat(),
            c.assigned_to or "",
            c.get_escalation_level_display() if c.escalation_level else "",
        ]
        for c in items
    )
    content = exports.tabular([*labels, _("Assigned officer"), _("Escalated")], rows, fmt, title="complaints")
    record_access_many(request=request, objs=items, action=AccessLog.Action.EXPORT, detail=f"complaints {fmt.upper()}")
    return exports.download(content, fmt, "complaints")


@login_required
@permission_required("compensation.add_claim", raise_exception=True)
@require_POST
def open_claim(request, pk: int):
    """The complaint revealed harm caused by the society: its compensation claim, in one step (CM-3, CP-1)."""
    complaint = selectors.get_complaint(request.user, pk)
    try:
        claim = services.open_claim_from(by=request.user, complaint=complaint)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
        return redirect("complaints:detail", pk=complaint.pk)
    return redirect("compensation:detail", pk=claim.pk)
