"""The society's published documents and their versions (TL-1..TL-4, IN-3).

The bylaws, the policy for implementing partners and parties, the volunteer
management policy and the aid disbursement policy are shown on the portal. A
document has versions; the latest published version is the one in force. A
published version is never rewritten: beneficiaries may have read it, and the
portal shows what changed from one version to the next.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Category
from mustafid.core.files import PrivateFileField


class Document(models.Model):
    class Kind(models.TextChoices):
        BYLAWS = "bylaws", _("Bylaws")
        PARTNERS = "partners", _("Policy for implementing partners and parties")
        VOLUNTEERS = "volunteers", _("Volunteer management policy")
        AID = "aid", _("Aid disbursement policy")
        OTHER = "other", _("Other document")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200, unique=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    #: the portal's address of the document: Latin letters, so links survive any SMS or mail client.
    slug = models.SlugField(_("address on the portal"), max_length=60, unique=True)
    is_public = models.BooleanField(_("shown on the portal"), default=True)
    #: IN-3: whom a new version concerns. None chosen: every active beneficiary.
    categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="+",
        verbose_name=_("beneficiary categories concerned"),
        help_text=_("Told of each new version. None chosen: every active beneficiary."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("published document")
        verbose_name_plural = _("published documents")
        permissions = [("publish_document", _("Can publish the society's documents and their versions"))]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text of the document"))
    pdf = PrivateFileField(_("PDF copy"), upload_to="documents/%Y/", blank=True, original_name_field="pdf_name")
    pdf_name = models.CharField(_("file name"), max_length=200, blank=True)
    changes = models.TextField(_("summary of changes"), blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self) -> str:
        return f"{self.document} ({self.number})"

    def save(self, *args, **kwargs):
        # Beneficiaries read and were told of this very text: it is never rewritten, a new version is published.
        if self.pk is not None:
            raise ValidationError(_("A published version cannot be changed: publish a new version."))
        super().save(*args, **kwargs)

    def paragraphs(self) -> list[str]:
        """The text as the portal shows and compares it: one paragraph a line, blank lines dropped."""
        return [line.strip() for line in self.body.splitlines() if line.strip()]
