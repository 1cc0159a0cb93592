"""Writes on complaints (CM-1): filing, and every handling step through the declared workflow."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.beneficiaries.models import NATIONAL_ID_INDEX, Beneficiary
from mustafid.compensation import services as compensation_services
from mustafid.compensation.models import Settlement, SettlementSignature
from mustafid.core.crypto import blind_index
from mustafid.core.files import sniff
from mustafid.core.hijri import gregorian_text
from mustafid.core.permissions import require
from mustafid.core.references import next_reference
from mustafid.core.validators import clean_national_id
from mustafid.core.workdays import add_working_days
from mustafid.liaison.selectors import officer_for
from mustafid.notifications.services import notify

from . import selectors
from .escalation import announce
from .models import (
    REFERENCE_PREFIX,
    CommitteeDecision,
    Complaint,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintNote,
    ContactChannel,
    EscalationLevel,
    FollowUp,
)
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
    scan: Any = None,
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
    if scan is not None:
        complaint.scan.save(scan.name, scan, save=False)
    complaint.assigned_to = _routed_officer(complaint, on=today)
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
        _tell(complaint, "filed", _filed_message(complaint, code), secret=True)
    return Filed(complaint=complaint, tracking_code=code)


def _routed_officer(complaint: Complaint, *, on: Any) -> Any:
    """The liaison officer who answers for the complaint (IN-2), or None: it waits in the unassigned queue.

    The beneficiary's category first, then the (first) domain of the service or
    request complained about; the fallback while the officer is away. Routing only names the officer:
    the complaint stays received until they acknowledge it to the complainant.
    """
    category = complaint.beneficiary.category if complaint.beneficiary else None
    version: Any = None
    if complaint.service_request is not None:
        version = complaint.service_request.version
    else:
        version = complaint.service.current_version if complaint.service is not None else None
    domain = version.domains.order_by("pk").first() if version is not None else None
    return officer_for(category=category, domain=domain, on=on)


def _filed_message(complaint: Complaint, code: str) -> tuple[str, str]:
    return (
        _("Your complaint was received"),
        _(
            "Your complaint was received under number %(reference)s. To follow it on the portal, use this "
            "tracking code: %(code)s. We will acknowledge it by %(date)s."
        )
        % {"reference": complaint.reference, "code": code, "date": gregorian_text(complaint.acknowledge_due)},
    )


def _tell(complaint: Complaint, event: str, message: tuple[str, str], *, secret: bool = False) -> None:
    """A message to the complainant through their own channel, sent after commit by the outbox.

    ``secret``: the text holds the tracking code or a one-time link, which are the
    complainant's alone: the outbox never shows it to staff (notifications' "secret:" keys).
    """
    subject, body = message
    notify(
        channel=ContactChannel.EMAIL if complaint.contact_channel == ContactChannel.EMAIL else ContactChannel.SMS,
        recipient_name=complaint.complainant_name,
        address=complaint.contact_address,
        subject=subject,
        body=body,
        dedupe_key=f"{'secret:' if secret else ''}complaint:{complaint.pk}:{event}",
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


# --- handling (CM-1) ----------------------------------------------------------


def _step(action: str, complaint: Complaint, *, by: Any, note: str = "") -> None:
    COMPLAINT_FLOW.start(action, complaint, by=by)
    COMPLAINT_FLOW.move(action, complaint, by=by, note=note)


@transaction.atomic
def acknowledge(*, by: Any, complaint: Complaint) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _step("acknowledge", complaint, by=by)
    complaint.acknowledged_on = timezone.localdate()
    complaint.save(update_fields=["status", "acknowledged_on", "updated_at"])
    with override("ar"):
        _tell(
            complaint,
            "acknowledged",
            (
                _("Your complaint was acknowledged"),
                _("Your complaint %(reference)s is being handled. We will answer you by %(date)s.")
                % {"reference": complaint.reference, "date": gregorian_text(complaint.resolve_due)},
            ),
        )
    return complaint


@transaction.atomic
def assign(*, by: Any, complaint: Complaint, officer: Any) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _step("assign", complaint, by=by, note=officer.get_full_name() or officer.email)
    complaint.assigned_to = officer
    if complaint.acknowledged_on is None:
        # Assigning is also the acknowledgement: the clock to acknowledge stops.
        complaint.acknowledged_on = timezone.localdate()
    complaint.save(update_fields=["status", "assigned_to", "acknowledged_on", "updated_at"])
    return complaint


@transaction.atomic
def add_note(*, by: Any, complaint: Complaint, text: str) -> ComplaintNote:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _step("add_note", complaint, by=by)
    complaint.save(update_fields=["status", "updated_at"])
    return ComplaintNote.objects.create(complaint=complaint, kind=ComplaintNote.Kind.NOTE, text=text, author=by)


@transaction.atomic
def respond(*, by: Any, complaint: Complaint, text: str) -> Complaint:
    """The answer, kept on the complaint and sent to the complainant through their channel."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _step("respond", complaint, by=by)
    complaint.save(update_fields=["status", "updated_at"])
    note = ComplaintNote.objects.create(complaint=complaint, kind=ComplaintNote.Kind.RESPONSE, text=text, author=by)
    with override("ar"):
        _tell(
            complaint,
            f"response:{note.pk}",
            (
                _("The answer to your complaint"),
                _("About your complaint %(reference)s: %(text)s") % {"reference": complaint.reference, "text": text},
            ),
        )
    return complaint


