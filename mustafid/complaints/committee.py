"""Complaints as cases of the follow-up committee (CM-1, CM-3).

Registered with the committees in ``ComplaintsConfig.ready()``, written
like the compensation claim's case type: the policy sends complaints to the
follow-up committee, and its quorum, conflict declarations, votes and minute
are the committees app's. Which complaints wait for it is
``models.awaiting_committee`` (escalated to the committee head's level).
Its decision is an investigation note on the complaint, taken through the
complaint's workflow (``services.record_committee_decision``): the officer
answers the complainant with it, or draws up the amicable settlement.
A member with a declared conflict cannot vote on the complaint, but may
approve the minute: the minute establishes nothing against the society, as
a claim's does (CP-2).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mustafid.committees.cases import CaseCard, CaseType
from mustafid.core.hijri import dual_date

from . import services
from .models import CommitteeDecision, Complaint, awaiting_committee, serves


class ComplaintCase(CaseType):
    model = "complaints.complaint"
    committee_kind = "follow_up"
    decision_choices = CommitteeDecision.choices
    vote_choices = (
        (CommitteeDecision.UPHELD, gettext_lazy("Uphold the complaint")),
        (CommitteeDecision.REJECTED, gettext_lazy("Do not uphold the complaint")),
        (CommitteeDecision.SETTLE, gettext_lazy("Settle amicably")),
    )
    verbose_name = gettext_lazy("complaint")

    def reference(self, case: Complaint) -> str:
        return case.reference

    def card_queryset(self) -> QuerySet[Complaint]:
        return Complaint.objects.select_related("beneficiary", "category")

    def waiting(self, committee: Any) -> QuerySet[Complaint]:
        return self.card_queryset().filter(awaiting_committee(), serves(committee)).order_by("resolve_due", "id")

    def refusal(self, case: Complaint, committee: Any) -> str | None:
        if not Complaint.objects.filter(awaiting_committee(), pk=case.pk).exists():
            return _("Complaint %(ref)s is not waiting for the committee (it is “%(status)s”).") % {
                "ref": case.reference,
                "status": case.get_status_display(),
            }
        if committee.kind != self.committee_kind:
            return _("Complaint %(ref)s goes to the follow-up committee.") % {"ref": case.reference}
        if committee.branch_id and case.branch_id != committee.branch_id:
            return _("Complaint %(ref)s belongs to another branch.") % {"ref": case.reference}
        return None

    def card(self, case: Complaint, user: Any) -> CaseCard:
        # The complainant's contact address and national ID never reach an agenda or a minute.
        facts = [
            (_("Kind of complaint"), case.category.name),
            (_("The complaint is about"), str(case.get_subject_kind_display())),
            (_("The complaint"), case.text),
            (_("Escalated"), str(case.get_escalation_level_display())),
            (_("Resolution due on"), dual_date(case.resolve_due)),
        ]
        outcome = []
        if case.committee_decision:
            outcome.append(
                (
                    _("Decision of the follow-up committee"),
                    f"{case.get_committee_decision_display()} — {dual_date(case.committee_decided_on)}",
                )
            )
        return CaseCard(
            reference=case.reference,
            title=str(_("Complaint")),
            subject=case.complainant_name,
            subject_number=case.beneficiary.file_number if case.beneficiary else "",
            url=reverse("complaints:detail", args=[case.pk]),
            facts=facts,
            outcome=outcome,
        )

    def decide(
        self, *, by: Any, case: Complaint, decision: str, reasons: str, amount: Decimal | None, decided_on: date
    ) -> None:
        services.record_committee_decision(
            by=by, complaint=case, decision=decision, reasons=reasons, decided_on=decided_on
        )

    def send_back(self, *, by: Any, case: Complaint, reason: str) -> None:
        services.committee_send_back(by=by, complaint=case, reason=reason)

    def subjects(self, case: Complaint) -> list[Any]:
        return [case.beneficiary] if case.beneficiary else []
