"""The service catalogue (TL-5): each service, its versions, form fields, criteria, documents.

A published version never changes: editing a service makes a new version,
and a request keeps the version it was filed under (HD-2). The services
(``services.py``) and the admin refuse such edits; the model layer refuses
them too (``save``, ``delete``, queryset ``update``/``bulk_create`` and the
many-to-many relations), so no other code path can rewrite what a
beneficiary applied under.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from mustafid.accounts.models import Category, Domain


class PublishedVersionError(ValidationError):
    """Raised on any attempt to change a published version or anything in it."""

    def __init__(self, version: ServiceVersion | None = None):
        if version is not None:
            super().__init__(
                _(
                    "Version %(number)s of the service “%(service)s” is published and can no longer change. "
                    "Start a new version to change it."
                ),
                code="published_version",
                params={"number": version.number, "service": version.service},
            )
        else:
            super().__init__(
                _("A published service version can no longer change. Start a new version to change it."),
                code="published_version",
            )


def _published_versions(version_ids: Iterable[int | None]) -> models.QuerySet:
    ids = {pk for pk in version_ids if pk is not None}
    return ServiceVersion._base_manager.filter(pk__in=ids, published_at__isnull=False).select_related("service")


def _refuse_if_published(version_ids: Iterable[int | None]) -> None:
    published = _published_versions(version_ids).first()
    if published is not None:
        raise PublishedVersionError(published)


class Service(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self) -> ServiceVersion | None:
        return self.versions.filter(published_at__isnull=False).order_by("-number").first()


class ServiceVersionQuerySet(models.QuerySet):
    def drafts(self) -> ServiceVersionQuerySet:
        return self.filter(published_at__isnull=True)

    def published(self) -> ServiceVersionQuerySet:
        return self.filter(published_at__isnull=False)

    def update(self, **kwargs):
        # save() goes through _update(), not here: this catches bulk rewrites only.
        _refuse_if_published(self.values_list("pk", flat=True))
        return super().update(**kwargs)

    def delete(self):
        # Checked before Django's deletion transaction starts, so the caller's stays usable.
        _refuse_if_published(self.values_list("pk", flat=True))
        return super().delete()


class ServiceVersion(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="versions", verbose_name=_("service"))
    number = models.PositiveIntegerField(_("version"))
    description = models.TextField(_("description"))
    categories = models.ManyToManyField(Category, verbose_name=_("beneficiary categories served"), blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("society domains"), blank=True)
    # Empty only while a draft: a version is published with its committee (HD-5).
    committee = models.ForeignKey(
        "committees.Committee",
        on_delete=models.PROTECT,
        verbose_name=_("competent committee"),
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ServiceVersionQuerySet.as_manager()

    class Meta:
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="service_version_unique"),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(committee__isnull=False),
                name="service_version_published_has_committee",
            ),
        ]
        permissions = [("publish_serviceversion", _("Can publish a service version"))]
        verbose_name = _("service version")
        verbose_name_plural = _("service versions")

    def __str__(self) -> str:
        return f"{self.service} — {self.number}"

    def save(self, *args, **kwargs) -> None:
        # Publishing is the last save a version gets: the stored row is still a draft then.
        if self.stored_as_published:
            raise PublishedVersionError(self)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_as_published:
            raise PublishedVersionError(self)
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def stored_as_published(self) -> bool:
        """Whether the database holds this version as published (what the guards trust)."""
        return self.pk is not None and type(self)._base_manager.filter(pk=self.pk, published_at__isnull=False).exists()

    def clean(self) -> None:
        super().clean()
        if self.stored_as_published:
            raise PublishedVersionError(self)


class VersionPartQuerySet(models.QuerySet):
    def update(self, **kwargs):
        _refuse_if_published(self.values_list("version_id", flat=True).distinct())
        if "version" in kwargs or "version_id" in kwargs:
            target = kwargs.get("version_id", getattr(kwargs.get("version"), "pk", kwargs.get("version")))
            _refuse_if_published([target])
        return super().update(**kwargs)

    def delete(self):
        _refuse_if_published(self.values_list("version_id", flat=True).distinct())
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        _refuse_if_published(obj.version_id for obj in objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        stored = self.model._base_manager.filter(pk__in=[o.pk for o in objs]).values_list("version_id", flat=True)
        _refuse_if_published([*stored, *(obj.version_id for obj in objs)])
        return super().bulk_update(objs, fields, *args, **kwargs)


class VersionPart(models.Model):
    """A field, criterion or document of a version: frozen once the version is published."""

    objects = VersionPartQuerySet.as_manager()
    # Each part declares its own ``version`` foreign key (their related names differ).
    version_id: int | None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        _refuse_if_published(self._version_ids())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(self._version_ids())
        return super().delete(*args, **kwargs)

    def _version_ids(self) -> set[int | None]:
        ids = {self.version_id}
        if self.pk is not None:  # moving a part out of a published version changes that version too
            stored = type(self)._base_manager.filter(pk=self.pk)
            # django-stubs checks the lookup against this abstract class, which has no
            # fields; every concrete part has ``version``.
            ids |= set(stored.values_list("version_id", flat=True))  # type: ignore[misc]
        return ids

    def clean(self) -> None:
        super().clean()
        _refuse_if_published(self._version_ids())


class FormField(VersionPart):
    """One field of the service's request form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        FILE = "file", _("File")

    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(_("key"), max_length=50)
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line, for a choice field."))
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Income, health, ID copies: the answer is masked and its documents guarded like the file's own (issue 9.2).
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Masked like the beneficiary's sensitive data.")
    )

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="form_field_key_unique")]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.CHOICE and not self.choice_list:
            raise ValidationError({"choices": _("A choice field needs at least one choice.")}, code="no_choices")


