"""Beneficiary file pages. Thin: forms clean, services write, selectors read."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mustafid.audit.models import AccessLog
from mustafid.audit.selectors import who_opened
from mustafid.audit.services import record_access, record_access_many, serve_logged_file
from mustafid.core.forms import apply_service_error, refusal_text

from . import selectors, services
from .data_subject import data_subject_copy_json, data_subject_copy_pdf
from .forms import (
    BeneficiaryForm,
    ConsentForm,
    CorrectionRequestForm,
    DocumentForm,
    HouseholdMemberForm,
    ProvidedItemForm,
    ResolveCorrectionForm,
    UseForm,
    WithdrawForm,
)
from .models import BeneficiaryDocument, Consent, CorrectionRequest, ProvidedItem
from .timeline import file_actions, timeline


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@permission_required("beneficiaries.view_beneficiary", raise_exception=True)
def beneficiary_list(request):
    query = request.GET.get("q", "").strip()
    page = selectors.beneficiary_page(request.user, query=query, after=_int(request.GET.get("after")))
    rows = [selectors.present(b, request.user) for b in page.rows]
    # Each row shows an ID number and a phone: a reading of that file (RL-2, issue 9.3).
    record_access_many(request=request, objs=page.rows, detail=_("search results") if query else _("beneficiary list"))
    return render(request, "beneficiaries/list.html", {"page": page, "rows": rows, "q": query})


@login_required
@permission_required("beneficiaries.add_beneficiary", raise_exception=True)
def beneficiary_create(request):
    form = BeneficiaryForm(request.POST or None, user=request.user)
    duplicates, existing = [], None
    if request.method == "POST" and form.is_valid():
        try:
            beneficiary = services.register_beneficiary(
                by=request.user,
                data=form.service_data(),
                domains=list(form.cleaned_data["domains"]),
                confirm_possible_duplicate=form.cleaned_data.get("confirm_not_duplicate", False),
            )
        except services.DuplicateBeneficiary as exc:
            existing = exc.existing
            apply_service_error(form, exc)
        except services.PossibleDuplicates as exc:
            duplicates = [selectors.present(b, request.user) for b in exc.candidates]
            apply_service_error(form, exc)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("The beneficiary file %(file)s was opened.") % {"file": beneficiary.file_number}
            )
            return redirect("beneficiaries:detail", pk=beneficiary.pk)
    return render(
        request,
        "beneficiaries/form.html",
        {"form": form, "duplicates": duplicates, "existing": existing, "creating": True},
    )


@login_required
def beneficiary_edit(request, pk: int):
    beneficiary = selectors.get_beneficiary(request.user, pk, "change")
    form = BeneficiaryForm(request.POST or None, instance=beneficiary, user=request.user)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_beneficiary(
                by=request.user,
                beneficiary=beneficiary,
                data=form.service_data(),
                domains=list(form.cleaned_data["domains"]),
            )
        except services.DuplicateBeneficiary as exc:
            existing = exc.existing
            apply_service_error(form, exc)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The file was saved."))
            return redirect("beneficiaries:detail", pk=beneficiary.pk)
    if request.method == "GET":
        # The form holds the file's ID, phone, income and health notes (issue 9.3).
        record_access(request=request, obj=beneficiary, action=AccessLog.Action.VIEW, detail=_("edit form"))
    return render(
        request,
        "beneficiaries/form.html",
        {"form": form, "beneficiary": selectors.present(beneficiary, request.user), "existing": existing},
    )


@login_required
def beneficiary_detail(request, pk: int):
    """The beneficiary file with its timeline. Every opening is logged (RL-2)."""
    beneficiary = selectors.get_beneficiary(request.user, pk)
    record_access(request=request, obj=beneficiary, action=AccessLog.Action.VIEW)
    context = {
        "b": selectors.present(beneficiary, request.user),
        "timeline": timeline(beneficiary, request.user),
        "file_actions": file_actions(beneficiary, request.user),
        **selectors.file_sections(beneficiary, request.user),
    }
    return render(request, "beneficiaries/detail.html", context)


@login_required
@permission_required("audit.view_accesslog", raise_exception=True)
def beneficiary_access(request, pk: int):
    """Who opened this file (RL-2)."""
    beneficiary = selectors.get_beneficiary(request.user, pk)
    entries = who_opened(beneficiary)[:200]
    return render(
        request,
        "beneficiaries/access.html",
        {"b": selectors.present(beneficiary, request.user), "entries": entries},
    )


# --- household and documents ------------------------------------------------


@login_required
def household_add(request, pk: int):
    beneficiary = selectors.get_beneficiary(request.user, pk)
    if not request.user.has_perm("beneficiaries.add_householdmember"):
        raise PermissionDenied
    form = HouseholdMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_household_member(by=request.user, beneficiary=beneficiary, data=form.cleaned_data)
        messages.success(request, _("The household member was added."))
        return redirect("beneficiaries:detail", pk=pk)
    return _small_form(request, beneficiary, form, _("Add a household member"))


@login_required
def document_add(request, pk: int):
    beneficiary = selectors.get_beneficiary(request.user, pk)
    if not request.user.has_perm("beneficiaries.add_beneficiarydocument"):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_document(
                by=request.user,
                beneficiary=beneficiary,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc, field="file")
        else:
            messages.success(request, _("The document was attached."))
            return redirect("beneficiaries:detail", pk=pk)
    return _small_form(request, beneficiary, form, _("Attach a document"), multipart=True)


@login_required
def document_download(request, pk: int):
    """A beneficiary's document: only through here, checked and logged."""
    document = get_object_or_404(
        BeneficiaryDocument.objects.select_related("beneficiary"),
        pk=pk,
        beneficiary__in=selectors.visible_beneficiaries(request.user, "view"),
    )
    selectors.require_documents(request.user)
    return serve_logged_file(
        request=request,
        fieldfile=document.file,
        about=document.beneficiary,
        detail=document.title,
        filename=document.original_name or f"document-{document.pk}",
        content_type=document.content_type,
    )


