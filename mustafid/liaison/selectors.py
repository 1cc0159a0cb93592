"""Reads of the liaison officers: routing (IN-1) and what the portal shows (IN-2).

``officer_for`` is the public interface complaints and inquiries route
through; keep its signature.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from mustafid.accounts.models import Category, Domain
from mustafid.accounts.roles import Role

from .models import LiaisonAssignment, OfficerProfile

if TYPE_CHECKING:
    from mustafid.accounts.models import User


def _available(user: User | None, day: datetime.date) -> bool:
    """Can take work on ``day``: an active account that still holds the role, and not absent.

    An account deactivated, or a role withdrawn, after the assignment was made
    must not keep receiving beneficiaries' messages nobody will read.
    """
    if user is None or not user.is_active or not user.has_role(Role.LIAISON_OFFICER):
        return False
    profile = OfficerProfile.objects.filter(user=user).first()
    return profile is None or not profile.is_absent_on(day)


def _serving(assignment: LiaisonAssignment | None, day: datetime.date) -> User | None:
    if assignment is None:
        return None
    for person in (assignment.officer, assignment.fallback):
        if _available(person, day):
            return person
    return None


def _assignment(**subject: Any) -> LiaisonAssignment | None:
    return LiaisonAssignment.objects.select_related("officer", "fallback").filter(**subject).first()


def officer_for(
    *, category: Category | None = None, domain: Domain | None = None, on: datetime.date | None = None
) -> User | None:
    """The officer who takes an inquiry or complaint about ``category`` and ``domain`` on ``on`` (today).

    The category's officer first (the beneficiary is known by their category
    before the subject's domain), then the domain's; within each, the fallback
    when the officer is absent or unavailable. None when nobody is available:
    the caller then leaves the case in its unassigned queue.
    """
    day = on or timezone.localdate()
    for subject in ({"category": category}, {"domain": domain}):
        if next(iter(subject.values())) is None:
            continue
        person = _serving(_assignment(**subject), day)
        if person is not None:
            return person
    return None


@dataclass(frozen=True)
class OfficerCard:
    """What the portal may show of an officer: a name and the society's work contacts, nothing personal.

    Both names and the category or domain served are kept, not words of one
    language: the page shows each in its reader's language (``local_name``).
    """

    name: str
    name_en: str
    serves: Category | Domain
    work_phone: str
    work_email: str


def officers_of(beneficiary: Any, *, on: datetime.date | None = None) -> list[OfficerCard]:
    """The officers serving ``beneficiary`` today: their category's, then one per domain, each person once."""
    day = on or timezone.localdate()
    subjects: list[Category | Domain] = [beneficiary.category, *beneficiary.domains.order_by("name")]
    cards: list[OfficerCard] = []
    seen: set[int] = set()
    for subject in subjects:
        key = "category" if isinstance(subject, Category) else "domain"
        person = _serving(_assignment(**{key: subject}), day)
        if person is None or person.pk in seen:
            continue
        seen.add(person.pk)
        profile = OfficerProfile.objects.filter(user=person).first()
        cards.append(
            OfficerCard(
                name=person.get_full_name(),
                name_en=profile.name_en if profile else "",
                serves=subject,
                work_phone=profile.work_phone if profile else "",
                work_email=profile.work_email if profile else "",
            )
        )
    return cards
