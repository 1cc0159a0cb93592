"""Reads about staff policies and their sign-off (RS-1, RS-2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from mustafid.accounts.models import User
from mustafid.accounts.roles import role_label
from mustafid.core.home import HomeItem, HomeSection

from .models import Policy, PolicySignature, PolicyVersion


def current_versions() -> QuerySet[PolicyVersion]:
    """The version in force of each policy in force: its latest published one."""
    latest = PolicyVersion.objects.filter(policy=OuterRef("policy")).order_by("-number").values("pk")[:1]
    return (
        PolicyVersion.objects.filter(policy__is_active=True, pk=Subquery(latest))
        .select_related("policy")
        .order_by("policy__title")
    )


def _binding(user: User) -> Q:
    return Q(policy__required_of_all=True) | Q(policy__required_roles__in=user.groups.all())


def required_of(user: User) -> QuerySet[PolicyVersion]:
    """The versions in force ``user`` must sign, by their roles (RS-1)."""
    return current_versions().filter(_binding(user)).distinct()


def unsigned_of(user: User) -> QuerySet[PolicyVersion]:
    """What ``user`` still has to sign: a new version of a policy they signed is unsigned again."""
    return required_of(user).exclude(signatures__user=user)


def my_policies(user: User) -> list[dict[str, Any]]:
    """Every policy in force, with whether it binds ``user`` and their signature of its current version."""
    bound = set(required_of(user).values_list("pk", flat=True))
    signed = {s.version_id: s for s in PolicySignature.objects.filter(user=user, version__policy__is_active=True)}
    rows = [
        {"version": v, "required": v.pk in bound, "signature": signed.get(v.pk)}
        for v in current_versions().only("pk", "number", "published_at", "policy__title", "policy__kind")
    ]
    # What is still to sign first, as the person reads down the page.
    return sorted(rows, key=lambda r: (r["signature"] is not None, not r["required"]))


def staff_seen_by(viewer: User | None) -> QuerySet[User]:
    """The active staff whose sign-off ``viewer`` follows: all of them, or those of the viewer's branches.

    ``None`` is the scheduled reminder's sight: it is no one's page, and reaches every active staff member.
    """
    staff = User.objects.filter(is_active=True)
    if viewer is None or viewer.has_global_scope:
        return staff
    return staff.filter(branches__in=viewer.scope_ids("branch")).distinct()


def bound_staff(policy: Policy, viewer: User | None) -> QuerySet[User]:
    """The staff, within the viewer's sight, who must sign ``policy``."""
    staff = staff_seen_by(viewer)
    if policy.required_of_all:
        return staff
    return staff.filter(groups__in=policy.required_roles.all()).distinct()


@dataclass(frozen=True)
class RoleSignoff:
    role: str
    required: int
    signed: int

    @property
    def share(self) -> int:
        return round(100 * self.signed / self.required) if self.required else 100


def signoff(version: PolicyVersion, viewer: User) -> dict[str, Any]:
    """Who signed ``version`` and who has not, per person and per role (RS-2), within the viewer's sight.

    Three queries whatever the staff count: the people with their signature
    time, their roles, and the roles' names.
    """
    signed_at = PolicySignature.objects.filter(version=version, user=OuterRef("pk")).values("signed_at")[:1]
    people = list(
        bound_staff(version.policy, viewer)
        .annotate(signed_at=Subquery(signed_at))
        .only("pk", "full_name", "email")
        .prefetch_related("groups")
        .order_by("full_name", "pk")
    )
    per_role: dict[str, list[int]] = {}
    for person in people:
        codes = [g.name for g in person.groups.all()] or [""]
        person.role_names = [role_label(c) for c in codes if c]  # type: ignore[attr-defined]
        for code in codes:
            counts = per_role.setdefault(code, [0, 0])
            counts[0] += 1
            counts[1] += person.signed_at is not None
    roles = [
        RoleSignoff(role=role_label(code) if code else _("Without a role"), required=req, signed=done)
        for code, (req, done) in sorted(per_role.items())
    ]
    signed = sum(1 for p in people if p.signed_at is not None)
    return {
        "people": people,
        "roles": roles,
        "required": len(people),
        "signed": signed,
        "share": round(100 * signed / len(people)) if people else 100,
    }


def policy_list(viewer: User) -> list[dict[str, Any]]:
    """Each policy with its version in force and how many of the bound staff signed it (HR's page).

    Two counts per policy: a society has a handful of policies, not hundreds.
    """
    current = {v.policy_id: v for v in current_versions()}
    rows = []
    for policy in Policy.objects.prefetch_related("required_roles"):
        version = current.get(policy.pk)
        required = signed = 0
        if version is not None and policy.is_active:
            bound = bound_staff(policy, viewer)
            required = bound.count()
            signed = bound.filter(policy_signatures__version=version).count()
        share = round(100 * signed / required) if required else None
        who = [role_label(g.name) for g in policy.required_roles.all()]
        rows.append(
            {"policy": policy, "version": version, "required": required, "signed": signed, "share": share, "roles": who}
        )
    return rows


def roles() -> QuerySet[Group]:
    return Group.objects.order_by("name")


def home_section(user: Any, today: date) -> HomeSection | None:
    """The staff home page: the policies this person has still to sign (RS-1)."""
    pending = list(unsigned_of(user)[:5])
    if not pending:
        return None
    return HomeSection(
        key="policies",
        title=_("Policies to read and sign"),
        icon="pen",
        count=unsigned_of(user).count(),
        url=reverse("policies:mine"),
        items=[
            HomeItem(
                label=str(v.policy),
                url=reverse("policies:read", args=[v.pk]),
                meta=_("Version %(n)s") % {"n": v.number},
                tone="warning",
            )
            for v in pending
        ],
        order=5,
    )
