"""A campaign's workflow, declared once (DESIGN "Each workflow is declared once"): draft → sent → closed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.core.workflow import Action, State, Workflow

from .models import CampaignStatus

MANAGE = "surveys.manage_questionnaire"

CAMPAIGN_FLOW = Workflow(
    model="surveys.Campaign",
    states=[
        State(CampaignStatus.DRAFT, tone="secondary"),
        State(CampaignStatus.SENT, tone="primary"),
        State(CampaignStatus.CLOSED, tone="dark", final=True),
    ],
    actions=[
        Action("send", _("Send the invitations"), MANAGE, moves={CampaignStatus.DRAFT: CampaignStatus.SENT}),
        Action(
            "remind", _("Remind those who have not answered"), MANAGE, moves={CampaignStatus.SENT: CampaignStatus.SENT}
        ),
        Action("close", _("Close the campaign"), MANAGE, moves={CampaignStatus.SENT: CampaignStatus.CLOSED}),
        # The beneficiary on the portal, identified by their one-time link.
        Action("answer", _("Answer"), None, moves={CampaignStatus.SENT: CampaignStatus.SENT}),
    ],
    initial=CampaignStatus.DRAFT,
    groups={"open": {CampaignStatus.SENT}},
)
