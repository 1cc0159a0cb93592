"""The management dashboard (SM-5, SM-6) at scale: its page p50/p95 beside a file page by key, same client.

The dashboard counts whole lists (requests, complaints, inquiries) in one
query each; at a million beneficiaries its target is p95 under 200 ms
(issue 12.4). Senior management of every branch and of one branch read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from . import fixtures, pages
from .stats import Timings

N_PAGES = 40
TARGET_P95_MS = 200.0


@dataclass
class DashboardResult:
    label: str
    dashboard: Timings
    note: str = ""

    @property
    def ok(self) -> bool | None:
        return None if not self.dashboard.ms else self.dashboard.p95 < TARGET_P95_MS


def managers() -> dict:
    from mustafid.accounts.models import Branch

    return {
        "global scope": fixtures.staff("manager", "الإدارة العليا - كل الفروع", role="senior_management"),
        "branch scope": fixtures.staff(
            "manager-hail",
            "الإدارة العليا - فرع حائل",
            role="senior_management",
            branches=Branch.objects.filter(code=fixtures.SCOPED_BRANCH),
        ),
    }


def run(n: int = N_PAGES) -> list[DashboardResult]:
    url, why = pages.url("reports:dashboard")
    results = []
    for label, user in managers().items():
        timings = Timings(label)
        if url is None:
            results.append(DashboardResult(label, timings, why))
            continue
        client = Client()
        client.force_login(user)
        client.get(url)  # warm: the first request loads templates and translations
        for _ in range(n):
            response = timings.time(lambda c=client: c.get(url))
            assert response.status_code == 200, response.status_code  # type: ignore[attr-defined]
        results.append(DashboardResult(label, timings))
    return results
