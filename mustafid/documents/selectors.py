"""Reads of the society's published documents (TL-1..TL-4): for the staff who publish, and the public."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery

from .models import Document, DocumentVersion


def current_versions() -> QuerySet[DocumentVersion]:
    """The version in force of each document: its latest published one."""
    latest = DocumentVersion.objects.filter(document=OuterRef("document")).order_by("-number").values("pk")[:1]
    return DocumentVersion.objects.filter(pk=Subquery(latest)).select_related("document")


def document_list() -> list[dict[str, Any]]:
    """Each document with its version in force and its number of versions (the publishers' page).

    Two queries: a society publishes a handful of documents, not hundreds.
    """
    current = {v.document_id: v for v in current_versions().defer("body")}
    documents = Document.objects.annotate(version_count=Count("versions")).order_by("title")
    return [{"document": d, "version": current.get(d.pk)} for d in documents]


def public_documents() -> QuerySet[DocumentVersion]:
    """The version in force of each document shown on the portal."""
    return current_versions().filter(document__is_public=True).defer("body").order_by("document__title")


def public_document(slug: str) -> Document | None:
    return Document.objects.filter(slug=slug, is_public=True, versions__isnull=False).distinct().first()


@dataclass(frozen=True)
class Line:
    """One paragraph of a comparison: kept, added or removed."""

    change: str  # "same", "added", "removed"
    text: str


def compare(older: DocumentVersion | None, newer: DocumentVersion) -> list[Line]:
    """What changed between two versions, paragraph by paragraph (IN-3: the portal shows it)."""
    before = older.paragraphs() if older is not None else []
    after = newer.paragraphs()
    lines: list[Line] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            lines += [Line("same", text) for text in before[a1:a2]]
            continue
        lines += [Line("removed", text) for text in before[a1:a2]]
        lines += [Line("added", text) for text in after[b1:b2]]
    return lines
