"""Writes to beneficiary files. Each checks permission and scope, writes in one
transaction (auditlog records the change in it), and refuses bad input with
a translated ValidationError that changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.accounts.models import Branch, Category, Domain, User
from mustafid.core.crypto import blind_index
from mustafid.core.files import CONTENT_TYPES, check_upload, sha256_of
from mustafid.core.permissions import perm_name, require
from mustafid.core.references import next_reference

from . import selectors
from .models import (
    NATIONAL_ID_INDEX,
    Beneficiary,
    BeneficiaryDocument,
    Consent,
    CorrectionRequest,
    HouseholdMember,
    ItemUse,
    ProvidedItem,
)

FILE_PREFIX = "BEN"


class DuplicateBeneficiary(ValidationError):
    """A file with this national ID exists: the form links to it instead."""

    def __init__(self, existing: Beneficiary):
        self.existing = existing
        super().__init__(
            _("A beneficiary file with this ID number already exists: %(file)s.") % {"file": existing.file_number},
            code="duplicate_national_id",
        )


class PossibleDuplicates(ValidationError):
    """Files with the same phone and a similar name: shown before saving."""

    def __init__(self, candidates: list[Beneficiary]):
        self.candidates = candidates
        super().__init__(
            _("A file with the same phone number and a similar name exists. Check it before saving a new one."),
            code="possible_duplicate",
        )


def _require_model_perm(user: User, model, action: str) -> None:
    if not user.has_perm(perm_name(model, action)):
        raise PermissionDenied


def _check_scope_choice(user: User, *, branch: Branch, category: Category, domains: list[Domain]) -> None:
    """Staff file beneficiaries only into the branches, categories and domains they work in."""
    if user.has_global_scope:
        return
    if (
        not Branch.objects.visible_to(user).filter(pk=branch.pk).exists()
        or not Category.objects.visible_to(user).filter(pk=category.pk).exists()
        or Domain.objects.visible_to(user).filter(pk__in=[d.pk for d in domains]).count() != len(domains)
    ):
        raise ValidationError(_("You can only register beneficiaries within your own scope."), code="out_of_scope")


@transaction.atomic
def register_beneficiary(
    *, by: User, data: dict[str, Any], domains: list[Domain], confirm_possible_duplicate: bool = False
) -> Beneficiary:
    """Open a new beneficiary file (CH-1: usually at an interview at reception).

    ``data`` holds cleaned field values (national_id and phone normalised).
    Refuses a second file for the same national ID; stops at possible
    duplicates (same phone, similar name) unless the person confirmed.
    """
    _require_model_perm(by, Beneficiary, "add")
    if not domains:
        raise ValidationError(_("Choose at least one society domain."), code="no_domain")
    _check_scope_choice(by, branch=data["branch"], category=data["category"], domains=domains)
    existing = Beneficiary.objects.filter(national_id_hash=blind_index(data["national_id"], NATIONAL_ID_INDEX)).first()
    if existing:
        raise DuplicateBeneficiary(existing)
    if not confirm_possible_duplicate:
        candidates = selectors.possible_duplicates(full_name=data["full_name"], phone=data["phone"])
        if candidates:
            raise PossibleDuplicates(candidates)
    beneficiary = Beneficiary(**data, created_by=by, file_number=next_reference(FILE_PREFIX))
    try:
        with transaction.atomic():
            beneficiary.save()
    except IntegrityError as exc:  # the same ID registered a moment ago at another desk
        existing = Beneficiary.objects.filter(national_id_hash=beneficiary.national_id_hash).first()
        if existing:
            raise DuplicateBeneficiary(existing) from exc
        raise
    beneficiary.domains.set(domains)
    return beneficiary


@transaction.atomic
def update_beneficiary(
    *, by: User, beneficiary: Beneficiary, data: dict[str, Any], domains: list[Domain]
) -> Beneficiary:
    require(by, "change", beneficiary)
    if not domains:
        raise ValidationError(_("Choose at least one society domain."), code="no_domain")
    _check_scope_choice(by, branch=data["branch"], category=data["category"], domains=domains)
    if "national_id" in data:
        clash = (
            Beneficiary.objects.filter(national_id_hash=blind_index(data["national_id"], NATIONAL_ID_INDEX))
            .exclude(pk=beneficiary.pk)
            .first()
        )
        if clash:
            raise DuplicateBeneficiary(clash)
    for field, value in data.items():
        setattr(beneficiary, field, value)
    beneficiary.save()
    beneficiary.domains.set(domains)
    return beneficiary


@transaction.atomic
def add_household_member(*, by: User, beneficiary: Beneficiary, data: dict[str, Any]) -> HouseholdMember:
    require(by, "view", beneficiary)
    _require_model_perm(by, HouseholdMember, "add")
    return HouseholdMember.objects.create(beneficiary=beneficiary, **data)


@transaction.atomic
def attach_document(*, by: User, beneficiary: Beneficiary, kind: str, title: str, upload) -> BeneficiaryDocument:
    """Keep a document a beneficiary gave; its type is checked by its content."""
    require(by, "view", beneficiary)
    _require_model_perm(by, BeneficiaryDocument, "add")
    detected = check_upload(upload)
    return BeneficiaryDocument.objects.create(
        beneficiary=beneficiary,
        kind=kind,
        title=title,
        file=upload,
        content_type=CONTENT_TYPES[detected],
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_by=by,
    )


@transaction.atomic
def assign_volunteers(*, by: User, beneficiary: Beneficiary, volunteers: list[User]) -> None:
    require(by, "change", beneficiary)
    beneficiary.assigned_volunteers.set(volunteers)


# --- Intellectual property and consent (RL-1) ------------------------------


@transaction.atomic
def record_provided_item(*, by: User, beneficiary: Beneficiary, data: dict[str, Any], upload=None) -> ProvidedItem:
    require(by, "view", beneficiary)
    _require_model_perm(by, ProvidedItem, "add")
    if upload:
        check_upload(upload)
    return ProvidedItem.objects.create(beneficiary=beneficiary, recorded_by=by, file=upload or "", **data)


@transaction.atomic
def record_consent(*, by: User, item: ProvidedItem, data: dict[str, Any], evidence_file=None) -> Consent:
    """Record the beneficiary's consent to one purpose, with its evidence."""
    require(by, "view", item.beneficiary)
    _require_model_perm(by, Consent, "add")
    if evidence_file:
        check_upload(evidence_file)
    if item.consents.filter(purpose=data["purpose"], withdrawn_on__isnull=True).exists():
        raise ValidationError(_("An active consent for this purpose is already recorded."), code="consent_exists")
    return Consent.objects.create(item=item, recorded_by=by, evidence_file=evidence_file or "", **data)


