"""The library of approved answers (HD-1): editing an approved answer makes a new version, the old one is kept."""

import pytest
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, UserFactory
from mustafid.inquiries import services
from mustafid.inquiries.models import ApprovedAnswer, Inquiry
from mustafid.inquiries.selectors import answers_for
from mustafid.inquiries.tests.factories import inquiry

pytestmark = pytest.mark.django_db


def test_editing_in_the_admin_makes_a_new_version_and_answered_inquiries_keep_theirs(client):
    administrator = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, scope_all=True)
    first = ApprovedAnswer.objects.create(title="الدوام", body="من الأحد إلى الخميس", approved_by=administrator)
    case = inquiry(branch=BranchFactory(code="hq"))
    services.answer_inquiry(by=administrator, inquiry=case, answer=first.body, approved_answer=first)
    client.force_login(administrator)
    response = client.post(
        reverse("admin:inquiries_approvedanswer_change", args=[first.pk]),
        {"title": "الدوام", "body": "من الأحد إلى الخميس، ٨ - ٢", "kind": "inquiry", "is_active": "on"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.body == "من الأحد إلى الخميس" and first.version == 1
    second = ApprovedAnswer.objects.get(previous=first)
    assert second.version == 2 and second.body == "من الأحد إلى الخميس، ٨ - ٢"
    assert Inquiry.objects.get(pk=case.pk).approved_answer == first
    # Only the current version is offered when answering.
    assert list(answers_for(inquiry(branch=BranchFactory(code="hq")))) == [second]


def test_answers_are_offered_per_category_and_kind():
    author = UserFactory(scope_all=True)
    mine, theirs = CategoryFactory(code="mine"), CategoryFactory(code="theirs")
    general = ApprovedAnswer.objects.create(title="عام", body="نص", approved_by=author)
    for_mine = ApprovedAnswer.objects.create(title="فئتي", body="نص", approved_by=author, category=mine)
    ApprovedAnswer.objects.create(title="فئة أخرى", body="نص", approved_by=author, category=theirs)
    ApprovedAnswer.objects.create(title="دعم", body="نص", approved_by=author, kind="support")
    ApprovedAnswer.objects.create(title="موقوفة", body="نص", approved_by=author, is_active=False)
    case = inquiry(branch=BranchFactory(code="hq"), category=mine)
    assert set(answers_for(case)) == {general, for_mine}
