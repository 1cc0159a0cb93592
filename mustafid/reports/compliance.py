"""The compliance report: for each clause of the policy, the live evidence that the society applies it.

Each clause names its measures: counts of records over the period, read
through the same scoped lists as the dashboard (``metrics``), so every
figure links to the records it counts. A clause's status follows one
written rule, shown beside it:

- a share (part of a whole: requests answered in time, faxes kept with their
  scan, staff who signed): met from ``MET_SHARE``, at risk from
  ``AT_RISK_SHARE``, not met below; nothing to measure in the period is said
  so, not counted as met;
- a channel or a means the policy requires the society to offer: met when it
  was used in the period, "no activity" when it was not.

Figures are read from dated records only (a signature's time, a reply's
date), never from "now", so the report of a past period reads the same
whenever it is drawn again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .metrics import BASES, Metric, Period, metric
from .selectors import base_queryset, readable_bases, records_url

MET_SHARE = 95
AT_RISK_SHARE = 80


class Status:
    MET = "met"
    AT_RISK = "at_risk"
    NOT_MET = "not_met"
    NO_ACTIVITY = "no_activity"
    NOT_VISIBLE = "not_visible"

    LABELS = {
        MET: _("Met"),
        AT_RISK: _("At risk"),
        NOT_MET: _("Not met"),
        NO_ACTIVITY: _("No activity in the period"),
        NOT_VISIBLE: _("Outside your permissions"),
    }
    TONES = {
        MET: "success",
        AT_RISK: "warning",
        NOT_MET: "danger",
        NO_ACTIVITY: "secondary",
        NOT_VISIBLE: "light",
    }


@dataclass
class Figure:
    label: str | Promise
    value: int
    url: str = ""


@dataclass
class Result:
    status: str
    rule: str | Promise
    figures: list[Figure] = field(default_factory=list)
    share: int | None = None

    @property
    def status_label(self) -> str | Promise:
        return Status.LABELS[self.status]

    @property
    def tone(self) -> str:
        return Status.TONES[self.status]


class Reader:
    """Counts for one report: each list's counts in one query, whatever the clause asks of it."""

    def __init__(self, user: Any, period: Period, branch_id: int | None):
        self.user, self.period, self.branch_id = user, period, branch_id
        self._readable = {b.key for b in readable_bases(user)}
        self._counts: dict[str, int] = {}

    def can_read(self, *keys: str) -> bool:
        return all(metric(k).base in self._readable for k in keys)  # type: ignore[union-attr]

    def prefetch(self, keys: list[str]) -> None:
        by_base: dict[str, list[Metric]] = {}
        for key in keys:
            m = metric(key)
            assert m is not None, key
            if m.base in self._readable:
                by_base.setdefault(m.base, []).append(m)
        for base, metrics in by_base.items():
            qs = base_queryset(BASES[base], self.user, self.branch_id)
            self._counts.update(
                qs.aggregate(**{m.key: Count("pk", filter=m.condition(self.period), distinct=True) for m in metrics})
            )

    def figure(self, key: str) -> Figure:
        m = metric(key)
        assert m is not None, key
        return Figure(m.label, self._counts.get(key, 0), records_url(m, self.period, self.branch_id))


def share_rule(reader: Reader, part: str, whole: str, *extra: str) -> Result:
    rule = _("Met when at least %(met)s%% of the cases do, at risk from %(risk)s%%, not met below.") % {
        "met": MET_SHARE,
        "risk": AT_RISK_SHARE,
    }
    if not reader.can_read(part, whole, *extra):
        return Result(Status.NOT_VISIBLE, rule)
    whole_f, part_f = reader.figure(whole), reader.figure(part)
    figures = [whole_f, part_f, *(reader.figure(k) for k in extra)]
    if not whole_f.value:
        return Result(Status.NO_ACTIVITY, rule, figures)
    share = round(100 * part_f.value / whole_f.value)
    status = Status.MET if share >= MET_SHARE else Status.AT_RISK if share >= AT_RISK_SHARE else Status.NOT_MET
    return Result(status, rule, figures, share)


def used_rule(reader: Reader, *keys: str) -> Result:
    rule = _("Met when the means was used in the period.")
    if not reader.can_read(*keys):
        return Result(Status.NOT_VISIBLE, rule)
    figures = [reader.figure(k) for k in keys]
    return Result(Status.MET if any(f.value for f in figures) else Status.NO_ACTIVITY, rule, figures)


Measure = Callable[[Reader], Result]


@dataclass(frozen=True)
class Clause:
    id: str
    section: str | Promise
    text: str | Promise
    #: the metric keys it reads (prefetched together)
    keys: tuple[str, ...]
    measure: Measure