@transaction.atomic
def close(*, by: Any, complaint: Complaint, outcome: str) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _step("close", complaint, by=by, note=outcome)
    complaint.outcome = outcome
    complaint.closed_on = timezone.localdate()
    fields = ["status", "outcome", "closed_on", "updated_at"]
    link = ""
    if complaint.satisfied is None:
        # One question per complaint: a complaint closed again after a reopening is not asked twice.
        token = secrets.token_urlsafe(24)
        complaint.satisfaction_token_hash = satisfaction_hash(token)
        fields.append("satisfaction_token_hash")
        link = settings.MUSTAFID_SITE_URL.rstrip("/") + reverse("complaints:satisfaction", args=[token])
    complaint.save(update_fields=fields)
    with override("ar"):
        body = _("Your complaint %(reference)s was closed. Outcome: %(outcome)s") % {
            "reference": complaint.reference,
            "outcome": outcome,
        }
        if link:
            body += " " + _("Are you satisfied with the outcome? Answer here: %(link)s") % {"link": link}
        event = "closed-again" if complaint.follow_up else "closed"
        _tell(complaint, event, (_("Your complaint was closed"), body), secret=bool(link))
    return complaint


def satisfaction_hash(token: str) -> str:
    return blind_index(token, "complaint_satisfaction")


def find_by_satisfaction_token(token: str) -> Complaint | None:
    if not token:
        return None
    return Complaint.objects.filter(satisfaction_token_hash=satisfaction_hash(token)).first()


@transaction.atomic
def answer_satisfaction(*, complaint: Complaint, satisfied: bool, follow_up: str = "") -> Complaint:
    """The complainant's one answer; an unsatisfied one may reopen the complaint or appeal it, once.

    The link is spent by the answer: a second answer, or a follow-up after a
    satisfied answer, is refused.
    """
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.satisfied is not None or not complaint.satisfaction_token_hash:
        raise ValidationError(_("This complaint's question was already answered."), code="answered")
    if satisfied and follow_up:
        raise ValidationError(_("A satisfied answer asks for nothing more."), code="follow_up")
    complaint.satisfied = satisfied
    complaint.satisfaction_answered_at = timezone.now()
    complaint.satisfaction_token_hash = ""
    complaint.follow_up = follow_up
    fields = ["satisfied", "satisfaction_answered_at", "satisfaction_token_hash", "follow_up", "updated_at"]
    if follow_up:
        COMPLAINT_FLOW.move(follow_up, complaint, note=str(FollowUp(follow_up).label))
        today = timezone.localdate()
        complaint.closed_on = None
        complaint.resolve_due = add_working_days(today, complaint.category.resolve_days)
        fields += ["status", "closed_on", "resolve_due"]
        if follow_up == FollowUp.APPEAL:
            # A level above whoever handled it: the committee head at least, and a new officer to be assigned.
            complaint.escalation_level = max(complaint.escalation_level + 1, EscalationLevel.COMMITTEE_HEAD)
            complaint.escalation_level = min(complaint.escalation_level, EscalationLevel.SENIOR_MANAGEMENT)
            complaint.escalated_on = today
            # An appeal is a new question for the follow-up committee, whatever it decided before.
            complaint.committee_decision = ""
            fields += ["escalation_level", "escalated_on", "committee_decision"]
    complaint.save(update_fields=fields)
    if follow_up == FollowUp.APPEAL:
        with override("ar"):
            announce(complaint, _("Appealed by the complainant to %(level)s."), event="appeal")
    return complaint


