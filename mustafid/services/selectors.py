"""Reads of the service catalogue (TL-5).

The catalogue is public: what a service asks for and who may apply is
information the society owes every applicant (HD-2, IN-3), so these reads
are not scoped to a user. Only published versions of offered services are
ever shown outside the admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from mustafid.accounts.models import Category

from .models import Criterion, FormField, RequiredDocument, Service, ServiceVersion

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class Published(TypedDict):
    current_version_id: int


def _current_version_id() -> Subquery:
    return Subquery(
        ServiceVersion.objects.published().filter(service=OuterRef("pk")).order_by("-number").values("pk")[:1]
    )


def published_services(category: Category | int | None = None) -> QuerySet[WithAnnotations[Service, Published]]:
    """Offered services with a published version, each annotated with ``current_version_id``.

    With ``category``, only the services whose current version serves it; a
    version that names no category serves every category.
    """
    services = (
        Service.objects.filter(is_active=True)
        .annotate(current_version_id=_current_version_id())
        .filter(current_version_id__isnull=False)
    )
    if category is not None:
        category_id = category.pk if isinstance(category, Category) else category
        served = ServiceVersion.categories.through.objects.filter(serviceversion_id=OuterRef("current_version_id"))
        services = services.filter(~Exists(served) | Exists(served.filter(category_id=category_id)))
    return services.order_by("name", "pk")


def catalogue(category: Category | int | None = None) -> list[ServiceVersion]:
    """The public list: the current version of each published service, in the services' order.

    Each version carries its ``service`` and ``categories``; three queries
    whatever the number of services.
    """
    services = list(published_services(category))
    versions = ServiceVersion.objects.filter(pk__in=[s.current_version_id for s in services]).prefetch_related(
        "categories"
    )
    by_id = {version.pk: version for version in versions}
    listed = []
    for service in services:
        version = by_id[service.current_version_id]
        version.service = service  # already fetched: no query per card
        listed.append(version)
    return listed


def services_for(beneficiary: Any) -> QuerySet[Service]:
    """The published, offered services the beneficiary's category may apply for."""
    return published_services(category=beneficiary.category_id)


def _with_parts(versions: QuerySet[ServiceVersion]) -> QuerySet[ServiceVersion]:
    return versions.select_related("service", "committee").prefetch_related(
        "categories",
        "domains",
        Prefetch("fields", queryset=FormField.objects.order_by("order", "id")),
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id")),
        Prefetch("documents", queryset=RequiredDocument.objects.order_by("order", "id")),
    )


def current_version(service: Service) -> ServiceVersion | None:
    """The service's latest published version (the one new requests are filed under), with its parts."""
    return _with_parts(service.versions.published()).order_by("-number").first()


def draft_version(service: Service) -> ServiceVersion | None:
    """The version being prepared, if any (there is at most one)."""
    return service.versions.drafts().order_by("-number").first()


def changes_since_previous(version: ServiceVersion) -> dict[str, Any] | None:
    """What a published version changed in the criteria, documents and fields (IN-3).

    None for a service's first version. Parts are compared by their wording.
    """
    previous = (
        _with_parts(ServiceVersion.objects.published())
        .filter(service_id=version.service_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return None

    def diff(attribute: str, text: str) -> tuple[list[str], list[str]]:
        old = [getattr(part, text) for part in getattr(previous, attribute).all()]
        new = [getattr(part, text) for part in getattr(version, attribute).all()]
        return [t for t in new if t not in old], [t for t in old if t not in new]

    changes: dict[str, Any] = {"previous": previous}
    for attribute, text in (("criteria", "text"), ("documents", "name"), ("fields", "label")):
        changes[f"{attribute}_added"], changes[f"{attribute}_removed"] = diff(attribute, text)
    changes["any"] = any(changes[key] for key in changes if key.endswith(("_added", "_removed")))
    return changes
