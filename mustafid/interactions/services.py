"""Recording contacts with beneficiaries (CH-1..CH-6).

Each service checks scope and permission (a beneficiary outside the user's
scope is a 404, a missing permission a 403), validates, and writes in one
transaction; auditlog records the new row in it. A refusal is a translated
``ValidationError`` keyed by the form field it concerns, and writes nothing.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.accounts.models import User
from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.selectors import present
from mustafid.core import documents
from mustafid.core.files import CONTENT_TYPES, DOCUMENT_KINDS, check_upload
from mustafid.core.pdf import render_pdf
from mustafid.core.permissions import perm_name, require
from mustafid.core.references import next_reference
from mustafid.notifications.models import Channel as NotificationChannel
from mustafid.notifications.services import notify

from .models import Channel, Direction, Interaction

logger = logging.getLogger(__name__)

INCOMING_LETTER_PREFIX = "INL"
OUTGOING_LETTER_PREFIX = "OUT"
# A scanned letter is a PDF or a photo; a fax machine may also deliver TIFF.
LETTER_KINDS = frozenset({"pdf", "png", "jpeg"})
FAX_KINDS = DOCUMENT_KINDS
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "tiff": "tif"}
# Clocks of desk computers drift: a contact "a few minutes from now" is accepted.
CLOCK_SKEW = timedelta(minutes=5)


# --- checks shared by every channel ------------------------------------------


def _check_can_record(by: User, beneficiary: Beneficiary, channel: str) -> None:
    """404 outside the user's scope (volunteers: unassigned beneficiaries), 403 without the permission."""
    require(by, "view", beneficiary)
    if not by.has_perm(perm_name(Interaction, "add")):
        raise PermissionDenied
    # A volunteer records only what they did as a volunteer (CH-6, least privilege).
    if by.is_volunteer_only and channel != Channel.VOLUNTEER:
        raise PermissionDenied


def _check_when(occurred_at: datetime, follow_up_on: date | None, follow_up_note: str) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if occurred_at > timezone.now() + CLOCK_SKEW:
        errors.setdefault("occurred_at", []).append(
            ValidationError(_("A contact cannot be recorded in the future."), code="future")
        )
    if follow_up_on and not follow_up_note.strip():
        errors.setdefault("follow_up_note", []).append(
            ValidationError(_("Say what has to be followed up."), code="follow_up_note_missing")
        )
    if follow_up_note.strip() and not follow_up_on:
        errors.setdefault("follow_up_on", []).append(
            ValidationError(_("Choose the date of the follow-up."), code="follow_up_date_missing")
        )
    if follow_up_on and follow_up_on < timezone.localdate(occurred_at):
        errors.setdefault("follow_up_on", []).append(
            ValidationError(_("The follow-up cannot be before the contact."), code="follow_up_before_contact")
        )
    if errors:
        raise ValidationError(errors)


def _checked_upload(upload, *, allowed: frozenset[str]) -> str:
    """The detected kind of the file, or a refusal on the ``attachment`` field."""
    try:
        return check_upload(upload, allowed=allowed)
    except ValidationError as exc:
        raise ValidationError({"attachment": exc.error_list}) from exc


def _file_name(stem: str, kind: str) -> str:
    # The name the person's computer gave the file is not kept: it can carry personal data.
    return f"{stem}.{EXTENSIONS[kind]}"


def _create(
    *,
    by: User,
    beneficiary: Beneficiary,
    channel: str,
    direction: str,
    subject: str,
    summary: str = "",
    occurred_at: datetime | None = None,
    reference: str = "",
    counterpart: str = "",
    follow_up_on: date | None = None,
    follow_up_note: str = "",
    upload=None,
    upload_kind: str = "",
) -> Interaction:
    interaction = Interaction(
        beneficiary=beneficiary,
        channel=channel,
        direction=direction,
        occurred_at=occurred_at or timezone.now(),
        subject=subject.strip(),
        summary=summary.strip(),
        reference=reference,
        counterpart=counterpart.strip(),
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note.strip() if follow_up_on else "",
        recorded_by=by,
    )
    if upload is not None:
        upload.name = _file_name(reference or f"{channel}-{direction}", upload_kind)
        interaction.attachment = upload
        interaction.attachment_type = CONTENT_TYPES[upload_kind]
    interaction.save()
    return interaction


# --- CH-1 interview -----------------------------------------------------------


