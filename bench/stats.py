"""Timing helpers."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)]


@dataclass
class Timings:
    label: str
    ms: list[float] = field(default_factory=list)
    notes: list[tuple[float, str]] = field(default_factory=list)

    def time(self, fn: Callable[[], object], note: str = "") -> object:
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
        self.ms.append(elapsed)
        self.notes.append((elapsed, note))
        return result

    @property
    def p50(self) -> float:
        return percentile(self.ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.ms, 95)

    @property
    def max(self) -> float:
        return max(self.ms) if self.ms else float("nan")

    def slowest(self, n: int) -> list[tuple[float, str]]:
        return sorted(self.notes, reverse=True)[:n]
