"""The Saudi working-day calendar (HD-6).

Sunday to Thursday are working days; Friday and Saturday are the weekend;
official holidays come from the editable ``Holiday`` table. Deadlines are
computed here and only here, never in a view or a template.
"""

from __future__ import annotations

from datetime import date, timedelta

# date.weekday(): Monday is 0 ... Friday 4, Saturday 5.
WEEKEND = frozenset({4, 5})
# Holidays are read from the table a window at a time: a year covers any
# realistic deadline (15 working days) in one query.
_WINDOW = timedelta(days=366)


class WorkingCalendar:
    """Working days given a set of holidays. Pure: no database access."""

    def __init__(self, holidays: frozenset[date] | set[date] = frozenset()) -> None:
        self.holidays = frozenset(holidays)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in WEEKEND and day not in self.holidays

    def add_working_days(self, start: date, n: int) -> date:
        if n < 1:
            raise ValueError("n must be at least 1")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        count = 0
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += timedelta(days=1)
        return count


def holidays_between(start: date, end: date) -> frozenset[date]:
    from .models import Holiday

    return frozenset(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_working_day(day: date) -> bool:
    return WorkingCalendar(holidays_between(day, day)).is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself never counts)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    end = start + _WINDOW
    while True:
        calendar = WorkingCalendar(holidays_between(start, end))
        if calendar.working_days_between(start, end) >= n:
            return calendar.add_working_days(start, n)
        end += _WINDOW


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    if end <= start:
        return 0
    return WorkingCalendar(holidays_between(start, end)).working_days_between(start, end)
