"""Reads of service requests, always through the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mustafid.beneficiaries.selectors import can_see_sensitive
from mustafid.beneficiaries.timeline import FileAction, TimelineEntry
from mustafid.committees.models import AgendaItem
from mustafid.committees.workflow import MEETING_FLOW
from mustafid.core import workdays
from mustafid.core.hijri import dual_date
from mustafid.core.home import HOME_ROWS, HomeItem, HomeSection
from mustafid.services.models import FormField, ServiceVersion

from .models import Pause, ServiceRequest, Status
from .workflow import REQUEST_FLOW, STUDY

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


def reply_timeliness(user: Any) -> dict[str, int]:
    """Answered on time vs late (HD-6 evidence)."""
    return (
        visible_requests(user)
        .filter(status=Status.REPLIED)
        .aggregate(
            on_time=Count("id", filter=Q(replied_on_time=True)), late=Count("id", filter=Q(replied_on_time=False))
        )
    )


# --- the worklist (HD-6, issue 10.1) -------------------------------------------


def _moved_on_by(action: str) -> frozenset[str]:
    """The states ``action`` moves a request out of: the stage that waits for that step."""
    return frozenset(s for s, t in REQUEST_FLOW.actions[action].moves.items() if s != t)


def _led_to_by(action: str) -> frozenset[str]:
    """The states ``action`` moves a request into."""
    return frozenset(t for s, t in REQUEST_FLOW.actions[action].moves.items() if s != t)


def _on_an_open_agenda() -> Exists:
    """On the agenda of a meeting not yet closed, the item undecided (the committees' own workflow)."""
    return Exists(
        AgendaItem.objects.filter(
            case_type=ContentType.objects.get_for_model(ServiceRequest),
            case_id=OuterRef("pk"),
            decided=False,
            meeting__status__in=MEETING_FLOW.group("open"),
        )
    )


def _waiting_for_an_agenda(user: Any) -> Q:
    return ~Q(_on_an_open_agenda())


def _on_an_agenda(user: Any) -> Q:
    return Q(_on_an_open_agenda())


def _assigned_to(user: Any) -> Q:
    return Q(case_worker_id=user.pk)


@dataclass(frozen=True)
class Stage:
    """One tab of the worklist: the open requests waiting for the same next step.

    The statuses come from ``REQUEST_FLOW``: a stage is named by the step
    that moves a request out of it (a complete request waits for "assign",
    a decided one for "reply"), so a new state or step changes the table
    there, not here.
    """

    key: str
    label: Promise
    icon: str
    statuses: frozenset[str]
    #: the permission whose holders get the tab (None: every reader of requests).
    permission: str | None = None
    #: what narrows the statuses further (on an agenda or not, assigned to the reader).
    narrow: Callable[[Any], Q] | None = None

    def condition(self, user: Any) -> Q:
        q = Q(status__in=self.statuses)
        return q & self.narrow(user) if self.narrow else q


def worklist_stages() -> list[Stage]:
    """The worklist's stages in the order the work flows; "assigned to me" beside "in study", for whoever studies."""
    waiting_decision = _moved_on_by("decide")
    return [
        Stage("unassigned", gettext_lazy("Awaiting assignment"), "person-plus", _moved_on_by("assign")),
        Stage("in_study", gettext_lazy("In study"), "search", _led_to_by("assign")),
        Stage("mine", gettext_lazy("Assigned to me"), "person-check", REQUEST_FLOW.group("open"), STUDY, _assigned_to),
        Stage(
            "at_committee",
            gettext_lazy("Awaiting a meeting"),
            "people",
            waiting_decision,
            narrow=_waiting_for_an_agenda,
        ),
        Stage("on_agenda", gettext_lazy("On an agenda"), "calendar-event", waiting_decision, narrow=_on_an_agenda),
        Stage("decided", gettext_lazy("Decided, awaiting the reply"), "envelope", _moved_on_by("reply")),
        Stage(
            "returned",
            gettext_lazy("Returned to the beneficiary (the clock is stopped)"),
            "pause-circle",
            _moved_on_by("resume"),
        ),
        Stage("drafts", gettext_lazy("Drafts not yet registered complete"), "pencil-square", _moved_on_by("complete")),
    ]


def stages_for(user: Any) -> list[Stage]:
    return [s for s in worklist_stages() if s.permission is None or user.has_perm(s.permission)]


WORKLIST_PAGE_SIZE = 25

#: What a row shows: nothing else is read, the encrypted fields of the file and the answers least of all.
_ROW_FIELDS = (
    "id",
    "reference",
    "status",
    "due_on",
    "created_at",
    "received_via",
    "beneficiary__id",
    "beneficiary__full_name",
    "version__id",
    "version__service__id",
    "version__service__name",
    "case_worker__id",
    "case_worker__full_name",
    "case_worker__email",
)


@dataclass(frozen=True)
class WorklistFilters:
    service_id: int | None = None
    branch_id: int | None = None
    received_via: str = ""
    case_worker_id: int | None = None
    #: "overdue" or "soon": only the requests whose reply is late, or due within three working days.
    due: str = ""
    descending: bool = False


def _filtered(user: Any, filters: WorklistFilters, *, today: date) -> QuerySet[ServiceRequest]:
    qs = ServiceRequest.objects.restrict(user, "view")
    if filters.service_id:
        qs = qs.filter(version__service_id=filters.service_id)
    if filters.branch_id:
        qs = qs.filter(beneficiary__branch_id=filters.branch_id)
    if filters.received_via:
        qs = qs.filter(received_via=filters.received_via)
    if filters.case_worker_id:
        qs = qs.filter(case_worker_id=filters.case_worker_id)
    if filters.due:
        qs = qs.filter(status__in=REQUEST_FLOW.group("clock_running"))
        if filters.due == "overdue":
            qs = qs.filter(due_on__lt=today)
        else:
            qs = qs.filter(due_on__gte=today, due_on__lte=due_soon_limit(today))
    return qs


def due_soon_limit(today: date) -> date:
    return workdays.add_working_days(today, DUE_SOON_WORKING_DAYS)


def _mark_due(rows: Any, today: date) -> None:
    """``overdue`` / ``due_soon`` on each row while its clock runs (a returned request's is stopped, HD-6)."""
    soon = due_soon_limit(today)
    clock = REQUEST_FLOW.group("clock_running")
    for r in rows:
        running = r.status in clock and r.due_on is not None
        r.overdue = running and r.due_on < today
        r.due_soon = running and today <= r.due_on <= soon


def worklist_counts(user: Any, filters: WorklistFilters, *, today: date) -> dict[str, int]:
    """Every stage's count in one query (one COUNT ... FILTER per stage)."""
    stages = stages_for(user)
    if not stages:
        return {}
    # Only the stages' statuses are counted: the index on the status skips the
    # answered and withdrawn requests, most of the table once the society has a history.
    statuses = frozenset().union(*(s.statuses for s in stages))
    return (
        _filtered(user, filters, today=today)
        .filter(status__in=statuses)
        .aggregate(**{s.key: Count("pk", filter=s.condition(user)) for s in stages})
    )


def worklist_page(
    user: Any,
    *,
    stage: str = "",
    filters: WorklistFilters | None = None,
    page: Any = 1,
    today: date | None = None,
) -> dict[str, Any]:
    """One stage of the worklist, a page of rows, and every stage's count: a fixed number of queries.

    Rows carry ``overdue`` / ``due_soon`` marks while the clock runs (HD-6).
    """
    today = today or timezone.localdate()
    filters = filters or WorklistFilters()
    stages = stages_for(user)
    counts = worklist_counts(user, filters, today=today)
    # Without a stage asked for, the first one holding work: a committee member lands
    # on the requests before their committee, not on an empty "awaiting assignment".
    current = next((s for s in stages if s.key == stage), None) or next(
        (s for s in stages if counts[s.key]), stages[0] if stages else None
    )
    if current is None:
        return {"stages": [], "stage": None, "counts": counts, "page": None}
    due = F("due_on").desc(nulls_last=True) if filters.descending else F("due_on").asc(nulls_last=True)
    rows = (
        _filtered(user, filters, today=today)
        .filter(current.condition(user))
        .select_related("beneficiary", "version__service", "case_worker")
        .only(*_ROW_FIELDS)
        .order_by(due, "id")
    )
    if current.key == "returned":
        rows = rows.prefetch_related(
            Prefetch(
                "pauses",
                queryset=Pause.objects.filter(ended_on__isnull=True).only("id", "request_id", "started_on"),
            )
        )
    # The count is known already: the paginator need not ask again.
    paginator = Paginator(rows, WORKLIST_PAGE_SIZE)
    paginator.count = counts[current.key]
    page_obj = paginator.get_page(page)
    _mark_due(page_obj.object_list, today)
    return {
        "stages": [(s, counts[s.key]) for s in stages],
        "stage": current,
        "counts": counts,
        "page": page_obj,
    }


def home_sections(user: Any, today: date) -> list[HomeSection]:
    """The home page's requests (issue 10.1): to assign, to study (mine), to reply, each as its role allows."""
    if not user.has_perm("requests.view_servicerequest"):
        return []
    stages = {s.key: s for s in stages_for(user)}
    wanted = [
        ("unassigned", _("Requests awaiting assignment"), "person-plus", "requests.change_servicerequest", 30),
        ("mine", _("Requests to study"), "person-check", STUDY, 31),
        ("decided", _("Requests to reply"), "envelope", "requests.reply_servicerequest", 32),
    ]
    wanted = [w for w in wanted if w[0] in stages and user.has_perm(w[3])]
    if not wanted:
        return []
    counts = worklist_counts(user, WorklistFilters(), today=today)
    sections = []
    for key, title, icon, _perm, order in wanted:
        rows = list(
            ServiceRequest.objects.restrict(user, "view")
            .filter(stages[key].condition(user))
            .select_related("beneficiary", "version__service", "case_worker")
            .only(*_ROW_FIELDS)
            .order_by(F("due_on").asc(nulls_last=True), "id")[:HOME_ROWS]
        )
        _mark_due(rows, today)
        items = [
            HomeItem(
                label=f"{r} — {r.beneficiary.full_name} — {r.version.service.name}",
                url=reverse("requests:detail", args=[r.pk]),
                meta=dual_date(r.due_on) if r.due_on else "",
                tone="danger" if r.overdue else "warning" if r.due_soon else "",
            )
            for r in rows
        ]
        sections.append(
            HomeSection(
                key=f"requests_{key}",
                title=title,
                icon=icon,
                count=counts[key],
                url=f"{reverse('requests:worklist')}?stage={key}",
                items=items,
                order=order,
            )
        )
    return sections


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
