"""The inquiry's workflow, declared once (DESIGN: workflows)."""

from django.utils.translation import gettext_lazy as _

from mustafid.core.workflow import Action, State, Workflow

from .models import Status

INQUIRY_FLOW = Workflow(
    model="inquiries.Inquiry",
    states=[
        State(Status.RECEIVED, tone="warning"),
        State(Status.ASSIGNED, tone="primary"),
        State(Status.ANSWERED, tone="info"),
        State(Status.CLOSED, tone="success", final=True),
    ],
    actions=[
        Action(
            "assign",
            _("Assign"),
            "inquiries.change_inquiry",
            moves={Status.RECEIVED: Status.ASSIGNED, Status.ASSIGNED: Status.ASSIGNED},
        ),
        Action(
            "answer",
            _("Send the answer"),
            "inquiries.answer_inquiry",
            moves={Status.RECEIVED: Status.ANSWERED, Status.ASSIGNED: Status.ANSWERED},
        ),
        Action("close", _("Close"), "inquiries.change_inquiry", moves={Status.ANSWERED: Status.CLOSED}),
    ],
    initial=Status.RECEIVED,
    groups={"open": {Status.RECEIVED, Status.ASSIGNED}},
)
