"""Audit: change history with masked sensitive values, and the access log."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from mustafid.accounts.models import Branch
from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.audit.models import AccessLog
from mustafid.audit.selectors import who_opened
from mustafid.audit.services import record_access


def entries_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp")


@pytest.mark.django_db
def test_a_change_is_recorded_with_actor_old_and_new_values(admin_client, administrator):
    branch = BranchFactory(name="فرع قديم", code="old")
    response = admin_client.post(
        reverse("admin:accounts_branch_change", args=[branch.pk]),
        {"name": "فرع جديد", "name_en": "", "code": "old", "city": "", "is_active": "on"},
    )
    assert response.status_code == 302, response.content[:500]
    last = entries_for(branch).last()
    assert last.actor == administrator
    assert last.changes_dict["name"] == ["فرع قديم", "فرع جديد"]


@pytest.mark.django_db
def test_sensitive_values_are_masked_in_the_history():
    staff = UserFactory(phone="0551234567")
    staff.phone = "0559876543"
    staff.save()
    history = entries_for(staff)
    text = " ".join(str(e.changes) for e in history)
    assert "0559876543" not in text and "0551234567" not in text
    assert "4567" not in text and "6543" not in text
    assert "phone" in history.last().changes_dict


@pytest.mark.django_db
def test_record_access_writes_who_what_when_and_where():
    staff = UserFactory(role=Role.RECEPTIONIST)
    branch = BranchFactory()
    request = RequestFactory().get("/some/page", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox")
    request.user = staff
    entry = record_access(request=request, obj=branch, action=AccessLog.Action.EXPORT)
    assert (entry.actor, entry.action, entry.ip_address, entry.path) == (staff, "export", "10.1.2.3", "/some/page")
    assert list(who_opened(branch)) == [entry]


@pytest.mark.django_db
def test_an_access_log_entry_cannot_be_edited():
    staff = UserFactory()
    request = RequestFactory().get("/")
    request.user = staff
    entry = record_access(request=request, obj=BranchFactory())
    entry.detail = "rewritten"
    with pytest.raises(ValueError):
        entry.save()


@pytest.mark.django_db
def test_the_administrator_filters_the_access_log_by_person_and_by_record(admin_client):
    noura, fahd = UserFactory(full_name="نورة"), UserFactory(full_name="فهد")
    first, second = BranchFactory(name="الفرع الأول"), BranchFactory(name="الفرع الثاني")
    for user, obj in [(noura, first), (noura, second), (fahd, first)]:
        request = RequestFactory().get("/")
        request.user = user
        record_access(request=request, obj=obj)
    url = reverse("audit:access_log")
    by_person = admin_client.get(url, {"actor": noura.pk}).context["page"]
    assert {e.object_repr for e in by_person} == {"الفرع الأول", "الفرع الثاني"}
    ct = ContentType.objects.get_for_model(Branch)
    by_record = admin_client.get(url, {"content_type": ct.pk, "object_id": first.pk}).context["page"]
    assert {e.actor for e in by_record} == {noura, fahd}


@pytest.mark.django_db
def test_the_change_log_filters_by_record(admin_client):
    branch = BranchFactory(name="أ")
    branch.name = "ب"
    branch.save()
    other = BranchFactory(name="ج")
    ct = ContentType.objects.get_for_model(Branch)
    page = admin_client.get(reverse("audit:change_log"), {"content_type": ct.pk, "object_id": branch.pk}).context[
        "page"
    ]
    assert {e.object_pk for e in page} == {str(branch.pk)}
    assert other.pk


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.VOLUNTEER, Role.CASE_WORKER, Role.HR])
def test_other_roles_cannot_read_the_logs(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("audit:access_log")).status_code == 403
    assert client.get(reverse("audit:change_log")).status_code == 403