# --- the follow-up committee's decision (CM-1), through committees.cases -------------------


@transaction.atomic
def record_committee_decision(
    *, by: Any, complaint: Complaint, decision: str, reasons: str, decided_on: Any
) -> ComplaintNote:
    """The follow-up committee's decision, written by its chair through the committee's page.

    The committees app checked the chair, the quorum and the votes; the
    decision is an investigation note on the complaint, under its workflow.
    The officer then answers the complainant with it (or draws up the
    amicable settlement it calls for).
    """
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    COMPLAINT_FLOW.start("committee_decision", complaint, check_permission=False)
    if decision not in CommitteeDecision.values:
        raise ValidationError(_("Choose the committee's decision."), code="bad_decision")
    with override("ar"):  # the complaint's record is in the society's language, whoever's screen wrote it
        text = f"{_('Decision of the follow-up committee')}: {CommitteeDecision(decision).label}"
    if reasons.strip():
        text += f" — {reasons.strip()}"
    COMPLAINT_FLOW.move("committee_decision", complaint, by=by, note=text)
    complaint.committee_decision = decision
    complaint.committee_decided_on = decided_on
    complaint.save(update_fields=["status", "committee_decision", "committee_decided_on", "updated_at"])
    return ComplaintNote.objects.create(complaint=complaint, kind=ComplaintNote.Kind.NOTE, text=text, author=by)