@transaction.atomic
def record_interview(
    *,
    by: User,
    beneficiary: Beneficiary,
    subject: str,
    notes: str,
    occurred_at: datetime | None = None,
    follow_up_on: date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Record an in-person interview and its notes (CH-1)."""
    _check_can_record(by, beneficiary, Channel.INTERVIEW)
    occurred_at = occurred_at or timezone.now()
    _check_when(occurred_at, follow_up_on, follow_up_note)
    return _create(
        by=by,
        beneficiary=beneficiary,
        channel=Channel.INTERVIEW,
        direction=Direction.INCOMING,
        subject=subject,
        summary=notes,
        occurred_at=occurred_at,
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note,
    )


# --- CH-2 letters ---------------------------------------------------------------


@transaction.atomic
def register_incoming_letter(
    *,
    by: User,
    beneficiary: Beneficiary,
    subject: str,
    scan,
    summary: str = "",
    received_at: datetime | None = None,
    follow_up_on: date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Register a letter the beneficiary sent: a number (``INL-…``) and its scanned copy (CH-2)."""
    _check_can_record(by, beneficiary, Channel.LETTER)
    received_at = received_at or timezone.now()
    _check_when(received_at, follow_up_on, follow_up_note)
    if not scan:
        raise ValidationError({"attachment": _("Attach the scanned letter.")}, code="scan_missing")
    kind = _checked_upload(scan, allowed=LETTER_KINDS)
    return _create(
        by=by,
        beneficiary=beneficiary,
        channel=Channel.LETTER,
        direction=Direction.INCOMING,
        subject=subject,
        summary=summary,
        occurred_at=received_at,
        reference=next_reference(INCOMING_LETTER_PREFIX),
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note,
        upload=scan,
        upload_kind=kind,
    )


@transaction.atomic
def issue_outgoing_letter(
    *,
    by: User,
    beneficiary: Beneficiary,
    subject: str,
    body: str,
    follow_up_on: date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Generate a letter to the beneficiary as an Arabic PDF with a reference (``OUT-…``) (CH-2).

    The PDF carries the date in Gregorian and Hijri, the beneficiary's name
    and postal address, the subject and the body; it is kept privately.
    """
    _check_can_record(by, beneficiary, Channel.LETTER)
    issued_at = timezone.now()
    _check_when(issued_at, follow_up_on, follow_up_note)
    if not body.strip():
        raise ValidationError({"body": _("Write the text of the letter.")}, code="body_missing")
    interaction = Interaction(
        beneficiary=beneficiary,
        channel=Channel.LETTER,
        direction=Direction.OUTGOING,
        occurred_at=issued_at,
        subject=subject.strip(),
        summary=body.strip(),
        reference=next_reference(OUTGOING_LETTER_PREFIX),
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note.strip() if follow_up_on else "",
        recorded_by=by,
        attachment_type=CONTENT_TYPES["pdf"],
    )
    interaction.save()
    # The PDF is drawn once this transaction commits (core.documents); the page says it is being prepared.
    documents.prepare("interactions.outgoing_letter", interaction)
    return interaction


def render_outgoing_letter(interaction: Interaction) -> bytes:
    """The letter as the staff member who issued it sees the file (their masking applies)."""
    by = interaction.recorded_by
    return render_pdf(
        "pdf/outgoing_letter.html",
        {"letter": interaction, "beneficiary": present(interaction.beneficiary, by), "signed_by": by},
    )


def outgoing_letter_name(interaction: Interaction) -> str:
    return _file_name(interaction.reference, "pdf")


# --- CH-3 phone -----------------------------------------------------------------


@transaction.atomic
def record_phone_call(
    *,
    by: User,
    beneficiary: Beneficiary,
    direction: str,
    subject: str,
    summary: str,
    number: str = "",
    occurred_at: datetime | None = None,
    follow_up_on: date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Log a phone call, its direction and summary, with an optional follow-up task (CH-3)."""
    _check_can_record(by, beneficiary, Channel.PHONE)
    occurred_at = occurred_at or timezone.now()
    _check_when(occurred_at, follow_up_on, follow_up_note)
    return _create(
        by=by,
        beneficiary=beneficiary,
        channel=Channel.PHONE,
        direction=Direction(direction),
        subject=subject,
        summary=summary,
        occurred_at=occurred_at,
        counterpart=number,
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note,
    )


# --- CH-4 fax -------------------------------------------------------------------


@transaction.atomic
def record_fax(
    *,
    by: User,
    beneficiary: Beneficiary,
    direction: str,
    subject: str,
    summary: str = "",
    number: str = "",
    image=None,
    occurred_at: datetime | None = None,
    follow_up_on: date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Register a received fax with its image, or log a sent one (CH-4)."""
    _check_can_record(by, beneficiary, Channel.FAX)
    direction = Direction(direction)
    occurred_at = occurred_at or timezone.now()
    _check_when(occurred_at, follow_up_on, follow_up_note)
    if direction == Direction.INCOMING and not image:
        raise ValidationError({"attachment": _("Attach the image of the received fax.")}, code="image_missing")
    kind = _checked_upload(image, allowed=FAX_KINDS) if image else ""
    return _create(
        by=by,
        beneficiary=beneficiary,
        channel=Channel.FAX,
        direction=direction,
        subject=subject,
        summary=summary,
        occurred_at=occurred_at,
        counterpart=number,
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note,
        upload=image or None,
        upload_kind=kind,
    )


# --- CH-5 email -----------------------------------------------------------------


@transaction.atomic
def record_incoming_email(
    *,
    by: User,
    beneficiary: Beneficiary,
    sender: str,
    subject: str,
    body: str,
    received_at: datetime | None = None,
    follow_up_on: date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Register an email the beneficiary sent (CH-5)."""
    _check_can_record(by, beneficiary, Channel.EMAIL)
    received_at = received_at or timezone.now()
    _check_when(received_at, follow_up_on, follow_up_note)
    return _create(
        by=by,
        beneficiary=beneficiary,
        channel=Channel.EMAIL,
        direction=Direction.INCOMING,
        subject=subject,
        summary=body,
        occurred_at=received_at,
        counterpart=sender,
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note,
    )


@transaction.atomic
def send_email(
    *,
    by: User,
    beneficiary: Beneficiary,
    subject: str,
    body: str,
    follow_up_on: date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Email the beneficiary at the address on file and record it (CH-5).

    The email goes through the notifications outbox, written in this
    transaction: a refused or rolled-back record sends nothing, and a mail
    server that is down delays the email (retried) instead of losing it.
    """
    _check_can_record(by, beneficiary, Channel.EMAIL)
    sent_at = timezone.now()
    _check_when(sent_at, follow_up_on, follow_up_note)
    if not beneficiary.email:
        raise ValidationError(_("This beneficiary has no email address on file."), code="no_email")
    if not body.strip():
        raise ValidationError({"body": _("Write the text of the email.")}, code="body_missing")
    interaction = _create(
        by=by,
        beneficiary=beneficiary,
        channel=Channel.EMAIL,
        direction=Direction.OUTGOING,
        subject=subject,
        summary=body,
        occurred_at=sent_at,
        counterpart=beneficiary.email,
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note,
    )
    notify(
        channel=NotificationChannel.EMAIL,
        recipient_name=beneficiary.full_name,
        address=beneficiary.email,
        subject=interaction.subject,
        body=interaction.summary,
        dedupe_key=f"interaction:{interaction.pk}:email",
        about=interaction,
        branch=beneficiary.branch,
        category=beneficiary.category,
        domains=beneficiary.domains.all(),
    )
    return interaction


# --- CH-6 volunteer service -------------------------------------------------------


@transaction.atomic
def record_volunteer_contact(
    *,
    by: User,
    beneficiary: Beneficiary,
    subject: str,
    summary: str,
    occurred_at: datetime | None = None,
    follow_up_on: date | None = None,
    follow_up_note: str = "",
) -> Interaction:
    """Record a contact a volunteer made on the society's behalf (CH-6)."""
    _check_can_record(by, beneficiary, Channel.VOLUNTEER)
    occurred_at = occurred_at or timezone.now()
    _check_when(occurred_at, follow_up_on, follow_up_note)
    return _create(
        by=by,
        beneficiary=beneficiary,
        channel=Channel.VOLUNTEER,
        direction=Direction.OUTGOING,
        subject=subject,
        summary=summary,
        occurred_at=occurred_at,
        follow_up_on=follow_up_on,
        follow_up_note=follow_up_note,
    )


# --- follow-ups -----------------------------------------------------------------


@transaction.atomic
def complete_follow_up(*, by: User, interaction: Interaction) -> Interaction:
    """Mark a contact's follow-up task done.

    Whoever may record contacts for the beneficiary may close its follow-ups.
    """
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    _check_can_record(by, interaction.beneficiary, interaction.channel)
    if not interaction.follow_up_on:
        raise ValidationError(_("This contact has no follow-up task."), code="no_follow_up")
    if interaction.follow_up_done_at is not None:
        raise ValidationError(_("This follow-up was already marked done."), code="already_done")
    interaction.follow_up_done_at = timezone.now()
    interaction.save(update_fields=["follow_up_done_at"])
    return interaction
