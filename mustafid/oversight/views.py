"""Pages of supervisory visits and corrective actions (SM-3).

Every read goes through the scoped selectors (out of scope: a 404), every
write through a service, which enforces the declared workflow; the buttons
come from the workflow's ``available``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mustafid.core.forms import apply_service_error, refusal_text

from . import selectors, services
from .forms import ActionForm, AnswersForm, ChecklistForm, FilterForm, FindingForm, NoteForm, VisitForm
from .models import ChecklistTemplate
from .workflow import ACTION_FLOW, RECORD, VERIFY, VISIT_FLOW

VIEW = "oversight.view_visit"
PAGE_SIZE = 25


@login_required
@permission_required(VIEW, raise_exception=True)
def visits(request):
    """The visits of the reader's branches, filtered by branch and status."""
    form = FilterForm(request.GET or None, user=request.user)
    branch, status = None, ""
    if form.is_valid():
        branch = form.cleaned_data["branch"].pk if form.cleaned_data["branch"] else None
        status = form.cleaned_data["status"]
    page = Paginator(selectors.visits_for(request.user, branch=branch, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "oversight/visits.html", {"page": page, "form": form})


@login_required
@permission_required(services.PLAN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def visit_new(request):
    form = VisitForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.plan_visit(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The visit was planned."))
            return redirect("oversight:visit", made.pk)
    return render(request, "oversight/visit_new.html", {"form": form})


@login_required
@permission_required(VIEW, raise_exception=True)
def visit(request, pk: int):
    """The visit: its checklist answers, findings and their corrective actions, and its next steps."""
    found = selectors.visit_for(request.user, pk)
    can = VISIT_FLOW.available(request.user, found)
    return render(
        request,
        "oversight/visit.html",
        {
            "visit": found,
            "can": can,
            "may_assign": request.user.has_perm(services.ASSIGN) and found.status != "planned",
            "finding_form": FindingForm(visit=found) if can["record"] else None,
            "note_form": NoteForm(),
            "history": VISIT_FLOW.history(found),
        },
    )


def _step(request, pk: int, step: Callable[[Any], Any]) -> Any:
    """One step on a visit in scope; the service's refusal as a message."""
    found = selectors.visit_for(request.user, pk)
    try:
        step(found)
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Done."))
    return redirect("oversight:visit", found.pk)


@login_required
@permission_required(RECORD, raise_exception=True)
@require_POST
def visit_start(request, pk: int):
    return _step(request, pk, lambda v: services.start_visit(by=request.user, visit=v))


@login_required
@permission_required(RECORD, raise_exception=True)
@require_POST
def visit_complete(request, pk: int):
    form = NoteForm(request.POST)
    form.is_valid()
    summary = form.cleaned_data.get("note", "")
    return _step(request, pk, lambda v: services.complete_visit(by=request.user, visit=v, summary=summary))


@login_required
@permission_required(RECORD, raise_exception=True)
@require_POST
def finding_add(request, pk: int):
    found = selectors.visit_for(request.user, pk)
    form = FindingForm(request.POST, visit=found)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("oversight:visit", found.pk)
    return _step(request, pk, lambda v: services.add_finding(by=request.user, visit=v, **form.cleaned_data))


@login_required
@permission_required(RECORD, raise_exception=True)
@require_http_methods(["GET", "POST"])
def visit_answers(request, pk: int):
    found = selectors.visit_for(request.user, pk)
    form = AnswersForm(request.POST or None, visit=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_answers(by=request.user, visit=found, answers=form.answers())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The answers were saved."))
            return redirect("oversight:visit", found.pk)
    return render(request, "oversight/answers.html", {"visit": found, "form": form})


@login_required
@permission_required(services.ASSIGN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_add(request, pk: int):
    finding = selectors.finding_for(request.user, pk)
    form = ActionForm(request.POST or None, finding=finding)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_action(by=request.user, finding=finding, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The corrective action was assigned; its owner was told."))
            return redirect("oversight:visit", finding.visit_id)
    return render(request, "oversight/action_new.html", {"finding": finding, "form": form})


@login_required
@permission_required("oversight.view_checklisttemplate", raise_exception=True)
def checklists(request):
    templates = ChecklistTemplate.objects.prefetch_related("items").order_by("name")
    return render(request, "oversight/checklists.html", {"templates": templates})


@login_required
@permission_required(services.MANAGE_TEMPLATES, raise_exception=True)
@require_http_methods(["GET", "POST"])
def checklist_new(request):
    form = ChecklistForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_template(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("The checklist was saved."))
            return redirect("oversight:checklists")
    return render(request, "oversight/checklist_new.html", {"form": form})


@login_required
def my_actions(request):
    """The corrective actions the reader owns, overdue ones flagged (any role may own one)."""
    page = Paginator(selectors.actions_of(request.user, timezone.localdate()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "oversight/my_actions.html", {"page": page})


@login_required
def action(request, pk: int):
    """An action, to its owner and to the readers of its branch's visits; its steps and escalations."""
    found = selectors.action_for(request.user, pk)
    can = ACTION_FLOW.available(request.user, found)
    can["complete"] = can["complete"] and found.owner_id == request.user.pk
    return render(
        request,
        "oversight/action.html",
        {
            "action": found,
            "can": can,
            "note_form": NoteForm(),
            "history": ACTION_FLOW.history(found),
            "overdue": found.is_overdue(timezone.localdate()),
        },
    )


def _action_step(request, pk: int, step: Callable[[Any, str], Any]) -> Any:
    found = selectors.action_for(request.user, pk)
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        step(found, form.cleaned_data.get("note", ""))
    except ValidationError as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Done."))
    return redirect("oversight:action", found.pk)


@login_required
@require_POST
def action_complete(request, pk: int):
    return _action_step(request, pk, lambda a, note: services.complete_action(by=request.user, action=a, note=note))


@login_required
@permission_required(VERIFY, raise_exception=True)
@require_POST
def action_verify(request, pk: int):
    return _action_step(request, pk, lambda a, note: services.verify_action(by=request.user, action=a, note=note))


@login_required
@permission_required(VERIFY, raise_exception=True)
@require_POST
def action_send_back(request, pk: int):
    return _action_step(request, pk, lambda a, note: services.send_back_action(by=request.user, action=a, note=note))
