"""Each stage of a claim has a deadline in working days; the worklist by stage, mine, overdue, due soon (issue 11.7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.compensation.models import Claim, Status
from mustafid.core import workdays
from mustafid.core.models import Holiday

from .helpers import fault_by_ruling, opened

pytestmark = pytest.mark.django_db

WORKLIST = reverse("compensation:worklist")
THURSDAY = date(2027, 1, 7)  # Friday and Saturday are the weekend
SUNDAY_HOLIDAY = date(2027, 1, 10)


def on(monkeypatch, day: date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def test_cp_a_claim_is_due_its_stages_working_days_after_it_enters_it_weekend_and_holidays_not_counted(w, monkeypatch):
    Holiday.objects.create(date=SUNDAY_HOLIDAY, name_ar="عطلة رسمية")
    days = settings.MUSTAFID_CLAIM_STAGE_WORKING_DAYS
    on(monkeypatch, THURSDAY)
    claim = opened(w)
    assert claim.due_on == workdays.add_working_days(THURSDAY, days[Status.OPENED])
    # One working day from a Thursday, across the weekend and the Sunday holiday, is the Monday.
    assert workdays.add_working_days(THURSDAY, 1) == date(2027, 1, 11)
    assert claim.assigned_to == w["worker"]  # who opened it follows it until someone else is named

    later = THURSDAY + timedelta(days=14)
    on(monkeypatch, later)
    fault_by_ruling(w, claim)
    claim.refresh_from_db()
    assert claim.status == Status.FAULT_ESTABLISHED
    assert claim.due_on == workdays.add_working_days(later, days[Status.FAULT_ESTABLISHED])


def test_cp_a_step_that_keeps_the_stage_keeps_its_deadline_and_a_closed_claim_has_none(w):
    from mustafid.compensation import services

    claim = fault_by_ruling(w, opened(w))
    offer = services.make_offer(by=w["worker"], claim=claim, party="society", amount=1000)
    claim.refresh_from_db()
    due = claim.due_on
    assert claim.status == Status.NEGOTIATING and due is not None
    services.answer_offer(by=w["worker"], offer=offer, answer="rejected")
    claim.refresh_from_db()
    assert claim.due_on == due  # still negotiating: the stage's clock did not restart
    services.reject_claim(by=w["worker"], claim=claim, reason="رفض المستفيد كل العروض")
    claim.refresh_from_db()
    assert claim.due_on is None


def _late(w, harm: str, days: int) -> Claim:
    claim = opened(w, harm=harm)
    Claim.objects.filter(pk=claim.pk).update(due_on=timezone.localdate() + timedelta(days=days))
    return claim


def test_cp_the_worklist_shows_mine_overdue_and_due_soon_with_their_counts_ordered_by_due_date(w, client):
    colleague = scoped_staff(Role.CASE_WORKER, w["b"])
    late = _late(w, "متأخرة", -2)
    later = _late(w, "أكثر تأخرا", -5)
    soon = _late(w, "قريبة", 1)
    far = _late(w, "بعيدة", 60)
    theirs = opened({**w, "worker": colleague}, harm="لزميل")
    client.force_login(w["worker"])

    page = client.get(WORKLIST, {"view": "overdue"}).content.decode()
    assert page.index(later.reference) < page.index(late.reference)  # the most overdue first
    assert soon.reference not in page and far.reference not in page
    assert 'data-testid="overdue"' in page
    assert 'data-testid="view-overdue"' in page and 'data-testid="count-overdue">2<' in page

    page = client.get(WORKLIST, {"view": "due_soon"}).content.decode()
    assert soon.reference in page and late.reference not in page and far.reference not in page
    assert 'data-testid="count-due_soon">1<' in page

    page = client.get(WORKLIST, {"view": "mine"}).content.decode()
    assert theirs.reference not in page and far.reference in page
    assert 'data-testid="count-mine">4<' in page

    page = client.get(WORKLIST).content.decode()
    assert page.index(later.reference) < page.index(soon.reference) < page.index(far.reference)
    assert 'data-testid="stage-opened"' in page  # the stage tabs stay beside the views


def test_cp_the_claim_page_shows_its_due_date_and_that_it_is_overdue(w, client):
    claim = _late(w, "متأخرة", -1)
    client.force_login(w["worker"])
    page = client.get(reverse("compensation:detail", args=[claim.pk])).content.decode()
    assert 'data-testid="due-on"' in page and 'data-testid="overdue"' in page


def test_cp_the_export_follows_the_chosen_view(w, client):
    late = _late(w, "متأخرة", -2)
    far = _late(w, "بعيدة", 60)
    client.force_login(w["worker"])
    body = client.get(reverse("compensation:export"), {"format": "csv", "view": "overdue"}).content.decode("utf-8-sig")
    assert late.reference in body and far.reference not in body
    assert (timezone.localdate() - timedelta(days=2)).isoformat() in body  # the due date is a column
    page = client.get(WORKLIST, {"view": "overdue"}).content.decode()
    assert f"{reverse('compensation:export')}?format=csv&amp;view=overdue" in page


def test_cp_the_home_page_counts_the_overdue_claims(w, client):
    late = _late(w, "متأخرة", -2)
    client.force_login(w["worker"])
    page = client.get(reverse("core:home")).content.decode()
    assert f"{WORKLIST}?view=overdue" in page and late.reference in page


def test_cp_the_worklists_queries_do_not_grow_with_its_rows(w, client):
    client.force_login(w["worker"])

    def add(n):
        for i in range(n):
            _late(w, f"ضرر {i}", i - n // 2)

    def queries(view):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(WORKLIST, {"view": view}).status_code == 200
        return len(ctx.captured_queries)

    views = ("", "mine", "overdue", "due_soon", Status.OPENED)
    add(4)
    small = {view: queries(view) for view in views}
    add(30)
    assert {view: queries(view) for view in views} == small


def test_cp_a_claim_outside_the_scope_counts_in_no_view(w, client):
    other = BeneficiaryFactory()
    hidden = opened({**w, "b": other, "worker": scoped_staff(Role.CASE_WORKER, other)})
    Claim.objects.filter(pk=hidden.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    client.force_login(w["worker"])
    page = client.get(WORKLIST, {"view": "overdue"}).content.decode()
    assert hidden.reference not in page and 'data-testid="count-overdue">0<' in page
