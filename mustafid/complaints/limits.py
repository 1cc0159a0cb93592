"""Abuse limits of the public complaint form, without any outside service (CM-1).

Counts are rows of the database (``core.rate_budget``), each spent in one
atomic statement, so every worker sees the same numbers and concurrent
requests cannot slip past a limit. Windows are fixed, so a refusal can say
when to come back. Addresses are kept as keyed hashes only.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings

from mustafid.core import rate_budget

WINDOW_SECONDS = 3600


@dataclass(frozen=True)
class Limited:
    """Refused: a limit ran out; ``minutes`` until its window ends."""

    minutes: int


def _take(kind: str, value: str, limit: int, now: float) -> int | None:
    """Count one against ``kind``/``value``; the seconds left in the window when over ``limit``."""
    spent = rate_budget.spend(f"complaints:{kind}:{value}", window_seconds=WINDOW_SECONDS, now=now)
    return spent.seconds_left if spent.count > limit else None


def take(action: str, address: str | None) -> Limited | None:
    """One more ``action`` (filing, tracking) from ``address``, and for everyone; None when allowed."""
    now = time.time()
    per_address, overall = settings.MUSTAFID_COMPLAINT_LIMITS[action]
    # The address first: a flood from one address does not use up everyone's budget.
    for kind, value, limit in (("address", address or "unknown", per_address), ("global", "all", overall)):
        left = _take(f"{action}:{kind}", value, limit, now)
        if left is not None:
            return Limited(minutes=max(1, math.ceil(left / 60)))
    return None
