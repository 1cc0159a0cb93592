"""Every form field marks its errors on itself and shows when it is required (issue 10.5).

Read from the real page (the new beneficiary form, the one with every kind of field: text,
select, the Gregorian/Hijri date, the domains checkbox group), parsed as HTML.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory


class Elements(HTMLParser):
    """Every start tag's attributes, in order, and the text under each id."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def by_id(self, element_id: str) -> dict[str, str] | None:
        return next((attrs for _tag, attrs in self.tags if attrs.get("id") == element_id), None)

    def named(self, name: str) -> list[tuple[str, dict[str, str]]]:
        return [(tag, attrs) for tag, attrs in self.tags if attrs.get("name") == name]


@pytest.fixture
def reception(db):
    branch, category, domain = BranchFactory(code="hq"), CategoryFactory(code="families"), DomainFactory(code="aid")
    return UserFactory(role=Role.RECEPTIONIST, branches=[branch], categories=[category], domains=[domain])


def test_an_invalid_field_is_marked_on_the_field_and_described_by_its_error(client, reception):
    client.force_login(reception)
    response = client.post(reverse("beneficiaries:create"), {"full_name": "اسم", "date_of_birth_1": "1410-13-40"})
    html = Elements(response.content.decode())
    for name in ["national_id", "date_of_birth_1", "branch"]:
        [(_tag, attrs)] = html.named(name)
        assert attrs.get("aria-invalid") == "true", name
        described = attrs.get("aria-describedby", "").split()
        assert described, name
        # Each id it names is on the page: a screen reader reads the error out with the field.
        assert all(html.by_id(i) is not None for i in described), (name, described)
        assert any(i.endswith("_error") for i in described), (name, described)
    # The field typed correctly is not marked.
    [(_tag, full_name)] = html.named("full_name")
    assert "aria-invalid" not in full_name


def test_the_domains_group_is_a_fieldset_named_by_its_legend_and_shown_as_required(client, reception):
    client.force_login(reception)
    body = client.get(reverse("beneficiaries:create")).content.decode()
    start = body.index('data-testid="field-domains"')
    block = body[body.rindex("<", 0, start) : body.index("</fieldset>", start)]
    assert block.startswith("<fieldset")
    legend = block[block.index("<legend") : block.index("</legend>")]
    assert "*" in legend and 'class="visually-hidden"' in legend
    # Each checkbox has its own label; none points at another box.
    html = Elements(block)
    boxes = [attrs for tag, attrs in html.tags if tag == "input" and attrs.get("type") == "checkbox"]
    labels = [attrs.get("for") for tag, attrs in html.tags if tag == "label"]
    assert boxes and [b["id"] for b in boxes] == labels


def test_the_calendar_select_of_a_date_has_an_accessible_name(client, reception):
    client.force_login(reception)
    html = Elements(client.get(reverse("beneficiaries:create")).content.decode())
    select = html.by_id("id_date_of_birth_0")
    assert select is not None and select.get("aria-label")


def test_the_sign_in_page_marks_an_empty_email_on_the_field(client, db):
    response = client.post(reverse("account_login"), {"login": "", "password": "x"})
    html = Elements(response.content.decode())
    field = html.by_id("id_login")
    assert field is not None and field.get("aria-invalid") == "true"
    assert html.by_id(field["aria-describedby"]) is not None


def test_the_service_choice_of_a_new_request_is_described_by_its_error(client, db):
    from django.utils import timezone

    from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
    from mustafid.services.tests.factories import published_service

    beneficiary = BeneficiaryFactory()
    version = published_service(published_at=None)
    version.categories.add(beneficiary.category)
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    client.force_login(scoped_staff(Role.RECEPTIONIST, beneficiary))
    response = client.post(reverse("requests:new", args=[beneficiary.pk]), {"received_via": "interview"})
    assert response.status_code == 200
    html = Elements(response.content.decode())
    [fieldset] = [attrs for tag, attrs in html.tags if tag == "fieldset" and attrs.get("aria-describedby")]
    assert html.by_id(fieldset["aria-describedby"]) is not None
