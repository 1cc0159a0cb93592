"""The service request's workflow, declared once (HD-2..HD-6, RL-4).

The services enforce this table, the request page draws its buttons from
it, the worklists and the portal read its groups, and every badge takes its
colour from it. A new step is a new row here first.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.core.workflow import Action, State, Workflow

from .models import Status

CHANGE = "requests.change_servicerequest"
STUDY = "requests.study_servicerequest"

# Before the committee's decision, the beneficiary may still take the request back.
_BEFORE_REPLY = (Status.DRAFT, Status.COMPLETE, Status.RETURNED, Status.IN_STUDY, Status.AT_COMMITTEE, Status.DECIDED)

REQUEST_FLOW = Workflow(
    model="requests.ServiceRequest",
    initial=Status.DRAFT,
    states=[
        State(Status.DRAFT, tone="secondary"),
        State(Status.COMPLETE, tone="info"),
        State(Status.RETURNED, tone="warning"),
        State(Status.IN_STUDY, tone="info"),
        State(Status.AT_COMMITTEE, tone="info"),
        State(Status.DECIDED, tone="primary"),
        State(Status.REPLIED, tone="success", final=True),
        State(Status.WITHDRAWN, tone="dark", final=True),
    ],
    actions=[
        # HD-3, HD-4: answers, documents and the signature, while the request is with the beneficiary.
        Action(
            "edit", _("Fill in the request"), CHANGE, {Status.DRAFT: Status.DRAFT, Status.RETURNED: Status.RETURNED}
        ),
        Action(
            "complete",
            _("Register as received complete"),
            "requests.complete_servicerequest",
            {
                Status.DRAFT: Status.COMPLETE,
            },
        ),
        Action(
            "assign",
            _("Assign a case worker"),
            CHANGE,
            {
                Status.COMPLETE: Status.IN_STUDY,
                Status.IN_STUDY: Status.IN_STUDY,
                Status.RETURNED: Status.RETURNED,
            },
        ),
        # HD-6: the clock stops while the society waits for the beneficiary.
        Action(
            "return_for_information",
            _("Return to the beneficiary for information"),
            CHANGE,
            {
                Status.COMPLETE: Status.RETURNED,
                Status.IN_STUDY: Status.RETURNED,
            },
        ),
        Action("resume", _("The beneficiary answered: resume the study"), CHANGE, {Status.RETURNED: Status.IN_STUDY}),
        Action(
            "add_note",
            _("Add a research note or field visit"),
            STUDY,
            {
                Status.COMPLETE: Status.COMPLETE,
                Status.IN_STUDY: Status.IN_STUDY,
                Status.RETURNED: Status.RETURNED,
                Status.AT_COMMITTEE: Status.AT_COMMITTEE,
            },
        ),
        Action(
            "recommend",
            _("Recommend and send to the committee"),
            STUDY,
            {
                Status.COMPLETE: Status.AT_COMMITTEE,
                Status.IN_STUDY: Status.AT_COMMITTEE,
            },
        ),
        # RL-4: the competent committee decides, or sends the request back for more study.
        Action(
            "decide",
            _("Record the committee's decision"),
            "requests.decide_servicerequest",
            {
                Status.AT_COMMITTEE: Status.DECIDED,
            },
        ),
        Action(
            "send_back",
            _("Send back for more study"),
            "requests.decide_servicerequest",
            {
                Status.AT_COMMITTEE: Status.IN_STUDY,
            },
        ),
        Action(
            "reply",
            _("Send the decision letter"),
            "requests.reply_servicerequest",
            {
                Status.DECIDED: Status.REPLIED,
            },
        ),
        # Staff on the beneficiary's word; the portal takes the same step for the beneficiary.
        Action("withdraw", _("Withdraw the request"), CHANGE, {s: Status.WITHDRAWN for s in _BEFORE_REPLY}),
    ],
    groups={
        # HD-6: the 15 working days run (a returned request waits for the beneficiary).
        "clock_running": (Status.COMPLETE, Status.IN_STUDY, Status.AT_COMMITTEE, Status.DECIDED),
        # Work the society owes: on the staff worklist until the reply.
        "open": (Status.COMPLETE, Status.RETURNED, Status.IN_STUDY, Status.AT_COMMITTEE, Status.DECIDED),
        # The committee's decision is taken: it can be read, and approved aid can be scheduled.
        "decided": (Status.DECIDED, Status.REPLIED),
        "closed": (Status.REPLIED, Status.WITHDRAWN),
    },
)
