"""An aid instalment's workflow, declared once (RL-3).

Due, then delivered against a receipt; a delivery is evidence and is never
recorded twice. Late is not a state: it is a due instalment past its date.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.core.workflow import Action, State, Workflow

from .models import Instalment

S = Instalment.Status

INSTALMENT_FLOW = Workflow(
    model="entitlements.Instalment",
    initial=S.DUE,
    states=[State(S.DUE, tone="light"), State(S.DELIVERED, tone="success", final=True)],
    actions=[
        Action("deliver", _("Record the delivery"), "entitlements.change_instalment", {S.DUE: S.DELIVERED}),
    ],
    groups={"open": (S.DUE,)},
)
