"""HD-2, TL-5: anyone can read each service's criteria and requirements before applying."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mustafid.accounts.tests.factories import CategoryFactory
from mustafid.beneficiaries.models import Beneficiary
from mustafid.services import selectors, services
from mustafid.services.models import Criterion, RequiredDocument
from mustafid.services.tests.factories import (
    ServiceFactory,
    committee_ready_to_decide,
    draft_version,
    published_service,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def families():
    return CategoryFactory(name="الأسر المحتاجة", code="families")


@pytest.fixture
def orphans():
    return CategoryFactory(name="الأيتام", code="orphans")


def publish(service_name: str, *, categories=(), **kwargs):
    committee = kwargs.pop("committee", None) or committee_ready_to_decide(name=f"لجنة {service_name}")
    version = published_service(
        service=ServiceFactory(name=service_name), committee=committee, published_at=None, **kwargs
    )
    version.categories.set(categories)
    version.published_at = version.created_at
    version.save()
    return version


# --- selectors ----------------------------------------------------------------


def test_published_services_are_the_offered_ones_with_a_published_version(families):
    food = publish("سلة غذائية شهرية")
    draft_only = draft_version(service=ServiceFactory(name="خدمة قيد الإعداد"))
    withdrawn = publish("خدمة موقوفة")
    withdrawn.service.is_active = False
    withdrawn.service.save()

    names = [s.name for s in selectors.published_services()]
    assert names == ["سلة غذائية شهرية"]
    assert draft_only.service.name not in names
    assert [s.current_version_id for s in selectors.published_services()] == [food.pk]


def test_services_for_filters_by_the_beneficiarys_category(families, orphans):
    for_families = publish("مساعدة مالية عاجلة", categories=[families])
    for_orphans = publish("كفالة يتيم", categories=[orphans])
    for_everyone = publish("استشارة اجتماعية")  # no categories: every category

    family = Beneficiary(category=families)
    orphan = Beneficiary(category=orphans)
    assert set(selectors.services_for(family)) == {for_families.service, for_everyone.service}
    assert set(selectors.services_for(orphan)) == {for_orphans.service, for_everyone.service}


def test_services_for_follows_the_current_version(administrator, families, orphans):
    version = publish("مساعدة مالية عاجلة", categories=[families])
    draft = services.start_new_version(by=administrator, service=version.service)
    draft.categories.set([orphans])
    family, orphan = Beneficiary(category=families), Beneficiary(category=orphans)

    # A draft changes nothing until it is published.
    assert list(selectors.services_for(family)) == [version.service]
    assert list(selectors.services_for(orphan)) == []

    services.publish_version(by=administrator, version=draft)
    assert list(selectors.services_for(family)) == []
    assert list(selectors.services_for(orphan)) == [version.service]


# --- the public pages --------------------------------------------------------------


def test_hd2_the_catalogue_lists_published_services_to_an_anonymous_visitor_in_arabic(client, families):
    publish("سلة غذائية شهرية", description="سلة من المواد الغذائية الأساسية تُسلَّم كل شهر", categories=[families])
    draft_version(service=ServiceFactory(name="خدمة قيد الإعداد"))

    response = client.get(reverse("services:catalogue"))

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body and "bootstrap.rtl.min.css" in body
    assert "سلة غذائية شهرية" in body and "سلة من المواد الغذائية الأساسية" in body
    assert "الأسر المحتاجة" in body
    assert "خدمة قيد الإعداد" not in body


def test_the_catalogue_can_be_narrowed_to_a_category(client, families, orphans):
    publish("مساعدة مالية عاجلة", categories=[families])
    publish("كفالة يتيم", categories=[orphans])
    body = client.get(reverse("services:catalogue"), {"category": "orphans"}).content.decode()
    assert "كفالة يتيم" in body and "مساعدة مالية عاجلة" not in body


def test_hd2_the_service_page_gives_the_criteria_and_requirements_before_anything_starts(client, families):
    version = publish("مساعدة مالية عاجلة", categories=[families])
    committee_name = version.committee.name

    response = client.get(reverse("services:detail", args=[version.service.code]))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'dir="rtl"' in body
    assert "مساعدة مالية عاجلة" in body
    assert version.description in body
    assert "الأسر المحتاجة" in body
    for criterion in version.criteria.all():
        assert criterion.text in body
    for document in version.documents.all():
        assert document.name in body
    for field in version.fields.all():
        assert field.label in body
    assert committee_name in body
    assert "15" in body and "يوم عمل" in body  # HD-6, in Arabic


def test_a_service_page_shows_what_changed_since_the_previous_version(client, administrator):
    version = publish("مساعدة مالية عاجلة")
    draft = services.start_new_version(by=administrator, service=version.service)
    Criterion.objects.create(version=draft, text="أن يكون المتقدم قد أكمل ١٨ سنة", order=5)
    RequiredDocument.objects.filter(version=draft, required=False).delete()
    services.publish_version(by=administrator, version=draft)

    body = client.get(reverse("services:detail", args=[version.service.code])).content.decode()
    assert "أن يكون المتقدم قد أكمل ١٨ سنة" in body
    assert 'data-testid="service-changes"' in body
    assert "صك الإعالة" in body  # listed as no longer asked for


def test_a_service_that_is_not_published_or_not_offered_is_not_found(client):
    draft = draft_version()
    withdrawn = publish("خدمة موقوفة")
    withdrawn.service.is_active = False
    withdrawn.service.save()
    assert client.get(reverse("services:detail", args=[draft.service.code])).status_code == 404
    assert client.get(reverse("services:detail", args=[withdrawn.service.code])).status_code == 404
    assert client.get(reverse("services:detail", args=["no-such-service"])).status_code == 404


def test_the_catalogue_is_read_only(client):
    version = publish("سلة غذائية شهرية")
    assert client.post(reverse("services:catalogue")).status_code == 405
    assert client.post(reverse("services:detail", args=[version.service.code])).status_code == 405


def test_the_catalogue_page_queries_do_not_grow_with_the_services(client, families):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("services:catalogue")).status_code == 200
        return len(queries)

    publish("خدمة ١", categories=[families])
    few = count()
    for n in range(2, 7):
        publish(f"خدمة {n}", categories=[families])
    assert count() == few


def test_the_service_page_is_english_after_the_language_switch(client):
    version = publish("سلة غذائية شهرية")
    version.service.name_en = "Monthly food basket"
    version.service.save()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("services:detail", args=[version.service.code])).content.decode()
    assert '<html lang="en" dir="ltr">' in body
    assert "Monthly food basket" in body and "Eligibility criteria" in body
