"""The staff home page's sections: what is each person's today (issue 10.1).

``core`` imports no app, so each app that has work to show registers a
source, a function ``(user, today) -> HomeSection | None``, in its
``AppConfig.ready()``. A source returns None when the user may not open
the page it leads to: nobody sees a section they may not follow. Each
reads with a bounded number of queries, whatever the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: how many rows a section shows; its count says how many there are.
HOME_ROWS = 5


@dataclass(frozen=True)
class HomeItem:
    label: str
    url: str
    meta: str = ""
    #: "danger" for overdue, "warning" for due today or soon; "" otherwise.
    tone: str = ""


@dataclass(frozen=True)
class HomeSection:
    key: str
    title: str
    icon: str
    count: int
    #: the full list the section comes from.
    url: str
    items: list[HomeItem] = field(default_factory=list)
    #: where the section stands on the page (lower first).
    order: int = 50


HomeSource = Callable[[Any, date], "HomeSection | list[HomeSection] | None"]
_SOURCES: list[HomeSource] = []


def register_home_section(source: HomeSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def home_sections(user: Any, today: date) -> list[HomeSection]:
    sections: list[HomeSection] = []
    for source in _SOURCES:
        found = source(user, today)
        if isinstance(found, HomeSection):
            sections.append(found)
        elif found:
            sections.extend(found)
    return sorted(sections, key=lambda s: (s.order, s.key))