def _share(part: str, whole: str, *extra: str) -> tuple[tuple[str, ...], Measure]:
    return (part, whole, *extra), lambda r: share_rule(r, part, whole, *extra)


def _used(*keys: str) -> tuple[tuple[str, ...], Measure]:
    return keys, lambda r: used_rule(r, *keys)


def _clause(id: str, section: str | Promise, text: str | Promise, spec: tuple[tuple[str, ...], Measure]) -> Clause:
    keys, measure = spec
    return Clause(id, section, text, keys, measure)


def _signed_share(kind: str) -> Measure:
    """RS-1, RL-4: of the active staff bound to the version in force at the period's end, who had signed it by then."""

    def measure(r: Reader) -> Result:
        from mustafid.policies import selectors as policies
        from mustafid.policies.models import PolicySignature, PolicyVersion

        rule = _("Met when at least %(met)s%% of the staff bound to it signed it, at risk from %(risk)s%%.") % {
            "met": MET_SHARE,
            "risk": AT_RISK_SHARE,
        }
        version = (
            PolicyVersion.objects.filter(
                policy__kind=kind, policy__is_active=True, published_at__date__lte=r.period.end
            )
            .select_related("policy")
            .order_by("-published_at")
            .first()
        )
        if version is None:
            return Result(Status.NOT_MET, _("Not met while no such policy is published."))
        bound = policies.bound_staff(version.policy, r.user)
        signed = bound.filter(
            pk__in=PolicySignature.objects.filter(version=version, signed_at__date__lte=r.period.end).values("user")
        )
        url = reverse("policies:signoff", args=[version.policy.pk]) if r.user.has_perm("policies.manage_policy") else ""
        figures = [
            Figure(_("Staff bound to «%(p)s»") % {"p": version.policy}, bound.count(), url),
            Figure(_("... who signed version %(n)s") % {"n": version.number}, signed.count(), url),
        ]
        return _by_share(rule, figures)

    return measure


def _by_share(rule: str | Promise, figures: list[Figure]) -> Result:
    whole, part = figures[0].value, figures[1].value
    if not whole:
        return Result(Status.NO_ACTIVITY, rule, figures)
    share = round(100 * part / whole)
    status = Status.MET if share >= MET_SHARE else Status.AT_RISK if share >= AT_RISK_SHARE else Status.NOT_MET
    return Result(status, rule, figures, share)


def _officers_assigned(r: Reader) -> Result:
    """IN-1: every active category and every domain has a liaison officer."""
    from mustafid.accounts.models import Category, Domain
    from mustafid.liaison.models import LiaisonAssignment

    rule = _("Met when every active category and domain has a liaison officer.")
    categories = Category.objects.filter(is_active=True)
    domains = Domain.objects.filter(is_active=True)
    covered = LiaisonAssignment.objects.filter(officer__isnull=False)
    with_officer = (
        categories.filter(pk__in=covered.values("category")).count()
        + domains.filter(pk__in=covered.values("domain")).count()
    )
    url = reverse("admin:liaison_liaisonassignment_changelist") if r.user.is_staff else ""
    figures = [
        Figure(_("Categories and domains in use"), categories.count() + domains.count(), url),
        Figure(_("... with a liaison officer"), with_officer, url),
    ]
    result = _by_share(rule, figures)
    if result.share is not None and result.share < 100:
        result.status = Status.NOT_MET if result.share < AT_RISK_SHARE else Status.AT_RISK
    return result


def _access_logged(r: Reader) -> Result:
    """RL-2: views and exports of files were logged in the period (the log is written by every page that shows them)."""
    from mustafid.audit.models import AccessLog

    rule = _("Met when the access log was written in the period.")
    if not r.user.has_perm("audit.view_accesslog"):
        return Result(Status.NOT_VISIBLE, rule)
    rows = AccessLog.objects.filter(at__date__gte=r.period.start, at__date__lte=r.period.end)
    figure = Figure(_("Views and exports of files logged"), rows.count(), reverse("audit:access_log"))
    return Result(Status.MET if figure.value else Status.NO_ACTIVITY, rule, [figure])


def _consented_uses(r: Reader) -> Result:
    """RL-1: a provided item is used only under an active consent (the service refuses otherwise)."""
    from mustafid.beneficiaries.models import ItemUse

    rule = _("Met when every use of a provided item in the period rests on a consent not withdrawn at the time.")
    uses = ItemUse.objects.filter(
        item__beneficiary__in=_visible_files(r.user),
        marked_at__date__gte=r.period.start,
        marked_at__date__lte=r.period.end,
    )
    ok = uses.exclude(consent__withdrawn_on__lte=F("marked_at__date"))
    return _by_share(
        rule, [Figure(_("Uses of provided items"), uses.count()), Figure(_("... with consent"), ok.count())]
    )


