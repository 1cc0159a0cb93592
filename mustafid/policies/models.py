"""The policies staff must read and sign (RS-1, RS-2, RL-4).

A policy (this beneficiary relations policy, the code of ethics, ...) has
versions; the latest published version is the one in force. A staff member
signs a version, not a policy: a new version needs a new signature, and the
signature keeps the fingerprint of the text that was signed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from mustafid.core.files import PrivateFileField


class Policy(models.Model):
    class Kind(models.TextChoices):
        RELATIONS = "relations", _("Beneficiary relations policy")
        ETHICS = "ethics", _("Code of ethics")
        OTHER = "other", _("Other policy")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=200, unique=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    #: RS-1: the beneficiary relations policy and the code of ethics bind everyone.
    required_of_all = models.BooleanField(_("every staff member signs it"), default=True)
    required_roles = models.ManyToManyField(
        Group,
        blank=True,
        related_name="+",
        verbose_name=_("roles that sign it"),
        help_text=_("Used when not every staff member signs it."),
    )
    is_active = models.BooleanField(_("in force"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("staff policy")
        verbose_name_plural = _("staff policies")
        permissions = [("manage_policy", _("Can publish staff policies and follow their sign-off"))]

    def __str__(self) -> str:
        return self.title


class PolicyVersion(models.Model):
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text of the policy"))
    changes = models.TextField(_("what changed"), blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="policy_version_unique")]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")

    def __str__(self) -> str:
        return f"{self.policy} ({self.number})"

    def save(self, *args, **kwargs):
        # Staff signed this very text: a published version is never rewritten, a new one is published.
        if self.pk is not None:
            raise ValidationError(_("A published version cannot be changed: publish a new version."))
        super().save(*args, **kwargs)


class PolicySignature(models.Model):
    """A staff member's signature of one version (RS-1). Evidence: never changed."""

    class Method(models.TextChoices):
        TYPED = "typed", _("Name typed and confirmed")
        DRAWN = "drawn", _("Signature drawn on screen")

    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="policy_signatures",
        verbose_name=_("signed by"),
    )
    method = models.CharField(_("method"), max_length=10, choices=Method)
    typed_name = models.CharField(_("name typed"), max_length=150)
    signature = PrivateFileField(_("signature"), upload_to="policy-signatures/%Y/", blank=True)
    #: the SHA-256 of the version's text as signed: proves what the person read.
    text_sha256 = models.CharField(_("fingerprint of the text"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        ordering = ["-signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="policy_signature_unique")]
        verbose_name = _("policy signature")
        verbose_name_plural = _("policy signatures")

    def __str__(self) -> str:
        return f"{self.version}: {self.typed_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A signature cannot be changed."))
        super().save(*args, **kwargs)
