"""Claim pages: the worklist by stage, opening a claim, its page and each step of its workflow (CP-1..CP-4).

Every page checks the permission and the scope (a claim outside it is a
404); the steps are the services', which refuse what the workflow and the
fault gate do not allow, and a refused step shows the page again with
what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, serve_logged_file
from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.selectors import present
from mustafid.core import exports
from mustafid.core.files import sniff
from mustafid.core.forms import apply_service_error, refusal_text
from mustafid.core.permissions import get_visible_or_404

from . import forms, selectors, services
from .export import export_claims
from .models import Claim, Offer
from .workflow import CLAIM_FLOW

VIEW = selectors.VIEW


def _get(user: Any, pk: int) -> Claim:
    return get_visible_or_404(
        Claim.objects.select_related("beneficiary", "settlement", "finding_meeting", "assigned_to"), user, pk=pk
    )


def _log(request, claim: Claim, what: str = "") -> None:
    # Reading a claim is reading the beneficiary's file (RL-2).
    record_access(
        request=request,
        obj=claim.beneficiary,
        action=AccessLog.Action.VIEW,
        detail=f"{claim.reference} {what}".strip(),
    )


PAGE_SIZE = 50
VIEW_LABELS = {"mine": gettext_lazy("Mine"), "overdue": gettext_lazy("Overdue"), "due_soon": gettext_lazy("Due soon")}


def _chosen_view(request) -> str:
    """The worklist's view: mine, overdue, due soon, one stage, or (empty) every open claim."""
    view = request.GET.get("view", "")
    return view if view in selectors.VIEWS or view in CLAIM_FLOW.states else ""


