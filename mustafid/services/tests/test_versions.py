"""TL-5: services are defined in versions; a published version never changes."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import CategoryFactory, DomainFactory, UserFactory
from mustafid.committees.models import CommitteeMember
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.services import selectors, services
from mustafid.services.models import (
    Criterion,
    FormField,
    PublishedVersionError,
    RequiredDocument,
    ServiceVersion,
)
from mustafid.services.signals import version_published
from mustafid.services.tests.factories import committee_ready_to_decide, draft_version, published_service

pytestmark = pytest.mark.django_db


def snapshot(version: ServiceVersion) -> dict:
    version = ServiceVersion.objects.get(pk=version.pk)
    return {
        "description": version.description,
        "committee": version.committee_id,
        "published_at": version.published_at,
        "categories": sorted(version.categories.values_list("pk", flat=True)),
        "domains": sorted(version.domains.values_list("pk", flat=True)),
        "fields": list(version.fields.values_list("key", "label", "kind", "required", "choices", "help_text", "order")),
        "criteria": list(version.criteria.values_list("text", "order")),
        "documents": list(version.documents.values_list("name", "description", "required", "order")),
    }


@contextmanager
def refused(error=PublishedVersionError):
    """Expect ``error``; a savepoint keeps the test's transaction usable afterwards."""
    with pytest.raises(error) as caught, transaction.atomic():
        yield caught


def codes(error: ValidationError) -> set[str | None]:
    return {e.code for e in error.error_list}


@pytest.fixture
def version_with_scope(administrator):
    version = draft_version(created_by=administrator, committee=committee_ready_to_decide())
    version.categories.set([CategoryFactory(), CategoryFactory()])
    version.domains.set([DomainFactory()])
    FormField.objects.create(
        version=version, key="need", label="نوع الحاجة", kind="choice", choices="إيجار\nعلاج", required=False, order=2
    )
    return services.publish_version(by=administrator, version=version)


# --- creating and publishing ------------------------------------------------


def test_tl5_create_service_makes_a_draft_first_version_with_everything(administrator):
    committee = committee_ready_to_decide()
    category = CategoryFactory()
    service = services.create_service(
        by=administrator,
        code="food-basket",
        name="سلة غذائية شهرية",
        description="سلة من المواد الغذائية الأساسية",
        committee=committee,
        categories=[category],
        fields=[
            {"key": "family_size", "label": "عدد أفراد الأسرة", "kind": "number"},
            {"key": "delivery", "label": "طريقة الاستلام", "kind": "choice", "choices": "المقر\nالمنزل"},
            {"key": "notes", "label": "ملاحظات", "kind": "text", "required": False},
        ],
        criteria=["أن تكون الأسرة مسجلة لدى الجمعية", "أن تكون مقيمة في نطاق الجمعية"],
        documents=["صورة الهوية الوطنية", {"name": "إفادة الضمان", "required": False}],
    )
    version = service.versions.get()
    assert version.number == 1 and not version.is_published
    assert list(version.categories.all()) == [category]
    assert [f.key for f in version.fields.all()] == ["family_size", "delivery", "notes"]
    assert [f.required for f in version.fields.all()] == [True, True, False]
    assert version.criteria.count() == 2
    assert [(d.name, d.required) for d in version.documents.all()] == [
        ("صورة الهوية الوطنية", True),
        ("إفادة الضمان", False),
    ]
    assert selectors.current_version(service) is None  # not public until published

    services.publish_version(by=administrator, version=version)
    assert selectors.current_version(service) == version


def test_tl5_a_choice_field_needs_its_choices(administrator):
    with pytest.raises(ValidationError) as caught:
        services.create_service(
            by=administrator,
            code="x",
            name="خدمة",
            description="وصف",
            fields=[{"key": "kind", "label": "النوع", "kind": "choice"}],
        )
    assert "choices" in caught.value.message_dict


