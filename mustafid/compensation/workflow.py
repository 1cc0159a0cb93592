"""The compensation claim's workflow, declared once (CP-1..CP-4).

The services enforce this table and add the gates it cannot express: the
fault is established only by an approved minute or a ruling (CP-1..CP-3),
and the payment only follows a settlement the beneficiary signed (CP-4).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.core.workflow import Action, State, Workflow

from .models import Status

S = Status
CHANGE = "compensation.change_claim"

CLAIM_FLOW = Workflow(
    model="compensation.Claim",
    initial=S.OPENED,
    states=[
        State(S.OPENED, tone="info"),
        State(S.FAULT_ESTABLISHED, tone="primary"),
        State(S.NEGOTIATING, tone="warning"),
        State(S.SETTLED, tone="primary"),
        State(S.PAID, tone="success"),
        State(S.CLOSED, tone="secondary", final=True),
        State(S.REJECTED, tone="danger", final=True),
        State(S.WITHDRAWN, tone="dark", final=True),
    ],
    actions=[
        # CP-2, CP-3: the only two ways in; the service checks the minute's approvals or the ruling.
        Action(
            "establish_by_minute",
            _("Establish the fault by the approved minute"),
            "compensation.establish_fault_claim",
            {S.OPENED: S.FAULT_ESTABLISHED},
        ),
        Action(
            "establish_by_ruling",
            _("Record the ruling that establishes the fault"),
            "compensation.establish_fault_claim",
            {S.OPENED: S.FAULT_ESTABLISHED},
        ),
        # The committee's finding is written on the claim; the claim waits for the minute's approval.
        Action(
            "record_finding", _("Record the committee's finding"), "compensation.decide_claim", {S.OPENED: S.OPENED}
        ),
        Action("send_back", _("Send back for more study"), "compensation.decide_claim", {S.OPENED: S.OPENED}),
        # CP-4: each offer and each answer.
        Action(
            "offer",
            _("Record an offer"),
            "compensation.negotiate_claim",
            {S.FAULT_ESTABLISHED: S.NEGOTIATING, S.NEGOTIATING: S.NEGOTIATING},
        ),
        Action(
            "answer",
            _("Record the answer to the offer"),
            "compensation.negotiate_claim",
            {S.NEGOTIATING: S.NEGOTIATING},
        ),
        Action("settle", _("Draw up the settlement"), "compensation.negotiate_claim", {S.NEGOTIATING: S.SETTLED}),
        Action(
            "sign", _("Record a signature of the settlement"), "compensation.negotiate_claim", {S.SETTLED: S.SETTLED}
        ),
        Action("pay", _("Record the payment"), "compensation.pay_claim", {S.SETTLED: S.PAID}),
        Action("close", _("Close the claim"), CHANGE, {S.PAID: S.CLOSED}),
        Action(
            "reject",
            _("Reject the claim"),
            CHANGE,
            {S.OPENED: S.REJECTED, S.NEGOTIATING: S.REJECTED},
        ),
        Action(
            "withdraw",
            _("Withdraw the claim"),
            CHANGE,
            {s: S.WITHDRAWN for s in (S.OPENED, S.FAULT_ESTABLISHED, S.NEGOTIATING)},
        ),
    ],
    groups={
        "open": (S.OPENED, S.FAULT_ESTABLISHED, S.NEGOTIATING, S.SETTLED, S.PAID),
        "closed": (S.CLOSED, S.REJECTED, S.WITHDRAWN),
        # CP-1: the society's fault is established.
        "fault": (S.FAULT_ESTABLISHED, S.NEGOTIATING, S.SETTLED, S.PAID, S.CLOSED),
    },
)
