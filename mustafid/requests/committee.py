"""Service requests as cases of the competent committee (RL-4, HD-5).

Registered with the committees in ``RequestsConfig.ready()``: how a request
appears on an agenda and a minute, which requests wait for which committee,
and what the committee's decision does (this app's own services).
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
from .models import Decision, ServiceRequest, Status


class ServiceRequestCase(CaseType):
    model = "requests.servicerequest"
    committee_kind = "competent"
    decision_choices = Decision.choices
    vote_choices = (
        (Decision.APPROVED, gettext_lazy("Approve")),
        (Decision.PARTLY, gettext_lazy("Approve in part")),
        (Decision.REJECTED, gettext_lazy("Reject")),
    )
    decisions_with_amount = frozenset({Decision.APPROVED, Decision.PARTLY})
    verbose_name = gettext_lazy("service request")

    def reference(self, case: ServiceRequest) -> str:
        return case.reference or str(case)

    def card_queryset(self) -> QuerySet[ServiceRequest]:
        return ServiceRequest.objects.select_related("beneficiary", "version__service", "case_worker")

    def waiting(self, committee: Any) -> QuerySet[ServiceRequest]:
        return (
            self.card_queryset()
            .filter(status=Status.AT_COMMITTEE, version__committee=committee)
            .order_by("completed_on", "id")
        )

    def refusal(self, case: ServiceRequest, committee: Any) -> str | None:
        ref = self.reference(case)
        if case.status != Status.AT_COMMITTEE:
            return _("Request %(ref)s is not waiting for the committee (it is “%(status)s”).") % {
                "ref": ref,
                "status": case.get_status_display(),
            }
        if case.version.committee_id != committee.pk:
            return _("Request %(ref)s belongs to another competent committee.") % {"ref": ref}
        return None

    def card(self, case: ServiceRequest, user: Any) -> CaseCard:
        # The name and file number only: no sensitive value of the file reaches the committee's pages.
        recommendation = case.get_recommendation_display() or "—"
        if case.case_worker:
            recommendation = f"{recommendation} ({case.case_worker})"
        facts = [
            (_("Service"), case.version.service.name),
            (_("Case worker's recommendation"), recommendation),
        ]
        if case.recommendation_note:
            facts.append((_("Reasons for the recommendation"), case.recommendation_note))
        if case.due_on:
            facts.append((_("Reply due by"), dual_date(case.due_on)))
        outcome = []
        if case.decision:
            outcome.append((_("Decision"), f"{case.get_decision_display()} — {dual_date(case.decided_on)}"))
            if case.approved_amount:
                outcome.append((_("Approved amount"), format_amount(case.approved_amount)))
            if case.decision_reasons:
                outcome.append((_("Reasons"), case.decision_reasons))
        return CaseCard(
            reference=self.reference(case),
            title=case.version.service.name,
            subject=case.beneficiary.full_name,
            subject_number=case.beneficiary.file_number,
            url=reverse("requests:detail", args=[case.pk]),
            facts=facts,
            outcome=outcome,
        )

    def is_withdrawn(self, case: ServiceRequest) -> bool:
        return case.status == Status.WITHDRAWN

    def decide(
        self, *, by: Any, case: ServiceRequest, decision: str, reasons: str, amount: Decimal | None, decided_on: date
    ) -> None:
        services.record_decision(
            by=by, request=case, decision=decision, reasons=reasons, approved_amount=amount, decided_on=decided_on
        )

    def send_back(self, *, by: Any, case: ServiceRequest, reason: str) -> None:
        services.send_back_for_study(by=by, request=case, reason=reason)

    def subjects(self, case: ServiceRequest) -> list[Any]:
        return [case.beneficiary]