def _visible_files(user: Any):
    from mustafid.beneficiaries.models import Beneficiary

    return Beneficiary.objects.visible_to(user).values("pk")


def _catalogue_complete(r: Reader) -> Result:
    """TL-5: each offered service publishes its form with criteria and required documents."""
    from mustafid.services.models import Service, ServiceVersion

    rule = _("Met when every offered service has a published form with its criteria and required documents.")
    offered = Service.objects.filter(
        pk__in=ServiceVersion.objects.filter(published_at__date__lte=r.period.end).values("service")
    )
    complete = offered.filter(versions__criteria__isnull=False, versions__documents__isnull=False).distinct()
    url = reverse("services:catalogue") if r.user.has_perm("services.view_service") else ""
    return _by_share(
        rule,
        [
            Figure(_("Services with a published form"), offered.count(), url),
            Figure(_("... with criteria and documents"), complete.count(), url),
        ],
    )


def _in_period(field: str, r: Reader) -> dict[str, Any]:
    return {f"{field}__gte": r.period.start, f"{field}__lte": r.period.end}


def _document_published(kind: str) -> Measure:
    """TL-1..TL-4: the document of this kind is on the portal with a version published by the period's end."""

    def measure(r: Reader) -> Result:
        from mustafid.documents.models import Document, DocumentVersion

        rule = _("Met when the document is shown on the portal with a published version.")
        document = Document.objects.filter(kind=kind, is_public=True).order_by("pk").first()
        if document is None:
            return Result(Status.NOT_MET, rule)
        versions = DocumentVersion.objects.filter(document=document, published_at__date__lte=r.period.end)
        url = reverse("portal:document", args=[document.slug])
        figures = [
            Figure(_("Versions published by the end of the period"), versions.count(), url),
            Figure(
                _("... of which in the period"),
                versions.filter(**_in_period("published_at__date", r)).count(),
                url,
            ),
        ]
        return Result(Status.MET if figures[0].value else Status.NOT_MET, rule, figures)

    return measure


def _notices_sent(r: Reader) -> Result:
    """IN-3: change notices of published documents and of services' criteria went to the beneficiaries concerned."""
    from mustafid.documents.models import DocumentVersion
    from mustafid.notifications.models import Notification

    rule = _("Met when every change published in the period was followed by notices to those it concerns.")
    changed = DocumentVersion.objects.filter(
        number__gt=1, document__is_public=True, **_in_period("published_at__date", r)
    )
    # Counted, not read: whoever reads the report need not read the outbox; a branch's reader counts their branches'.
    notices = Notification.objects.filter(
        **_in_period("created_at__date", r), dedupe_key__regex=r"^(document|service-change):"
    )
    if not r.user.has_global_scope:
        notices = notices.filter(branch_id__in=r.user.scope_ids("branch"))
    figures = [
        Figure(_("New versions of published documents"), changed.count()),
        Figure(_("Change notices sent"), notices.count()),
    ]
    if not figures[0].value and not figures[1].value:
        return Result(Status.NO_ACTIVITY, rule, figures)
    return Result(Status.MET if figures[1].value or not figures[0].value else Status.NOT_MET, rule, figures)


def _surveyed(kinds: tuple[str, ...], rule: str | Promise, *, campaigns: bool = False) -> Measure:
    """SM-1, SM-2, SM-4: questionnaires answered in the period (and campaigns sent), in the reader's scope."""

    def measure(r: Reader) -> Result:
        from mustafid.surveys.models import Campaign, Response

        if not r.user.has_perm("surveys.view_response"):
            return Result(Status.NOT_VISIBLE, rule)
        responses = Response.objects.restrict(r.user, "view").filter(
            kind__in=kinds, **_in_period("submitted_at__date", r)
        )
        figures = []
        if campaigns:
            sent = Campaign.objects.restrict(r.user, "view").filter(**_in_period("sent_at__date", r))
            url = reverse("surveys:campaigns") if r.user.has_perm("surveys.view_campaign") else ""
            figures.append(Figure(_("Satisfaction campaigns sent"), sent.count(), url))
        figures.append(Figure(_("Questionnaires answered"), responses.count()))
        return Result(Status.MET if any(f.value for f in figures) else Status.NO_ACTIVITY, rule, figures)

    return measure


