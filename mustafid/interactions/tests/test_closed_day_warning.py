"""A follow-up date on a Friday, a Saturday or a holiday is questioned before it is kept (issue 10.7, HD-6).

The receptionist is told why (the weekend, or which holiday) and which working day comes
next; the date is kept when they tick the box, and nothing typed is lost meanwhile.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.core.hijri import dual_date
from mustafid.core.models import Holiday
from mustafid.interactions.models import Interaction

pytestmark = pytest.mark.django_db


def next_weekday(weekday: int) -> date:
    """The first ``weekday`` (Monday 0) after today."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


@pytest.fixture
def beneficiary():
    return BeneficiaryFactory()


@pytest.fixture
def desk(client, beneficiary):
    client.force_login(scoped_staff(Role.RECEPTIONIST, beneficiary))
    return client


def post(desk, beneficiary, day: date, **extra):
    data = {
        "occurred_at": (timezone.localtime() - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"),
        "subject": "زيارة للاستفسار",
        "summary": "سأل عن موعد اللجنة",
        "follow_up_on_0": "gregorian",
        "follow_up_on_1": day.isoformat(),
        "follow_up_note": "الاتصال به بعد اللجنة",
        **extra,
    }
    url = reverse("interactions:create", args=[beneficiary.pk]) + "?channel=interview"
    with translation.override("ar"):
        return desk.post(url, data)


@pytest.mark.parametrize(("weekday", "name"), [(4, "الجمعة"), (5, "السبت")])
def test_a_follow_up_on_the_weekend_is_questioned_and_names_the_next_working_day(desk, beneficiary, weekday, name):
    day = next_weekday(weekday)
    Holiday.objects.filter(date__gt=day, date__lte=day + timedelta(days=10)).delete()
    response = post(desk, beneficiary, day)
    assert response.status_code == 200
    assert not Interaction.objects.exists()
    form = response.context["form"]
    assert form.has_error("follow_up_on", "closed_day")
    message = form.errors["follow_up_on"][0]
    sunday = day + timedelta(days=6 - day.weekday())
    assert name in message and "عطلة نهاية الأسبوع" in message
    assert dual_date(sunday, "ar") in message
    body = response.content.decode()
    assert 'data-testid="closed-day-warning"' in body and 'name="keep_follow_up_on"' in body
    assert 'value="زيارة للاستفسار"' in body  # what was typed is kept


def test_a_follow_up_on_a_holiday_names_the_holiday(desk, beneficiary):
    day = next_weekday(0) + timedelta(days=7)  # a Monday: a working day but for the holiday
    Holiday.objects.filter(date__gte=day, date__lte=day + timedelta(days=10)).delete()
    Holiday.objects.create(date=day, name_ar="اليوم الوطني", name_en="National Day")
    response = post(desk, beneficiary, day)
    message = response.context["form"].errors["follow_up_on"][0]
    assert "اليوم الوطني" in message and "إجازة رسمية" in message
    assert dual_date(day + timedelta(days=1), "ar") in message
    assert not Interaction.objects.exists()


def test_ticking_the_box_keeps_the_closed_day(desk, beneficiary):
    day = next_weekday(4)
    response = post(desk, beneficiary, day, keep_follow_up_on="on")
    assert response.status_code == 302
    assert Interaction.objects.get().follow_up_on == day


def test_a_working_day_is_taken_without_a_question(desk, beneficiary):
    day = next_weekday(6)  # a Sunday
    Holiday.objects.filter(date=day).delete()
    response = post(desk, beneficiary, day)
    assert response.status_code == 302
    assert Interaction.objects.get().follow_up_on == day


def test_the_box_is_not_shown_before_a_closed_day_is_typed(desk, beneficiary):
    url = reverse("interactions:create", args=[beneficiary.pk]) + "?channel=interview"
    body = desk.get(url).content.decode()
    assert 'name="keep_follow_up_on"' not in body
    assert 'name="follow_up_on_1"' in body
