"""Every write on a compensation claim and a settlement (CP-1..CP-4, CM-3).

Each service checks scope (404) and permission (403) through
``require``, asks the claim's declared workflow (``CLAIM_FLOW``) for the
step, applies the gates the table cannot express, and writes the step on
the claim's history with its reason, in one transaction. The audit trail
records every row it writes (``audited`` in ``apps``).
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.accounts.models import User
from mustafid.beneficiaries.messages import tell
from mustafid.beneficiaries.models import Beneficiary
from mustafid.committees import selectors as committee_selectors
from mustafid.committees.models import AgendaItem, Meeting, MinuteApproval
from mustafid.core import documents
from mustafid.core.files import IMAGE_KINDS, check_upload, sha256_of, signature_from_data_url
from mustafid.core.formatting import format_amount
from mustafid.core.hijri import dual_date
from mustafid.core.permissions import require
from mustafid.core.references import next_reference
from mustafid.core.workdays import add_working_days

from .models import Claim, FaultBasis, Finding, Offer, Settlement, SettlementSignature
from .selectors import may_follow
from .workflow import CLAIM_FLOW

CLAIM_PREFIX = "CMP"
SETTLEMENT_PREFIX = "STL"


def _lock(claim: Claim) -> Claim:
    """Re-read the claim under a row lock: two desks never move it at once."""
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _step(by: User, claim: Claim, action: str) -> Claim:
    """Scope (404), the action's permission (403), then the state, on the locked claim."""
    require(by, "view", claim)
    claim = _lock(claim)
    CLAIM_FLOW.start(action, claim, by=by)
    return claim


def stage_due(status: str, entered_on: date) -> date | None:
    """The deadline of the stage a claim enters on ``entered_on``, in working days; None for a final state."""
    days = settings.MUSTAFID_CLAIM_STAGE_WORKING_DAYS.get(status)
    return add_working_days(entered_on, days) if days else None


def _move(by: User, claim: Claim, action: str, note: str, fields: list[str]) -> Claim:
    left = CLAIM_FLOW.move(action, claim, by=by, note=note)
    if claim.status != left:
        # A new stage, a new clock; a step within the stage (another offer) keeps its deadline.
        claim.due_on = stage_due(claim.status, timezone.localdate())
        fields = [*fields, "due_on"]
    claim.save(update_fields=[*fields, "status", "updated_at"])
    return claim


def _positive(amount: Any, message: str) -> Decimal:
    if amount is None or Decimal(amount) <= 0:
        raise ValidationError(message, code="amount")
    return Decimal(amount)


def _tell_beneficiary(claim: Claim, *, event: str, subject: str, body: str) -> None:
    """A message to the beneficiary through their channel, through the outbox (sent after commit)."""
    tell(claim.beneficiary, about=claim, dedupe_key=f"claim:{claim.pk}:{event}", subject=subject, body=body)


# --- opening --------------------------------------------------------------------


@transaction.atomic
def open_claim(
    *,
    by: User,
    beneficiary: Beneficiary,
    harm: str,
    origin: models.Model | None = None,
    claimed_amount: Decimal | None = None,
) -> Claim:
    """Open a claim for the harm a beneficiary alleges; ``origin`` is the case that revealed it (a complaint).

    The claim then waits for the investigation and follow-up committee, or
    for a ruling, before anything is offered (CP-1).
    """
    require(by, "view", beneficiary)
    if not by.has_perm("compensation.add_claim"):
        raise PermissionDenied
    harm = harm.strip()
    if not harm:
        raise ValidationError(_("Describe the harm the beneficiary alleges."), code="no_harm")
    if claimed_amount is not None and claimed_amount < 0:
        raise ValidationError(_("The amount cannot be negative."), code="amount")
    claim = Claim.objects.create(
        reference=next_reference(CLAIM_PREFIX),
        beneficiary=beneficiary,
        alleged_harm=harm,
        claimed_amount=claimed_amount,
        origin_type=ContentType.objects.get_for_model(origin) if origin is not None else None,
        origin_id=origin.pk if origin is not None else None,
        opened_by=by,
        assigned_to=by,
        due_on=stage_due(CLAIM_FLOW.initial, timezone.localdate()),
    )
    with override("ar"):
        _tell_beneficiary(
            claim,
            event="opened",
            subject=_("Your compensation claim %(ref)s was received") % {"ref": claim.reference},
            body=_(
                "Your compensation claim %(ref)s was received. The society examines whether it caused the harm; "
                "you will be told of each step through your channel."
            )
            % {"ref": claim.reference},
        )
    return claim


