"""The access log and the change history honour the scope (issue 9.1): entries about another branch's records,
or another category's or domain's, are never shown, nor named in the filter's choices."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory
from mustafid.audit import selectors
from mustafid.audit.services import record_access
from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, HouseholdMemberFactory
from mustafid.committees.models import Meeting
from mustafid.committees.tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def opened(obj, by):
    request = RequestFactory().get("/file")
    request.user = by
    return record_access(request=request, obj=obj)


@pytest.fixture
def world():
    home, away = BranchFactory(code="home"), BranchFactory(code="away")
    category, domain = CategoryFactory(code="cat"), DomainFactory(code="dom")
    mine = BeneficiaryFactory(full_name="ملف في النطاق", branch=home, category=category, domains=[domain])
    theirs = BeneficiaryFactory(full_name="ملف فرع آخر", branch=away, category=category, domains=[domain])
    other_category = BeneficiaryFactory(
        full_name="ملف فئة أخرى", branch=home, category=CategoryFactory(code="cat2"), domains=[domain]
    )
    away_staff = UserFactory(full_name="موظف الفرع البعيد", role=Role.RECEPTIONIST, branches=[away])
    scope = {"branches": [home], "categories": [category], "domains": [domain]}
    return {
        "mine": mine,
        "theirs": theirs,
        "other_category": other_category,
        "away": away,
        "away_staff": away_staff,
        "manager": UserFactory(role=Role.SENIOR_MANAGEMENT, **scope),
        "admin": UserFactory(role=Role.ADMINISTRATOR, is_staff=True, **scope),
    }


def test_the_access_log_lists_only_entries_about_records_in_every_dimension_of_the_scope(client, world):
    mine = opened(world["mine"], world["away_staff"])
    opened(world["theirs"], world["away_staff"])
    opened(world["other_category"], world["away_staff"])
    client.force_login(world["manager"])
    response = client.get(reverse("audit:access_log"))
    assert [e.pk for e in response.context["page"]] == [mine.pk]
    page = response.content.decode()
    assert "ملف فرع آخر" not in page and "ملف فئة أخرى" not in page


def test_an_entry_about_a_record_whose_model_has_no_scope_is_for_global_staff_only(client, world):
    loose = opened(world["away_staff"], world["away_staff"])  # a staff member's own record: no beneficiary scope
    client.force_login(world["manager"])
    assert loose.pk not in [e.pk for e in client.get(reverse("audit:access_log")).context["page"]]
    client.force_login(UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True))
    assert loose.pk in [e.pk for e in client.get(reverse("audit:access_log")).context["page"]]


def test_another_branchs_meeting_minute_download_is_not_in_the_access_log(world):
    away_meeting = Meeting.objects.create(
        committee=CommitteeFactory(name="لجنة بعيدة", branch=world["away"]),
        held_on=timezone.localdate(),
        created_by=world["away_staff"],
    )
    entry = opened(away_meeting, world["away_staff"])
    assert entry.pk not in selectors.access_log(user=world["manager"]).values_list("pk", flat=True)


def test_the_change_history_lists_only_changes_of_records_in_scope(client, world):
    # Records reached through their beneficiary (household members) follow it.
    HouseholdMemberFactory(beneficiary=world["theirs"], full_name="فرد أسرة بعيدة")
    client.force_login(world["admin"])
    entries = list(selectors.change_log(user=world["admin"]))
    beneficiary_type = ContentType.objects.get_for_model(Beneficiary)
    about = {(e.content_type_id, e.object_pk) for e in entries}
    assert (beneficiary_type.pk, str(world["mine"].pk)) in about
    assert (beneficiary_type.pk, str(world["theirs"].pk)) not in about
    assert (beneficiary_type.pk, str(world["other_category"].pk)) not in about
    page = client.get(reverse("audit:change_log")).content.decode()
    assert "فرد أسرة بعيدة" not in page and "ملف فرع آخر" not in page
    assert "ملف في النطاق" in page


def test_the_filter_offers_no_staff_member_nor_record_type_out_of_scope(client, world):
    opened(world["theirs"], world["away_staff"])
    opened(world["away_staff"], world["away_staff"])
    client.force_login(world["manager"])
    form = client.get(reverse("audit:access_log")).context["form"]
    assert world["away_staff"] not in form.fields["actor"].queryset
    user_type = ContentType.objects.get_for_model(type(world["away_staff"]))
    assert user_type not in form.fields["content_type"].queryset
    # Asking by hand for the other branch's record shows nothing either.
    response = client.get(
        reverse("audit:access_log"),
        {"content_type": ContentType.objects.get_for_model(Beneficiary).pk, "object_id": world["theirs"].pk},
    )
    assert list(response.context["page"]) == []


def test_the_admin_lists_of_the_access_log_and_the_change_history_are_scoped(client, world):
    opened(world["theirs"], world["away_staff"])
    mine = opened(world["mine"], world["away_staff"])
    client.force_login(world["admin"])
    listed = client.get(reverse("admin:audit_accesslog_changelist")).context["cl"].result_list
    assert [e.pk for e in listed] == [mine.pk]
    theirs_changes = LogEntry.objects.get_for_object(world["theirs"])
    listed = client.get(reverse("admin:auditlog_logentry_changelist")).context["cl"].result_list
    assert not {e.pk for e in listed} & set(theirs_changes.values_list("pk", flat=True))
    response = client.get(reverse("admin:auditlog_logentry_change", args=[theirs_changes.first().pk]))
    assert response.status_code == 404 or response.url == reverse("admin:index")


def test_every_model_registered_with_a_scope_path_reaches_a_scoped_model(world):
    from django.apps import apps

    from mustafid.audit.registry import scope_path

    registered = [m for m in apps.get_models() if scope_path(m) is not None]
    assert len(registered) >= 10  # beneficiary parts, request parts, committee parts
    for model in registered:
        list(selectors._visible_ids(model, world["manager"]))  # a wrong path raises here
