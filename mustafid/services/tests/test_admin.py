"""TL-5: the administrator configures the catalogue in the admin; nobody else can."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import CategoryFactory, UserFactory
from mustafid.services import services
from mustafid.services.models import Criterion, Service, ServiceVersion
from mustafid.services.tests.factories import committee_ready_to_decide, draft_version, published_service

pytestmark = pytest.mark.django_db

VERSIONS = reverse("admin:services_serviceversion_changelist")
SERVICES = reverse("admin:services_service_changelist")


def action(client, url, name, *objects):
    return client.post(url, {"action": name, "index": 0, "_selected_action": [o.pk for o in objects]}, follow=True)


@pytest.fixture
def ready_draft(administrator):
    return draft_version(created_by=administrator, committee=committee_ready_to_decide())


@pytest.fixture
def published(administrator):
    return published_service(created_by=administrator, committee=committee_ready_to_decide())


def test_the_catalogue_admin_is_in_arabic(admin_client, published):
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert "دليل الخدمات" in body
    body = admin_client.get(VERSIONS).content.decode()
    assert 'dir="rtl"' in body and "نشر" in body


def test_the_administrator_adds_a_service_with_a_draft_first_version(admin_client):
    committee = committee_ready_to_decide()
    category = CategoryFactory()
    response = admin_client.post(
        reverse("admin:services_service_add"),
        {
            "code": "food-basket",
            "name": "سلة غذائية شهرية",
            "name_en": "Monthly food basket",
            "description": "سلة من المواد الغذائية الأساسية",
            "committee": committee.pk,
            "categories": [category.pk],
        },
    )
    service = Service.objects.get(code="food-basket")
    version = service.versions.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:services_serviceversion_change", args=[version.pk]
    )
    assert not version.is_published and version.committee == committee
    assert list(version.categories.all()) == [category]


def test_the_administrator_edits_a_draft_with_its_inlines_and_saves_and_publishes_it(admin_client, ready_draft):
    url = reverse("admin:services_serviceversion_change", args=[ready_draft.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and 'name="_publish"' in page.content.decode()
    form = page.context["adminform"].form
    data = {
        "description": "وصف محدث",
        "committee": ready_draft.committee_id,
        "categories": [],
        "domains": [],
        "_publish": "1",
    }
    for formset in page.context["inline_admin_formsets"]:
        fs = formset.formset
        prefix = fs.prefix
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(fs.initial_forms),
                f"{prefix}-INITIAL_FORMS": len(fs.initial_forms),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, inline_form in enumerate(fs.initial_forms):
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                if name == "id":
                    value = inline_form.instance.pk
                if name == "version":
                    value = ready_draft.pk
                if isinstance(value, bool):
                    if value:
                        data[f"{prefix}-{i}-{name}"] = "on"
                elif value is not None:
                    data[f"{prefix}-{i}-{name}"] = value
    # One more criterion, added on the draft's page.
    criteria_prefix = next(
        f.formset.prefix for f in page.context["inline_admin_formsets"] if f.formset.model is Criterion
    )
    total = data[f"{criteria_prefix}-TOTAL_FORMS"]
    data[f"{criteria_prefix}-TOTAL_FORMS"] = total + 1
    data[f"{criteria_prefix}-{total}-text"] = "معيار أضافه المدير"
    data[f"{criteria_prefix}-{total}-order"] = 5
    assert form is not None

    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    ready_draft.refresh_from_db()
    assert ready_draft.description == "وصف محدث"
    assert ready_draft.is_published
    assert ready_draft.criteria.filter(text="معيار أضافه المدير").exists()


def test_a_published_version_is_read_only_in_the_admin(admin_client, published):
    url = reverse("admin:services_serviceversion_change", args=[published.pk])
    page = admin_client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert 'name="_publish"' not in body and 'name="description"' not in body
    assert not any(f.formset.can_delete or f.has_add_permission for f in page.context["inline_admin_formsets"])
    assert 'data-testid="start-new-version"' in body

    response = admin_client.post(url, {"description": "تعديل"})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.description != "تعديل"
    assert admin_client.post(reverse("admin:services_serviceversion_delete", args=[published.pk])).status_code == 403


def test_the_publish_action_publishes_a_ready_draft(admin_client, ready_draft):
    response = action(admin_client, VERSIONS, "publish", ready_draft)
    assert response.status_code == 200
    ready_draft.refresh_from_db()
    assert ready_draft.is_published


def test_the_publish_action_explains_why_a_draft_without_a_committee_is_refused(admin_client, administrator):
    draft = draft_version(created_by=administrator, committee=None)
    response = action(admin_client, VERSIONS, "publish", draft)
    draft.refresh_from_db()
    assert not draft.is_published
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_the_new_version_action_opens_a_copy_and_shows_it(admin_client, published):
    response = action(admin_client, SERVICES, "start_new_version", published.service)
    draft = published.service.versions.get(number=2)
    assert response.redirect_chain[-1][0] == reverse("admin:services_serviceversion_change", args=[draft.pk])
    assert draft.criteria.count() == published.criteria.count()
    # The button on a published version's page runs the same action.
    action(admin_client, VERSIONS, "start_new_version", published)
    assert published.service.versions.count() == 2  # refused: a draft is open


@pytest.fixture
def catalogue_viewer(client):
    """A staff member who may open the admin and see services, but not configure them."""
    user = UserFactory(role=Role.SENIOR_MANAGEMENT, is_staff=True, scope_all=True)
    user.user_permissions.add(Permission.objects.get(codename="view_serviceversion"))
    client.force_login(user)
    return client


def test_the_admin_actions_are_refused_to_others(catalogue_viewer, ready_draft, published):
    assert catalogue_viewer.get(VERSIONS).status_code == 200
    action(catalogue_viewer, VERSIONS, "publish", ready_draft)
    action(catalogue_viewer, SERVICES, "start_new_version", published.service)
    action(catalogue_viewer, VERSIONS, "start_new_version", published)
    ready_draft.refresh_from_db()
    assert not ready_draft.is_published
    assert ServiceVersion.objects.filter(service=published.service).count() == 1
    url = reverse("admin:services_serviceversion_change", args=[ready_draft.pk])
    assert catalogue_viewer.post(url, {"description": "تعديل", "_publish": "1"}).status_code == 403


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.CASE_WORKER, Role.COMMITTEE_MEMBER])
def test_other_staff_cannot_open_the_catalogue_admin(client, role, ready_draft):
    client.force_login(UserFactory(role=role))
    response = client.post(VERSIONS, {"action": "publish", "index": 0, "_selected_action": [ready_draft.pk]})
    assert response.status_code == 302 and "login" in response["Location"]
    ready_draft.refresh_from_db()
    assert not ready_draft.is_published


def test_start_new_version_from_the_services(administrator, published):
    draft = services.start_new_version(by=administrator, service=published.service)
    assert draft.number == 2
