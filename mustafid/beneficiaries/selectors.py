"""Reads of beneficiary files, always through the user's scope (RL-2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from mustafid.core.arabic import normalize, normalize_digits
from mustafid.core.crypto import blind_index
from mustafid.core.phones import phone_or_none
from mustafid.core.validators import clean_national_id

from .models import PHONE_INDEX, Beneficiary, BeneficiaryQuerySet

PAGE_SIZE = 25
MASK = "••••••••"
# The SQLite trigram table created by migration 0002 (PostgreSQL uses pg_trgm).
SQLITE_FTS_TABLE = "beneficiaries_name_fts"


def _name_filter(qs: BeneficiaryQuerySet, query: str) -> BeneficiaryQuerySet:
    """Every word of the query appears in the normalised name, in any order.

    PostgreSQL answers ``LIKE '%word%'`` from the trigram index; SQLite from
    its FTS5 trigram table (words of three letters or more).
    """
    words = list(dict.fromkeys(normalize(query).split()))  # a repeated word misleads the planner
    long_words = [w for w in words if len(w) >= 3]
    if connection.vendor == "sqlite" and long_words:
        match = " AND ".join('"{}"'.format(w.replace('"', "")) for w in long_words)
        qs = qs.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {SQLITE_FTS_TABLE} WHERE {SQLITE_FTS_TABLE} MATCH %s", [match])  # noqa: S608, S611 - the table name is ours, the query is a parameter
        )
        words = [w for w in words if len(w) < 3]
    for word in words:
        qs = qs.filter(name_search__contains=word)
    return qs


def search(qs: BeneficiaryQuerySet, query: str) -> BeneficiaryQuerySet:
    """Name in any spelling, or national ID / phone in any digit form."""
    query = (query or "").strip()
    if not query:
        return qs
    compact = normalize_digits(query).replace(" ", "").replace("-", "")
    if compact.lstrip("+").isdigit():
        national_id = clean_national_id(compact)
        if len(national_id) == 10 and national_id[0] in "12":
            return qs.by_national_id(national_id)
        phone = phone_or_none(compact)
        return qs.by_phone(phone) if phone else qs.none()
    return _name_filter(qs, query)


@dataclass
class Page:
    rows: list[Beneficiary]
    next_after: int | None


def beneficiary_page(user: Any, *, query: str = "", after: int | None = None, size: int = PAGE_SIZE) -> Page:
    """One page of the list, newest first, by keyset (``id < after``): no COUNT of the table."""
    qs = search(Beneficiary.objects.restrict(user, "view"), query).select_related("branch", "category")
    if after:
        qs = qs.filter(pk__lt=after)
    rows = list(qs.order_by("-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows=rows, next_after=rows[-1].pk if more and rows else None)


def get_beneficiary(user: Any, pk: int, action: str = "view") -> Beneficiary:
    try:
        return (
            Beneficiary.objects.restrict(user, action)
            .select_related("branch", "category", "created_by")
            .prefetch_related("domains")
            .get(pk=pk)
        )
    except Beneficiary.DoesNotExist as exc:
        raise Http404 from exc


def possible_duplicates(*, full_name: str, phone: str, exclude_pk: int | None = None) -> list[Beneficiary]:
    """Files with the same phone whose name shares at least two words (or is the same)."""
    same_phone = Beneficiary.objects.filter(phone_hash=blind_index(phone, PHONE_INDEX))
    if exclude_pk:
        same_phone = same_phone.exclude(pk=exclude_pk)
    words = set(normalize(full_name).split())
    found = []
    for candidate in same_phone[:20]:
        theirs = set(candidate.name_search.split())
        if theirs == words or len(theirs & words) >= min(2, len(words)):
            found.append(candidate)
    return found


def can_see_sensitive(user: Any) -> bool:
    return bool(user.has_perm("beneficiaries.view_sensitive"))


def can_see_documents(user: Any) -> bool:
    """The one rule for a beneficiary's papers, wherever they hang: the file, a request, a contact (issue 9.2)."""
    return bool(user.has_perm("beneficiaries.view_beneficiarydocument"))


def require_documents(user: Any) -> None:
    if not can_see_documents(user):
        raise PermissionDenied


class Presented:
    """A beneficiary as a given user may read it: sensitive values masked unless allowed."""

    def __init__(self, beneficiary: Beneficiary, user: Any):
        self.obj = beneficiary
        self.sensitive_allowed = can_see_sensitive(user)

    def __getattr__(self, name: str):
        if name in Beneficiary.SENSITIVE_FIELDS and not self.sensitive_allowed:
            return MASK
        return getattr(self.obj, name)

    @property
    def phone_local(self) -> str:
        """``0551234567``: how staff read and dial a Saudi number."""
        if not self.sensitive_allowed:
            return MASK
        phone = self.obj.phone or ""
        return "0" + phone[4:] if phone.startswith("+966") else phone


def present(beneficiary: Beneficiary, user: Any) -> Presented:
    return Presented(beneficiary, user)


def visible_beneficiaries(user: Any, action: str = "view") -> QuerySet[Beneficiary, dict[str, Any]]:
    """For ``beneficiary__in=`` filters of related records (a subquery, no extra round trip)."""
    return Beneficiary.objects.restrict(user, action).values("pk")


def file_sections(beneficiary: Beneficiary, user: Any) -> dict:
    """The parts of the file page, each one query whatever its size (bounded lists)."""
    from django.db.models import Prefetch

    from .models import Consent, CorrectionRequest, HouseholdMember, ProvidedItem

    sections: dict = {
        "household": list(HouseholdMember.objects.filter(beneficiary=beneficiary)[:50]),
        "can_edit": user.has_perm("beneficiaries.change_beneficiary"),
        "can_add_member": user.has_perm("beneficiaries.add_householdmember"),
        "can_see_documents": can_see_documents(user),
        "can_add_document": user.has_perm("beneficiaries.add_beneficiarydocument"),
        "can_manage_items": user.has_perm("beneficiaries.add_provideditem"),
        "can_export": user.has_perm("beneficiaries.export_beneficiary") and can_see_sensitive(user),
        "can_correct": user.has_perm("beneficiaries.add_correctionrequest"),
        "can_see_access": user.has_perm("audit.view_accesslog"),
    }
    if sections["can_see_documents"]:
        sections["documents"] = list(beneficiary.documents.select_related("uploaded_by")[:50])
    if user.has_perm("beneficiaries.view_provideditem"):
        sections["items"] = list(
            ProvidedItem.objects.filter(beneficiary=beneficiary).prefetch_related(
                Prefetch("consents", queryset=Consent.objects.order_by("-granted_on")), "uses"
            )[:50]
        )
    if user.has_perm("beneficiaries.view_correctionrequest"):
        sections["corrections"] = list(CorrectionRequest.objects.filter(beneficiary=beneficiary)[:20])
    return sections
