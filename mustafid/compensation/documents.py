"""The settlement's Arabic PDF (CP-4, CM-3), drawn after the change that calls for it commits."""

from __future__ import annotations

from django.utils import timezone

from mustafid.core import documents
from mustafid.core.letters import image_data_uri, signature_block
from mustafid.core.pdf import render_pdf

from .models import Settlement


def render_settlement(settlement: Settlement) -> bytes:
    """The terms, the amount and each party's signature as signed (a scanned paper is named, not drawn)."""
    signatures = [
        (s, image_data_uri(s.signature) if s.method == s.Method.SCREEN else None) for s in settlement.signatures.all()
    ]
    claim = getattr(settlement, "claim", None)
    context = {
        "s": settlement,
        "claim": claim,
        # The complaint that ended amicably points to its settlement (``Complaint.settlement``, related name
        # "complaint"); read by name, so that this app imports no complaints app.
        "complaint": getattr(settlement, "complaint", None),
        "signatures": signatures,
        "printed_at": timezone.now(),
        "signoff": signature_block(),  # not "block": templates use that name for {% block %}
    }
    return render_pdf("pdf/settlement.html", context)


def register_documents() -> None:
    documents.register(
        documents.DocumentKind(
            key="compensation.settlement",
            model="compensation.Settlement",
            field="pdf",
            render=render_settlement,
            filename=lambda s: f"{s.reference}.pdf",
        )
    )
