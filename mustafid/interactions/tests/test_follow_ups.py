"""CH-3: follow-up tasks of contacts, on one worklist, overdue first."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.interactions import services
from mustafid.interactions.models import Channel
from mustafid.interactions.tests.factories import InteractionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beneficiary():
    return BeneficiaryFactory()


@pytest.fixture
def worker(beneficiary):
    return scoped_staff(Role.CASE_WORKER, beneficiary)


def task(beneficiary, worker, days: int, note: str, **extra):
    return InteractionFactory(
        beneficiary=beneficiary,
        recorded_by=worker,
        follow_up_on=timezone.localdate() + timedelta(days=days),
        follow_up_note=note,
        **extra,
    )


def rows(client, query: str = "") -> list[str]:
    response = client.get(reverse("interactions:follow_ups") + query)
    assert response.status_code == 200
    return [r.interaction.follow_up_note for r in _rows(response)]


def _rows(response):
    from types import SimpleNamespace

    return [SimpleNamespace(**row) for row in response.context["rows"]]


def test_ch3_worklist_lists_open_follow_ups_overdue_and_due_first(client, beneficiary, worker):
    task(beneficiary, worker, 5, "لاحقا")
    task(beneficiary, worker, 0, "اليوم")
    task(beneficiary, worker, -3, "متأخرة")
    done = task(beneficiary, worker, -1, "أنجزت")
    done.follow_up_done_at = timezone.now()
    done.save()
    InteractionFactory(beneficiary=beneficiary, recorded_by=worker)  # no follow-up asked
    task(BeneficiaryFactory(), worker, -10, "خارج النطاق")
    client.force_login(worker)
    assert rows(client) == ["متأخرة", "اليوم", "لاحقا"]
    body = client.get(reverse("interactions:follow_ups")).content.decode()
    assert "متأخرة" in body and "مستحقة اليوم" in body


def test_ch3_worklist_of_my_contacts_only(client, beneficiary, worker):
    colleague = scoped_staff(Role.RECEPTIONIST, beneficiary)
    task(beneficiary, worker, 1, "لي")
    task(beneficiary, colleague, 1, "لزميلي")
    client.force_login(worker)
    assert rows(client, "?mine=1") == ["لي"]
    assert sorted(rows(client)) == sorted(["لي", "لزميلي"])


def test_ch3_marking_a_follow_up_done_takes_it_off_the_worklist(client, beneficiary, worker):
    call = task(beneficiary, worker, -1, "معاودة الاتصال")
    client.force_login(worker)
    url = reverse("interactions:follow_up_done", args=[call.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("interactions:follow_ups")
    call.refresh_from_db()
    assert call.follow_up_done_at is not None
    assert call.follow_up_state == "done"
    assert rows(client) == []


def test_ch3_a_follow_up_is_done_once(beneficiary, worker):
    call = task(beneficiary, worker, 0, "x")
    services.complete_follow_up(by=worker, interaction=call)
    with pytest.raises(ValidationError):
        services.complete_follow_up(by=worker, interaction=call)
    with pytest.raises(ValidationError):
        services.complete_follow_up(by=worker, interaction=InteractionFactory(beneficiary=beneficiary))


def test_ch6_volunteer_closes_only_their_volunteer_contacts_follow_ups(client, beneficiary):
    volunteer = scoped_staff(Role.VOLUNTEER, beneficiary)
    beneficiary.assigned_volunteers.add(volunteer)
    staff_call = task(beneficiary, scoped_staff(Role.CASE_WORKER, beneficiary), 0, "اتصال الموظف")
    visit = task(beneficiary, volunteer, 0, "زيارة", channel=Channel.VOLUNTEER)
    client.force_login(volunteer)
    response = client.get(reverse("interactions:follow_ups"))
    can = {r.interaction.follow_up_note: r.can_complete for r in _rows(response)}
    assert can == {"اتصال الموظف": False, "زيارة": True}
    assert client.post(reverse("interactions:follow_up_done", args=[staff_call.pk])).status_code == 403
    assert client.post(reverse("interactions:follow_up_done", args=[visit.pk])).status_code == 302


def test_worklist_queries_do_not_grow_with_the_rows(client, beneficiary, worker):
    client.force_login(worker)
    task(beneficiary, worker, 1, "أولى")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("interactions:follow_ups"))
    for n in range(10):
        task(
            BeneficiaryFactory(
                branch=beneficiary.branch, category=beneficiary.category, domains=list(beneficiary.domains.all())
            ),
            worker,
            n,
            f"مهمة {n}",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("interactions:follow_ups"))
    assert len(response.context["rows"]) == 11
    assert len(many) == len(few)


def test_a_role_without_contacts_has_no_worklist(client):
    from mustafid.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.HR))
    assert client.get(reverse("interactions:follow_ups")).status_code == 403
