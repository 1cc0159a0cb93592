"""Writes of staff policies: publishing a version, signing it, reminding (RS-1, RS-2)."""

from __future__ import annotations

import hashlib
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from mustafid.accounts.models import User
from mustafid.core.arabic import normalize
from mustafid.core.files import signature_from_data_url
from mustafid.notifications.models import Channel
from mustafid.notifications.services import notify

from . import selectors
from .models import Policy, PolicySignature, PolicyVersion

MANAGE = "policies.manage_policy"


def _require_manager(by: User) -> None:
    if not by.has_perm(MANAGE):
        raise PermissionDenied


@transaction.atomic
def create_policy(
    *, by: User, title: str, kind: str, required_of_all: bool, required_roles=(), title_en: str = ""
) -> Policy:
    """A new policy staff will sign once its first version is published."""
    _require_manager(by)
    if not required_of_all and not required_roles:
        raise ValidationError({"required_roles": _("Choose the roles that sign it, or make it binding on everyone.")})
    policy = Policy.objects.create(
        title=title.strip(), title_en=title_en.strip(), kind=kind, required_of_all=required_of_all
    )
    policy.required_roles.set(required_roles)
    return policy


@transaction.atomic
def publish_version(*, by: User, policy: Policy, text: str, changes: str = "") -> PolicyVersion:
    """Put a new version in force: every bound staff member now has it to sign (RS-1), and is told (RS-2)."""
    _require_manager(by)
    if not text.strip():
        raise ValidationError({"text": _("Write the text of the policy.")})
    policy = Policy.objects.select_for_update().get(pk=policy.pk)  # two publishers do not take the same number
    if not policy.is_active:
        raise ValidationError(_("This policy is no longer in force."))
    previous = policy.versions.aggregate(n=Max("number"))["n"] or 0
    if previous and not changes.strip():
        raise ValidationError({"changes": _("Say what changed since the previous version.")})
    version = PolicyVersion.objects.create(
        policy=policy,
        number=previous + 1,
        text=text.strip(),
        changes=changes.strip(),
        published_at=timezone.now(),
        published_by=by,
    )
    transaction.on_commit(lambda: remind_unsigned(today=timezone.localdate(), only=version))
    return version


def _fingerprint(version: PolicyVersion) -> str:
    return hashlib.sha256(version.text.encode("utf-8")).hexdigest()


@transaction.atomic
def sign_policy(
    *, by: User, version: PolicyVersion, typed_name: str, confirmed: bool, drawn: str = ""
) -> PolicySignature:
    """``by`` signs the version in force: their name typed and confirmed, with a drawing if they drew one.

    Only the version in force can be signed, once; the signature keeps the
    fingerprint of the text read, so a later change cannot pass for it.
    """
    if not selectors.current_versions().filter(pk=version.pk).exists():
        raise ValidationError(_("This version is no longer in force: read and sign the current one."), code="old")
    if not confirmed:
        raise ValidationError({"confirmed": _("Confirm that you have read the policy and abide by it.")})
    if normalize(typed_name) != normalize(by.full_name):
        raise ValidationError(
            {"typed_name": _("Type your name as it is on your account: %(name)s.") % {"name": by.full_name}}
        )
    signature = PolicySignature(
        version=version,
        user=by,
        method=PolicySignature.Method.DRAWN if drawn else PolicySignature.Method.TYPED,
        typed_name=typed_name.strip(),
        text_sha256=_fingerprint(version),
        signed_at=timezone.now(),
    )
    if drawn:
        signature.signature = signature_from_data_url(drawn)
    try:
        with transaction.atomic():
            signature.save()
    except IntegrityError as exc:  # a second tab, a double click: the first signature stands
        raise ValidationError(_("You have already signed this version."), code="signed") from exc
    return signature


def remind_unsigned(*, today: date, only: PolicyVersion | None = None) -> int:
    """Email each bound staff member a reminder of each version in force they have not signed (RS-2).

    Once a week per person and version (the dedupe key holds the ISO week),
    whatever the schedule's frequency; returns the reminders put in the outbox.
    """
    year, week, _day = today.isocalendar()
    versions = [only] if only is not None else list(selectors.current_versions())
    sent = 0
    for version in versions:
        staff = selectors.bound_staff(version.policy, None).exclude(policy_signatures__version=version)
        url = settings.MUSTAFID_SITE_URL.rstrip("/") + reverse("policies:read", args=[version.pk])
        for person in staff.only("pk", "full_name", "email").iterator():
            with override("ar"):
                subject = _("Please read and sign: %(policy)s") % {"policy": version.policy}
                body = _(
                    "Version %(number)s of «%(policy)s» is in force and awaits your signature. "
                    "Read it and sign it on the staff site: %(url)s"
                ) % {"number": version.number, "policy": version.policy, "url": url}
            notify(
                channel=Channel.EMAIL,
                recipient_name=person.full_name,
                address=person.email,
                subject=subject,
                body=body,
                dedupe_key=f"policy-sign:{version.pk}:{person.pk}:{year}-W{week:02d}",
                about=version,
            )
            sent += 1
    return sent