@transaction.atomic
def committee_send_back(*, by: Any, complaint: Complaint, reason: str) -> ComplaintNote:
    """The committee wants more investigation first: a note saying why; the complaint stays before it."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    COMPLAINT_FLOW.start("committee_send_back", complaint, check_permission=False)
    with override("ar"):
        text = f"{_('Sent back by the follow-up committee for more investigation')}: {reason.strip()}"
    COMPLAINT_FLOW.move("committee_send_back", complaint, by=by, note=text)
    complaint.save(update_fields=["status", "updated_at"])
    return ComplaintNote.objects.create(complaint=complaint, kind=ComplaintNote.Kind.NOTE, text=text, author=by)


# --- amicable settlement (CM-3) -------------------------------------------------------


@transaction.atomic
def settle_complaint(
    *,
    by: Any,
    complaint: Complaint,
    terms: str,
    agreed_on: date | None = None,
    amount: Decimal | None = None,
) -> Settlement:
    """The dispute ends amicably: its terms (and an amount, if any) in a settlement both parties will sign.

    The settlement is the compensation app's (``create_settlement``): the
    same terms, signatures and Arabic PDF, drawn after commit. The
    complainant is told the terms through their channel.
    """
    require(by, "view", complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    COMPLAINT_FLOW.start("settle", complaint, by=by)
    if complaint.settlement_id is not None:
        raise ValidationError(
            _("This complaint's settlement was abandoned: answer the complainant and close it."),
            code="settled_before",
        )
    if amount is not None and amount <= 0:
        raise ValidationError(_("The amount must be more than zero, or left empty."), code="amount")
    settlement = compensation_services.create_settlement(
        by=by,
        beneficiary=complaint.beneficiary,
        party_name=complaint.complainant_name,
        terms=terms,
        amount=amount,
        agreed_on=agreed_on,
    )
    complaint.settlement = settlement
    with override("ar"):
        note = _("Settlement %(ref)s.") % {"ref": settlement.reference}
    COMPLAINT_FLOW.move("settle", complaint, by=by, note=note)
    complaint.save(update_fields=["status", "settlement", "updated_at"])
    with override("ar"):
        body = _(
            "An amicable settlement of your complaint %(reference)s was drawn up (number %(settlement)s). "
            "Its terms: %(terms)s. It takes effect once you and the society sign it."
        ) % {"reference": complaint.reference, "settlement": settlement.reference, "terms": settlement.terms}
        _tell(complaint, "settlement", (_("An amicable settlement of your complaint"), body))
    return settlement


@transaction.atomic
def sign_complaint_settlement(
    *, by: Any, complaint: Complaint, party: str, signer_name: str, drawn: str = "", scan: Any = None
) -> SettlementSignature:
    """A party signs the complaint's settlement, on screen or a scanned signed paper; the PDF is drawn again."""
    require(by, "view", complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    COMPLAINT_FLOW.start("sign_settlement", complaint, by=by)
    assert complaint.settlement_id is not None  # the state table: only a settled complaint is signed
    settlement = Settlement.objects.select_for_update().get(pk=complaint.settlement_id)
    row = compensation_services.add_signature(
        by=by, settlement=settlement, party=party, signer_name=signer_name, drawn=drawn, scan=scan
    )
    with override("ar"):
        note = _("%(party)s: %(name)s (%(method)s).") % {
            "party": row.get_party_display(),
            "name": row.signer_name,
            "method": row.get_method_display(),
        }
    COMPLAINT_FLOW.move("sign_settlement", complaint, by=by, note=note)
    complaint.save(update_fields=["status", "updated_at"])
    return row


def _missing_signatures(settlement: Settlement) -> list[str]:
    signed = set(settlement.signatures.values_list("party", flat=True))
    return [str(label) for value, label in SettlementSignature.Party.choices if value not in signed]


@transaction.atomic
def abandon_settlement(*, by: Any, complaint: Complaint, reason: str) -> Complaint:
    """The parties did not agree on the terms after all: the investigation goes on, saying why.

    A settlement both parties signed is agreed: it is closed as settled, not abandoned.
    """
    require(by, "view", complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    COMPLAINT_FLOW.start("abandon_settlement", complaint, by=by)
    assert complaint.settlement is not None
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason."), code="no_reason")
    if not _missing_signatures(complaint.settlement):
        raise ValidationError(_("Both parties signed the settlement: close the complaint as settled."), code="signed")
    complaint.settlement_abandoned = reason
    COMPLAINT_FLOW.move("abandon_settlement", complaint, by=by, note=reason)
    complaint.save(update_fields=["status", "settlement_abandoned", "updated_at"])
    return complaint


@transaction.atomic
def close_settled(*, by: Any, complaint: Complaint) -> Complaint:
    """Close the complaint as settled amicably, once both parties signed the settlement.

    No satisfaction question follows: the complainant's signature on the
    terms is their answer (and the reopening or appeal it would open).
    """
    require(by, "view", complaint)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    COMPLAINT_FLOW.start("close_settled", complaint, by=by)
    settlement = complaint.settlement
    assert settlement is not None
    missing = _missing_signatures(settlement)
    if missing:
        raise ValidationError(
            _("The settlement is not signed yet by: %(parties)s.") % {"parties": "، ".join(missing)},
            code="unsigned",
        )
    with override("ar"):
        outcome = _("Settled amicably by settlement %(ref)s.") % {"ref": settlement.reference}
    COMPLAINT_FLOW.move("close_settled", complaint, by=by, note=outcome)
    complaint.outcome = outcome
    complaint.closed_on = timezone.localdate()
    complaint.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    with override("ar"):
        body = _(
            "Your complaint %(reference)s was closed by the amicable settlement %(settlement)s, signed by both parties."
        ) % {
            "reference": complaint.reference,
            "settlement": settlement.reference,
        }
        _tell(complaint, "settled", (_("Your complaint was closed"), body))
    return complaint


@transaction.atomic
def open_claim_from(*, by: Any, complaint: Complaint) -> Any:
    """Open the compensation claim of the harm this complaint reveals, once (CM-3); the claim's own rules apply."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.beneficiary is None:
        raise ValidationError(
            _("A compensation claim is opened for a beneficiary's file: link the complaint to one first."),
            code="no_file",
        )
    if selectors.claim_of(complaint) is not None:
        raise ValidationError(_("This complaint has already opened a compensation claim."), code="claimed")
    return compensation_services.open_claim(
        by=by, beneficiary=complaint.beneficiary, harm=complaint.text, origin=complaint
    )
