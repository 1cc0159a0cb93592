"""Workflows declared once: states, actions, and who may take them.

Every case that moves through stages (a service request, a committee
meeting, an aid instalment, and later complaints, claims, surveys and
breaches) declares its workflow in one table beside its model::

    REQUEST_FLOW = Workflow(
        model="requests.ServiceRequest",
        states=[State(Status.DRAFT, tone="secondary"), ...],
        actions=[Action("complete", _("Register as complete"), "requests.complete_servicerequest",
                        moves={Status.DRAFT: Status.COMPLETE}), ...],
        groups={"clock_running": {...}},
    )

For each action the table says the states it may start from and the state
each leads to (``moves``), and the permission it needs. The services call
``flow.start(action, obj, by=user)`` before they write, and ``flow.move``
to take the step: a step the table does not allow is refused with the same
translated error everywhere. Pages ask ``flow.available(user, obj)`` for
their buttons, worklists and the portal read ``flow.group(...)`` for their
status groups, and badges read ``flow.tone(status)``: nothing restates the
table.

``core`` imports no app: a workflow names its model by label and is found
by that label (``workflow_for``), so a template filter can draw the badge
of any case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    # Annotations only: like ``.models`` below, a models module is not imported at import time here.
    from django.contrib.auth.base_user import AbstractBaseUser

#: Bootstrap contextual colours a badge may take.
TONES = frozenset({"primary", "secondary", "success", "danger", "warning", "info", "light", "dark"})


@dataclass(frozen=True)
class State:
    value: str
    #: the badge's colour wherever the state is shown, staff pages and portal alike.
    tone: str = "info"
    #: a final state: nothing leaves it.
    final: bool = False

    def __post_init__(self) -> None:
        if self.tone not in TONES:
            raise ValueError(f"unknown tone {self.tone!r} for state {self.value!r}")


@dataclass(frozen=True)
class Action:
    name: str
    label: str | Promise
    #: "app_label.codename" the actor needs; None when another check stands for it
    #: (the beneficiary on the portal, identified by their one-time code).
    permission: str | None
    #: source state -> the state the action leads to (the same state: it stays).
    moves: Mapping[str, str] = field(default_factory=dict)

    @property
    def sources(self) -> frozenset[str]:
        return frozenset(self.moves)


@dataclass(frozen=True)
class HistoryStep:
    """One step a case took, as its page shows it: the action's label and the state it led to."""

    label: str | Promise
    to_label: str
    #: None when the beneficiary took the step on the portal.
    by: AbstractBaseUser | None
    at: datetime
    note: str