def _visits(r: Reader) -> Result:
    """SM-3: visits completed, and the corrective actions due in the period closed by their due date."""
    from mustafid.oversight.models import ActionStatus, CorrectiveAction, Visit, VisitStatus

    rule = _(
        "Met when at least %(met)s%% of the corrective actions due in the period were closed by their due date."
    ) % {"met": MET_SHARE}
    if not r.user.has_perm("oversight.view_visit"):
        return Result(Status.NOT_VISIBLE, rule)
    visits = Visit.objects.restrict(r.user, "view").filter(status=VisitStatus.COMPLETED, **_in_period("visit_on", r))
    due = CorrectiveAction.objects.restrict(r.user, "view").filter(**_in_period("due_on", r))
    on_time = due.filter(status=ActionStatus.CLOSED, closed_at__date__lte=F("due_on"))
    url = reverse("oversight:visits")
    result = _by_share(
        rule,
        [
            Figure(_("Corrective actions due"), due.count(), url),
            Figure(_("... closed by their due date"), on_time.count(), url),
        ],
    )
    result.figures.insert(0, Figure(_("Supervisory visits completed"), visits.count(), url))
    if result.status == Status.NO_ACTIVITY and visits.exists():
        result.status = Status.MET
    return result


def _reminded(r: Reader) -> Result:
    """RS-2: HR follows sign-off and reminds whoever has not signed (the reminders are in the outbox)."""
    from mustafid.notifications.models import Notification

    rule = _("Met when the staff who had not signed were reminded in the period, or everyone had signed.")
    reminders = Notification.objects.filter(dedupe_key__startswith="policy-sign:", **_in_period("created_at__date", r))
    signed = _signed_share("relations")(r)
    figures = [Figure(_("Sign-off reminders sent"), reminders.count()), *signed.figures]
    everyone = signed.share == 100
    return Result(Status.MET if reminders.exists() or everyone else Status.NOT_MET, rule, figures)


CHANNELS = _("Contact channels")
TOOLS = _("Communication tools")
DEALING = _("Dealing with beneficiaries")
COMPENSATION = _("Compensation")
COMPLAINTS = _("Complaints and disputes")
RELATIONSHIP = _("Building the relationship")
INFORMING = _("Informing beneficiaries")
SATISFACTION = _("Measuring satisfaction")
RESPONSIBILITIES = _("Responsibilities")


def _custom(measure: Measure) -> tuple[tuple[str, ...], Measure]:
    return (), measure


