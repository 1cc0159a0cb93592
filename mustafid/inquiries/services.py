"""Writes of inquiries: registering (with routing), answering through the outbox, closing.

Every step goes through ``INQUIRY_FLOW`` (refused when the table does not
allow it) and is written on the inquiry's history with its note.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.core.hijri import dual_date
from mustafid.core.permissions import require
from mustafid.core.references import next_reference
from mustafid.core.workdays import add_working_days
from mustafid.liaison.selectors import officer_for
from mustafid.notifications import services as notifications

from .models import ApprovedAnswer, Inquiry, ReplyChannel, Source
from .workflow import INQUIRY_FLOW

#: Working days to answer an inquiry (HD-1): short, an inquiry is a question, not a case.
ANSWER_WORKING_DAYS = 3
REFERENCE_PREFIX = "INQ"


@transaction.atomic
def register_inquiry(*, by: Any, source: str, **fields: Any) -> Inquiry:
    """Record an inquiry and route it to the liaison officer (IN-1).

    ``by`` is the staff member who registers a call, email or visit, or None
    for the portal's form. A beneficiary given fixes the inquiry's branch and
    category from their file: the inquirer cannot pick someone else's scope.
    """
    if by is None and source != Source.PORTAL:
        raise PermissionDenied
    if by is not None and not by.has_perm("inquiries.add_inquiry"):
        raise PermissionDenied
    beneficiary = fields.get("beneficiary")
    if beneficiary is not None:
        fields["branch"], fields["category"] = beneficiary.branch, beneficiary.category
    today = timezone.localdate()
    inquiry = Inquiry(
        reference=next_reference(REFERENCE_PREFIX),
        source=source,
        received_by=by,
        due_on=add_working_days(today, ANSWER_WORKING_DAYS),
        **fields,
    )
    inquiry.full_clean(exclude=["reference", "due_on"])
    inquiry.save()
    officer = officer_for(category=inquiry.category, domain=inquiry.domain, on=today)
    if officer is not None:
        inquiry.assigned_to = officer
        # The note is the officer's name only: a sentence would be stored in one reader's language.
        INQUIRY_FLOW.move("assign", inquiry, by=by, note=officer.get_full_name())
        inquiry.save(update_fields=["assigned_to", "status", "updated_at"])
    _acknowledge(inquiry)
    return inquiry


def _acknowledge(inquiry: Inquiry) -> None:
    """The reference number and the date of the answer, at once, by the inquirer's channel.

    Not for an answer by phone: the inquirer is on the line with the desk
    that registers it, and a call task to say "we received it" is noise.
    """
    if inquiry.reply_channel == ReplyChannel.PHONE:
        return
    with override("ar"):  # messages to people are in Arabic, like every letter of the society
        notifications.notify(
            channel=inquiry.reply_channel,
            recipient_name=inquiry.inquirer_name,
            address=inquiry.contact,
            subject=_("Your inquiry %(reference)s was received") % {"reference": inquiry.reference},
            body=_("We received your inquiry %(reference)s and will answer it by %(date)s.")
            % {"reference": inquiry.reference, "date": dual_date(inquiry.due_on, "ar")},
            dedupe_key=f"inquiry-received:{inquiry.pk}",
            about=inquiry,
            **_recipient_scope(inquiry),
        )


def _recipient_scope(inquiry: Inquiry) -> dict[str, Any]:
    domains = [inquiry.domain] if inquiry.domain else []
    return {"branch": inquiry.branch, "category": inquiry.category, "domains": domains}


@transaction.atomic
def answer_inquiry(*, by: Any, inquiry: Inquiry, answer: str, approved_answer: ApprovedAnswer | None = None) -> Inquiry:
    """Keep the answer (with the approved answer's version it used) and send it by the inquirer's channel."""
    require(by, "answer", inquiry)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    INQUIRY_FLOW.start("answer", inquiry, by=by)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    if approved_answer is not None and approved_answer.superseded_by_id_or_none() is not None:
        raise ValidationError({"approved_answer": _("This approved answer has a newer version: pick that one.")})
    inquiry.answer, inquiry.approved_answer = answer, approved_answer
    inquiry.answered_by, inquiry.answered_at = by, timezone.now()
    INQUIRY_FLOW.move("answer", inquiry, by=by, note=answer)
    inquiry.save()
    with override("ar"):
        subject = _("Answer to your inquiry %(reference)s") % {"reference": inquiry.reference}
    notifications.notify(
        channel=inquiry.reply_channel,
        recipient_name=inquiry.inquirer_name,
        address=inquiry.contact,
        subject=subject,
        body=answer,
        dedupe_key=f"inquiry-answer:{inquiry.pk}",
        about=inquiry,
        **_recipient_scope(inquiry),
    )
    return inquiry


@transaction.atomic
def assign_inquiry(*, by: Any, inquiry: Inquiry, to: Any) -> Inquiry:
    """Give the inquiry to someone who answers inquiries and sees it by their own scope (a taken one too)."""
    require(by, "change", inquiry)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    INQUIRY_FLOW.start("assign", inquiry, by=by)
    sees = Inquiry.objects.filter(pk=inquiry.pk).in_scope_of(to).exists()
    if not (to.is_active and to.has_perm("inquiries.answer_inquiry") and sees):
        raise ValidationError({"to": _("This staff member cannot answer this inquiry.")})
    inquiry.assigned_to = to
    INQUIRY_FLOW.move("assign", inquiry, by=by, note=to.get_full_name())
    inquiry.save()
    return inquiry


@transaction.atomic
def close_inquiry(*, by: Any, inquiry: Inquiry, note: str = "") -> Inquiry:
    require(by, "change", inquiry)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    INQUIRY_FLOW.start("close", inquiry, by=by)
    INQUIRY_FLOW.move("close", inquiry, by=by, note=note.strip())
    inquiry.save()
    return inquiry
