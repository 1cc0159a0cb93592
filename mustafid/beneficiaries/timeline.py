"""One timeline of everything that happened with a beneficiary.

The beneficiaries app knows nothing of contacts, requests or complaints:
each app that has something to show registers a source, a function
``(beneficiary, user, limit) -> list[TimelineEntry]`` that reads only what
the user may see with a bounded number of queries. The page merges them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .models import Beneficiary


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # a translated label: "Phone call", "Service request", ...
    title: str
    icon: str = "chat-dots"
    body: str = ""
    meta: list[str] = field(default_factory=list)
    url: str | None = None
    badge: str | None = None


TimelineSource = Callable[[Beneficiary, Any, int], list[TimelineEntry]]
_SOURCES: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def timeline(beneficiary: Beneficiary, user: Any, *, limit: int = 50) -> list[TimelineEntry]:
    """The newest ``limit`` entries from every source, newest first."""
    entries: list[TimelineEntry] = []
    for source in _SOURCES:
        entries.extend(source(beneficiary, user, limit))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


@dataclass(frozen=True)
class FileAction:
    """A link offered on the beneficiary page by another app (record a contact, file a request...)."""

    group: str  # menu heading, translated
    label: str
    url: str
    icon: str = "plus"


FileActionSource = Callable[[Beneficiary, Any], list[FileAction]]
_ACTION_SOURCES: list[FileActionSource] = []


def register_file_actions(source: FileActionSource) -> None:
    if source not in _ACTION_SOURCES:
        _ACTION_SOURCES.append(source)


def file_actions(beneficiary: Beneficiary, user: Any) -> dict[str, list[FileAction]]:
    """The actions the user may take on this file, grouped by menu."""
    groups: dict[str, list[FileAction]] = {}
    for source in _ACTION_SOURCES:
        for action in source(beneficiary, user):
            groups.setdefault(action.group, []).append(action)
    return groups
