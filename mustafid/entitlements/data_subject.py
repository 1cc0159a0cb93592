"""The aid approved for the person and each delivery, for their data-subject copy (RL-2, RL-3)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mustafid.beneficiaries.data_subject import (
    DataSubjectSection,
    Record,
    display,
    field_labels,
    register_section,
    verbose_name_plural,
)
from mustafid.beneficiaries.models import Beneficiary

from .models import Entitlement, Instalment


def entitlements(beneficiary: Beneficiary) -> list[Record]:
    rows = (
        Entitlement.objects.filter(beneficiary=beneficiary)
        .select_related("request")
        .prefetch_related("instalments")
        .order_by("created_at", "id")
    )
    return [
        {
            "request": e.request.reference,
            "description": e.description,
            "kind": display(e, "kind"),
            "total_amount": e.total_amount,
            "created_at": e.created_at,
            "instalments": [
                {
                    "due_on": i.due_on,
                    "amount": i.amount,
                    "delivered_at": i.delivered_at,
                    "method": display(i, "method"),
                    "receipt_number": i.receipt_number,
                }
                for i in e.instalments.all()
            ],
        }
        for e in rows
    ]


# Registered when the app is ready (its AppConfig imports this module).
register_section(
    DataSubjectSection(
        key="entitlements",
        title=_("Approved aid and its delivery"),
        models=(Entitlement, Instalment),
        collect=entitlements,
        order=60,
        labels={
            "request": _("service request"),
            **field_labels(Entitlement, "description", "kind", "total_amount"),
            "created_at": _("scheduled on"),
            "instalments": verbose_name_plural(Instalment),
            **field_labels(Instalment, "due_on", "amount", "delivered_at", "method", "receipt_number"),
        },
    )
)
