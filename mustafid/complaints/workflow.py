"""The complaint's workflow, declared once (CM-1).

Received, acknowledged, assigned to an officer, investigated, answered,
closed; or, where the dispute ends amicably, settled, signed by both
parties and closed as settled (CM-3). A closed complaint whose complainant
is not satisfied may be reopened, or appealed to a level above, once (the
services count it): so "closed" is not a final state of the table.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.core.workflow import Action, State, Workflow

from .models import Status

HANDLE = "complaints.handle_complaint"
DECIDE = "complaints.decide_complaint"

COMPLAINT_FLOW = Workflow(
    model="complaints.Complaint",
    initial=Status.RECEIVED,
    states=[
        State(Status.RECEIVED, tone="secondary"),
        State(Status.ACKNOWLEDGED, tone="info"),
        State(Status.ASSIGNED, tone="info"),
        State(Status.INVESTIGATING, tone="primary"),
        State(Status.RESPONDED, tone="warning"),
        State(Status.SETTLEMENT, tone="primary"),
        State(Status.CLOSED, tone="success"),
    ],
    actions=[
        Action("acknowledge", _("Acknowledge receipt"), HANDLE, {Status.RECEIVED: Status.ACKNOWLEDGED}),
        Action(
            "assign",
            _("Assign an officer"),
            HANDLE,
            {
                Status.RECEIVED: Status.ASSIGNED,
                Status.ACKNOWLEDGED: Status.ASSIGNED,
                Status.ASSIGNED: Status.ASSIGNED,
                Status.INVESTIGATING: Status.INVESTIGATING,
            },
        ),
        Action(
            "add_note",
            _("Add an investigation note"),
            HANDLE,
            {Status.ASSIGNED: Status.INVESTIGATING, Status.INVESTIGATING: Status.INVESTIGATING},
        ),
        # The follow-up committee's decision (committee.ComplaintCase): an investigation note on the complaint,
        # which stays under investigation until its officer answers the complainant with it.
        Action(
            "committee_decision",
            _("Record the follow-up committee's decision"),
            DECIDE,
            {Status.ASSIGNED: Status.INVESTIGATING, Status.INVESTIGATING: Status.INVESTIGATING},
        ),
        Action(
            "committee_send_back",
            _("Send back for more investigation"),
            DECIDE,
            {Status.ASSIGNED: Status.ASSIGNED, Status.INVESTIGATING: Status.INVESTIGATING},
        ),
        Action("respond", _("Send the response to the complainant"), HANDLE, {Status.INVESTIGATING: Status.RESPONDED}),
        Action("close", _("Close with the outcome"), HANDLE, {Status.RESPONDED: Status.CLOSED}),
        # CM-3: the dispute ends amicably. The settlement is drawn up, both parties sign it, and only then
        # does the complaint close as settled (the service checks both signatures).
        Action(
            "settle",
            _("Draw up the amicable settlement"),
            HANDLE,
            {Status.INVESTIGATING: Status.SETTLEMENT, Status.RESPONDED: Status.SETTLEMENT},
        ),
        Action(
            "sign_settlement", _("Record a signature of the settlement"), HANDLE, {Status.SETTLEMENT: Status.SETTLEMENT}
        ),
        Action(
            "abandon_settlement",
            _("The parties did not agree: back to the investigation"),
            HANDLE,
            {Status.SETTLEMENT: Status.INVESTIGATING},
        ),
        Action("close_settled", _("Close as settled amicably"), HANDLE, {Status.SETTLEMENT: Status.CLOSED}),
        # The complainant, on the portal, not satisfied with the outcome (once per complaint).
        Action("reopen", _("Reopen the complaint"), None, {Status.CLOSED: Status.INVESTIGATING}),
        Action("appeal", _("Appeal to a level above"), None, {Status.CLOSED: Status.ASSIGNED}),
    ],
    groups={
        "open": (
            Status.RECEIVED,
            Status.ACKNOWLEDGED,
            Status.ASSIGNED,
            Status.INVESTIGATING,
            Status.RESPONDED,
            Status.SETTLEMENT,
        ),
        "awaiting_acknowledgement": (Status.RECEIVED,),
        "closed": (Status.CLOSED,),
    },
)
