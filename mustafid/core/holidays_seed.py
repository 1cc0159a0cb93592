"""Seeding the holiday table from the ``holidays`` package's Saudi calendar."""

from __future__ import annotations

from collections.abc import Iterable

import holidays as holidays_lib


def official_holidays(years: Iterable[int]) -> list[dict]:
    """Saudi official holidays of ``years`` with Arabic and English names.

    Islamic holidays are computed, not announced: they are flagged estimated
    so the administrator confirms or moves them after the sighting.
    """
    years = list(years)
    arabic = holidays_lib.SaudiArabia(years=years, language="ar")
    english = holidays_lib.SaudiArabia(years=years, language="en_US", islamic_show_estimated=True)
    rows = []
    for day, name_ar in sorted(arabic.items()):
        name_en = english.get(day, "")
        rows.append(
            {
                "date": day,
                "name_ar": name_ar,
                "name_en": name_en.replace(", estimated", "").replace(" (estimated)", ""),
                "is_estimated": "estimated" in name_en,
            }
        )
    return rows


def seed_holidays(holiday_model, years: Iterable[int]) -> int:
    """Fill each of ``years`` that the table has no holiday in yet.

    A year is seeded once: after that it belongs to the administrator, who
    moves estimated days after the sighting, adds or removes days, and a
    later seeding (``make run`` seeds at every start) never undoes that.
    """
    todo = [y for y in years if not holiday_model.objects.filter(date__year=y).exists()]
    rows = official_holidays(todo) if todo else []
    holiday_model.objects.bulk_create([holiday_model(source="seeded", **row) for row in rows])
    return len(rows)
