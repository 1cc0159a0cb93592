"""One-time codes: how a beneficiary proves, without a password, that an ID number is theirs.

A code is six digits, sent by SMS to the mobile number registered on the
file of that ID number, valid for ten minutes, and accepts five attempts.
Only keyed hashes are stored (of the ID number and of the code).

Nothing here tells whether an ID number is registered: for an unknown one
(or an archived file, or a reference that is not the file's) a *decoy* code
row is stored that no code can ever match, and it is rate-limited, expires
and counts attempts exactly like a real one, so every answer a visitor can
see is the same either way.

Codes are budgeted (``budgets``) per device, per address and for everyone, as
well as per ID number: per ID number *on one device*, with a larger ceiling
per ID number overall. Someone who knows another person's ID number runs out
of their own device's and address's budgets long before that ceiling, and a
code is checked and replaced only on the device that asked for it, so they
can neither use up nor spoil the codes of the owner on the owner's phone.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from mustafid.beneficiaries.models import NATIONAL_ID_INDEX, Beneficiary
from mustafid.core.arabic import normalize_digits
from mustafid.core.crypto import blind_index
from mustafid.core.validators import clean_national_id
from mustafid.notifications.models import Notification
from mustafid.notifications.services import notify
from mustafid.requests.models import ServiceRequest

from .budgets import Budget, Limit, Refusal, key, take
from .models import OneTimeCode

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
# At most this many codes per ID number on one device in the window: no SMS flood, no endless guessing.
MAX_CODES_PER_WINDOW = 3
CODES_WINDOW = timedelta(minutes=15)
PER_ID_ON_DEVICE = Limit(MAX_CODES_PER_WINDOW, CODES_WINDOW)
# One device asking for several ID numbers (a family member helping others), not for dozens.
PER_DEVICE = Limit(5, timedelta(minutes=15))
# One address, whatever cookies it sends: below the ceiling per ID number, so one
# address alone can never use up the codes of someone else's ID number.
PER_ADDRESS = Limit(10, timedelta(hours=1))
PER_ID = Limit(20, timedelta(hours=1))
DEDUPE_PREFIX = "portal-code:"
SCRUBBED = "••••••"


class Purpose(enum.StrEnum):
    SIGN_IN = "portal"
    TRACK = "track"


class Outcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"


@dataclass(frozen=True)
class Verified:
    outcome: Outcome
    beneficiary: Beneficiary | None = None
    service_request: ServiceRequest | None = None
    tries_left: int = 0

    @property
    def message(self) -> str:
        if self.outcome == Outcome.WRONG:
            return ngettext(
                "The code is not right. Check the text message and try again: %(count)d try left.",
                "The code is not right. Check the text message and try again: %(count)d tries left.",
                self.tries_left,
            ) % {"count": self.tries_left}
        return {
            Outcome.OK: "",
            Outcome.EXPIRED: _("The code has expired or was not asked for. Ask for a new code."),
            Outcome.LOCKED: _("Too many wrong attempts with this code. Ask for a new code."),
        }[self.outcome]


def id_hash(national_id: str) -> str:
    """The same keyed hash as ``Beneficiary.national_id_hash``."""
    return blind_index(clean_national_id(national_id), NATIONAL_ID_INDEX)


def _code_hash(national_id_hash: str, purpose: str, code: str) -> str:
    return blind_index(f"{national_id_hash}:{purpose}:{code}", "portal_code")


def _find_beneficiary(national_id_hash: str) -> Beneficiary | None:
    return Beneficiary.objects.filter(national_id_hash=national_id_hash, is_archived=False).first()


def _find_request(beneficiary: Beneficiary | None, reference: str) -> ServiceRequest | None:
    reference = (reference or "").strip().upper()
    if beneficiary is None or not reference:
        return None
    return ServiceRequest.objects.filter(beneficiary=beneficiary, reference=reference).first()


def scrub_sent_codes() -> None:
    """A code sent is no longer needed in the outbox: blank its text so no one can read it there."""
    Notification.objects.filter(
        dedupe_key__startswith=DEDUPE_PREFIX, status=Notification.Status.SENT, sent_at__isnull=False
    ).exclude(body=SCRUBBED).update(body=SCRUBBED)


def global_limit() -> Limit:
    """Codes per hour for everyone together: a ceiling on SMS cost however many addresses ask."""
    return Limit(settings.MUSTAFID_PORTAL_CODES_PER_HOUR, timedelta(hours=1))


def _budgets(*, nid_hash: str, device_hash: str, address: str | None) -> Sequence[Budget]:
    # The visitor's own budgets first: when they refuse, the ID number's are not touched.
    return [
        Budget(PER_ID_ON_DEVICE, key("id-device", f"{nid_hash}:{device_hash}")),
        Budget(PER_DEVICE, key("device", device_hash)),
        Budget(PER_ADDRESS, key("address", address or "unknown")),
        Budget(PER_ID, key("id", nid_hash)),
        Budget(global_limit(), key("global", "all")),
    ]


class CodeRefused(Refusal):
    """No code was sent: a budget ran out. The same for registered and unknown ID numbers."""

    @property
    def message(self) -> str:
        minutes = self.minutes()
        return ngettext(
            "No code was sent: too many codes were asked for. Try again in %(minutes)d minute.",
            "No code was sent: too many codes were asked for. Try again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}


def issue_code(
    *,
    national_id: str,
    device_hash: str,
    address: str | None,
    purpose: Purpose = Purpose.SIGN_IN,
    reference: str = "",
) -> CodeRefused | None:
    """Send a code to the phone on the file of ``national_id`` (and, to track, owning ``reference``).

    Returns a refusal when a budget has run out, else None, whether or not a
    code went out: the caller must answer the same for an unknown ID number.
    """
    nid_hash = id_hash(national_id)
    refusal = take(_budgets(nid_hash=nid_hash, device_hash=device_hash, address=address))
    if refusal is not None:
        return CodeRefused(until=refusal.until)
    _store_and_send(nid_hash=nid_hash, device_hash=device_hash, purpose=purpose, reference=reference)
    return None


@transaction.atomic
def _store_and_send(*, nid_hash: str, device_hash: str, purpose: Purpose, reference: str) -> None:
    now = timezone.now()
    # A new code replaces the ones this device asked for before (not another device's).
    OneTimeCode.objects.filter(
        national_id_hash=nid_hash, device_hash=device_hash, purpose=purpose, used_at__isnull=True
    ).update(expires_at=now)
    beneficiary = _find_beneficiary(nid_hash)
    if purpose == Purpose.TRACK and _find_request(beneficiary, reference) is None:
        beneficiary = None
    if beneficiary is None or not beneficiary.phone:
        # The decoy: stored, limited and counted like a real code; no code matches it.
        OneTimeCode.objects.create(
            national_id_hash=nid_hash,
            device_hash=device_hash,
            code_hash=secrets.token_hex(32),
            purpose=purpose,
            expires_at=now + CODE_LIFETIME,
        )
        return
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    one_time = OneTimeCode.objects.create(
        national_id_hash=nid_hash,
        device_hash=device_hash,
        code_hash=_code_hash(nid_hash, purpose, code),
        purpose=purpose,
        expires_at=now + CODE_LIFETIME,
    )
    with override("ar"):
        notify(
            channel="sms",
            recipient_name=beneficiary.full_name,
            address=beneficiary.phone,
            # The subject is what staff see in the outbox: never the code.
            subject=_("Portal sign-in code"),
            body=_("Your code for the beneficiaries' portal is %(code)s. It is valid for 10 minutes; do not share it.")
            % {"code": code},
            dedupe_key=f"{DEDUPE_PREFIX}{one_time.pk}",
            branch=beneficiary.branch,
            category=beneficiary.category,
            domains=beneficiary.domains.all(),
        )


@transaction.atomic
def verify_code(
    *, national_id_hash: str, device_hash: str, code: str, purpose: Purpose = Purpose.SIGN_IN, reference: str = ""
) -> Verified:
    """Check ``code`` against the latest code this device asked for this ID number; each try counts."""
    scrub_sent_codes()
    now = timezone.now()
    one_time = (
        OneTimeCode.objects.select_for_update()
        .filter(national_id_hash=national_id_hash, device_hash=device_hash, purpose=purpose, used_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if one_time is None or one_time.expires_at <= now:
        return Verified(Outcome.EXPIRED)
    if one_time.attempts >= MAX_ATTEMPTS:
        return Verified(Outcome.LOCKED)
    one_time.attempts += 1
    code = normalize_digits(code or "").replace(" ", "").strip()
    if not secrets.compare_digest(one_time.code_hash, _code_hash(national_id_hash, purpose, code)):
        one_time.save(update_fields=["attempts"])
        return _wrong(one_time)
    beneficiary = _find_beneficiary(national_id_hash)
    service_request = _find_request(beneficiary, reference) if purpose == Purpose.TRACK else None
    if beneficiary is None or (purpose == Purpose.TRACK and service_request is None):
        one_time.save(update_fields=["attempts"])
        return _wrong(one_time)
    one_time.used_at = now
    one_time.save(update_fields=["attempts", "used_at"])
    return Verified(Outcome.OK, beneficiary=beneficiary, service_request=service_request)


def _wrong(one_time: OneTimeCode) -> Verified:
    tries_left = MAX_ATTEMPTS - one_time.attempts
    return Verified(Outcome.WRONG, tries_left=tries_left) if tries_left > 0 else Verified(Outcome.LOCKED)