# --- intellectual property and consent (RL-1) -------------------------------


@login_required
def item_add(request, pk: int):
    beneficiary = selectors.get_beneficiary(request.user, pk)
    if not request.user.has_perm("beneficiaries.add_provideditem"):
        raise PermissionDenied
    form = ProvidedItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "upload"}
        try:
            services.record_provided_item(
                by=request.user, beneficiary=beneficiary, data=data, upload=form.cleaned_data.get("upload")
            )
        except ValidationError as exc:
            apply_service_error(form, exc, field="upload")
        else:
            messages.success(request, _("The item was recorded."))
            return redirect("beneficiaries:detail", pk=pk)
    return _small_form(request, beneficiary, form, _("Record something the beneficiary provided"), multipart=True)


def _visible_item(request, pk: int) -> ProvidedItem:
    return get_object_or_404(
        ProvidedItem.objects.select_related("beneficiary"),
        pk=pk,
        beneficiary__in=selectors.visible_beneficiaries(request.user, "view"),
    )


@login_required
def consent_add(request, pk: int):
    item = _visible_item(request, pk)
    if not request.user.has_perm("beneficiaries.add_consent"):
        raise PermissionDenied
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "upload"}
        try:
            services.record_consent(
                by=request.user, item=item, data=data, evidence_file=form.cleaned_data.get("upload")
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The consent was recorded."))
            return redirect("beneficiaries:detail", pk=item.beneficiary_id)
    return _small_form(
        request, item.beneficiary, form, _("Record consent for: %(item)s") % {"item": item.title}, multipart=True
    )


@login_required
@require_POST
def consent_withdraw(request, pk: int):
    consent = get_object_or_404(
        Consent.objects.select_related("item__beneficiary"),
        pk=pk,
        item__beneficiary__in=selectors.visible_beneficiaries(request.user, "view"),
    )
    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.withdraw_consent(by=request.user, consent=consent, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("The consent was withdrawn; its uses were stopped."))
    return redirect("beneficiaries:detail", pk=consent.item.beneficiary_id)


@login_required
def item_use(request, pk: int):
    item = _visible_item(request, pk)
    if not request.user.has_perm("beneficiaries.add_itemuse"):
        raise PermissionDenied
    form = UseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_item_for_use(
                by=request.user, item=item, purpose=form.cleaned_data["purpose"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The item was marked for this use."))
            return redirect("beneficiaries:detail", pk=item.beneficiary_id)
    return _small_form(request, item.beneficiary, form, _("Use: %(item)s") % {"item": item.title})


# --- data-subject requests (RL-2) -------------------------------------------


@login_required
def correction_add(request, pk: int):
    beneficiary = selectors.get_beneficiary(request.user, pk)
    if not request.user.has_perm("beneficiaries.add_correctionrequest"):
        raise PermissionDenied
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_correction_request(by=request.user, beneficiary=beneficiary, data=form.cleaned_data)
        messages.success(request, _("The correction request was recorded."))
        return redirect("beneficiaries:detail", pk=pk)
    return _small_form(request, beneficiary, form, _("Record a correction request"))


@login_required
def correction_resolve(request, pk: int):
    correction = get_object_or_404(
        CorrectionRequest.objects.select_related("beneficiary"),
        pk=pk,
        beneficiary__in=selectors.visible_beneficiaries(request.user, "view"),
    )
    if not request.user.has_perm("beneficiaries.change_correctionrequest"):
        raise PermissionDenied
    form = ResolveCorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_correction_request(by=request.user, correction=correction, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The correction request was closed."))
            return redirect("beneficiaries:detail", pk=correction.beneficiary_id)
    return _small_form(
        request,
        correction.beneficiary,
        form,
        _("Handle the correction request: %(what)s") % {"what": correction.field_label},
    )


@login_required
@permission_required("beneficiaries.export_beneficiary", raise_exception=True)
def data_subject_copy(request, pk: int, fmt: str):
    """A copy of everything held about the beneficiary, for them (PDF or JSON); logged as an export."""
    if fmt not in ("pdf", "json"):
        raise Http404
    beneficiary = selectors.get_beneficiary(request.user, pk)
    if not request.user.has_perm("beneficiaries.view_sensitive"):
        raise PermissionDenied
    record_access(request=request, obj=beneficiary, action=AccessLog.Action.EXPORT, detail=f"data-subject copy ({fmt})")
    filename = f"{beneficiary.file_number}.{fmt}"
    if fmt == "json":
        body = json.dumps(data_subject_copy_json(beneficiary), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(data_subject_copy_pdf(beneficiary), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _small_form(request, beneficiary, form, title, *, multipart=False):
    return render(
        request,
        "beneficiaries/small_form.html",
        {"b": selectors.present(beneficiary, request.user), "form": form, "title": title, "multipart": multipart},
    )