class Criterion(VersionPart):
    """An eligibility criterion: the applicant answers each before the request is complete."""

    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="criteria")
    text = models.CharField(_("criterion"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("eligibility criterion")
        verbose_name_plural = _("eligibility criteria")

    def __str__(self) -> str:
        return self.text


class RequiredDocument(VersionPart):
    version = models.ForeignKey(ServiceVersion, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField(_("document"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name


# --- guards that no save() or delete() sees ----------------------------------
# These run inside Django's own transaction (a cascade, a related manager), so
# the refusal also spoils the caller's transaction: they are a last line only.


@receiver(pre_delete, sender=ServiceVersion, dispatch_uid="services-published-version-delete")
def _refuse_deleting_published_version(sender, instance: ServiceVersion, **kwargs) -> None:
    if instance.stored_as_published:
        raise PublishedVersionError(instance)


def _refuse_deleting_published_part(sender, instance: VersionPart, **kwargs) -> None:
    # Also reached by cascades and queryset deletes: Django sends the signal per row.
    _refuse_if_published(instance._version_ids())


for _part in (FormField, Criterion, RequiredDocument):
    pre_delete.connect(_refuse_deleting_published_part, sender=_part, dispatch_uid=f"services-{_part.__name__}-delete")


def _refuse_changing_published_relations(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """The categories and domains a published version serves are part of it."""
    if not action.startswith("pre_"):
        return
    if not reverse:
        if instance.stored_as_published:
            raise PublishedVersionError(instance)
        return
    # From the category's (or domain's) side: the versions named, or all of its versions on clear.
    if pk_set is None:
        relation = sender._meta.get_field(type(instance)._meta.model_name)
        pk_set = sender.objects.filter(**{relation.name: instance}).values_list("serviceversion_id", flat=True)
    _refuse_if_published(pk_set)


for _through in (ServiceVersion.categories.through, ServiceVersion.domains.through):
    m2m_changed.connect(
        _refuse_changing_published_relations, sender=_through, dispatch_uid=f"services-{_through.__name__}-m2m"
    )
