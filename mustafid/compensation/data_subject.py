"""The person's compensation claims, offers, settlements and payments, for their data-subject copy (RL-2, CP-4)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import (
    DataSubjectSection,
    Record,
    display,
    field_labels,
    register_section,
    verbose_name,
    verbose_name_plural,
)
from mustafid.beneficiaries.models import Beneficiary
from mustafid.core.models import WorkflowEvent

from .models import Claim, Offer, Settlement, SettlementSignature, Status
from .workflow import CLAIM_FLOW


def claims(beneficiary: Beneficiary) -> list[Record]:
    """Each claim with its offers, its settlement and signatures, the payment and every step (bounded queries)."""
    rows = list(
        Claim.objects.filter(beneficiary=beneficiary)
        .select_related("settlement", "finding_meeting")
        .prefetch_related("offers", "settlement__signatures")
        .order_by("created_at", "id")
    )
    events = WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Claim), object_id__in=[c.pk for c in rows]
    ).order_by("at", "id")
    steps: dict[int, list[Record]] = {}
    for event in events:
        action = CLAIM_FLOW.actions.get(event.action)
        steps.setdefault(event.object_id, []).append(
            {
                "step": str(action.label) if action else event.action,
                "became": str(dict(Status.choices).get(event.to_state, event.to_state)),
                "at": event.at,
                "reason": event.note,
            }
        )
    records = []
    for c in rows:
        settlement = c.settlement
        records.append(
            {
                "reference": c.reference,
                "status": display(c, "status"),
                "created_at": c.created_at,
                "alleged_harm": c.alleged_harm,
                "claimed_amount": c.claimed_amount,
                "finding": display(c, "finding"),
                "finding_on": c.finding_on,
                "harm_found": c.harm_found,
                "harm_size": c.harm_size,
                "fault_basis": display(c, "fault_basis"),
                "ruling_authority": c.ruling_authority,
                "ruling_number": c.ruling_number,
                "ruling_date": c.ruling_date,
                "offers": [
                    {
                        "party": display(o, "party"),
                        "amount": o.amount,
                        "made_on": o.made_on,
                        "answer": display(o, "answer"),
                        "answered_on": o.answered_on,
                    }
                    for o in c.offers.all()
                ],
                "settlement": None
                if settlement is None
                else {
                    "settlement_reference": settlement.reference,
                    "terms": settlement.terms,
                    "amount": settlement.amount,
                    "agreed_on": settlement.agreed_on,
                    "signatures": [
                        {"signer_name": s.signer_name, "party": display(s, "party"), "signed_at": s.signed_at}
                        for s in settlement.signatures.all()
                    ],
                },
                "paid_amount": c.paid_amount,
                "paid_on": c.paid_on,
                "payment_method": display(c, "payment_method"),
                "payment_reference": c.payment_reference,
                "history": steps.get(c.pk, []),
            }
        )
    return records


register_section(
    DataSubjectSection(
        key="compensation",
        title=_("Compensation claims"),
        models=(Claim, Offer, Settlement, SettlementSignature),
        collect=claims,
        order=60,
        labels={
            **field_labels(
                Claim,
                "reference",
                "status",
                "alleged_harm",
                "claimed_amount",
                "finding",
                "finding_on",
                "harm_found",
                "harm_size",
                "fault_basis",
                "ruling_authority",
                "ruling_number",
                "ruling_date",
                "paid_amount",
                "paid_on",
                "payment_method",
                "payment_reference",
            ),
            "created_at": _("opened on"),
            "offers": verbose_name_plural(Offer),
            **field_labels(Offer, "party", "amount", "made_on", "answer", "answered_on"),
            "settlement": verbose_name(Settlement),
            "settlement_reference": _("settlement number"),
            **field_labels(Settlement, "terms", "agreed_on"),
            "signatures": verbose_name_plural(SettlementSignature),
            **field_labels(SettlementSignature, "signer_name"),
            "signed_at": SettlementSignature._meta.get_field("signed_at").verbose_name,
            "history": _("history of the claim"),
            "step": _("step"),
            "became": _("became"),
            "at": _("at"),
            "reason": _("reason"),
        },
    )
)
