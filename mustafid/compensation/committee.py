"""Compensation claims as cases of the investigation and follow-up committee (CP-2).

Registered with the committees in ``CompensationConfig.ready()``. Why the
committees app and not a claim-specific minute: quorum, conflict of
interest declarations, votes, the dated minute and each member's approval
already live there, and the policy names this committee for claims. The
committee's decision is its finding (fault established or not), with the
harm's size as the decision's amount and the harm and its causes as its
reasons; the fault counts only once the minute is approved by the members
who could vote on the claim (``services.establish_fault_by_minute``).
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
from mustafid.core.formatting import format_amount
from mustafid.core.hijri import dual_date

from . import services
from .models import Claim, Finding, Status


class ClaimCase(CaseType):
    model = "compensation.claim"
    committee_kind = "investigation"
    decision_choices = Finding.choices
    vote_choices = (
        (Finding.ESTABLISHED, gettext_lazy("The society's fault is established")),
        (Finding.NOT_ESTABLISHED, gettext_lazy("The fault is not established")),
    )
    decisions_with_amount = frozenset({Finding.ESTABLISHED})
    # The amount the committee approves is the compensation the society owes, the size of the harm
    # its minute states (CP-2); the negotiation (CP-4) starts from it.
    amount_label = gettext_lazy("Compensation amount approved, the size of the harm (SAR)")
    verbose_name = gettext_lazy("compensation claim")
    # CP-2: a member with a declared conflict of interest on the claim cannot approve the minute.
    conflicted_may_approve_minute = False

    def reference(self, case: Claim) -> str:
        return case.reference

    def card_queryset(self) -> QuerySet[Claim]:
        return Claim.objects.select_related("beneficiary")

    def waiting(self, committee: Any) -> QuerySet[Claim]:
        # A committee of a branch examines the claims of that branch's files; one without a branch, all.
        queryset = self.card_queryset().filter(status=Status.OPENED, finding="")
        if committee.branch_id:
            queryset = queryset.filter(beneficiary__branch_id=committee.branch_id)
        return queryset.order_by("created_at", "id")

    def refusal(self, case: Claim, committee: Any) -> str | None:
        if case.status != Status.OPENED or case.finding:
            return _("Claim %(ref)s is not waiting for the committee (it is “%(status)s”).") % {
                "ref": case.reference,
                "status": case.get_status_display(),
            }
        if committee.kind != self.committee_kind:
            return _("Claim %(ref)s goes to the investigation and follow-up committee.") % {"ref": case.reference}
        if committee.branch_id and case.beneficiary.branch_id != committee.branch_id:
            return _("Claim %(ref)s belongs to another branch.") % {"ref": case.reference}
        return None

    def card(self, case: Claim, user: Any) -> CaseCard:
        facts = [(_("Alleged harm"), case.alleged_harm)]
        if case.claimed_amount:
            facts.append((_("Amount claimed"), format_amount(case.claimed_amount)))
        outcome = []
        if case.finding:
            outcome.append((_("Finding"), f"{case.get_finding_display()} — {dual_date(case.finding_on)}"))
            if case.harm_size:
                outcome.append((str(self.amount_label), format_amount(case.harm_size)))
            if case.harm_found:
                outcome.append((_("The harm and its causes"), case.harm_found))
        return CaseCard(
            reference=case.reference,
            title=str(_("Compensation claim")),
            subject=case.beneficiary.full_name,
            subject_number=case.beneficiary.file_number,
            url=reverse("compensation:detail", args=[case.pk]),
            facts=facts,
            outcome=outcome,
        )

    def is_withdrawn(self, case: Claim) -> bool:
        return case.status == Status.WITHDRAWN

    def decide(
        self, *, by: Any, case: Claim, decision: str, reasons: str, amount: Decimal | None, decided_on: date
    ) -> None:
        services.record_finding(
            by=by, claim=case, finding=decision, reasons=reasons, harm_size=amount, decided_on=decided_on
        )

    def send_back(self, *, by: Any, case: Claim, reason: str) -> None:
        services.send_back(by=by, claim=case, reason=reason)

    def subjects(self, case: Claim) -> list[Any]:
        return [case.beneficiary]