def test_publishing_without_a_committee_is_refused(administrator):
    version = draft_version(created_by=administrator, committee=None)
    with pytest.raises(ValidationError) as caught:
        services.publish_version(by=administrator, version=version)
    assert codes(caught.value) == {"no_committee"}
    version.refresh_from_db()
    assert version.published_at is None


def test_publishing_with_an_inactive_committee_or_one_below_quorum_is_refused(administrator):
    inactive = committee_ready_to_decide(is_active=False)
    short = CommitteeFactory(quorum=3)
    add_member(short, UserFactory())
    add_member(short, UserFactory())
    add_member(short, UserFactory(), role=CommitteeMember.Role.SECRETARY)  # the secretary does not vote
    for committee, code in ((inactive, "committee_inactive"), (short, "committee_below_quorum")):
        version = draft_version(created_by=administrator, committee=committee)
        with pytest.raises(ValidationError) as caught:
            services.publish_version(by=administrator, version=version)
        assert codes(caught.value) == {code}
        version.refresh_from_db()
        assert not version.is_published
        version.delete()


def test_hd2_publishing_without_eligibility_criteria_is_refused(administrator):
    version = draft_version(created_by=administrator, committee=committee_ready_to_decide())
    version.criteria.all().delete()
    with pytest.raises(ValidationError) as caught:
        services.publish_version(by=administrator, version=version)
    assert codes(caught.value) == {"no_criteria"}


