"""Every staff member reads and signs the policies that apply to their work; HR follows it (RS-1, RS-2, RL-4)."""

from __future__ import annotations

import base64
import hashlib
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import PASSWORD, BranchFactory, UserFactory
from mustafid.notifications.models import Notification
from mustafid.policies import selectors, services
from mustafid.policies.models import PolicySignature
from mustafid.policies.tasks import remind_unsigned_policies

from .factories import hr, published

pytestmark = pytest.mark.django_db

# A real (tiny) PNG: the drawn signature is checked by its first bytes and its size.
PNG = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
).decode()


def sign(user, version, **kw):
    kw.setdefault("typed_name", user.full_name)
    kw.setdefault("confirmed", True)
    return services.sign_policy(by=user, version=version, **kw)


def test_rs1_a_staff_member_signs_the_version_in_force_and_a_new_version_needs_a_new_signature(
    django_capture_on_commit_callbacks,
):
    worker = UserFactory(role=Role.CASE_WORKER)
    v1 = published(text="النص الأول")
    assert list(selectors.unsigned_of(worker)) == [v1]

    first = sign(worker, v1)
    assert first.method == PolicySignature.Method.TYPED
    assert first.text_sha256 == hashlib.sha256("النص الأول".encode()).hexdigest()
    assert list(selectors.unsigned_of(worker)) == []

    v2 = services.publish_version(by=hr(), policy=v1.policy, text="النص الثاني", changes="أضيف بند الهدايا")
    assert v2.number == 2
    assert list(selectors.unsigned_of(worker)) == [v2]
    with pytest.raises(ValidationError):  # the old text is no longer the one in force
        sign(worker, v1)
    assert PolicySignature.objects.filter(user=worker).count() == 1  # the first signature is kept


def test_rs1_the_name_must_be_typed_as_on_the_account_and_reading_confirmed():
    worker = UserFactory(role=Role.RECEPTIONIST, full_name="نورة بنت سعد")
    version = published()
    with pytest.raises(ValidationError) as wrong_name:
        sign(worker, version, typed_name="شخص آخر")
    assert "typed_name" in wrong_name.value.error_dict
    with pytest.raises(ValidationError) as unconfirmed:
        sign(worker, version, confirmed=False)
    assert "confirmed" in unconfirmed.value.error_dict
    # Arabic spelling variants of the same name are the same name.
    assert sign(worker, version, typed_name="نوره بنت سعد").pk
    with pytest.raises(ValidationError):
        sign(worker, version)  # once


def test_rs1_a_drawn_signature_is_kept_with_the_typed_name():
    worker = UserFactory(role=Role.CASE_WORKER)
    signature = sign(worker, published(), drawn=f"data:image/png;base64,{PNG}")
    assert signature.method == PolicySignature.Method.DRAWN
    with signature.signature.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(ValidationError):
        sign(UserFactory(role=Role.CASE_WORKER), signature.version, drawn="data:image/png;base64,AAAA")


def test_rl4_a_policy_bound_to_roles_binds_only_them():
    member = UserFactory(role=Role.COMMITTEE_MEMBER)
    desk = UserFactory(role=Role.RECEPTIONIST)
    version = published("إقرار تعارض المصالح", roles=[Role.COMMITTEE_MEMBER])
    assert list(selectors.unsigned_of(member)) == [version]
    assert list(selectors.unsigned_of(desk)) == []


def test_only_hr_publishes():
    with pytest.raises(PermissionDenied):
        published(by=UserFactory(role=Role.CASE_WORKER))


def test_rs1_after_sign_in_the_first_page_is_the_policy_to_sign_then_work_goes_on(client):
    published()
    UserFactory(role=Role.RECEPTIONIST, email="desk@mustafid.test")
    client.post(reverse("account_login"), {"login": "desk@mustafid.test", "password": PASSWORD})
    first = client.get(reverse("core:home"))
    assert first.status_code == 302 and first["Location"] == reverse("policies:mine") + "?first=1"
    page = client.get(first["Location"])
    assert 'data-testid="first-sign"' in page.content.decode()
    home = client.get(reverse("core:home"))
    assert home.status_code == 200  # not locked out: the home page keeps the reminder
    assert reverse("policies:mine") in home.content.decode()


def test_a_staff_member_with_nothing_to_sign_lands_on_home(client):
    version = published()
    worker = UserFactory(role=Role.RECEPTIONIST, email="desk@mustafid.test")
    sign(worker, version)
    client.post(reverse("account_login"), {"login": "desk@mustafid.test", "password": PASSWORD})
    assert client.get(reverse("core:home")).status_code == 200