class Workflow:
    def __init__(
        self,
        *,
        model: str,
        states: Iterable[State],
        actions: Iterable[Action],
        initial: str,
        groups: Mapping[str, Iterable[str]] | None = None,
        field: str = "status",
    ) -> None:
        self.model = model.lower()
        self.field = field
        self.states: dict[str, State] = {s.value: s for s in states}
        self.actions: dict[str, Action] = {a.name: a for a in actions}
        self.initial = initial
        self.groups: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in (groups or {}).items()}
        self._check()
        _REGISTRY[self.model] = self

    def _check(self) -> None:
        """A table that names an unknown state or leaves a final state is a programming error."""
        known = set(self.states)
        if self.initial not in known:
            raise ValueError(f"{self.model}: unknown initial state {self.initial!r}")
        for action in self.actions.values():
            for source, target in action.moves.items():
                if source not in known or target not in known:
                    raise ValueError(f"{self.model}.{action.name}: unknown state in {source!r} -> {target!r}")
                if self.states[source].final:
                    raise ValueError(f"{self.model}.{action.name}: leaves the final state {source!r}")
        for name, members in self.groups.items():
            if not members <= known:
                raise ValueError(f"{self.model}: group {name!r} names unknown states {members - known}")

    # --- reading the table -------------------------------------------------

    def state_of(self, obj: models.Model) -> str:
        return getattr(obj, self.field)

    def group(self, name: str) -> frozenset[str]:
        return self.groups[name]

    def tone(self, state: str) -> str:
        found = self.states.get(state)
        return found.tone if found else "secondary"

    def allows(self, action: str, state: str) -> bool:
        return state in self.actions[action].moves

    def permitted(self, user: Any, action: str) -> bool:
        permission = self.actions[action].permission
        return permission is None or bool(user is not None and user.has_perm(permission))

    def available(self, user: Any, obj: models.Model) -> dict[str, bool]:
        """For each action, whether ``user`` may take it on ``obj`` now: the page's buttons."""
        state = self.state_of(obj)
        return {name: self.allows(name, state) and self.permitted(user, name) for name in self.actions}

    def reachable(self) -> set[str]:
        """The states some sequence of actions reaches from the initial state."""
        seen, todo = {self.initial}, [self.initial]
        while todo:
            state = todo.pop()
            for action in self.actions.values():
                target = action.moves.get(state)
                if target is not None and target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    # --- enforcing it -----------------------------------------------------------

    def _label(self, obj: models.Model, state: str) -> str:
        status_field = obj._meta.get_field(self.field)
        return str(dict(status_field.flatchoices).get(state, state))  # type: ignore[union-attr]

    def refuse(self, action: str, obj: models.Model) -> ValidationError:
        return ValidationError(
            _("This step (“%(action)s”) is not possible while the %(case)s is “%(state)s”.")
            % {
                "action": self.actions[action].label,
                "case": obj._meta.verbose_name,
                "state": self._label(obj, self.state_of(obj)),
            },
            code="bad_transition",
        )

    def start(self, action: str, obj: models.Model, *, by: Any = None, check_permission: bool = True) -> None:
        """Refuse ``action`` on ``obj`` now: PermissionDenied without the permission, then the state.

        The permission is checked first, so a role that may never take the
        step learns nothing of the case's state.
        """
        if check_permission and not self.permitted(by, action):
            raise PermissionDenied
        if not self.allows(action, self.state_of(obj)):
            raise self.refuse(action, obj)

    def move(self, action: str, obj: models.Model, *, by: Any = None, note: str = "") -> str:
        """Put ``obj`` in the state ``action`` leads to and write the step on its history.

        The caller saves ``obj`` in the same transaction. Returns the state it left.
        """
        from django.contrib.contenttypes.models import ContentType

        from .models import WorkflowEvent

        source = self.state_of(obj)
        if not self.allows(action, source):
            raise self.refuse(action, obj)
        target = self.actions[action].moves[source]
        setattr(obj, self.field, target)
        WorkflowEvent.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
            action=action,
            from_state=source,
            to_state=target,
            by=by if getattr(by, "is_authenticated", False) else None,
            note=note,
        )
        return source

    def history(self, obj: models.Model) -> list[HistoryStep]:
        """The steps ``obj`` took, oldest first, each with its action's label."""
        from django.contrib.contenttypes.models import ContentType

        from .models import WorkflowEvent

        events = WorkflowEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
        ).select_related("by")
        steps = []
        for event in events:
            known = self.actions.get(event.action)
            steps.append(
                HistoryStep(
                    label=known.label if known else event.action,
                    to_label=self._label(obj, event.to_state),
                    by=event.by,
                    at=event.at,
                    note=event.note,
                )
            )
        return steps


_REGISTRY: dict[str, Workflow] = {}


def workflow_for(obj_or_label: models.Model | type[models.Model] | str) -> Workflow | None:
    """The workflow declared for a model (instance, class or ``app_label.ModelName``)."""
    if isinstance(obj_or_label, str):
        return _REGISTRY.get(obj_or_label.lower())
    return _REGISTRY.get(obj_or_label._meta.label_lower)


def registered_workflows() -> list[Workflow]:
    return list(_REGISTRY.values())
