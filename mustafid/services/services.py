"""Writes to the service catalogue (TL-5).

A service is defined in versions. A draft version is edited freely; publishing
freezes it, and a change is a new draft copied from the current version. Each
write checks the administrator's permission, runs in one transaction (the
change history is written by auditlog in it) and refuses bad input with a
translated ValidationError that changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mustafid.accounts.models import Category, Domain, User
from mustafid.committees.models import Committee

from .models import Criterion, FormField, PublishedVersionError, RequiredDocument, Service, ServiceVersion
from .signals import version_published

log = logging.getLogger(__name__)

FIELD_KEYS = ("key", "label", "kind", "required", "choices", "help_text", "sensitive")
DOCUMENT_KEYS = ("name", "description", "required")


def _require(user: User, *codenames: str) -> None:
    if not user.is_active or not all(user.has_perm(f"services.{codename}") for codename in codenames):
        raise PermissionDenied


def _next_number(service: Service) -> int:
    return (service.versions.aggregate(top=Max("number"))["top"] or 0) + 1


def _add_parts(
    version: ServiceVersion,
    *,
    fields: Iterable[Mapping[str, Any]],
    criteria: Iterable[str],
    documents: Iterable[Mapping[str, Any] | str],
) -> None:
    """Validate and save the form's fields, criteria and documents, in the order given."""
    parts: list[FormField | Criterion | RequiredDocument] = []
    for order, spec in enumerate(fields, start=1):
        parts.append(FormField(version=version, order=order, **{k: v for k, v in spec.items() if k in FIELD_KEYS}))
    for order, text in enumerate(criteria, start=1):
        parts.append(Criterion(version=version, order=order, text=text))
    for order, document in enumerate(documents, start=1):
        values = (
            {"name": document}
            if isinstance(document, str)
            else {k: v for k, v in document.items() if k in DOCUMENT_KEYS}
        )
        parts.append(RequiredDocument(version=version, order=order, **values))
    for part in parts:
        part.full_clean()
        part.save()


@transaction.atomic
def create_service(
    *,
    by: User,
    code: str,
    name: str,
    description: str,
    name_en: str = "",
    committee: Committee | None = None,
    categories: Iterable[Category] = (),
    domains: Iterable[Domain] = (),
    fields: Iterable[Mapping[str, Any]] = (),
    criteria: Iterable[str] = (),
    documents: Iterable[Mapping[str, Any] | str] = (),
) -> Service:
    """Define a new service with its first version, as a draft to publish.

    ``fields`` are mappings of FormField values (key, label, kind, required,
    choices, help_text); ``documents`` are names or mappings (name,
    description, required). Empty ``categories`` means every category.
    """
    _require(by, "add_service", "add_serviceversion")
    service = Service(code=code, name=name, name_en=name_en)
    service.full_clean()
    service.save()
    version = ServiceVersion(service=service, number=1, description=description, committee=committee, created_by=by)
    version.full_clean()
    version.save()
    version.categories.set(categories)
    version.domains.set(domains)
    _add_parts(version, fields=fields, criteria=criteria, documents=documents)
    return service


@transaction.atomic
def start_new_version(*, by: User, service: Service) -> ServiceVersion:
    """Open a draft copy of the service's current version (description, committee,
    categories, domains, fields, criteria, documents) for the administrator to change.

    The published version stays as it is: requests filed under it keep it.
    One draft at a time: an open draft is edited or published first.
    """
    _require(by, "add_serviceversion")
    service = Service.objects.select_for_update().get(pk=service.pk)  # one new number at a time
    draft = service.versions.drafts().first()
    if draft is not None:
        raise ValidationError(
            _("Version %(number)s of this service is still a draft: change it or publish it first.")
            % {"number": draft.number},
            code="draft_exists",
        )
    source = service.versions.published().order_by("-number").first()
    if source is None:
        raise ValidationError(_("This service has no published version to start from."), code="nothing_published")
    version = ServiceVersion.objects.create(
        service=service,
        number=_next_number(service),
        description=source.description,
        committee=source.committee,
        created_by=by,
    )
    version.categories.set(source.categories.all())
    version.domains.set(source.domains.all())
    FormField.objects.bulk_create(
        FormField(version=version, **{k: getattr(f, k) for k in (*FIELD_KEYS, "order")}) for f in source.fields.all()
    )
    Criterion.objects.bulk_create(Criterion(version=version, text=c.text, order=c.order) for c in source.criteria.all())
    RequiredDocument.objects.bulk_create(
        RequiredDocument(version=version, **{k: getattr(d, k) for k in (*DOCUMENT_KEYS, "order")})
        for d in source.documents.all()
    )
    return version


def publication_problems(version: ServiceVersion) -> list[ValidationError]:
    """What stops a draft from being published, in words for the administrator (empty: ready)."""
    problems: list[ValidationError] = []
    committee = version.committee
    if committee is None:
        problems.append(
            ValidationError(_("Choose the competent committee that studies the requests."), code="no_committee")
        )
    elif not committee.is_active:
        problems.append(
            ValidationError(
                _("The competent committee “%(committee)s” is not active.") % {"committee": committee},
                code="committee_inactive",
            )
        )
    elif sum(1 for member in committee.memberships.all() if member.votes) < committee.quorum:
        # Its requests could never be decided, and the 15-working-day reply would be missed (HD-6).
        problems.append(
            ValidationError(
                _("The competent committee “%(committee)s” has fewer voting members than its quorum.")
                % {"committee": committee},
                code="committee_below_quorum",
            )
        )
    if not version.description.strip():
        problems.append(ValidationError(_("Describe the service."), code="no_description"))
    if not version.criteria.exists():
        # HD-2: the applicant is given the criteria before anything starts.
        problems.append(ValidationError(_("Add at least one eligibility criterion."), code="no_criteria"))
    return problems


@transaction.atomic
def publish_version(*, by: User, version: ServiceVersion) -> ServiceVersion:
    """Publish a draft: it becomes the service's current version and never changes again.

    Refused without an active competent committee able to reach its quorum,
    and without eligibility criteria. Listeners of ``version_published`` are
    told once the transaction commits (IN-3: publish the change, tell those
    it affects).
    """
    _require(by, "publish_serviceversion")
    version = (
        ServiceVersion.objects.select_for_update(of=("self",)).select_related("service", "committee").get(pk=version.pk)
    )
    if version.is_published:
        raise PublishedVersionError(version)
    problems = publication_problems(version)
    if problems:
        raise ValidationError(problems)
    previous = version.service.versions.published().order_by("-number").first()
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    transaction.on_commit(lambda: _announce(version, previous))
    return version


def _announce(version: ServiceVersion, previous: ServiceVersion | None) -> None:
    # The version is published whatever a listener does; a failing listener is logged, not raised.
    for receiver, result in version_published.send_robust(sender=ServiceVersion, version=version, previous=previous):
        if isinstance(result, Exception):
            log.error("version_published listener %r failed", receiver, exc_info=result)
