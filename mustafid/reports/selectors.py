"""Reads of the management dashboard (SM-5, SM-6): the numbers, the officers' table, the list behind each number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.urls import reverse

from mustafid.accounts.models import Branch, User
from mustafid.surveys.models import Question, Response

from .metrics import AGES, BASES, DASHBOARD_BASES, METRICS, Base, Metric, Period, metrics_of

#: the permission that lets a reader count each base (the base's own list permission)
BASE_PERMISSIONS = {
    "requests": "requests.view_servicerequest",
    "complaints": "complaints.view_complaint",
    "inquiries": "inquiries.view_inquiry",
    "contacts": "interactions.view_interaction",
    "claims": "compensation.view_claim",
    "instalments": "entitlements.view_instalment",
}


@dataclass
class Figure:
    metric: Metric
    value: int
    url: str


@dataclass
class Section:
    base: Base
    figures: list[Figure]
    ages: list[Figure] = field(default_factory=list)

    def value(self, key: str) -> int:
        return next(f.value for f in self.figures if f.metric.key == key)


def readable_bases(user: Any) -> list[Base]:
    return [b for key, b in BASES.items() if user.has_perm(BASE_PERMISSIONS[key])]


def base_queryset(base: Base, user: Any, branch_id: int | None) -> QuerySet:
    qs = base.scoped(user)
    if branch_id:
        qs = qs.filter(base.of_branch(branch_id))
    return qs


def records_url(metric: Metric, period: Period, branch_id: int | None, officer_id: int | None = None) -> str:
    query = f"metric={metric.key}&start={period.start.isoformat()}&end={period.end.isoformat()}"
    if branch_id:
        query += f"&branch={branch_id}"
    if officer_id:
        query += f"&officer={officer_id}"
    return f"{reverse('reports:records')}?{query}"


def dashboard(user: Any, period: Period, branch_id: int | None = None) -> list[Section]:
    """Every number of the dashboard: one query per list the reader may see, whatever the rows."""
    sections = []
    age_keys = {f"{base}_age_{low}" for base in BASES for low, _high, _label in AGES}
    for base in readable_bases(user):
        if base.key not in DASHBOARD_BASES:
            continue
        metrics = metrics_of(base.key)
        counts = base_queryset(base, user, branch_id).aggregate(
            **{m.key: Count("pk", filter=m.condition(period)) for m in metrics}
        )
        figures = [Figure(m, counts[m.key], records_url(m, period, branch_id)) for m in metrics]
        sections.append(
            Section(
                base=base,
                figures=[f for f in figures if f.metric.key not in age_keys],
                ages=[f for f in figures if f.metric.key in age_keys],
            )
        )
    return sections


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class OfficerRow:
    officer: User
    open_inquiries: int = 0
    open_complaints: int = 0
    answered: int = 0
    answered_on_time: int = 0
    mean_hours: float | None = None
    closed: int = 0
    satisfied: int = 0
    satisfaction_answers: int = 0
    #: SM-6: the mean rating (1 to 5) of the questionnaires answered by the officer's beneficiaries
    survey_mean: float | None = None
    survey_responses: int = 0
    links: dict[str, str] = field(default_factory=dict)

    @property
    def on_time_share(self) -> int | None:
        return _share(self.answered_on_time, self.answered)

    @property
    def satisfaction_share(self) -> int | None:
        return _share(self.satisfied, self.satisfaction_answers)

    @property
    def workload(self) -> int:
        return self.open_inquiries + self.open_complaints


def officers(user: Any, period: Period, branch_id: int | None = None) -> list[OfficerRow]:
    """SM-6: per liaison officer, their open work, how fast and how well they answer (three queries)."""
    bases = {b.key for b in readable_bases(user)}
    rows: dict[int, dict[str, Any]] = {}
    if "inquiries" in bases:
        answered = METRICS["inquiries_answered"].condition(period)
        wait = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
        for r in (
            base_queryset(BASES["inquiries"], user, branch_id)
            .filter(assigned_to__isnull=False)
            .values("assigned_to")
            .annotate(
                open_inquiries=Count("pk", filter=METRICS["inquiries_open"].condition(period)),
                answered=Count("pk", filter=answered),
                answered_on_time=Count("pk", filter=METRICS["inquiries_answered_on_time"].condition(period)),
                mean_wait=Avg(wait, filter=answered),
            )
        ):
            rows.setdefault(r.pop("assigned_to"), {}).update(r)
    if "complaints" in bases:
        for r in (
            base_queryset(BASES["complaints"], user, branch_id)
            .filter(assigned_to__isnull=False)
            .values("assigned_to")
            .annotate(
                open_complaints=Count("pk", filter=METRICS["complaints_open"].condition(period)),
                closed=Count("pk", filter=METRICS["complaints_closed"].condition(period)),
                # Not "satisfied": an annotation of a field's name would stand for the field in the next filter.
                n_satisfied=Count("pk", filter=METRICS["complaints_satisfied"].condition(period)),
                satisfaction_answers=Count(
                    "pk",
                    filter=METRICS["complaints_satisfied"].condition(period)
                    | METRICS["complaints_unsatisfied"].condition(period),
                ),
            )
        ):
            r["satisfied"] = r.pop("n_satisfied")
            rows.setdefault(r.pop("assigned_to"), {}).update(r)
    for officer_id, values in _survey_ratings(user, period, branch_id, by="officer").items():
        rows.setdefault(officer_id, {}).update(values)
    people = User.objects.filter(pk__in=rows).only("pk", "full_name").order_by("full_name", "pk")
    table = []
    for person in people:
        values = rows[person.pk]
        wait = values.pop("mean_wait", None)
        row = OfficerRow(officer=person, **values)
        if wait is not None:
            row.mean_hours = round(wait.total_seconds() / 3600, 1)
        if "inquiries" in bases:
            row.links["open_inquiries"] = records_url(METRICS["inquiries_open"], period, branch_id, person.pk)
            row.links["answered"] = records_url(METRICS["inquiries_answered"], period, branch_id, person.pk)
        if "complaints" in bases:
            row.links["open_complaints"] = records_url(METRICS["complaints_open"], period, branch_id, person.pk)
            row.links["closed"] = records_url(METRICS["complaints_closed"], period, branch_id, person.pk)
        table.append(row)
    return table


def _survey_ratings(user: Any, period: Period, branch_id: int | None, *, by: str | None) -> dict[Any, dict[str, Any]]:
    """Questionnaires answered in the period and their mean rating, in all or per ``by`` (one query)."""
    if not user.has_perm("surveys.view_response"):
        return {}
    qs = Response.objects.restrict(user, "view").filter(
        submitted_at__date__gte=period.start, submitted_at__date__lte=period.end
    )
    if branch_id:
        qs = qs.filter(branch_id=branch_id)
    rating = Q(answers__question__kind=Question.Kind.RATING)
    figures = {"survey_responses": Count("pk", distinct=True), "survey_mean": Avg("answers__rating", filter=rating)}
    if by is None:
        found = qs.aggregate(**figures)
        return {None: _rounded(found)}
    return {r.pop(by): _rounded(r) for r in qs.filter(**{f"{by}__isnull": False}).values(by).annotate(**figures)}


def _rounded(values: dict[str, Any]) -> dict[str, Any]:
    mean = values.get("survey_mean")
    return {**values, "survey_mean": round(float(mean), 2) if mean is not None else None}


def satisfaction(user: Any, period: Period, branch_id: int | None = None) -> dict[str, Any] | None:
    """SM-5: the questionnaires answered in the period and their mean rating, beside the complaints' answers."""
    return _survey_ratings(user, period, branch_id, by=None).get(None)


