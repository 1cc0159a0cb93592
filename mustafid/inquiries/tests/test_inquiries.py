"""Inquiries (HD-1, CM-2, IN-1): routed to the liaison officer, answered through the outbox, scoped."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, DomainFactory, UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.core.workdays import add_working_days
from mustafid.inquiries import services
from mustafid.inquiries.models import ApprovedAnswer, Inquiry, ReplyChannel, Status
from mustafid.inquiries.selectors import worklist
from mustafid.inquiries.tests.factories import inquiry
from mustafid.liaison.tests.factories import LiaisonAssignmentFactory, OfficerProfileFactory, officer
from mustafid.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def beneficiary():
    return BeneficiaryFactory(domains=[DomainFactory(code="housing")])


@pytest.fixture
def desk(beneficiary):
    return UserFactory(
        role=Role.RECEPTIONIST,
        branches=[beneficiary.branch],
        categories=[beneficiary.category],
        domains=list(beneficiary.domains.all()),
    )


def test_an_inquiry_is_routed_to_the_officer_of_the_beneficiarys_category_with_a_working_day_deadline(
    beneficiary, desk
):
    person = LiaisonAssignmentFactory(category=beneficiary.category).officer
    case = inquiry(by=desk, beneficiary=beneficiary)
    assert case.status == Status.ASSIGNED
    assert case.assigned_to == person
    assert case.branch == beneficiary.branch and case.category == beneficiary.category
    assert case.due_on == add_working_days(timezone.localdate(), services.ANSWER_WORKING_DAYS)
    assert case.reference.startswith("INQ-")


def test_to_the_fallback_while_the_officer_is_absent_and_unassigned_when_nobody_is_set(beneficiary, desk):
    assignment = LiaisonAssignmentFactory(category=beneficiary.category, fallback=officer())
    today = timezone.localdate()
    OfficerProfileFactory(user=assignment.officer, absent_from=today, absent_until=today)
    assert inquiry(by=desk, beneficiary=beneficiary).assigned_to == assignment.fallback

    nobody = inquiry(by=desk, branch=BranchFactory(code="elsewhere"))
    assert nobody.assigned_to is None
    assert nobody.status == Status.RECEIVED


def test_the_answer_is_kept_with_the_approved_version_and_sent_by_the_inquirers_channel(beneficiary, desk):
    person = LiaisonAssignmentFactory(category=beneficiary.category).officer
    case = inquiry(by=desk, beneficiary=beneficiary, reply_channel=ReplyChannel.EMAIL, contact="noura@example.com")
    library = ApprovedAnswer.objects.create(title="الدوام", body="من الأحد إلى الخميس", approved_by=person)
    answered = services.answer_inquiry(by=person, inquiry=case, answer=library.body, approved_answer=library)
    assert answered.status == Status.ANSWERED
    message = Notification.objects.get(dedupe_key=f"inquiry-answer:{case.pk}")
    assert message.channel == "email"
    assert message.address == "noura@example.com"
    assert message.body == "من الأحد إلى الخميس"
    # Editing the approved answer later makes a new version: this inquiry keeps the one it used.
    newer = ApprovedAnswer.objects.create(
        title="الدوام", body="من الأحد إلى الخميس، 8-2", approved_by=person, previous=library, version=2
    )
    answered.refresh_from_db()
    assert answered.approved_answer == library and answered.approved_answer.body == "من الأحد إلى الخميس"
    other = inquiry(by=desk, beneficiary=beneficiary)
    with pytest.raises(ValidationError):
        services.answer_inquiry(by=person, inquiry=other, answer="نص", approved_answer=library)
    assert services.answer_inquiry(by=person, inquiry=other, answer=newer.body, approved_answer=newer).approved_answer


def test_steps_the_workflow_does_not_allow_are_refused_and_a_desk_cannot_answer(beneficiary, desk):
    person = LiaisonAssignmentFactory(category=beneficiary.category).officer
    case = inquiry(by=desk, beneficiary=beneficiary)
    with pytest.raises(ValidationError):
        services.close_inquiry(by=person, inquiry=case)
    with pytest.raises(PermissionDenied):
        services.answer_inquiry(by=desk, inquiry=case, answer="نص")
    services.answer_inquiry(by=person, inquiry=case, answer="نص")
    closed = services.close_inquiry(by=person, inquiry=case)
    assert closed.status == Status.CLOSED
    with pytest.raises(ValidationError):
        services.answer_inquiry(by=person, inquiry=closed, answer="نص آخر")


def test_an_inquiry_without_a_beneficiary_is_seen_by_its_branch_and_its_officer_only():
    """Decision: no file to scope by, so the branch it was received for, plus the officer it was routed to."""
    home, away = BranchFactory(code="home"), BranchFactory(code="away")
    domain = DomainFactory(code="support")
    person = LiaisonAssignmentFactory(domain=domain, officer=officer(scope_all=False, branches=[away])).officer
    case = inquiry(branch=home, domain=domain)
    assert case.assigned_to == person
    at_home = UserFactory(role=Role.RECEPTIONIST, branches=[home])
    at_away = UserFactory(role=Role.RECEPTIONIST, branches=[away])
    today = timezone.localdate()
    assert list(worklist(at_home, today=today)) == [case]
    assert list(worklist(at_away, today=today)) == []
    assert list(worklist(person, today=today)) == [case]


def test_a_beneficiarys_inquiry_follows_the_files_scope(beneficiary, desk):
    case = inquiry(by=desk, beneficiary=beneficiary)
    other_category = UserFactory(role=Role.RECEPTIONIST, branches=[beneficiary.branch])
    today = timezone.localdate()
    assert list(worklist(desk, today=today)) == [case]
    assert list(worklist(other_category, today=today)) == []
    with pytest.raises(Http404):
        services.close_inquiry(by=other_category, inquiry=case)


def test_the_worklist_by_mine_overdue_and_queue(beneficiary, desk):
    person = LiaisonAssignmentFactory(category=beneficiary.category).officer
    late = inquiry(by=desk, beneficiary=beneficiary)
    Inquiry.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    support = inquiry(by=desk, beneficiary=beneficiary, kind="support")
    unassigned = inquiry(by=desk, branch=beneficiary.branch)
    today = timezone.localdate()
    assert set(worklist(person, mine=True, today=today)) == {late, support}
    assert list(worklist(desk, overdue=True, today=today)) == [late]
    assert list(worklist(desk, kind="support", today=today)) == [support]
    assert set(worklist(desk, stage="received", today=today)) == {unassigned}
    # Due soon: open and due today or on the next working day (the others are due in three).
    Inquiry.objects.filter(pk=support.pk).update(due_on=today)
    assert list(worklist(desk, due_soon=True, today=today)) == [support]


def test_pages_register_answer_and_close(client, beneficiary, desk):
    person = LiaisonAssignmentFactory(category=beneficiary.category).officer
    client.force_login(desk)
    response = client.post(
        reverse("inquiries:new") + f"?beneficiary={beneficiary.pk}",
        {
            "source": "phone",
            "kind": "inquiry",
            "inquirer_name": beneficiary.full_name,
            "contact": "",
            "reply_channel": "sms",
            "subject": "موعد الصرف",
            "question": "متى موعد الصرف؟",
        },
    )
    case = Inquiry.objects.get()
    assert response.status_code == 302 and response.url == case.get_absolute_url()
    assert case.contact == beneficiary.phone and case.assigned_to == person
    assert client.get(reverse("inquiries:detail", args=[case.pk])).context["form"] is None  # the desk does not answer

    client.force_login(person)
    page = client.get(reverse("inquiries:detail", args=[case.pk]))
    assert page.context["form"] is not None
    empty = client.post(reverse("inquiries:answer", args=[case.pk]), {"answer": ""})
    assert empty.status_code == 200 and empty.context["form"].errors
    client.post(reverse("inquiries:answer", args=[case.pk]), {"answer": "في الأسبوع القادم"})
    client.post(reverse("inquiries:close", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.answer == "في الأسبوع القادم"
    outsider = UserFactory(role=Role.LIAISON_OFFICER, branches=[BranchFactory(code="far")])
    client.force_login(outsider)
    assert client.get(reverse("inquiries:detail", args=[case.pk])).status_code == 404


def test_an_inquiry_nobody_was_routed_to_is_taken_or_assigned_to_an_officer_who_sees_it(client, beneficiary, desk):
    case = inquiry(by=desk, beneficiary=beneficiary)
    assert case.status == Status.RECEIVED
    near = officer(
        scope_all=False,
        branches=[beneficiary.branch],
        categories=[beneficiary.category],
        domains=list(beneficiary.domains.all()),
    )
    far = officer(scope_all=False, branches=[BranchFactory(code="far-away")])
    with pytest.raises(ValidationError):
        services.assign_inquiry(by=desk, inquiry=case, to=far)
    with pytest.raises(ValidationError):
        services.assign_inquiry(by=desk, inquiry=case, to=UserFactory(role=Role.CASE_WORKER, scope_all=True))
    client.force_login(desk)
    page = client.get(reverse("inquiries:detail", args=[case.pk]))
    assert [p.pk for p in page.context["officers"]] == [near.pk]
    client.post(reverse("inquiries:assign", args=[case.pk]), {"to": far.pk})
    case.refresh_from_db()
    assert case.assigned_to is None
    client.post(reverse("inquiries:assign", args=[case.pk]), {"to": near.pk})
    case.refresh_from_db()
    assert case.assigned_to == near and case.status == Status.ASSIGNED

    other = inquiry(by=desk, beneficiary=beneficiary)
    client.force_login(near)
    client.post(reverse("inquiries:assign", args=[other.pk]), {"to": ""})
    other.refresh_from_db()
    assert other.assigned_to == near


def test_the_export_holds_the_worklist_in_scope_without_contacts_and_is_logged(client, beneficiary, desk):
    from mustafid.audit.models import AccessLog

    mine = inquiry(by=desk, beneficiary=beneficiary, subject="=HYPERLINK(1)")
    theirs = inquiry(by=desk, beneficiary=BeneficiaryFactory(), subject="ليس في نطاقي")
    manager = UserFactory(
        role=Role.SENIOR_MANAGEMENT,
        branches=[beneficiary.branch],
        categories=[beneficiary.category],
        domains=list(beneficiary.domains.all()),
    )
    client.force_login(desk)
    assert client.get(reverse("inquiries:export") + "?format=csv").status_code == 403
    client.force_login(manager)
    response = client.get(reverse("inquiries:export") + "?format=csv")
    body = response.content.decode("utf-8-sig")
    assert mine.reference in body and theirs.reference not in body
    assert "'=HYPERLINK(1)" in body
    assert mine.contact not in body and mine.contact[-9:] not in body
    assert AccessLog.objects.filter(
        actor=manager, action=AccessLog.Action.EXPORT, object_id=str(beneficiary.pk)
    ).exists()
    xlsx = client.get(reverse("inquiries:export") + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.sheet_view.rightToLeft
    from_xlsx = [[v if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)]
    assert from_xlsx == list(csv.reader(io.StringIO(body)))
    assert theirs.reference not in {row[0] for row in from_xlsx}
    assert client.get(reverse("inquiries:export") + "?format=pdf").status_code == 404


def test_the_inquirer_gets_the_reference_number_at_once_by_their_channel_not_by_a_call(beneficiary, desk):
    by_sms = inquiry(by=desk, beneficiary=beneficiary)
    message = Notification.objects.get(dedupe_key=f"inquiry-received:{by_sms.pk}")
    assert message.channel == "sms" and by_sms.reference in message.body
    assert message.address == by_sms.contact
    by_phone = inquiry(by=desk, beneficiary=beneficiary, reply_channel=ReplyChannel.PHONE)
    assert not Notification.objects.filter(dedupe_key=f"inquiry-received:{by_phone.pk}").exists()