def test_the_database_refuses_a_published_version_without_a_committee(administrator):
    from django.db import IntegrityError

    version = draft_version(created_by=administrator, committee=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceVersion.objects.filter(pk=version.pk).update(published_at="2026-01-01T00:00:00Z")


def test_publishing_twice_is_refused(administrator, version_with_scope):
    with refused():
        services.publish_version(by=administrator, version=version_with_scope)


def test_in3_listeners_hear_of_a_publication_after_it_commits(administrator, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, version, previous, **kwargs):
        heard.append((version.number, previous.number if previous else None))

    version_published.connect(listener)
    try:
        version = draft_version(created_by=administrator, committee=committee_ready_to_decide())
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_version(by=administrator, version=version)
        second = services.start_new_version(by=administrator, service=version.service)
        with django_capture_on_commit_callbacks(execute=True):
            services.publish_version(by=administrator, version=second)
    finally:
        version_published.disconnect(listener)
    assert heard == [(1, None), (2, 1)]


# --- new versions -----------------------------------------------------------


def test_tl5_a_new_version_copies_everything_and_leaves_the_old_one_untouched(administrator, version_with_scope):
    old = version_with_scope
    before = snapshot(old)

    new = services.start_new_version(by=administrator, service=old.service)

    assert new.number == old.number + 1 and not new.is_published
    copied, original = snapshot(new), snapshot(old)
    assert original == before
    for key in ("description", "committee", "categories", "domains", "fields", "criteria", "documents"):
        assert copied[key] == original[key], key
    assert copied["published_at"] is None
    # Copies, not the same rows: the parts belong to the new version.
    assert not set(new.fields.values_list("pk", flat=True)) & set(old.fields.values_list("pk", flat=True))

    # Changing the draft changes nothing of the published version.
    new.description = "وصف محدث"
    new.save()
    new.criteria.first().delete()
    Criterion.objects.create(version=new, text="معيار جديد", order=9)
    new.categories.clear()
    FormField.objects.filter(version=new).update(required=True)
    assert snapshot(old) == before
    assert selectors.current_version(old.service) == old

    services.publish_version(by=administrator, version=new)
    assert selectors.current_version(old.service) == new
    assert snapshot(old) == before


def test_only_one_draft_at_a_time(administrator, version_with_scope):
    services.start_new_version(by=administrator, service=version_with_scope.service)
    with pytest.raises(ValidationError) as caught:
        services.start_new_version(by=administrator, service=version_with_scope.service)
    assert caught.value.code == "draft_exists"


def test_a_service_with_nothing_published_has_no_version_to_copy(administrator):
    version = draft_version(created_by=administrator)
    version.delete()
    with pytest.raises(ValidationError) as caught:
        services.start_new_version(by=administrator, service=version.service)
    assert caught.value.code == "nothing_published"


# --- a published version cannot change ---------------------------------------


def test_a_published_version_cannot_be_saved_or_deleted(version_with_scope):
    version = ServiceVersion.objects.get(pk=version_with_scope.pk)
    version.description = "تعديل"
    with refused() as caught:
        version.save()
    assert caught.value.code == "published_version"
    assert str(version.number) in caught.value.messages[0]
    with refused(ValidationError):  # what the admin's forms call
        version.full_clean()
    with refused():
        ServiceVersion.objects.filter(pk=version.pk).update(description="تعديل")
    with refused():
        version.delete()
    with refused():
        version.published_at = None  # "unpublishing" is a change too
        version.save()
    assert ServiceVersion.objects.get(pk=version.pk).description == version_with_scope.description


def test_a_published_versions_categories_and_domains_cannot_change(version_with_scope):
    version = version_with_scope
    category = version.categories.first()
    with refused():
        version.categories.add(CategoryFactory())
    with refused():
        version.categories.remove(category)
    with refused():
        version.domains.clear()
    with refused():
        category.serviceversion_set.clear()  # from the category's side
    assert version.categories.count() == 2 and version.domains.count() == 1


@pytest.mark.parametrize(
    ("related", "model", "change", "new"),
    [
        ("fields", FormField, {"label": "تعديل"}, {"key": "extra", "label": "حقل جديد", "kind": "text"}),
        ("criteria", Criterion, {"text": "تعديل"}, {"text": "معيار جديد"}),
        ("documents", RequiredDocument, {"name": "تعديل"}, {"name": "مستند جديد"}),
    ],
)
def test_the_fields_criteria_and_documents_of_a_published_version_cannot_change(
    version_with_scope, related, model, change, new
):
    version = version_with_scope
    part = getattr(version, related).first()
    before = list(model.objects.filter(version=version).values())

    for attribute, value in change.items():
        setattr(part, attribute, value)
    with refused():
        part.save()
    with refused(ValidationError):
        part.full_clean()
    with refused():
        part.delete()
    with refused():
        model.objects.filter(version=version).delete()
    with refused():
        model.objects.filter(version=version).update(**change)
    with refused():
        model.objects.create(version=version, **new)
    with refused():
        model.objects.bulk_create([model(version=version, **new)])
    with refused():
        model.objects.bulk_update([part], list(change))

    assert list(model.objects.filter(version=version).values()) == before


def test_a_part_cannot_be_moved_out_of_a_published_version(administrator, version_with_scope):
    draft = services.start_new_version(by=administrator, service=version_with_scope.service)
    part = version_with_scope.criteria.first()
    part.version = draft
    with refused():
        part.save()
    with refused():
        Criterion.objects.filter(pk=part.pk).update(version=draft)


def test_the_request_desk_factory_still_builds_a_published_service():
    version = published_service()
    assert version.is_published
    assert version.fields.count() == 3 and version.criteria.count() == 2 and version.documents.count() == 2


# --- permissions ----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.CASE_WORKER, Role.SENIOR_MANAGEMENT, Role.COMMITTEE_MEMBER])
def test_only_the_administrator_defines_and_publishes_services(role, version_with_scope):
    staff = UserFactory(role=role, scope_all=True)
    assert staff.has_perm("services.view_service")
    with pytest.raises(PermissionDenied):
        services.create_service(by=staff, code="x", name="خدمة", description="وصف")
    with pytest.raises(PermissionDenied):
        services.start_new_version(by=staff, service=version_with_scope.service)
    draft = draft_version(committee=committee_ready_to_decide())
    with pytest.raises(PermissionDenied):
        services.publish_version(by=staff, version=draft)
    draft.refresh_from_db()
    assert not draft.is_published
