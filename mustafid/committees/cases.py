"""The kinds of case a committee decides on: a small registry (RL-4, CM-1, CP-2).

The policy has three committees: the competent committee decides service
requests, the follow-up committee complaints, and the investigation and
follow-up committee compensation claims. Quorum, conflict of interest
declarations, votes, the minute and its approval are the same for every
kind of case, so they live here; what a case *is* lives in its own app,
which registers a ``CaseType`` in its ``AppConfig.ready()``::

    from mustafid.committees.cases import register_case_type
    register_case_type(ServiceRequestCase())

``committees`` imports no case app: an agenda item names its case by
content type and id, and asks the registry how to show it and what the
committee's decision does to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class CaseCard:
    """How a case appears on an agenda, a meeting page and a minute (no sensitive value)."""

    reference: str
    title: str
    subject: str  # whom the case is about (the beneficiary's or complainant's name)
    subject_number: str = ""
    url: str = ""
    #: (label, value) rows the members read before they vote: service, recommendation, due date...
    facts: Sequence[tuple[str, str]] = field(default_factory=tuple)
    #: (label, value) rows of what the committee decided, once it did.
    outcome: Sequence[tuple[str, str]] = field(default_factory=tuple)


class CaseType:
    """What a case app tells the committees about its cases. Subclass and register one per model."""

    #: ``app_label.modelname`` of the case model.
    model: str = ""
    #: ``Committee.Kind`` value of the committee that decides these cases.
    committee_kind: str = ""
    #: the committee's possible decisions (the record: "Approved").
    decision_choices: Sequence[tuple[str, str | Promise]] = ()
    #: the members' votes, one per decision with the same values (the act: "Approve").
    vote_choices: Sequence[tuple[str, str | Promise]] = ()
    #: decisions that need an amount (approval of aid, of a compensation).
    decisions_with_amount: frozenset[str] = frozenset()
    #: what that amount is, on the decision form and the minute: the aid approved for a request,
    #: the compensation for a claim; each case type names it in its own words.
    amount_label: str | Promise = gettext_lazy("Approved amount (SAR)")
    verbose_name: str | Promise = ""
    #: whether a member who declared a conflict of interest on such a case may still approve the minute
    #: (CP-2: not for a compensation claim, whose fault the approved minute establishes).
    conflicted_may_approve_minute: bool = True

    def model_class(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model)

    def reference(self, case: Any) -> str:
        """The case's number as people quote it (REQ-2026-000042)."""
        return str(case)

    def card_queryset(self) -> models.QuerySet:
        """The case rows with what ``card`` reads joined in (one query for a whole agenda)."""
        return self.model_class()._default_manager.all()

    def waiting(self, committee: Any) -> models.QuerySet:
        """Cases ready for ``committee``'s agenda (not yet filtered by agendas)."""
        raise NotImplementedError

    def refusal(self, case: Any, committee: Any) -> str | None:
        """Why ``case`` cannot go on ``committee``'s agenda now, or None."""
        raise NotImplementedError

    def card(self, case: Any, user: Any) -> CaseCard:
        raise NotImplementedError

    def is_withdrawn(self, case: Any) -> bool:
        """The case left the committee's hands without a decision (withdrawn by the beneficiary)."""
        return False

    def decide(
        self, *, by: Any, case: Any, decision: str, reasons: str, amount: Decimal | None, decided_on: date
    ) -> None:
        """Write the committee's decision on the case (the case app's own service)."""
        raise NotImplementedError

    def send_back(self, *, by: Any, case: Any, reason: str) -> None:
        """The committee sends the case back for more study, saying why."""
        raise NotImplementedError

    def subjects(self, case: Any) -> Iterable[models.Model]:
        """The files a minute naming this case reveals (each gets an access log line, RL-2)."""
        return ()

    def choice_label(self, value: str) -> str:
        """A vote's label."""
        return str(dict(self.vote_choices or self.decision_choices).get(value, value))


_TYPES: dict[str, CaseType] = {}


def register_case_type(case_type: CaseType) -> None:
    _TYPES[case_type.model.lower()] = case_type


def case_type_of(case_or_label: models.Model | str) -> CaseType:
    label = case_or_label if isinstance(case_or_label, str) else case_or_label._meta.label_lower
    try:
        return _TYPES[label.lower()]
    except KeyError as exc:
        raise LookupError(f"no committee case type is registered for {label}") from exc


def case_types_for(committee_kind: str) -> list[CaseType]:
    return [t for t in _TYPES.values() if t.committee_kind == committee_kind]


def registered_case_types() -> list[CaseType]:
    return list(_TYPES.values())