def cannot_follow_text(user: User) -> str:
    return _("%(name)s cannot follow this claim: they do not handle claims of this file.") % {"name": user}


@transaction.atomic
def assign_claim(*, by: User, claim: Claim, to: User) -> Claim:
    """Name the staff member who follows an open claim (its "mine" on the worklist, issue 11.7).

    Only someone who handles claims and whose scope holds this one: a claim
    followed by someone who cannot open it would be followed by no one.
    """
    require(by, "change", claim)
    claim = _lock(claim)
    if claim.status not in CLAIM_FLOW.group("open"):
        raise ValidationError(_("This claim is closed: no one follows it any more."), code="closed")
    if not may_follow(to, claim):
        raise ValidationError(cannot_follow_text(to), code="cannot_follow")
    claim.assigned_to = to
    claim.save(update_fields=["assigned_to", "updated_at"])
    return claim


# --- the committee's finding (CP-2), through committees.cases -------------------


def _item_of(claim: Claim, *, open_meeting: bool) -> AgendaItem | None:
    items = AgendaItem.objects.filter(
        case_type=ContentType.objects.get_for_model(Claim), case_id=claim.pk
    ).select_related("meeting__committee")
    if open_meeting:
        items = items.filter(meeting__status=Meeting.Status.HELD, decided=False)
    return items.order_by("-meeting__held_on", "-id").first()


@transaction.atomic
def record_finding(
    *, by: User, claim: Claim, finding: str, reasons: str, harm_size: Decimal | None, decided_on: date
) -> Claim:
    """The committee's decision on the claim, written by the chair through the committee's page (CP-2).

    The minute states the harm, its size and its causes: an established
    fault needs all three. The fault counts only once the minute is approved.
    """
    claim = _lock(claim)
    CLAIM_FLOW.start("record_finding", claim, check_permission=False)
    if finding not in Finding.values:
        raise ValidationError(_("Choose the committee's finding."), code="bad_finding")
    reasons = reasons.strip()
    if finding == Finding.ESTABLISHED:
        if not reasons:
            raise ValidationError(
                _("State the harm and its causes: the minute establishes the fault with them."), code="no_causes"
            )
        harm_size = _positive(harm_size, _("Give the size of the harm (an amount in riyals)."))
    item = _item_of(claim, open_meeting=True)
    claim.finding = finding
    claim.finding_meeting = item.meeting if item else None
    claim.finding_on = decided_on
    claim.harm_found = reasons
    claim.harm_size = harm_size if finding == Finding.ESTABLISHED else None
    return _move(
        by,
        claim,
        "record_finding",
        f"{Finding(finding).label}: {reasons}",
        ["finding", "finding_meeting", "finding_on", "harm_found", "harm_size"],
    )


@transaction.atomic
def send_back(*, by: User, claim: Claim, reason: str) -> Claim:
    claim = _lock(claim)
    CLAIM_FLOW.start("send_back", claim, check_permission=False)
    return _move(by, claim, "send_back", reason.strip(), [])


