"""Complaints for tests, filed through the service as the portal files them."""

from __future__ import annotations

from typing import Any

from mustafid.complaints import services
from mustafid.complaints.models import ComplaintCategory, ReceivedVia


def filed(**overrides: Any) -> services.Filed:
    data: dict[str, Any] = {
        "category": ComplaintCategory.objects.get(name="جودة الخدمة"),
        "complainant_name": "سارة المشتكية",
        "contact_channel": "sms",
        "contact_address": "+966501234567",
        "subject_kind": "service",
        "text": "تأخر الرد على طلبي.",
        "received_via": ReceivedVia.PORTAL,
    }
    data.update(overrides)
    return services.file_complaint(**data)
