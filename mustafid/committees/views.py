"""Committee pages (RL-4). Thin: forms clean, services write, selectors read.

A meeting someone may not see is a 404; an action their seat does not allow
(not a member, not the chair) is a 403; a refusal of the rules (absent,
conflicted, no quorum, against the votes) is shown as a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, record_access_many
from mustafid.core.forms import apply_service_error, refusal_text

from . import selectors, services
from .forms import AgendaForm, AttendanceForm, DecisionForm, DeclarationForm, MeetingForm, SendBackForm, VoteForm
from .models import Meeting

PAGE_SIZE = 25


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def _meeting_url(meeting_pk: int, item_pk: int | None = None) -> str:
    url = reverse("committees:detail", args=[meeting_pk])
    return f"{url}#item-{item_pk}" if item_pk else url


@login_required
@permission_required("committees.view_meeting", raise_exception=True)
def meeting_list(request):
    """The meetings of my committees (every committee's for administrators and senior management).

    Above them, the requests referred to those committees and on no open agenda yet (issue 10.1).
    """
    page = Paginator(selectors.meeting_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    can_schedule = selectors.committees_for_scheduling(request.user).exists()
    return render(
        request,
        "committees/list.html",
        {"page": page, "can_schedule": can_schedule, "waiting": selectors.waiting_for_a_meeting(request.user)},
    )


@login_required
@permission_required("committees.add_meeting", raise_exception=True)
def meeting_schedule(request):
    committees = selectors.committees_for_scheduling(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = MeetingForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(
                by=request.user,
                committee=form.cleaned_data["committee"],
                held_on=form.cleaned_data["held_on"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("The meeting was scheduled."))
            return redirect("committees:detail", pk=meeting.pk)
    return render(request, "committees/schedule.html", {"form": form})


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.get_meeting(request.user, pk)
    context = selectors.meeting_page(meeting, request.user)
    if context["can_add_items"]:
        context["agenda_form"] = AgendaForm(waiting=selectors.awaiting_committee(meeting.committee, unscheduled=True))
    if context["can_record_attendance"]:
        context["attendance_form"] = AttendanceForm(meeting=meeting, initial={"present": list(context["attendee_ids"])})
    _add_item_forms(context)
    # The agenda shows each file's case to the members: logged like the minute that names them (RL-2).
    record_access_many(
        request=request,
        objs=[s for panel in context["panels"] for s in panel.case_type.subjects(panel.item.case)],
        detail=_("committee meeting"),
    )
    return render(request, "committees/detail.html", context)


def _add_item_forms(context: dict) -> None:
    for panel in context["panels"]:
        panel.declaration_form = DeclarationForm(prefix=f"d{panel.item.pk}") if panel.can_declare else None
        panel.vote_form = VoteForm(prefix=f"v{panel.item.pk}", case_type=panel.case_type) if panel.can_vote else None
        panel.decision_form = (
            DecisionForm(
                prefix=f"x{panel.item.pk}", case_type=panel.case_type, initial={"decision": panel.standing.majority}
            )
            if panel.can_decide and panel.standing.ready
            else None
        )
        panel.send_back_form = (
            SendBackForm(prefix=f"s{panel.item.pk}") if panel.can_decide and panel.standing.quorum_met else None
        )


@login_required
@require_POST
def agenda_add(request, pk: int):
    meeting = selectors.get_meeting(request.user, pk)
    form = AgendaForm(request.POST, waiting=selectors.awaiting_committee(meeting.committee))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(_meeting_url(meeting.pk))
    try:
        items = services.add_to_agenda(by=request.user, meeting=meeting, cases=form.cleaned_data["cases"])
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        n = len(items)
        messages.success(
            request,
            ngettext("%(n)s case was put on the agenda.", "%(n)s cases were put on the agenda.", n) % {"n": n},
        )
    return redirect(_meeting_url(meeting.pk))


@login_required
@require_POST
def attendance(request, pk: int):
    meeting = selectors.get_meeting(request.user, pk)
    form = AttendanceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(_meeting_url(meeting.pk))
    try:
        services.record_attendance(by=request.user, meeting=meeting, present=list(form.cleaned_data["present"]))
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("The attendance was recorded: the meeting is in session."))
    return redirect(_meeting_url(meeting.pk))


def _item_response(request, item, *, error: str = "", success: str = ""):
    """With htmx, the item's panel again (with the refusal, if any); otherwise back to the meeting page."""
    if request.htmx:
        meeting = selectors.get_meeting(request.user, item.meeting_id)
        context = selectors.meeting_page(meeting, request.user, only_item=item.pk)
        _add_item_forms(context)
        return render(
            request,
            "committees/_item.html",
            {**context, "panel": context["panels"][0], "error": error, "success": success},
        )
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect(_meeting_url(item.meeting_id, item.pk))


@login_required
@require_POST
def declare(request, pk: int):
    """The member's conflict of interest declaration on one request (RL-4)."""
    item = selectors.get_item(request.user, pk)
    services.require_seat(item=item, user=request.user)
    form = DeclarationForm(request.POST, prefix=f"d{item.pk}")
    if not form.is_valid():
        return _item_response(request, item, error=_form_errors(form))
    try:
        services.declare_conflict(
            by=request.user, item=item, has_conflict=form.cleaned_data["has_conflict"], note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        return _item_response(request, item, error=refusal_text(exc))
    return _item_response(request, item, success=_("Your declaration was recorded."))


@login_required
@require_POST
def vote(request, pk: int):
    item = selectors.get_item(request.user, pk)
    services.require_seat(item=item, user=request.user)
    form = VoteForm(request.POST, prefix=f"v{item.pk}", case_type=selectors.case_type_for_item(item))
    if not form.is_valid():
        return _item_response(request, item, error=_form_errors(form))
    try:
        services.cast_vote(by=request.user, item=item, choice=form.cleaned_data["choice"])
    except ValidationError as exc:
        return _item_response(request, item, error=refusal_text(exc))
    return _item_response(request, item, success=_("Your vote was recorded."))


@login_required
@require_POST
def decide(request, pk: int):
    """The chair records the decision; the case's own service writes it on the case."""
    item = selectors.get_item(request.user, pk)
    services.require_seat(item=item, user=request.user, chair=True)
    form = DecisionForm(request.POST, prefix=f"x{item.pk}", case_type=selectors.case_type_for_item(item))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(_meeting_url(item.meeting_id, item.pk))
    try:
        services.decide_item(
            by=request.user,
            item=item,
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
            approved_amount=form.cleaned_data.get("approved_amount"),
        )
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("The decision was recorded on the case."))
    return redirect(_meeting_url(item.meeting_id, item.pk))


@login_required
@require_POST
def send_back(request, pk: int):
    """The chair, with the quorum, sends the case back for more study; the reason goes on its history."""
    item = selectors.get_item(request.user, pk)
    services.require_seat(item=item, user=request.user, chair=True)
    form = SendBackForm(request.POST, prefix=f"s{item.pk}")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(_meeting_url(item.meeting_id, item.pk))
    try:
        services.send_back_item(by=request.user, item=item, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("The case was sent back for more study."))
    return redirect(_meeting_url(item.meeting_id, item.pk))


@login_required
@require_POST
def approve(request, pk: int):
    """A member present approves the closed meeting's minute (CP-2)."""
    meeting = selectors.get_meeting(request.user, pk)
    try:
        services.approve_minute(by=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(request, _("Your approval of the minute was recorded."))
    return redirect(_meeting_url(meeting.pk))


@login_required
@require_POST
def close(request, pk: int):
    meeting = selectors.get_meeting(request.user, pk)
    try:
        meeting = services.close_meeting(by=request.user, meeting=meeting)
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    else:
        messages.success(
            request, _("The meeting was closed with minute number %(ref)s.") % {"ref": meeting.minute_reference}
        )
    return redirect(_meeting_url(meeting.pk))


@login_required
def minute(request, pk: int):
    """The minute's PDF: only through here, for those who see the meeting, and logged."""
    meeting = selectors.get_meeting(request.user, pk)
    if meeting.status != Meeting.Status.CLOSED or not meeting.minute_pdf:
        raise Http404
    record_access(request=request, obj=meeting, action=AccessLog.Action.DOWNLOAD, detail=meeting.minute_reference)
    # The minute names beneficiaries: each file's access log shows it was read here too (RL-2).
    for item in meeting.agenda.all():
        for subject in selectors.case_type_for_item(item).subjects(item.case):
            record_access(
                request=request,
                obj=subject,
                action=AccessLog.Action.DOWNLOAD,
                detail=_("Committee minute %(ref)s") % {"ref": meeting.minute_reference},
            )
    response = FileResponse(meeting.minute_pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{meeting.minute_reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
