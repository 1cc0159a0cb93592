"""The change history as a person reads it (issue 10.4): translated field names, نعم / لا, «—», the names of
related records (only those the reader may see), choices by label, dates in both calendars, actions in words;
paginated, filtered by person, record and date; sensitive values still masked."""

from datetime import date, datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, UserFactory
from mustafid.audit import history
from mustafid.audit.views import PAGE_SIZE
from mustafid.beneficiaries.models import Beneficiary, HouseholdMember
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, HouseholdMemberFactory


def page(client, **params):
    response = client.get(reverse("audit:change_log"), params, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    return response


def row_text(response, entry) -> str:
    rows = {row.entry.pk: row for row in response.context["rows"]}
    row = rows[entry.pk]
    return " | ".join(f"{c.label}: {c.operation or f'{c.old} ← {c.new}'}" for c in row.changes)


@pytest.mark.django_db
def test_a_change_reads_in_words_not_in_code(admin_client):
    member = HouseholdMemberFactory(relation=HouseholdMember.Relation.SON)
    member.relation = HouseholdMember.Relation.DAUGHTER
    member.date_of_birth = date(2026, 11, 25)
    member.save()
    entry = LogEntry.objects.get_for_object(member).filter(action=LogEntry.Action.UPDATE).get()
    response = page(admin_client)
    text = row_text(response, entry)
    assert "صلة القرابة" in text or "relation" not in text, text
    assert "relation" not in text and "date_of_birth" not in text
    assert f"{HouseholdMember.Relation.SON.label} ← {HouseholdMember.Relation.DAUGHTER.label}" in text
    assert "— ← 25 نوفمبر 2026م الموافق" in text and "هـ" in text
    body = response.content.decode()
    assert "None" not in body and "daughter" not in body
    assert "تعديل" in body or "عُدّل" in body


@pytest.mark.django_db
def test_booleans_read_yes_and_no_and_the_action_is_a_word(admin_client):
    branch = BranchFactory(is_active=True)
    branch.is_active = False
    branch.save()
    entry = LogEntry.objects.get_for_object(branch).filter(action=LogEntry.Action.UPDATE).get()
    response = page(admin_client)
    assert "نعم ← لا" in row_text(response, entry)
    row = next(r for r in response.context["rows"] if r.entry.pk == entry.pk)
    assert row.action == "عُدّل"
    assert not [c for c in row.changes if "None" in c.new or "None" in c.old]
    created = next(
        r
        for r in response.context["rows"]
        if r.entry.content_type.model == "branch" and r.entry.action == LogEntry.Action.CREATE
    )
    assert "ID" not in [c.label for c in created.changes] and created.changes  # the record's number is not a change
    body = response.content.decode()
    assert "True" not in body and "False" not in body and ">update<" not in body
    # old to new, right to left
    assert '<bdi class="text-danger">نعم</bdi> ← <bdi class="text-success">لا</bdi>' in body


@pytest.mark.django_db
def test_a_related_record_is_named_and_one_out_of_scope_keeps_its_number(db):
    home, away = BranchFactory(code="home", name="فرع الدار"), BranchFactory(code="away", name="فرع بعيد")
    beneficiary = BeneficiaryFactory(branch=home)
    entry = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Beneficiary),
        object_pk=str(beneficiary.pk),
        object_repr=str(beneficiary),
        action=LogEntry.Action.UPDATE,
        changes={"branch": [str(away.pk), str(home.pk)]},
    )
    reader = UserFactory(role=Role.CASE_WORKER, branches=[home])
    (change,) = history.readable([entry], reader)[0].changes
    assert (change.old, change.new) == (f"#{away.pk}", "فرع الدار")
    everyone = UserFactory(role=Role.ADMINISTRATOR, scope_all=True)
    (change,) = history.readable([entry], everyone)[0].changes
    assert (change.old, change.new) == ("فرع بعيد", "فرع الدار")


@pytest.mark.django_db
def test_related_records_are_named_in_one_query_per_model_for_the_whole_page(django_assert_max_num_queries):
    members = [HouseholdMemberFactory() for _ in range(6)]
    entries = list(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(HouseholdMember)).select_related(
            "content_type"
        )
    )
    assert len(entries) == len(members)
    everyone = UserFactory(role=Role.ADMINISTRATOR, scope_all=True)
    history.readable(entries[:1], everyone)  # the reader's roles, read once per request, not per row
    with django_assert_max_num_queries(1):
        rows = history.readable(entries, everyone)
    names = {c.new for row in rows for c in row.changes if c.label == "المستفيد" or c.label == "Beneficiary"}
    assert {str(m.beneficiary) for m in members} <= names


@pytest.mark.django_db
def test_sensitive_values_stay_masked_on_the_page(admin_client):
    beneficiary = BeneficiaryFactory(phone="+966501112223")
    beneficiary.phone = "+966504445556"
    beneficiary.save()
    body = page(admin_client).content.decode()
    assert "••••••" in body
    assert "1112223" not in body and "4445556" not in body


