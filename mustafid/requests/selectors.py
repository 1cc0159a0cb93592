"""Reads of service requests, always through the user's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mustafid.beneficiaries.selectors import can_see_sensitive
from mustafid.beneficiaries.timeline import FileAction, TimelineEntry
from mustafid.core import workdays
from mustafid.core.hijri import dual_date
from mustafid.services.models import FormField, ServiceVersion

from .models import Pause, ServiceRequest, Status
from .workflow import REQUEST_FLOW

DUE_SOON_WORKING_DAYS = 3


def visible_requests(user: Any, action: str = "view") -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.restrict(user, action).select_related(
        "beneficiary", "version__service", "case_worker"
    )


def get_request(user: Any, pk: int, action: str = "view") -> ServiceRequest:
    try:
        return visible_requests(user, action).get(pk=pk)
    except ServiceRequest.DoesNotExist as exc:
        raise Http404 from exc


def holds_sensitive_answer(service_request: ServiceRequest) -> bool:
    """A field marked sensitive (income, health...) was answered: the printed receipt carries it."""
    return any(
        spec.sensitive and spec.kind != FormField.Kind.FILE and service_request.answers.get(spec.key) not in (None, "")
        for spec in service_request.version.fields.all()
    )


def may_read_receipt(user: Any, service_request: ServiceRequest) -> bool:
    """The receipt is the beneficiary's copy, every answer printed as given (HD-3).

    It cannot be masked after the fact, so one holding a sensitive answer is
    refused, as a document is, to whoever may not see the file's sensitive
    values: the same rule as the file's own (``can_see_sensitive``, issue 9.2).
    """
    return can_see_sensitive(user) or not holds_sensitive_answer(service_request)


def worklist(user: Any, *, today: date | None = None) -> dict[str, QuerySet[ServiceRequest]]:
    """Open requests overdue, and due within the next three working days (HD-6)."""
    today = today or timezone.localdate()
    soon = workdays.add_working_days(today, DUE_SOON_WORKING_DAYS)
    open_requests = (
        visible_requests(user).filter(status__in=REQUEST_FLOW.group("clock_running")).order_by("due_on", "id")
    )
    return {
        "overdue": open_requests.filter(due_on__lt=today),
        "due_soon": open_requests.filter(due_on__gte=today, due_on__lte=soon),
        "returned": visible_requests(user).filter(status=Status.RETURNED).order_by("id"),
        "drafts": visible_requests(user).filter(status=Status.DRAFT).order_by("-id"),
    }


def reply_timeliness(user: Any) -> dict[str, int]:
    """Answered on time vs late (HD-6 evidence)."""
    return (
        visible_requests(user)
        .filter(status=Status.REPLIED)
        .aggregate(
            on_time=Count("id", filter=Q(replied_on_time=True)), late=Count("id", filter=Q(replied_on_time=False))
        )
    )


# --- pages ------------------------------------------------------------------

WORKLIST_ROWS = 50


def worklist_page(user: Any, *, today: date | None = None, mine: bool = False) -> dict[str, Any]:
    """The worklist's buckets, each cut to ``WORKLIST_ROWS`` rows with its full count (bounded)."""
    buckets = worklist(user, today=today)
    page: dict[str, Any] = {}
    for name, qs in buckets.items():
        if mine:
            qs = qs.filter(case_worker=user) if name != "drafts" else qs.filter(created_by=user)
        if name == "returned":
            qs = qs.prefetch_related(Prefetch("pauses", queryset=Pause.objects.filter(ended_on__isnull=True)))
        rows = list(qs.select_related("beneficiary", "version__service", "case_worker", "created_by")[:WORKLIST_ROWS])
        page[name] = {"rows": rows, "count": len(rows) if len(rows) < WORKLIST_ROWS else qs.count()}
    return page


def offered_versions(beneficiary: Any) -> QuerySet[ServiceVersion]:
    """The published version of each offered service the beneficiary's category may use (HD-2).

    A version that names no category is open to every category.
    """
    latest = (
        ServiceVersion.objects.filter(service=OuterRef("service"), published_at__isnull=False)
        .order_by("-number")
        .values("pk")[:1]
    )
    links = ServiceVersion.categories.through.objects
    return (
        ServiceVersion.objects.filter(published_at__isnull=False, service__is_active=True, pk=Subquery(latest))
        .filter(
            Q(Exists(links.filter(serviceversion_id=OuterRef("pk"), category_id=beneficiary.category_id)))
            | ~Q(Exists(links.filter(serviceversion_id=OuterRef("pk"))))
        )
        .select_related("service", "committee")
        .order_by("service__name", "pk")
    )


