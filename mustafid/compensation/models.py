"""Compensation claims from the alleged harm to the payment (CP-1..CP-4), and amicable settlements (CM-3).

A claim reaches negotiation only once the society's fault is established
(CP-1), by an approved minute of the investigation and follow-up committee
(CP-2) or by a ruling of the competent dispute authority (CP-3); the
services enforce it (``services.establish_fault_*``). What may follow what
is declared once, in ``workflow.CLAIM_FLOW``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.models import Beneficiary
from mustafid.committees.models import AgendaItem, Committee, CommitteeMember, Meeting
from mustafid.core.files import PrivateFileField
from mustafid.core.models import TimeStampedModel
from mustafid.core.permissions import ScopedQuerySet


class Status(models.TextChoices):
    OPENED = "opened", _("Opened: the fault is being examined")
    FAULT_ESTABLISHED = "fault", _("Fault established")
    NEGOTIATING = "negotiating", _("In negotiation")
    SETTLED = "settled", _("Settlement agreed")
    PAID = "paid", _("Paid")
    CLOSED = "closed", pgettext_lazy("claim status", "Closed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FaultBasis(models.TextChoices):
    MINUTE = "minute", _("Approved minute of the investigation and follow-up committee")
    RULING = "ruling", _("Judicial ruling or final decision of the competent dispute authority")


class Finding(models.TextChoices):
    """The investigation and follow-up committee's decision on a claim (CP-2)."""

    ESTABLISHED = "established", _("Fault of the society established")
    NOT_ESTABLISHED = "not_established", _("Fault not established")


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    CHEQUE = "cheque", _("Cheque")
    CASH = "cash", _("Cash")


def before_committees_of(user: Any) -> models.Q | None:
    """Claims before one of the user's investigation committees: waiting for one, or on one of its agendas.

    None when the user sits on no committee.
    """
    seats = CommitteeMember.objects.filter(user=user)
    if not seats.exists():
        return None
    on_agenda = AgendaItem.objects.filter(
        case_type=ContentType.objects.get_for_model(Claim),
        case_id=models.OuterRef("pk"),
        meeting__committee_id__in=seats.values("committee_id"),
    )
    investigation = Committee.objects.filter(
        pk__in=seats.values("committee_id"), kind=Committee.Kind.INVESTIGATION, is_active=True
    )
    # A committee of a branch examines that branch's claims; one without a branch, every branch's.
    serves = models.Exists(investigation.filter(branch__isnull=True)) | models.Q(
        beneficiary__branch__in=investigation.filter(branch__isnull=False).values("branch")
    )
    waiting = models.Q(status=Status.OPENED, finding="") & serves
    return waiting | models.Q(models.Exists(on_agenda))


def files_before_committees_of(user: Any) -> models.Exists | None:
    """For ``beneficiaries.register_committee_cases``: the files with a claim before the user's committees."""
    condition = before_committees_of(user)
    if condition is None:
        return None
    return models.Exists(Claim.objects.filter(condition, beneficiary_id=models.OuterRef("pk")))


class ClaimQuerySet(ScopedQuerySet):
    """A claim is visible where its beneficiary's file is; for a committee member, when it is before their committee."""

    def visible_to(self, user: Any) -> ClaimQuerySet:
        narrow = (
            user.narrow_reading_roles("compensation.view_claim")
            if user is not None and user.is_authenticated
            else frozenset()
        )
        if not narrow:
            return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user).values("pk"))
        condition = before_committees_of(user) if Role.COMMITTEE_MEMBER in narrow else None
        if condition is None:
            return self.none()
        return self.filter(condition, beneficiary__in=Beneficiary.objects.in_scope_of(user).values("pk"))