def test_signing_on_the_page_keeps_what_was_typed_on_an_error_and_records_the_signature(client):
    version = published()
    worker = UserFactory(role=Role.CASE_WORKER, full_name="سارة الحربي")
    client.force_login(worker)
    url = reverse("policies:read", args=[version.pk])
    refused = client.post(url, {"typed_name": "سارة"}, HTTP_ACCEPT_LANGUAGE="ar")
    body = refused.content.decode()
    assert refused.status_code == 200 and 'value="سارة"' in body
    assert PolicySignature.objects.count() == 0
    done = client.post(url, {"typed_name": "سارة الحربي", "confirmed": "on"})
    assert done.status_code == 302
    assert PolicySignature.objects.get().user == worker
    assert 'data-testid="signed"' in client.get(url).content.decode()


def test_rs2_hr_sees_sign_off_per_role_and_per_person_within_their_branches(client):
    home, away = BranchFactory(), BranchFactory()
    officer = hr(scope_all=False, branches=[home])
    signed = UserFactory(role=Role.CASE_WORKER, branches=[home], full_name="موظف وقع")
    unsigned = UserFactory(role=Role.RECEPTIONIST, branches=[home], full_name="موظف لم يوقع")
    far = UserFactory(role=Role.CASE_WORKER, branches=[away], full_name="موظف الفرع الآخر")
    version = published(by=hr())
    sign(signed, version)
    client.force_login(officer)
    page = client.get(reverse("policies:signoff", args=[version.policy.pk]))
    figures = page.context["figures"]
    assert {p.pk for p in figures["people"]} == {officer.pk, signed.pk, unsigned.pk}
    assert far.full_name not in page.content.decode()
    by_role = {r.role: (r.required, r.signed) for r in figures["roles"]}
    assert by_role[str(Role.CASE_WORKER.label)] == (1, 1)
    assert by_role[str(Role.RECEPTIONIST.label)] == (1, 0)
    assert (figures["signed"], figures["required"]) == (1, 3)


def test_rs2_the_sign_off_page_reads_in_bounded_queries(client, django_assert_max_num_queries):
    version = published()
    officer = hr()
    client.force_login(officer)
    url = reverse("policies:signoff", args=[version.policy.pk])
    client.get(url)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for _ in range(15):
        sign(UserFactory(role=Role.CASE_WORKER), version)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_policy_pages_are_refused_to_those_who_do_not_manage_them(client):
    version = published()
    client.force_login(UserFactory(role=Role.CASE_WORKER))
    assert client.get(reverse("policies:manage")).status_code == 403
    assert client.get(reverse("policies:signoff", args=[version.policy.pk])).status_code == 403
    assert client.get(reverse("policies:mine")).status_code == 200


def test_rs2_publishing_tells_the_bound_staff_and_the_task_reminds_once_a_week(django_capture_on_commit_callbacks):
    worker = UserFactory(role=Role.CASE_WORKER)
    done = UserFactory(role=Role.CASE_WORKER)
    with django_capture_on_commit_callbacks(execute=True):
        version = published()

    def to(person):
        return Notification.objects.filter(dedupe_key__startswith=f"policy-sign:{version.pk}:{person.pk}:")

    told = to(worker)
    assert told.count() == 1 and "ميثاق أخلاقيات العمل" in told.get().subject
    assert told.get().channel == "email" and told.get().address == worker.email
    sign(done, version)
    monday = date(2026, 12, 7)
    assert services.remind_unsigned(today=monday) >= 1
    assert services.remind_unsigned(today=date(2026, 12, 9)) >= 1  # the same week: no second message
    assert to(worker).count() == 2
    assert to(done).count() == 1  # signed: told once, never reminded


def test_rs2_the_reminder_is_scheduled_and_runs_the_service():
    from django.conf import settings
    from django.utils import timezone

    assert any(
        path == "mustafid.policies.tasks.remind_unsigned_policies" for path, _every in settings.MUSTAFID_SCHEDULE
    )
    published()
    UserFactory(role=Role.CASE_WORKER)
    reminded = remind_unsigned_policies.call()
    assert reminded == 2  # the worker and the HR officer who published it, neither has signed
    assert (
        Notification.objects.filter(dedupe_key__contains=f"-W{timezone.localdate().isocalendar()[1]:02d}").count() == 2
    )