def minute_approvers_missing(claim: Claim) -> list[User] | None:
    """Who must still approve the minute that found the fault; None when there is no such closed minute.

    The members whose approval counts are those present who could vote on
    the claim: a member who declared a conflict of interest on it is not
    one of them, and cannot approve (``ClaimCase.conflicted_may_approve_minute``).
    """
    if claim.finding != Finding.ESTABLISHED or claim.finding_meeting_id is None:
        return None
    meeting = claim.finding_meeting
    assert meeting is not None
    if meeting.status != Meeting.Status.CLOSED:
        return None
    item = AgendaItem.objects.filter(
        meeting=meeting, case_type=ContentType.objects.get_for_model(Claim), case_id=claim.pk
    ).first()
    if item is None:
        return None
    eligible = committee_selectors.standing_of(item).eligible
    approved = set(MinuteApproval.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    return [u for u in eligible if u.pk not in approved]


@transaction.atomic
def establish_fault_by_minute(*, by: User, claim: Claim) -> Claim:
    """CP-2: the committee's dated minute states the harm, its size and causes, and its members approved it."""
    claim = _step(by, claim, "establish_by_minute")
    if claim.finding != Finding.ESTABLISHED:
        raise ValidationError(
            _("The investigation and follow-up committee has not found a fault of the society in this claim."),
            code="no_finding",
        )
    missing = minute_approvers_missing(claim)
    if missing is None:
        raise ValidationError(
            _("The committee's minute is not issued yet: the fault is established by an approved minute."),
            code="no_minute",
        )
    if missing:
        raise ValidationError(
            _("The minute is not approved yet by: %(names)s.") % {"names": "، ".join(str(u) for u in missing)},
            code="minute_not_approved",
        )
    meeting = claim.finding_meeting
    assert meeting is not None
    claim.fault_basis = FaultBasis.MINUTE
    claim.fault_established_on = timezone.localdate()
    note = _("Minute %(ref)s of %(date)s; harm of %(amount)s.") % {
        "ref": meeting.minute_reference,
        "date": claim.finding_on,
        "amount": format_amount(claim.harm_size),
    }
    return _move(by, claim, "establish_by_minute", note, ["fault_basis", "fault_established_on"])


@transaction.atomic
def establish_fault_by_ruling(
    *, by: User, claim: Claim, authority: str, number: str, ruling_date: date | None, document: Any
) -> Claim:
    """CP-3: a judicial ruling or final decision of the competent dispute authority, with its document."""
    claim = _step(by, claim, "establish_by_ruling")
    errors = []
    if not authority.strip():
        errors.append(_("Name the authority that issued the ruling."))
    if not number.strip():
        errors.append(_("Give the ruling's number."))
    if ruling_date is None:
        errors.append(_("Give the ruling's date."))
    elif ruling_date > timezone.localdate():
        errors.append(_("The ruling's date cannot be in the future."))
    if document is None:
        errors.append(_("Attach the ruling's document."))
    if errors:
        raise ValidationError(errors, code="ruling_incomplete")
    check_upload(document)
    claim.ruling_authority = authority.strip()
    claim.ruling_number = number.strip()
    claim.ruling_date = ruling_date
    claim.ruling_document = document
    claim.fault_basis = FaultBasis.RULING
    claim.fault_established_on = timezone.localdate()
    note = f"{claim.ruling_authority} — {claim.ruling_number} ({ruling_date})"
    fields = ["ruling_authority", "ruling_number", "ruling_date", "ruling_document", "ruling_document_name"]
    return _move(by, claim, "establish_by_ruling", note, [*fields, "fault_basis", "fault_established_on"])


# --- negotiation (CP-4) ---------------------------------------------------------------


@transaction.atomic
def make_offer(
    *, by: User, claim: Claim, party: str, amount: Decimal, terms: str = "", made_on: date | None = None
) -> Offer:
    """An offer by the society or the beneficiary; one offer waits for its answer at a time."""
    claim = _step(by, claim, "offer")
    if party not in Offer.Party.values:
        raise ValidationError(_("Say who makes the offer."), code="bad_party")
    amount = _positive(amount, _("Give the amount offered."))
    if claim.offers.filter(answer=Offer.Answer.PENDING).exists():
        raise ValidationError(_("An offer is still awaiting its answer: record the answer first."), code="pending")
    offer = Offer.objects.create(
        claim=claim,
        party=party,
        amount=amount,
        terms=terms.strip(),
        made_on=made_on or timezone.localdate(),
        recorded_by=by,
    )
    note = _("%(party)s offers %(amount)s.") % {"party": offer.get_party_display(), "amount": format_amount(amount)}
    _move(by, claim, "offer", note, [])
    return offer


@transaction.atomic
def answer_offer(*, by: User, offer: Offer, answer: str, note: str = "", answered_on: date | None = None) -> Offer:
    claim = _step(by, offer.claim, "answer")
    offer = Offer.objects.select_for_update().get(pk=offer.pk, claim=claim)
    if offer.answer:
        raise ValidationError(_("This offer is already answered; an answer cannot be changed."), code="answered")
    if answer not in (Offer.Answer.ACCEPTED, Offer.Answer.REJECTED):
        raise ValidationError(_("Choose the answer."), code="bad_answer")
    offer.answer = answer
    offer.answer_note = note.strip()
    offer.answered_on = answered_on or timezone.localdate()
    offer.save(update_fields=["answer", "answer_note", "answered_on"])
    text = _("Offer of %(amount)s: %(answer)s.") % {
        "amount": format_amount(offer.amount),
        "answer": offer.get_answer_display(),
    }
    _move(by, claim, "answer", f"{text} {offer.answer_note}".strip(), [])
    return offer


def accepted_offer(claim: Claim) -> Offer | None:
    return claim.offers.filter(answer=Offer.Answer.ACCEPTED).order_by("-answered_on", "-id").first()


@transaction.atomic
def settle(*, by: User, claim: Claim, terms: str, agreed_on: date | None = None) -> Settlement:
    """The negotiation closes with a settlement on the accepted offer; its PDF is drawn after commit."""
    claim = _step(by, claim, "settle")
    offer = accepted_offer(claim)
    if offer is None:
        raise ValidationError(
            _("No offer has been accepted: the settlement follows an accepted offer."), code="no_deal"
        )
    settlement = create_settlement(
        by=by,
        beneficiary=claim.beneficiary,
        party_name=claim.beneficiary.full_name,
        terms=terms,
        amount=offer.amount,
        agreed_on=agreed_on,
    )
    claim.settlement = settlement
    note = _("Settlement %(ref)s for %(amount)s.") % {
        "ref": settlement.reference,
        "amount": format_amount(offer.amount),
    }
    _move(by, claim, "settle", note, ["settlement"])
    return settlement


def create_settlement(
    *,
    by: User,
    beneficiary: Beneficiary | None,
    party_name: str,
    terms: str,
    amount: Decimal | None = None,
    agreed_on: date | None = None,
) -> Settlement:
    """A settlement's terms (CM-3): for a claim (``settle``) or a dispute ending amicably (a complaint).

    The caller checks the case's own workflow, in its transaction.
    """
    terms = terms.strip()
    if not terms:
        raise ValidationError(_("Write the terms of the settlement."), code="no_terms")
    if not party_name.strip():
        raise ValidationError(_("Name the other party to the settlement."), code="no_party")
    settlement = Settlement.objects.create(
        reference=next_reference(SETTLEMENT_PREFIX),
        beneficiary=beneficiary,
        party_name=party_name.strip(),
        terms=terms,
        amount=amount,
        agreed_on=agreed_on or timezone.localdate(),
        created_by=by,
    )
    documents.prepare("compensation.settlement", settlement)
    return settlement


def add_signature(
    *, by: User, settlement: Settlement, party: str, signer_name: str, drawn: str = "", scan: Any = None
) -> SettlementSignature:
    """A party's signature on a settlement, drawn on screen or a scanned signed paper; the PDF is drawn again.

    The caller checks the case's own workflow, in its transaction.
    """
    if party not in SettlementSignature.Party.values:
        raise ValidationError(_("Say which party signs."), code="bad_party")
    if settlement.signatures.filter(party=party).exists():
        raise ValidationError(_("This party has already signed; a signature cannot be changed."), code="signed")
    if not signer_name.strip():
        raise ValidationError(_("Write the name of the person who signs."), code="no_signer")
    if scan is not None:
        check_upload(scan, allowed=IMAGE_KINDS | {"pdf"})
        signature, method, raw_hash = scan, SettlementSignature.Method.SCAN, sha256_of(scan)
    elif drawn:
        signature, method = signature_from_data_url(drawn), SettlementSignature.Method.SCREEN
        raw_hash = hashlib.sha256(signature.read()).hexdigest()
        signature.seek(0)
    else:
        raise ValidationError(_("Sign on the screen or upload the signed paper."), code="no_signature")
    signed_at = timezone.now()
    fingerprint = hashlib.sha256(
        "\n".join(
            [settlement.terms, signer_name.strip(), signed_at.isoformat(), raw_hash, settlement.reference]
        ).encode()
    ).hexdigest()
    row = SettlementSignature.objects.create(
        settlement=settlement,
        party=party,
        signer_name=signer_name.strip(),
        method=method,
        signature=signature,
        sha256=fingerprint,
        signed_at=signed_at,
        recorded_by=by,
    )
    documents.prepare("compensation.settlement", settlement)
    return row


@transaction.atomic
def sign_settlement(
    *, by: User, claim: Claim, party: str, signer_name: str, drawn: str = "", scan: Any = None
) -> SettlementSignature:
    claim = _step(by, claim, "sign")
    assert claim.settlement is not None
    settlement = Settlement.objects.select_for_update().get(pk=claim.settlement.pk)
    row = add_signature(by=by, settlement=settlement, party=party, signer_name=signer_name, drawn=drawn, scan=scan)
    note = _("%(party)s: %(name)s (%(method)s).") % {
        "party": row.get_party_display(),
        "name": row.signer_name,
        "method": row.get_method_display(),
    }
    _move(by, claim, "sign", note, [])
    return row


# --- payment and closure (CP-4) ---------------------------------------------------


@transaction.atomic
def record_payment(
    *, by: User, claim: Claim, amount: Decimal, paid_on: date | None, method: str, reference: str
) -> Claim:
    """The payment of the settled amount, only once the beneficiary signed the settlement."""
    claim = _step(by, claim, "pay")
    settlement = claim.settlement
    if settlement is None or not settlement.signed_by_party:
        raise ValidationError(
            _("The beneficiary has not signed the settlement: nothing is paid before the signature."),
            code="unsigned",
        )
    errors = []
    amount = _positive(amount, _("Give the amount paid."))
    if settlement.amount is not None and amount != settlement.amount:
        errors.append(
            _("The amount paid must be the settled amount, %(amount)s.") % {"amount": format_amount(settlement.amount)}
        )
    if paid_on is None:
        errors.append(_("Give the payment date."))
    elif paid_on > timezone.localdate():
        errors.append(_("The payment date cannot be in the future."))
    if method not in dict(Claim._meta.get_field("payment_method").flatchoices) or not method:
        errors.append(_("Choose the payment method."))
    if not reference.strip():
        errors.append(_("Give the payment's reference (transfer, cheque or receipt number)."))
    if errors:
        raise ValidationError(errors, code="payment_incomplete")
    claim.paid_amount, claim.paid_on, claim.payment_method = amount, paid_on, method
    claim.payment_reference = reference.strip()
    note = f"{format_amount(amount)} — {claim.get_payment_method_display()} — {claim.payment_reference}"
    _move(by, claim, "pay", note, ["paid_amount", "paid_on", "payment_method", "payment_reference"])
    with override("ar"):
        _tell_beneficiary(
            claim,
            event="paid",
            subject=_("The compensation of your claim %(ref)s is paid") % {"ref": claim.reference},
            body=_("The society paid %(amount)s for your claim %(ref)s on %(date)s (%(method)s, reference %(pref)s).")
            % {
                "amount": format_amount(amount),
                "ref": claim.reference,
                "date": dual_date(paid_on),
                "method": claim.get_payment_method_display(),
                "pref": claim.payment_reference,
            },
        )
    return claim


def _end(by: User, claim: Claim, action: str, reason: str, *, reason_needed: bool) -> Claim:
    claim = _step(by, claim, action)
    reason = reason.strip()
    if reason_needed and not reason:
        raise ValidationError(_("Give the reason."), code="no_reason")
    claim.closed_on = timezone.localdate()
    claim.closing_reason = reason
    return _move(by, claim, action, reason, ["closed_on", "closing_reason"])


@transaction.atomic
def close_claim(*, by: User, claim: Claim, note: str = "") -> Claim:
    return _end(by, claim, "close", note, reason_needed=False)


@transaction.atomic
def reject_claim(*, by: User, claim: Claim, reason: str) -> Claim:
    return _end(by, claim, "reject", reason, reason_needed=True)


@transaction.atomic
def withdraw_claim(*, by: User, claim: Claim, reason: str) -> Claim:
    return _end(by, claim, "withdraw", reason, reason_needed=True)