class Claim(TimeStampedModel):
    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="compensation_claims", verbose_name=_("beneficiary")
    )
    status = models.CharField(_("status"), max_length=15, choices=Status, default=Status.OPENED, db_index=True)
    alleged_harm = models.TextField(_("alleged harm"))
    claimed_amount = models.DecimalField(
        _("amount claimed (SAR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Where the claim came from, when it came from another case (a complaint that revealed
    # the harm, CM-3). Generic, so that this app imports no complaints app; the complaint's
    # page finds its claim with ``origin_type`` = the complaint's content type and ``origin_id``.
    origin_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who follows the claim ("mine" on the worklist): the one who opened it, until someone else is named.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible staff member"),
    )
    # When the current stage should be done (DESIGN rule 6): set by the services when the claim
    # enters a stage, in working days (settings.MUSTAFID_CLAIM_STAGE_WORKING_DAYS); none once final.
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)

    # CP-2: the committee's finding, written by its decision (``committee.ClaimCase.decide``).
    finding = models.CharField(_("committee's finding"), max_length=20, choices=Finding, blank=True)
    finding_meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("meeting")
    )
    finding_on = models.DateField(_("date of the minute"), null=True, blank=True)
    harm_found = models.TextField(_("the harm and its causes, as the minute states them"), blank=True)
    harm_size = models.DecimalField(_("size of the harm (SAR)"), max_digits=12, decimal_places=2, null=True, blank=True)

    # CP-1: how the fault was established, once it is.
    fault_basis = models.CharField(_("fault established by"), max_length=10, choices=FaultBasis, blank=True)
    fault_established_on = models.DateField(_("fault established on"), null=True, blank=True)
    # CP-3: the ruling or final decision.
    ruling_authority = models.CharField(_("authority"), max_length=200, blank=True)
    ruling_number = models.CharField(_("ruling number"), max_length=60, blank=True)
    ruling_date = models.DateField(_("ruling date"), null=True, blank=True)
    ruling_document = PrivateFileField(
        _("ruling document"), upload_to="rulings/%Y/", blank=True, original_name_field="ruling_document_name"
    )
    ruling_document_name = models.CharField(max_length=255, blank=True, default="", editable=False)

    settlement = models.OneToOneField(
        "Settlement", on_delete=models.PROTECT, null=True, blank=True, related_name="claim"
    )
    # The payment (CP-4), only once the settlement is signed.
    paid_amount = models.DecimalField(_("amount paid (SAR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField(_("payment date"), null=True, blank=True)
    payment_method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.TextField(_("reason"), blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        permissions = [
            ("establish_fault_claim", _("Can record how a claim's fault is established")),
            ("negotiate_claim", _("Can negotiate and settle compensation claims")),
            ("pay_claim", _("Can record compensation payments")),
            ("decide_claim", _("Can record a committee's finding on claims")),
        ]
        indexes = [models.Index(fields=["origin_type", "origin_id"], name="claim_origin_idx")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_overdue(self) -> bool:
        """Its stage's deadline has passed (a final claim has no deadline)."""
        return self.due_on is not None and self.due_on < timezone.localdate()


class Offer(models.Model):
    """One offer in the negotiation and its answer (CP-4): nothing is overwritten."""

    class Party(models.TextChoices):
        SOCIETY = "society", _("The society")
        CLAIMANT = "claimant", _("The beneficiary")

    class Answer(models.TextChoices):
        PENDING = "", _("Awaiting the answer")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="offers")
    party = models.CharField(_("offer made by"), max_length=10, choices=Party)
    amount = models.DecimalField(_("amount (SAR)"), max_digits=12, decimal_places=2)
    terms = models.TextField(_("terms of the offer"), blank=True)
    made_on = models.DateField(_("offer date"))
    answer = models.CharField(_("answer"), max_length=10, choices=Answer, blank=True, default="")
    answer_note = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answer date"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["made_on", "id"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.claim}: {self.amount}"


class Settlement(models.Model):
    """A settlement's terms and the parties' signatures, with its Arabic PDF (CP-4, CM-3).

    It names no case: a claim points to its settlement (``Claim.settlement``),
    and a complaint ending amicably can point to one the same way.
    """

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    # The beneficiary it concerns (for scope); a complainant without a file has none.
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("beneficiary")
    )
    party_name = models.CharField(_("the other party"), max_length=200)
    terms = models.TextField(_("terms of the settlement"))
    amount = models.DecimalField(_("amount (SAR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    agreed_on = models.DateField(_("date of the settlement"))
    pdf = PrivateFileField(_("settlement document"), upload_to="settlements/%Y/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")

    def __str__(self) -> str:
        return self.reference

    @property
    def signed_by_party(self) -> bool:
        return any(s.party == SettlementSignature.Party.OTHER for s in self.signatures.all())


class SettlementSignature(models.Model):
    """A party's signature on a settlement, drawn on screen or a scanned signed paper. Evidence: never changed."""

    class Party(models.TextChoices):
        OTHER = "other", _("The beneficiary or complainant")
        SOCIETY = "society", _("The society's representative")

    class Method(models.TextChoices):
        SCREEN = "screen", _("Signed on screen")
        SCAN = "scan", _("Signed paper, scanned")

    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="signatures")
    party = models.CharField(_("party"), max_length=10, choices=Party)
    signer_name = models.CharField(_("signed by"), max_length=200)
    method = models.CharField(_("method"), max_length=10, choices=Method)
    signature = PrivateFileField(_("signature"), upload_to="signatures/%Y/")
    sha256 = models.CharField(_("fingerprint"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["settlement", "party"], name="settlement_signature_unique")]
        verbose_name = _("settlement signature")
        verbose_name_plural = _("settlement signatures")

    def __str__(self) -> str:
        return f"{self.settlement}: {self.signer_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a signature is evidence: it cannot be changed")
        super().save(*args, **kwargs)

    @property
    def is_scan(self) -> bool:
        return self.method == self.Method.SCAN
