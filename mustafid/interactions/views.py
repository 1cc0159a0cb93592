"""Contact pages. Thin: forms clean, services write, selectors read.

Every page needs a signed-in staff member; a beneficiary or contact outside
their scope is a 404 (no ID probing), a missing permission a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, serve_logged_file
from mustafid.beneficiaries.selectors import can_see_documents, get_beneficiary, present, require_documents
from mustafid.core.forms import apply_service_error

from . import selectors, services
from .forms import kind_for, kinds_for
from .models import Interaction

PAGE_SIZE = 25


def _log_detail(interaction: Interaction) -> str:
    return f"{interaction.get_channel_display()} #{interaction.pk} {interaction.reference}".strip()


@login_required
def interaction_create(request, beneficiary_pk: int):
    """Record a contact: ``?channel=phone`` (letters and email also ``&direction=in|out``)."""
    beneficiary = get_beneficiary(request.user, beneficiary_pk)
    if not selectors.can_record(request.user):
        raise PermissionDenied
    volunteer_only = request.user.is_volunteer_only
    kind = kind_for(
        channel=request.GET.get("channel"), direction=request.GET.get("direction"), volunteer_only=volunteer_only
    )
    form = None
    if kind is not None:
        form = kind.form_class(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            beneficiary=beneficiary,
        )
        if request.method == "POST" and form.is_valid():
            try:
                interaction = form.record(by=request.user, beneficiary=beneficiary)
            except ValidationError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("The contact was recorded."))
                return redirect(interaction)
    return render(
        request,
        "interactions/create.html",
        {
            "beneficiary": present(beneficiary, request.user),
            "kind": kind,
            "kinds": kinds_for(volunteer_only=volunteer_only),
            "form": form,
        },
    )


@login_required
def interaction_detail(request, pk: int):
    interaction = selectors.get_interaction(request.user, pk)
    # Reading a contact is reading the beneficiary's file (RL-2).
    record_access(
        request=request, obj=interaction.beneficiary, action=AccessLog.Action.VIEW, detail=_log_detail(interaction)
    )
    return render(
        request,
        "interactions/detail.html",
        {
            "interaction": interaction,
            "beneficiary": present(interaction.beneficiary, request.user),
            "shows_counterpart": selectors.shows_counterpart(request.user, interaction),
            "can_complete": selectors.can_complete_follow_up(request.user, interaction),
            # The download is refused to whoever may not read the file's papers: no link either.
            "shows_attachment": bool(interaction.attachment) and can_see_documents(request.user),
        },
    )


@login_required
def interaction_attachment(request, pk: int):
    """The scanned letter, fax image or generated PDF: only through here, checked and logged."""
    interaction = selectors.get_interaction(request.user, pk)
    if not interaction.attachment:
        raise Http404
    require_documents(request.user)
    extension = interaction.attachment.name.rsplit(".", 1)[-1] if "." in interaction.attachment.name else "bin"
    return serve_logged_file(
        request=request,
        fieldfile=interaction.attachment,
        about=interaction.beneficiary,
        detail=_log_detail(interaction),
        filename=interaction.attachment_name or f"{interaction.reference or f'contact-{interaction.pk}'}.{extension}",
        content_type=interaction.attachment_type or "application/octet-stream",
    )


@login_required
@permission_required("interactions.view_interaction", raise_exception=True)
def follow_up_list(request):
    """Open follow-up tasks, overdue first (CH-3)."""
    mine = request.GET.get("mine") == "1"
    page = Paginator(selectors.open_follow_ups(request.user, mine=mine), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "interaction": item,
            "beneficiary": present(item.beneficiary, request.user),
            "can_complete": selectors.can_complete_follow_up(request.user, item),
        }
        for item in page
    ]
    return render(request, "interactions/follow_ups.html", {"page": page, "rows": rows, "mine": mine})


@login_required
@require_POST
def follow_up_done(request, pk: int):
    interaction = selectors.get_interaction(request.user, pk)
    try:
        services.complete_follow_up(by=request.user, interaction=interaction)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The follow-up was marked done."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("interactions:follow_ups")
    return redirect(target)