@transaction.atomic
def withdraw_consent(*, by: User, consent: Consent, note: str = "") -> Consent:
    """The beneficiary withdraws consent: every use under it stops."""
    require(by, "view", consent.item.beneficiary)
    _require_model_perm(by, Consent, "change")
    if not consent.is_active:
        raise ValidationError(_("This consent was already withdrawn."), code="already_withdrawn")
    consent.withdrawn_on = timezone.localdate()
    consent.withdrawal_note = note
    consent.save()
    for use in consent.uses.filter(is_stopped=False):
        use.is_stopped = True
        use.save()
    return consent


@transaction.atomic
def mark_item_for_use(*, by: User, item: ProvidedItem, purpose: str, note: str = "") -> ItemUse:
    """Mark an item for a use; refused unless an active consent covers that purpose."""
    require(by, "view", item.beneficiary)
    _require_model_perm(by, ItemUse, "add")
    consent = item.consents.select_for_update().filter(purpose=purpose, withdrawn_on__isnull=True).first()
    if consent is None:
        raise ValidationError(
            _("The beneficiary has not consented to this use. Record their consent first."),
            code="no_consent",
        )
    return ItemUse.objects.create(item=item, purpose=purpose, consent=consent, note=note, marked_by=by)


# --- Data-subject requests (RL-2) -------------------------------------------


@transaction.atomic
def record_correction_request(*, by: User, beneficiary: Beneficiary, data: dict[str, Any]) -> CorrectionRequest:
    require(by, "view", beneficiary)
    _require_model_perm(by, CorrectionRequest, "add")
    return CorrectionRequest.objects.create(beneficiary=beneficiary, recorded_by=by, **data)


@transaction.atomic
def resolve_correction_request(
    *, by: User, correction: CorrectionRequest, status: str, resolution: str
) -> CorrectionRequest:
    require(by, "view", correction.beneficiary)
    _require_model_perm(by, CorrectionRequest, "change")
    if correction.status != CorrectionRequest.Status.OPEN:
        raise ValidationError(_("This correction request was already handled."), code="already_resolved")
    if status not in (CorrectionRequest.Status.DONE, CorrectionRequest.Status.REJECTED):
        raise ValidationError(_("Choose how the request was handled."), code="bad_status")
    if not resolution.strip():
        raise ValidationError(_("Explain how the request was handled."), code="no_resolution")
    correction.status = status
    correction.resolution = resolution
    correction.resolved_by = by
    correction.resolved_at = timezone.now()
    correction.save()
    return correction
