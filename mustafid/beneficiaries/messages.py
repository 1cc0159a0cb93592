"""A message to a beneficiary through the channel they agreed to (CH-1), by the outbox."""

from __future__ import annotations

from typing import Any

from mustafid.notifications.services import notify

from .models import Beneficiary


def tell(beneficiary: Beneficiary, *, about: Any, dedupe_key: str, subject: str, body: str) -> None:
    """Written in the caller's transaction and sent after commit; scoped like the file it is about."""
    address = beneficiary.email if beneficiary.preferred_channel == "email" else beneficiary.phone
    notify(
        channel=beneficiary.preferred_channel,
        recipient_name=beneficiary.full_name,
        address=address or "",
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        about=about,
        branch=beneficiary.branch,
        category=beneficiary.category,
        domains=beneficiary.domains.all(),
    )
