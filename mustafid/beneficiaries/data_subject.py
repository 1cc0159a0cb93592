"""A beneficiary's copy of their own data (RL-2, data-subject access)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mustafid.core.hijri import dual_date
from mustafid.core.pdf import render_pdf

from .models import Beneficiary


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def data_subject_copy_json(beneficiary: Beneficiary) -> dict[str, Any]:
    """Everything the society holds about the person, unmasked: it is theirs."""
    return {
        "file_number": beneficiary.file_number,
        "generated_at": timezone.now().isoformat(),
        "person": {
            "full_name": beneficiary.full_name,
            "national_id": beneficiary.national_id,
            "phone": beneficiary.phone,
            "email": beneficiary.email,
            "gender": beneficiary.gender,
            "date_of_birth": _iso(beneficiary.date_of_birth),
            "city": beneficiary.city,
            "district": beneficiary.district,
            "address": beneficiary.address,
            "monthly_income": str(beneficiary.monthly_income) if beneficiary.monthly_income is not None else None,
            "health_notes": beneficiary.health_notes,
            "preferred_channel": beneficiary.preferred_channel,
            "branch": beneficiary.branch.name,
            "category": beneficiary.category.name,
            "domains": [d.name for d in beneficiary.domains.all()],
            "registered_at": _iso(beneficiary.created_at),
        },
        "household": [
            {
                "full_name": m.full_name,
                "relation": m.relation,
                "date_of_birth": _iso(m.date_of_birth),
                "national_id": m.national_id,
            }
            for m in beneficiary.household.all()
        ],
        "documents": [
            {"title": d.title, "kind": d.kind, "uploaded_at": _iso(d.uploaded_at)} for d in beneficiary.documents.all()
        ],
        "contacts": [
            {
                "at": _iso(i.occurred_at),
                "channel": i.channel,
                "direction": i.direction,
                "subject": i.subject,
                "summary": i.summary,
                "reference": i.reference,
            }
            for i in beneficiary.interactions.all()
        ],
        "provided_items": [
            {
                "title": item.title,
                "kind": item.kind,
                "consents": [
                    {"purpose": c.purpose, "granted_on": _iso(c.granted_on), "withdrawn_on": _iso(c.withdrawn_on)}
                    for c in item.consents.all()
                ],
            }
            for item in beneficiary.provided_items.all()
        ],
        "correction_requests": [
            {"received_on": _iso(c.received_on), "data": c.field_label, "status": c.status, "resolution": c.resolution}
            for c in beneficiary.correction_requests.all()
        ],
    }


def data_subject_copy_pdf(beneficiary: Beneficiary) -> bytes:
    data = data_subject_copy_json(beneficiary)
    return render_pdf(
        "pdf/data_subject_copy.html",
        {"b": beneficiary, "data": data, "today": dual_date(timezone.localdate())},
    )