def may_use(beneficiary: Any, version: ServiceVersion) -> bool:
    return offered_versions(beneficiary).filter(pk=version.pk).exists()


def case_worker_choices(request: ServiceRequest) -> QuerySet:
    """Active staff who study requests and whose scope covers the request's beneficiary."""
    from django.contrib.auth.models import Permission

    from mustafid.accounts.models import User

    perm = Permission.objects.filter(codename="study_servicerequest", content_type__app_label="requests").values("pk")
    may_study = Q(is_superuser=True) | Q(groups__permissions__in=perm) | Q(user_permissions__in=perm)
    b = request.beneficiary
    in_scope = (
        Q(scope_all=True)
        | Q(is_superuser=True)
        | (
            Q(pk__in=User.branches.through.objects.filter(branch_id=b.branch_id).values("user_id"))
            & Q(pk__in=User.categories.through.objects.filter(category_id=b.category_id).values("user_id"))
            & Q(
                pk__in=User.domains.through.objects.filter(
                    domain_id__in=b.domains.through.objects.filter(beneficiary_id=b.pk).values("domain_id")
                ).values("user_id")
            )
        )
    )
    return (
        User.objects.filter(is_active=True)
        .filter(pk__in=User.objects.filter(may_study).values("pk"))
        .filter(in_scope)
        .order_by("full_name", "pk")
    )


class RequestActions(dict[str, bool]):
    """What the user may do to the request now: ``REQUEST_FLOW.available``, readable as attributes."""

    def __getattr__(self, name: str) -> bool:
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    @property
    def any_study(self) -> bool:
        return any(self[name] for name in ("assign", "return_for_information", "resume", "add_note", "recommend"))


def request_actions(user: Any, request: ServiceRequest) -> RequestActions:
    return RequestActions(REQUEST_FLOW.available(user, request))


def waiting_working_days(request: ServiceRequest, *, today: date | None = None) -> int:
    """Working days spent waiting for the beneficiary, the open pause counted up to today (HD-6)."""
    today = today or timezone.localdate()
    total = 0
    for pause in request.pauses.all():
        if pause.ended_on is None:
            total += workdays.working_days_between(pause.started_on, today)
        else:
            total += pause.working_days
    return total


def requests_of(beneficiary: Any, user: Any) -> QuerySet[ServiceRequest]:
    """The requests of ``beneficiary`` the user may see, newest first."""
    return visible_requests(user).filter(beneficiary=beneficiary).order_by("-created_at", "-pk")


def timeline_entries(beneficiary: Any, user: Any, limit: int) -> list[TimelineEntry]:
    """Service requests on the beneficiary's timeline (one query)."""
    entries = []
    for r in requests_of(beneficiary, user)[:limit]:
        meta = [str(r.get_status_display()), str(r.get_received_via_display())]
        if r.due_on and r.status in REQUEST_FLOW.group("clock_running"):
            meta.append(_("reply due by %(date)s") % {"date": dual_date(r.due_on, get_language() or "ar")})
        entries.append(
            TimelineEntry(
                at=r.created_at,
                kind=_("Service request"),
                title=f"{r.version.service.name} — {r}",
                icon="inbox",
                meta=meta,
                url=reverse("requests:detail", args=[r.pk]),
                badge=r.status,
            )
        )
    return entries


def file_actions(beneficiary: Any, user: Any) -> list[FileAction]:
    """ "New service request" links on the beneficiary's page, one per service the category may use."""
    if not user.has_perm("requests.add_servicerequest"):
        return []
    base = reverse("requests:new", args=[beneficiary.pk])
    return [
        FileAction(
            group=_("New service request"),
            label=version.service.name,
            url=f"{base}?version={version.pk}",
            icon="file-earmark-plus",
        )
        for version in offered_versions(beneficiary)[:30]
    ]
