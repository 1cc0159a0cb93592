"""Import (upload, dry-run preview, confirm) and export of beneficiary files.

The uploaded file waits between the preview and the confirmation encrypted in
the private storage (see ``pending``); it is deleted once imported or cancelled.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mustafid.core.forms import refusal_text

from .. import selectors
from ..models import Beneficiary
from . import pending as waiting
from .columns import column_help
from .export import FORMATS, export_beneficiaries
from .export import import_template as template_file
from .forms import ImportUploadForm
from .importing import ImportResult, codes_for, import_beneficiaries
from .read import ImportFileError, read_table


def _preview(request, result: ImportResult, *, token: str | None, name: str):
    return render(
        request,
        "beneficiaries/transfer/preview.html",
        {"result": result, "token": token, "file_name": name, "more": max(result.total - len(result.preview), 0)},
    )


@never_cache
@login_required
@permission_required("beneficiaries.import_beneficiary", raise_exception=True)
def import_upload(request):
    """Upload a file: every row is checked (a dry run) and the preview shown."""
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["file"].name
        result = import_beneficiaries(by=request.user, rows_or_dataset=form.dataset, dry_run=True)
        token = waiting.keep(request.session, form.content, form.fmt, name) if result.ok else None
        return _preview(request, result, token=token, name=name)
    return render(
        request,
        "beneficiaries/transfer/import.html",
        {"form": form, "columns": column_help(), "codes": codes_for(request.user)},
    )


@never_cache
@login_required
@permission_required("beneficiaries.import_beneficiary", raise_exception=True)
@require_POST
def import_confirm(request):
    """Import the previewed file; it is checked again, as the register may have changed since."""
    pending = waiting.open_pending(request.session, request.POST.get("token", ""))
    if pending is None:
        messages.error(request, _("The uploaded file is no longer available: upload it again."))
        return redirect("beneficiaries:import")
    content, fmt, name = pending
    try:
        dataset = read_table(content, fmt)
    except ImportFileError as exc:
        waiting.discard(request.session)
        messages.error(request, refusal_text(exc))
        return redirect("beneficiaries:import")
    result = import_beneficiaries(by=request.user, rows_or_dataset=dataset, dry_run=False)
    waiting.discard(request.session)
    if not result.ok:
        return _preview(request, result, token=None, name=name)
    messages.success(
        request,
        ngettext(
            "%(count)s beneficiary was imported (files %(first)s to %(last)s).",
            "%(count)s beneficiaries were imported (files %(first)s to %(last)s).",
            result.created,
        )
        % {"count": result.created, "first": result.first_file_number, "last": result.last_file_number},
    )
    return redirect("beneficiaries:list")


@never_cache
@login_required
@permission_required("beneficiaries.import_beneficiary", raise_exception=True)
@require_POST
def import_cancel(request):
    """Drop the previewed file: nothing is imported and its file is deleted at once."""
    waiting.discard(request.session)
    messages.info(request, _("The import was cancelled and the uploaded file deleted."))
    return redirect("beneficiaries:import")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _format(request) -> str:
    fmt = request.GET.get("format", "csv").lower()
    return fmt if fmt in FORMATS else "csv"


@never_cache
@login_required
@permission_required("beneficiaries.export_beneficiary", raise_exception=True)
@require_GET
def export(request):
    """The current search (``?q=``) as CSV or XLSX (``?format=``), within the user's scope; logged."""
    queryset = selectors.search(Beneficiary.objects.restrict(request.user, "view"), request.GET.get("q", ""))
    return _download(*export_beneficiaries(by=request.user, request=request, queryset=queryset, fmt=_format(request)))


@login_required
@permission_required("beneficiaries.import_beneficiary", raise_exception=True)
@require_GET
def import_template(request):
    """A blank file with the import columns' headers."""
    return _download(*template_file(_format(request)))
