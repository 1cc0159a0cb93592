"""The beneficiary file: person, household, documents, consent (RL-1), privacy (RL-2)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from functools import reduce
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Branch, Category, Domain
from mustafid.accounts.roles import Role
from mustafid.core.arabic import normalize
from mustafid.core.crypto import EncryptedDecimalField, EncryptedTextField, blind_index
from mustafid.core.files import PrivateFileField
from mustafid.core.models import TimeStampedModel
from mustafid.core.permissions import ScopedQuerySet

NATIONAL_ID_INDEX = "national_id"
PHONE_INDEX = "phone"


class PreferredChannel(models.TextChoices):
    """The agreed channel for replies (HD-5)."""

    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "f", _("Female")


#: A condition on ``Beneficiary`` per case app, true for the files with a case
#: before one of ``user``'s committees (None: the user has no seat).
CommitteeCases = Callable[[Any], "models.Q | models.Exists | None"]
_COMMITTEE_CASES: list[CommitteeCases] = []


def register_committee_cases(condition: CommitteeCases) -> None:
    """Called by each case app in its ``AppConfig.ready()`` (the requests app for service requests).

    A committee member reads a file because one of its cases is before their
    committee, but the cases live in apps that import this one: a registry
    keeps ``beneficiaries`` free of them (import-linter forbids the cycle), as
    the timeline does.
    """
    if condition not in _COMMITTEE_CASES:
        _COMMITTEE_CASES.append(condition)


class BeneficiaryQuerySet(ScopedQuerySet):
    scope_lookups = {"branch": "branch", "category": "category", "domain": "domains"}
    scope_many = frozenset({"domain"})

    def in_scope_of(self, user: Any) -> BeneficiaryQuerySet:
        """The files of the user's branches, categories and domains, before any role narrows them."""
        return ScopedQuerySet.visible_to(self, user)

    def visible_to(self, user: Any) -> BeneficiaryQuerySet:
        qs = self.in_scope_of(user)
        if user is None or not user.is_authenticated:
            return qs
        narrow = user.narrow_reading_roles("beneficiaries.view_beneficiary")
        if not narrow:
            return qs
        # Within the scope, only the files the narrow roles reach; a user with
        # several of them reaches the union (EXISTS each: no duplicate rows, no DISTINCT).
        reach: list[models.Q | models.Exists] = []
        if Role.VOLUNTEER in narrow:  # the beneficiaries assigned to them (CH-6)
            links = Beneficiary.assigned_volunteers.through.objects
            reach.append(models.Exists(links.filter(beneficiary_id=models.OuterRef("pk"), user_id=user.pk)))
        if Role.COMMITTEE_MEMBER in narrow:  # a case before one of their committees (issue 9.2)
            reach.extend(c for c in (condition(user) for condition in _COMMITTEE_CASES) if c is not None)
        if not reach:
            return qs.none()
        return qs.filter(reduce(operator.or_, reach))

    def by_national_id(self, national_id: str) -> BeneficiaryQuerySet:
        return self.filter(national_id_hash=blind_index(national_id, NATIONAL_ID_INDEX))

    def by_phone(self, phone_e164: str) -> BeneficiaryQuerySet:
        return self.filter(phone_hash=blind_index(phone_e164, PHONE_INDEX))