#: Every clause of the policy (REQUIREMENTS.md), in its order, each measured from the records of the app that holds it.
CLAUSES: list[Clause] = [
    _clause("CH-1", CHANNELS, _("In-person interviews"), _used("contacts_interview")),
    _clause(
        "CH-2",
        CHANNELS,
        _("Incoming letters are registered with a number and scanned"),
        _share("contacts_letter_in_registered", "contacts_letter_in"),
    ),
    _clause("CH-3", CHANNELS, _("Phone calls are logged"), _used("contacts_phone")),
    _clause(
        "CH-4",
        CHANNELS,
        _("Received faxes are registered with the scanned image"),
        _share("contacts_fax_in_scanned", "contacts_fax_in", "complaints_by_fax", "complaints_by_fax_scanned"),
    ),
    _clause("CH-5", CHANNELS, _("The website and email"), _used("contacts_web_email", "complaints_on_portal")),
    _clause("CH-6", CHANNELS, _("Volunteer service"), _used("contacts_volunteer")),
    _clause("TL-1", TOOLS, _("The bylaws"), _custom(_document_published("bylaws"))),
    _clause(
        "TL-2", TOOLS, _("The policy for implementing partners and parties"), _custom(_document_published("partners"))
    ),
    _clause("TL-3", TOOLS, _("The volunteer management policy"), _custom(_document_published("volunteers"))),
    _clause("TL-4", TOOLS, _("The aid disbursement policy"), _custom(_document_published("aid"))),
    _clause(
        "TL-5", TOOLS, _("The service request form, its criteria and required documents"), _custom(_catalogue_complete)
    ),
    _clause(
        "HD-1",
        DEALING,
        _("Each inquiry is answered, and the answer kept"),
        _share("inquiries_answered_on_time", "inquiries_answered", "inquiries_answered_late"),
    ),
    _clause(
        "HD-2",
        DEALING,
        _("A request is received complete, with the service's checklist"),
        _share("requests_with_receipt", "requests_received", "requests_without_receipt"),
    ),
    _clause(
        "HD-3",
        DEALING,
        _("Completeness is verified before the beneficiary leaves"),
        _share("requests_complete_documents", "requests_received"),
    ),
    _clause(
        "HD-4",
        DEALING,
        _("The beneficiary attests that the data is correct and signs"),
        _share("requests_attested", "requests_received"),
    ),
    _clause(
        "HD-5",
        DEALING,
        _("The beneficiary is told that the committee will study the request, through the agreed channel"),
        _share("requests_told", "requests_received"),
    ),
    _clause(
        "HD-6",
        DEALING,
        _("The reply is sent within 15 working days of completion"),
        _share("requests_on_time", "requests_replied", "requests_late"),
    ),
    _clause(
        "CP-1",
        COMPENSATION,
        _("No compensation without the society's fault established"),
        _share("claims_fault_proved", "claims_past_fault"),
    ),
    _clause(
        "CP-2",
        COMPENSATION,
        _("A dated minute of the investigation committee, approved by its members"),
        _used("claims_by_minute"),
    ),
    _clause(
        "CP-3",
        COMPENSATION,
        _("A judicial ruling or a final decision of the dispute authority"),
        _used("claims_by_ruling"),
    ),
    _clause(
        "CP-4",
        COMPENSATION,
        _("The amount is negotiated and paid after a settlement the beneficiary signs"),
        _share("claims_paid_signed", "claims_paid"),
    ),
    _clause(
        "CM-1",
        COMPLAINTS,
        _("Complaints are handled quickly, within their deadlines"),
        _share("complaints_closed_on_time", "complaints_closed", "complaints_closed_late", "complaints_on_portal"),
    ),
    _clause(
        "CM-2",
        COMPLAINTS,
        _("Technical support requests are received and answered"),
        _share("support_answered", "support_received"),
    ),
    _clause(
        "CM-3",
        COMPLAINTS,
        _("Disputes are settled amicably where possible"),
        _used("complaints_settled", "complaints_to_claims"),
    ),
    _clause("RL-1", RELATIONSHIP, _("Beneficiaries' intellectual property is respected"), _custom(_consented_uses)),
    _clause("RL-2", RELATIONSHIP, _("Privacy and confidentiality"), _custom(_access_logged)),
    _clause(
        "RL-3",
        RELATIONSHIP,
        _("Approved aid is delivered when due"),
        _share("instalments_delivered", "instalments_due", "instalments_late"),
    ),
    _clause("RL-4", RELATIONSHIP, _("The code of ethics binds staff"), _custom(_signed_share("ethics"))),
    _clause("IN-1", INFORMING, _("A liaison officer for each category and domain"), _custom(_officers_assigned)),
    _clause("IN-2", INFORMING, _("Channels for inquiries and information"), _used("inquiries_received")),
    _clause("IN-3", INFORMING, _("Changes are published and affected beneficiaries told"), _custom(_notices_sent)),
    _clause(
        "SM-1",
        SATISFACTION,
        _("Periodic satisfaction questionnaires"),
        _custom(
            _surveyed(
                ("campaign",), _("Met when a satisfaction campaign was sent or answered in the period."), campaigns=True
            )
        ),
    ),
    _clause(
        "SM-2",
        SATISFACTION,
        _("Field surveys"),
        _custom(_surveyed(("field_survey",), _("Met when field surveys were made in the period."))),
    ),
    _clause("SM-3", SATISFACTION, _("Supervisory visits to offices"), _custom(_visits)),
    _clause(
        "SM-4",
        SATISFACTION,
        _("Interviews"),
        _custom(_surveyed(("interview",), _("Met when structured interviews were recorded in the period."))),
    ),
    _clause(
        "SM-5",
        SATISFACTION,
        _("Senior management follows the complaints and inquiries"),
        _share("inquiries_answered_on_time", "inquiries_answered", "complaints_closed_late"),
    ),
    _clause(
        "SM-6",
        SATISFACTION,
        _("Senior management oversees the liaison officers"),
        _used("inquiries_answered"),
    ),
    _clause(
        "RS-1",
        RESPONSIBILITIES,
        _("Every staff member reads and signs this policy"),
        _custom(_signed_share("relations")),
    ),
    _clause("RS-2", RESPONSIBILITIES, _("HR spreads the policy and tracks sign-off"), _custom(_reminded)),
]


def report(user: Any, period: Period, branch_id: int | None = None) -> list[tuple[Clause, Result]]:
    """Every clause with its status and figures, for the reader's scope."""
    reader = Reader(user, period, branch_id)
    reader.prefetch(sorted({k for c in CLAUSES for k in c.keys}))
    return [(clause, clause.measure(reader)) for clause in CLAUSES]
