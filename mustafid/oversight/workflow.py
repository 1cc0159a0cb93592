"""The workflows of supervisory visits and corrective actions, declared once (SM-3).

A visit is planned, carried out (its checklist answered, findings written)
and completed. A corrective action is open until its owner reports it done
(with a note), then the visitor or management verifies it and closes it, or
sends it back to its owner.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.core.workflow import Action, State, Workflow

from .models import ActionStatus, VisitStatus

RECORD = "oversight.change_visit"
VERIFY = "oversight.verify_correctiveaction"

VISIT_FLOW = Workflow(
    model="oversight.Visit",
    initial=VisitStatus.PLANNED,
    states=[
        State(VisitStatus.PLANNED, tone="secondary"),
        State(VisitStatus.IN_PROGRESS, tone="primary"),
        State(VisitStatus.COMPLETED, tone="success", final=True),
    ],
    actions=[
        Action("start", _("Start the visit"), RECORD, {VisitStatus.PLANNED: VisitStatus.IN_PROGRESS}),
        # Answers and findings are written while the visit is under way.
        Action(
            "record",
            _("Record answers and findings"),
            RECORD,
            {VisitStatus.IN_PROGRESS: VisitStatus.IN_PROGRESS},
        ),
        Action("complete", _("Complete the visit"), RECORD, {VisitStatus.IN_PROGRESS: VisitStatus.COMPLETED}),
    ],
    groups={"open": (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS), "completed": (VisitStatus.COMPLETED,)},
)

ACTION_FLOW = Workflow(
    model="oversight.CorrectiveAction",
    initial=ActionStatus.OPEN,
    states=[
        State(ActionStatus.OPEN, tone="warning"),
        State(ActionStatus.DONE, tone="info"),
        State(ActionStatus.CLOSED, tone="success", final=True),
    ],
    actions=[
        # Its owner reports it done: the service checks that the actor is the owner.
        Action("complete", _("Report as done"), None, {ActionStatus.OPEN: ActionStatus.DONE}),
        Action("verify", _("Verify and close"), VERIFY, {ActionStatus.DONE: ActionStatus.CLOSED}),
        Action("send_back", _("Send back to the owner"), VERIFY, {ActionStatus.DONE: ActionStatus.OPEN}),
    ],
    groups={"not_closed": (ActionStatus.OPEN, ActionStatus.DONE), "closed": (ActionStatus.CLOSED,)},
)