class Beneficiary(TimeStampedModel):
    """A person the society serves; the head of a household file."""

    # Values that are encrypted at rest and masked for roles without view_sensitive.
    SENSITIVE_FIELDS = ("national_id", "phone", "monthly_income", "health_notes")

    file_number = models.CharField(_("file number"), max_length=20, unique=True, editable=False)
    full_name = models.CharField(_("full name"), max_length=200)
    name_search = models.CharField(max_length=200, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    national_id = EncryptedTextField(_("national ID or Iqama number"))
    # Unique and indexed through Meta, not unique=True / db_index=True: on PostgreSQL those add a
    # second "_like" index (varchar_pattern_ops) for LIKE 'x%', which a keyed hash never meets;
    # at a million files the two cost some 345 MB for nothing (issue 13).
    national_id_hash = models.CharField(max_length=64, editable=False)
    phone = EncryptedTextField(_("mobile number"))
    phone_hash = models.CharField(max_length=64, editable=False)
    email = models.EmailField(_("email"), blank=True)
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, verbose_name=_("branch"), related_name="beneficiaries")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, verbose_name=_("beneficiary category"), related_name="beneficiaries"
    )
    domains = models.ManyToManyField(Domain, verbose_name=_("society domains"), related_name="beneficiaries")
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    address = models.TextField(_("postal address"), blank=True, help_text=_("For replies by letter."))
    monthly_income = EncryptedDecimalField(_("monthly income (SAR)"), null=True, blank=True)
    health_notes = EncryptedTextField(_("health notes"), blank=True, default="")
    preferred_channel = models.CharField(
        _("agreed channel for replies"), max_length=10, choices=PreferredChannel, default=PreferredChannel.SMS
    )
    assigned_volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_beneficiaries",
        verbose_name=_("assigned volunteers"),
        limit_choices_to={"groups__name": Role.VOLUNTEER},
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("registered by")
    )

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        permissions = [
            ("view_sensitive", _("Can see national ID, phone, income and health notes")),
            ("export_beneficiary", _("Can export beneficiary data")),
            ("import_beneficiary", _("Can import beneficiaries")),
        ]
        indexes = [
            models.Index(fields=["branch", "category", "-id"], name="benef_scope_idx"),
            models.Index(fields=["phone_hash"], name="benef_phone_hash_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["national_id_hash"], name="benef_national_id_hash_unique")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.file_number})"

    def prepare(self) -> None:
        """Derived columns: search form of the name and the blind indexes.

        Called by ``save()`` and by the bulk paths (import, generator) that
        bypass it.
        """
        self.name_search = normalize(self.full_name)
        self.national_id_hash = blind_index(self.national_id, NATIONAL_ID_INDEX)
        self.phone_hash = blind_index(self.phone, PHONE_INDEX)

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    @property
    def id_kind(self) -> str:
        return str(_("Iqama")) if (self.national_id or "").startswith("2") else str(_("National ID"))


class HouseholdMember(TimeStampedModel):
    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse")
        SON = "son", _("Son")
        DAUGHTER = "daughter", _("Daughter")
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        BROTHER = "brother", _("Brother")
        SISTER = "sister", _("Sister")
        OTHER = "other", _("Other relative")

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="household")
    full_name = models.CharField(_("full name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    national_id = EncryptedTextField(_("national ID or Iqama number"), blank=True, default="")
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"


class BeneficiaryDocument(models.Model):
    """A document a beneficiary gave: kept privately, served only through a logged view."""

    class Kind(models.TextChoices):
        IDENTITY = "identity", _("Copy of ID")
        INCOME = "income", _("Proof of income")
        MEDICAL = "medical", _("Medical report")
        HOUSING = "housing", _("Housing document")
        OTHER = "other", _("Other")

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("document type"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    file = PrivateFileField(_("file"), upload_to="beneficiaries/%Y/%m/", original_name_field="original_name")
    original_name = models.CharField(_("file name"), max_length=255, blank=True, default="", editable=False)
    content_type = models.CharField(max_length=50, editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("beneficiary document")
        verbose_name_plural = _("beneficiary documents")

    def __str__(self) -> str:
        return self.title


class ProvidedItem(TimeStampedModel):
    """Something a beneficiary provided (photo, story, work): their intellectual property (RL-1)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        STORY = "story", _("Story")
        WORK = "work", _("Work (craft, art, writing)")
        VIDEO = "video", _("Video or recording")

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="provided_items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    file = PrivateFileField(_("file"), upload_to="provided/%Y/", blank=True, original_name_field="original_name")
    original_name = models.CharField(_("file name"), max_length=255, blank=True, default="", editable=False)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-id"]
        verbose_name = _("provided item")
        verbose_name_plural = _("provided items")

    def __str__(self) -> str:
        return self.title


class ConsentPurpose(models.TextChoices):
    INTERNAL_REPORT = "internal_report", _("Internal reports")
    ANNUAL_REPORT = "annual_report", _("The society's annual report")
    WEBSITE = "website", _("The society's website")
    SOCIAL_MEDIA = "social_media", _("Social media")
    PRINT_MEDIA = "print_media", _("Newspapers and print")
    FUNDRAISING = "fundraising", _("Fundraising and donors")
    EXHIBITION = "exhibition", _("Exhibitions and events")


class Consent(models.Model):
    """A beneficiary's consent to one use of a provided item; withdrawable."""

    class Evidence(models.TextChoices):
        SIGNED_FORM = "signed_form", _("Signed consent form")
        RECORDED_CALL = "recorded_call", _("Recorded phone call")
        EMAIL = "email", _("Email from the beneficiary")
        IN_PERSON = "in_person", _("Stated in person before a witness")

    item = models.ForeignKey(ProvidedItem, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose)
    granted_on = models.DateField(_("granted on"))
    evidence_kind = models.CharField(_("evidence"), max_length=20, choices=Evidence)
    evidence_note = models.CharField(_("evidence details"), max_length=300, blank=True)
    evidence_file = PrivateFileField(
        _("evidence file"), upload_to="consents/%Y/", blank=True, original_name_field="evidence_original_name"
    )
    evidence_original_name = models.CharField(_("file name"), max_length=255, blank=True, default="", editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_note = models.CharField(_("withdrawal note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.item} — {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class ItemUse(models.Model):
    """An item marked for use for one purpose; allowed only under an active consent."""

    item = models.ForeignKey(ProvidedItem, on_delete=models.PROTECT, related_name="uses")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="uses")
    note = models.CharField(_("where and how"), max_length=300, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)
    is_stopped = models.BooleanField(_("use stopped"), default=False)

    class Meta:
        ordering = ["-marked_at"]
        verbose_name = _("use of a provided item")
        verbose_name_plural = _("uses of provided items")

    def __str__(self) -> str:
        return f"{self.item} — {self.get_purpose_display()}"


class CorrectionRequest(models.Model):
    """A beneficiary asks that their data be corrected (RL-2)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Corrected")
        REJECTED = "rejected", _("Rejected with reasons")

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="correction_requests")
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    field_label = models.CharField(_("data to correct"), max_length=100)
    # What the beneficiary says is wrong, and how it was put right, restate their data (issue 9.5).
    requested_change = EncryptedTextField(_("requested correction"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    resolution = EncryptedTextField(_("how it was handled"), blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self) -> str:
        return f"{self.beneficiary.full_name}: {self.field_label}"