def branches_of(user: Any) -> QuerySet[Branch]:
    return Branch.objects.visible_to(user).filter(is_active=True).order_by("name")


@dataclass(frozen=True)
class RecordRow:
    reference: str
    name: str
    status: str
    due_on: date | None
    url: str


_ROWS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "requests": ("beneficiary", ("id", "reference", "status", "due_on", "beneficiary__full_name")),
    "complaints": (None, ("id", "reference", "status", "resolve_due", "complainant_name")),
    "inquiries": ("beneficiary", ("id", "reference", "status", "due_on", "inquirer_name", "beneficiary__full_name")),
    "contacts": ("beneficiary", ("id", "reference", "channel", "subject", "occurred_at", "beneficiary__full_name")),
    "claims": ("beneficiary", ("id", "reference", "status", "due_on", "beneficiary__full_name")),
    "instalments": (
        "entitlement__beneficiary",
        (
            "id",
            "status",
            "due_on",
            "entitlement__id",
            "entitlement__beneficiary__id",
            "entitlement__beneficiary__full_name",
        ),
    ),
}


def records(
    user: Any, metric: Metric, period: Period, *, branch_id: int | None = None, officer_id: int | None = None
) -> QuerySet:
    """The records a dashboard number counts, newest first: the same scoped base and the same condition."""
    base = BASES[metric.base]
    if base not in readable_bases(user):
        return base.scoped(user).none()
    qs = base_queryset(base, user, branch_id).filter(metric.condition(period))
    if officer_id:
        qs = qs.filter(**{base.officer_field: officer_id})
    related, fields = _ROWS[metric.base]
    if related:
        qs = qs.select_related(related)
    return qs.only(*fields).order_by("-pk")


def record_row(metric: Metric, obj: Any) -> RecordRow:
    if metric.base == "requests":
        return RecordRow(
            obj.reference,
            obj.beneficiary.full_name,
            obj.get_status_display(),
            obj.due_on,
            reverse("requests:detail", args=[obj.pk]),
        )
    if metric.base == "complaints":
        return RecordRow(
            obj.reference,
            obj.complainant_name,
            obj.get_status_display(),
            obj.resolve_due,
            reverse("complaints:detail", args=[obj.pk]),
        )
    if metric.base == "inquiries":
        name = obj.beneficiary.full_name if obj.beneficiary_id else obj.inquirer_name
        return RecordRow(
            obj.reference, name, obj.get_status_display(), obj.due_on, reverse("inquiries:detail", args=[obj.pk])
        )
    if metric.base == "contacts":
        return RecordRow(
            obj.reference or obj.subject,
            obj.beneficiary.full_name,
            obj.get_channel_display(),
            obj.occurred_at.date(),
            reverse("interactions:detail", args=[obj.pk]),
        )
    if metric.base == "claims":
        return RecordRow(
            obj.reference,
            obj.beneficiary.full_name,
            obj.get_status_display(),
            obj.due_on,
            reverse("compensation:detail", args=[obj.pk]),
        )
    beneficiary = obj.entitlement.beneficiary
    return RecordRow(
        str(obj.pk), beneficiary.full_name, obj.get_status_display(), obj.due_on, beneficiary.get_absolute_url()
    )