@login_required
@permission_required(VIEW, raise_exception=True)
def worklist(request):
    view = _chosen_view(request)
    today = timezone.localdate()
    counts = selectors.worklist_counts(request.user, today)
    paginator = Paginator(selectors.worklist(request.user, view, today), PAGE_SIZE)
    # The count is known already: the paginator need not ask again.
    paginator.count = counts[view or "open"]
    context = {
        "page": paginator.get_page(request.GET.get("page")),
        "view": view,
        "counts": counts,
        "views": [(key, label, counts[key]) for key, label in VIEW_LABELS.items()],
        "stages": [(value, label, counts[value]) for value, label in Claim._meta.get_field("status").flatchoices],
    }
    return render(request, "compensation/worklist.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def export(request):
    """The worklist (its chosen view) as CSV or XLSX, scoped like the page."""
    fmt = exports.requested_format(request)
    content = export_claims(request=request, claims=selectors.worklist(request.user, _chosen_view(request)), fmt=fmt)
    return exports.download(content, fmt, "compensation-claims")


@login_required
@permission_required("compensation.add_claim", raise_exception=True)
def open_claim(request, beneficiary_id: int):
    beneficiary = get_visible_or_404(Beneficiary.objects.all(), request.user, pk=beneficiary_id)
    form = forms.OpenClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.open_claim(
                by=request.user,
                beneficiary=beneficiary,
                harm=form.cleaned_data["harm"],
                claimed_amount=form.cleaned_data["claimed_amount"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("Claim %(ref)s opened.") % {"ref": claim.reference})
            return redirect("compensation:detail", pk=claim.pk)
    return render(request, "compensation/new.html", {"form": form, "beneficiary": present(beneficiary, request.user)})


@dataclass(frozen=True)
class Step:
    form: type[django_forms.Form]
    take: Callable[[Any, Claim, dict[str, Any], Any], Any]
    done: Any  # a lazy translated message


def _pending_offer(claim: Claim) -> Offer:
    offer = claim.offers.filter(answer=Offer.Answer.PENDING).last()
    if offer is None:
        raise ValidationError(_("No offer is awaiting an answer."), code="no_offer")
    return offer


STEPS: dict[str, Step] = {
    "establish_by_minute": Step(
        forms.EmptyForm,
        lambda by, c, d, f: services.establish_fault_by_minute(by=by, claim=c),
        gettext_lazy("The fault is established by the approved minute."),
    ),
    "establish_by_ruling": Step(
        forms.RulingForm,
        lambda by, c, d, f: services.establish_fault_by_ruling(
            by=by,
            claim=c,
            authority=d["authority"],
            number=d["number"],
            ruling_date=d["ruling_date"],
            document=d["document"],
        ),
        gettext_lazy("The ruling is recorded: the fault is established."),
    ),
    "offer": Step(
        forms.OfferForm,
        lambda by, c, d, f: services.make_offer(
            by=by, claim=c, party=d["party"], amount=d["amount"], terms=d["terms"], made_on=d["made_on"]
        ),
        gettext_lazy("The offer is recorded."),
    ),
    "answer": Step(
        forms.AnswerForm,
        lambda by, c, d, f: services.answer_offer(by=by, offer=_pending_offer(c), answer=d["answer"], note=d["note"]),
        gettext_lazy("The answer is recorded."),
    ),
    "settle": Step(
        forms.SettleForm,
        lambda by, c, d, f: services.settle(by=by, claim=c, terms=d["terms"]),
        gettext_lazy("The settlement is drawn up; its document is being prepared."),
    ),
    "sign": Step(
        forms.SignForm,
        lambda by, c, d, f: services.sign_settlement(by=by, claim=c, **f.signing()),
        gettext_lazy("The signature is recorded."),
    ),
    "pay": Step(
        forms.PaymentForm,
        lambda by, c, d, f: services.record_payment(
            by=by, claim=c, amount=d["amount"], paid_on=d["paid_on"], method=d["method"], reference=d["reference"]
        ),
        gettext_lazy("The payment is recorded."),
    ),
    "close": Step(
        forms.NoteForm,
        lambda by, c, d, f: services.close_claim(by=by, claim=c, note=d["reason"]),
        gettext_lazy("The claim is closed."),
    ),
    "reject": Step(
        forms.ReasonForm,
        lambda by, c, d, f: services.reject_claim(by=by, claim=c, reason=d["reason"]),
        gettext_lazy("The claim is rejected."),
    ),
    "withdraw": Step(
        forms.ReasonForm,
        lambda by, c, d, f: services.withdraw_claim(by=by, claim=c, reason=d["reason"]),
        gettext_lazy("The claim is withdrawn."),
    ),
}


def _detail(request, claim: Claim, *, bound: dict[str, Any] | None = None, status: int = 200):
    _log(request, claim)
    available = CLAIM_FLOW.available(request.user, claim)
    step_forms = {name: step.form(prefix=name) for name, step in STEPS.items() if available.get(name)}
    step_forms.update(bound or {})
    settlement = claim.settlement
    context = {
        "claim": claim,
        "beneficiary": present(claim.beneficiary, request.user),
        "offers": list(claim.offers.select_related("recorded_by")),
        "settlement": settlement,
        "signatures": list(settlement.signatures.all()) if settlement else [],
        "history": CLAIM_FLOW.history(claim),
        "missing_approvals": services.minute_approvers_missing(claim),
        "step_forms": [(name, CLAIM_FLOW.actions[name].label, form) for name, form in step_forms.items()],
    }
    return render(request, "compensation/detail.html", context, status=status)


@login_required
@permission_required(VIEW, raise_exception=True)
def detail(request, pk: int):
    return _detail(request, _get(request.user, pk))


@login_required
@permission_required(VIEW, raise_exception=True)
@require_POST
def step(request, pk: int, action: str):
    claim = _get(request.user, pk)
    found = STEPS.get(action)
    if found is None:
        raise Http404
    if not CLAIM_FLOW.permitted(request.user, action):
        raise PermissionDenied
    if not CLAIM_FLOW.allows(action, claim.status):
        messages.error(request, refusal_text(CLAIM_FLOW.refuse(action, claim)))
        return redirect("compensation:detail", pk=pk)
    form = found.form(request.POST, request.FILES, prefix=action)
    if form.is_valid():
        try:
            found.take(request.user, claim, form.cleaned_data, form)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, str(found.done))
            return redirect("compensation:detail", pk=pk)
    return _detail(request, _get(request.user, pk), bound={action: form}, status=422)


def _serve(request, claim: Claim, fieldfile, *, filename: str, what: str):
    if not fieldfile:
        raise Http404
    try:
        with fieldfile.open("rb") as handle:
            kind = sniff(handle.read(16))
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = {"jpeg": "jpg"}.get(kind or "", kind or "bin")
    return serve_logged_file(
        request=request,
        fieldfile=fieldfile,
        about=claim.beneficiary,
        detail=f"{claim.reference} {what}",
        filename=f"{filename}.{extension}",
        as_attachment=True,
        action=AccessLog.Action.DOWNLOAD,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def ruling_document(request, pk: int):
    claim = _get(request.user, pk)
    return _serve(request, claim, claim.ruling_document, filename=f"{claim.reference}-ruling", what="ruling")


@login_required
@permission_required(VIEW, raise_exception=True)
def settlement_pdf(request, pk: int):
    claim = _get(request.user, pk)
    if claim.settlement is None:
        raise Http404
    return _serve(request, claim, claim.settlement.pdf, filename=claim.settlement.reference, what="settlement")


@login_required
@permission_required(VIEW, raise_exception=True)
def signature(request, pk: int, party: str):
    """A party's signature of the claim's settlement: the scanned signed paper, or the drawing (CM-3, CP-4)."""
    claim = _get(request.user, pk)
    if claim.settlement is None:
        raise Http404
    # Named by its party (one signature each), through the claim's settlement: no other settlement's is reached.
    found = claim.settlement.signatures.filter(party=party).first()
    if found is None:
        raise Http404
    return _serve(
        request,
        claim,
        found.signature,
        filename=f"{claim.settlement.reference}-{found.party}",
        what=f"signature {found.get_party_display()}",
    )