@pytest.mark.django_db
def test_the_history_is_filtered_by_date_in_either_calendar(admin_client):
    old, new = BranchFactory(code="older"), BranchFactory(code="newer")
    LogEntry.objects.filter(object_pk=str(old.pk), content_type__model="branch").update(
        timestamp=timezone.make_aware(datetime(2026, 1, 10, 12))
    )
    LogEntry.objects.filter(object_pk=str(new.pk), content_type__model="branch").update(
        timestamp=timezone.make_aware(datetime(2026, 11, 25, 12))
    )
    shown = page(admin_client, date_from_0="gregorian", date_from_1="2026-11-01", date_to_0="gregorian", date_to_1="")
    listed = {row.entry.object_pk for row in shown.context["rows"] if row.entry.content_type.model == "branch"}
    assert listed == {str(new.pk)}
    # 1447-07-21 AH is 10 January 2026.
    shown = page(admin_client, date_from_0="hijri", date_from_1="1447-07-21", date_to_0="hijri", date_to_1="1447-07-21")
    listed = {row.entry.object_pk for row in shown.context["rows"] if row.entry.content_type.model == "branch"}
    assert listed == {str(old.pk)}


@pytest.mark.django_db
def test_an_inverted_date_range_is_refused_in_arabic_and_lists_nothing(admin_client):
    BranchFactory()
    dates = {"date_from_0": "gregorian", "date_from_1": "2026-12-01"}
    dates |= {"date_to_0": "gregorian", "date_to_1": "2026-11-01"}
    response = page(admin_client, **dates)
    assert response.context["rows"] == []
    body = response.content.decode()
    assert "تاريخ النهاية قبل تاريخ البداية" in body
    assert 'value="2026-12-01"' in body  # what was typed is kept


@pytest.mark.django_db
def test_the_history_is_filtered_by_person_and_paginated(admin_client, administrator):
    someone = UserFactory(role=Role.ADMINISTRATOR, scope_all=True)
    for n in range(PAGE_SIZE + 3):
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Beneficiary),
            object_pk=str(n),
            object_repr=f"سجل {n}",
            action=LogEntry.Action.UPDATE,
            changes={},
            actor=someone,
        )
    first = page(admin_client, actor=someone.pk)
    assert len(first.context["rows"]) == PAGE_SIZE
    assert {row.entry.actor_id for row in first.context["rows"]} == {someone.pk}
    second = page(admin_client, actor=someone.pk, page=2)
    assert len(second.context["rows"]) == 3
    assert f"actor={someone.pk}" in first.content.decode()  # the next page keeps the filter


@pytest.mark.django_db
def test_the_portal_is_named_in_the_readers_language(client):
    from mustafid.portal.services import portal_user

    portal = portal_user()
    with translation.override("en"):
        assert str(portal) == "Beneficiaries' portal"
    with translation.override("ar"):
        assert str(portal) == "بوابة المستفيدين"
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Beneficiary),
        object_pk="1",
        object_repr="ملف",
        action=LogEntry.Action.UPDATE,
        changes={},
        actor=portal,
    )
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, scope_all=True))
    client.cookies["django_language"] = "en"
    body = client.get(reverse("audit:change_log")).content.decode()
    row = body[body.index("<td><bdi>ملف</bdi>") - 200 : body.index("<td><bdi>ملف</bdi>")]
    assert "<td><bdi>Beneficiaries&#x27; portal</bdi></td>" in row


@pytest.mark.django_db
def test_in_english_the_history_reads_in_english(client):
    branch = BranchFactory(is_active=True)
    branch.is_active = False
    branch.save()
    client.force_login(UserFactory(role=Role.ADMINISTRATOR, scope_all=True))
    client.cookies["django_language"] = "en"
    response = client.get(reverse("audit:change_log"))
    entry = LogEntry.objects.get_for_object(branch).filter(action=LogEntry.Action.UPDATE).get()
    row = next(r for r in response.context["rows"] if r.entry.pk == entry.pk)
    assert row.action == "Changed"
    assert [(c.label, c.old, c.new) for c in row.changes] == [("Active", "Yes", "No")]
    assert '<bdi class="text-danger">Yes</bdi> → <bdi class="text-success">No</bdi>' in response.content.decode()


@pytest.mark.django_db
def test_the_access_log_is_filtered_by_date_too(admin_client):
    from mustafid.audit.models import AccessLog

    branch = BranchFactory()
    kept, dropped = (
        AccessLog.objects.create(
            actor=None,
            action=AccessLog.Action.VIEW,
            content_type=ContentType.objects.get_for_model(branch),
            object_id=str(branch.pk),
            object_repr=name,
        )
        for name in ("يبقى", "يسقط")
    )
    AccessLog.objects.filter(pk=kept.pk).update(at=timezone.make_aware(datetime(2026, 11, 25, 9)))
    AccessLog.objects.filter(pk=dropped.pk).update(at=timezone.make_aware(datetime(2026, 10, 1, 9)))
    params = {"date_from_0": "gregorian", "date_from_1": "2026-11-01", "date_to_0": "gregorian", "date_to_1": ""}
    page = admin_client.get(reverse("audit:access_log"), params).context["page"]
    assert [e.pk for e in page] == [kept.pk]
