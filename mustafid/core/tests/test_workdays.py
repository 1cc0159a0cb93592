"""HD-6: working days follow the Saudi week minus official holidays."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mustafid.core import workdays
from mustafid.core.models import Holiday
from mustafid.core.workdays import WorkingCalendar

THURSDAY = date(2026, 11, 26)
FRIDAY = date(2026, 11, 27)
SUNDAY = date(2026, 11, 29)


def test_saudi_week_friday_and_saturday_are_the_weekend():
    calendar = WorkingCalendar()
    week = [SUNDAY + timedelta(days=i) for i in range(7)]
    assert [calendar.is_working_day(d) for d in week] == [True, True, True, True, True, False, False]


def test_start_day_never_counts_even_when_it_is_a_working_day():
    calendar = WorkingCalendar()
    assert calendar.add_working_days(SUNDAY, 1) == SUNDAY + timedelta(days=1)
    assert calendar.add_working_days(THURSDAY, 1) == SUNDAY


def test_a_weekend_start_counts_from_the_next_sunday():
    assert WorkingCalendar().add_working_days(FRIDAY, 1) == SUNDAY


@pytest.mark.django_db
def test_hd6_fifteen_working_days_skip_weekends_and_holidays():
    Holiday.objects.all().delete()
    # Completed Sunday 29 Nov 2026: 15 working days are three full weeks.
    assert workdays.add_working_days(SUNDAY, 15) == date(2026, 12, 20)
    Holiday.objects.create(date=date(2026, 12, 1), name_ar="إجازة اختبار")
    assert workdays.add_working_days(SUNDAY, 15) == date(2026, 12, 21)


@pytest.mark.django_db
def test_hd6_request_completed_just_before_eid_al_fitr_2027():
    Holiday.objects.all().delete()
    from mustafid.core.holidays_seed import seed_holidays

    seed_holidays(Holiday, [2027])
    # Monday 8 March 2027, the eve of the Eid al-Fitr holiday (9-14 March).
    completed = date(2027, 3, 8)
    due = workdays.add_working_days(completed, 15)
    eid_days = {date(2027, 3, d) for d in (9, 10, 11, 14)}
    assert eid_days <= set(Holiday.objects.values_list("date", flat=True))
    # Without the holidays the answer would be due on Sunday 28 March.
    assert WorkingCalendar().add_working_days(completed, 15) == date(2027, 3, 29)
    assert due == date(2027, 4, 4)  # four Eid working days later, a Sunday
    assert workdays.working_days_between(completed, due) == 15


@pytest.mark.django_db
def test_working_days_between_counts_after_start_up_to_end():
    Holiday.objects.all().delete()
    assert workdays.working_days_between(THURSDAY, SUNDAY) == 1
    assert workdays.working_days_between(SUNDAY, SUNDAY) == 0
    assert workdays.working_days_between(SUNDAY, THURSDAY) == 0


@pytest.mark.django_db
def test_an_estimated_holiday_moved_by_the_administrator_moves_the_deadline():
    Holiday.objects.all().delete()
    eid = Holiday.objects.create(date=date(2026, 12, 2), name_ar="عيد", is_estimated=True)
    before = workdays.add_working_days(SUNDAY, 3)
    eid.date = date(2026, 12, 10)
    eid.save()
    assert workdays.add_working_days(SUNDAY, 3) != before
    assert before == date(2026, 12, 3)
    assert workdays.add_working_days(SUNDAY, 3) == date(2026, 12, 2)


def test_n_below_one_is_refused():
    with pytest.raises(ValueError):
        WorkingCalendar().add_working_days(SUNDAY, 0)


dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))


@pytest.mark.django_db
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_property_add_then_count_is_identity(start, n):
    """With the seeded Saudi holidays (from the migration) in the table."""
    due = workdays.add_working_days(start, n)
    assert due > start
    assert workdays.is_working_day(due)
    assert workdays.working_days_between(start, due) == n
    # Nothing earlier satisfies it: the day before holds n-1 working days.
    assert workdays.working_days_between(start, due - timedelta(days=1)) == n - 1


@settings(max_examples=300)
@given(
    start=dates,
    n=st.integers(min_value=1, max_value=40),
    holidays=st.sets(dates, max_size=40),
)
def test_property_pure_calendar_with_any_holidays(start, n, holidays):
    calendar = WorkingCalendar(holidays)
    due = calendar.add_working_days(start, n)
    assert due > start
    assert calendar.is_working_day(due)
    assert due not in holidays and due.weekday() not in (4, 5)
    assert calendar.working_days_between(start, due) == n
