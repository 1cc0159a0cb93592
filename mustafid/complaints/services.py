"""Writes on complaints (CM-1): filing, and every handling step through the declared workflow."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.beneficiaries.models import NATIONAL_ID_INDEX, Beneficiary
from mustafid.core.crypto import blind_index
from mustafid.core.files import sniff
from mustafid.core.hijri import gregorian_text
from mustafid.core.references import next_reference
from mustafid.core.validators import clean_national_id
from mustafid.core.workdays import add_working_days
from mustafid.notifications.services import notify

from .models import REFERENCE_PREFIX, Complaint, ComplaintAttachment, ComplaintCategory, ContactChannel
from .workflow import COMPLAINT_FLOW

# Letters and digits that cannot be mistaken for one another when read aloud or typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


@dataclass(frozen=True)
class Filed:
    complaint: Complaint
    #: shown once and sent to the complainant; only its keyed hash is stored.
    tracking_code: str


def code_hash(reference: str, code: str) -> str:
    return blind_index(f"{reference.upper()}:{code.upper()}", "complaint_tracking")


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def beneficiary_of(national_id: str) -> Beneficiary | None:
    """The file of ``national_id``, if any: the complaint is then seen in that file's scope."""
    if not national_id:
        return None
    nid_hash = blind_index(clean_national_id(national_id), NATIONAL_ID_INDEX)
    return Beneficiary.objects.filter(national_id_hash=nid_hash, is_archived=False).first()


@transaction.atomic
def file_complaint(
    *,
    category: ComplaintCategory,
    complainant_name: str,
    contact_channel: str,
    contact_address: str,
    subject_kind: str,
    text: str,
    received_via: str,
    subject_detail: str = "",
    national_id: str = "",
    beneficiary: Beneficiary | None = None,
    attachments: Sequence[Any] = (),
    by: Any = None,
    **subject: Any,
) -> Filed:
    """Register a complaint, give it its number and tracking code, and tell the complainant.

    ``subject`` holds the thing complained about (``service_request``,
    ``service``, ``staff_member``, ``branch``). Attachments were checked by
    the form (type by content, size); nothing is written if any step fails.
    """
    beneficiary = beneficiary or beneficiary_of(national_id)
    service_request = subject.get("service_request")
    branch = subject.get("branch")
    if branch is None and service_request is not None:
        branch = service_request.beneficiary.branch
    if branch is None and beneficiary is not None:
        branch = beneficiary.branch
    today = timezone.localdate()
    code = _new_code()
    reference = next_reference(REFERENCE_PREFIX)
    complaint = Complaint(
        reference=reference,
        tracking_code_hash=code_hash(reference, code),
        received_via=received_via,
        category=category,
        complainant_name=complainant_name,
        contact_channel=contact_channel,
        contact_address=contact_address,
        beneficiary=beneficiary,
        subject_kind=subject_kind,
        service_request=service_request,
        service=subject.get("service"),
        staff_member=subject.get("staff_member"),
        branch=branch,
        subject_detail=subject_detail,
        text=text,
        acknowledge_due=add_working_days(today, category.acknowledge_days),
        resolve_due=add_working_days(today, category.resolve_days),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    complaint.save()
    for upload in attachments:
        upload.seek(0)
        kind = sniff(upload.read(16)) or ""
        upload.seek(0)
        attachment = ComplaintAttachment(complaint=complaint, content_type=kind)
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
    # The complainant reads the society's language; staff see the message in the outbox as sent.
    with override("ar"):
        _tell(complaint, "filed", _filed_message(complaint, code))
    return Filed(complaint=complaint, tracking_code=code)


def _filed_message(complaint: Complaint, code: str) -> tuple[str, str]:
    return (
        _("Your complaint was received"),
        _(
            "Your complaint was received under number %(reference)s. To follow it on the portal, use this "
            "tracking code: %(code)s. We will acknowledge it by %(date)s."
        )
        % {"reference": complaint.reference, "code": code, "date": gregorian_text(complaint.acknowledge_due)},
    )


def _tell(complaint: Complaint, event: str, message: tuple[str, str]) -> None:
    """A message to the complainant through their own channel, sent after commit by the outbox."""
    subject, body = message
    notify(
        channel=ContactChannel.EMAIL if complaint.contact_channel == ContactChannel.EMAIL else ContactChannel.SMS,
        recipient_name=complaint.complainant_name,
        address=complaint.contact_address,
        subject=subject,
        body=body,
        dedupe_key=f"complaint:{complaint.pk}:{event}",
        about=complaint,
        branch=complaint.branch,
        category=complaint.beneficiary.category if complaint.beneficiary else None,
        domains=complaint.beneficiary.domains.all() if complaint.beneficiary else (),
    )


def find_tracked(reference: str, code: str) -> Complaint | None:
    """The complaint of ``reference`` if ``code`` is its tracking code; None alike for a wrong number or code."""
    reference = (reference or "").strip().upper()
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    complaint = Complaint.objects.filter(reference=reference).first()
    expected = complaint.tracking_code_hash if complaint else secrets.token_hex(32)
    # The hash is computed either way, so a wrong number takes as long as a wrong code.
    if not secrets.compare_digest(expected, code_hash(reference, code)):
        return None
    return complaint


__all__ = ["COMPLAINT_FLOW", "Filed", "file_complaint", "find_tracked"]
