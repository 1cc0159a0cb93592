"""The seeded world of the authorization matrix: one object of each kind in scope, and its out-of-scope twins.

Every staff user of the matrix is scoped to branch A, category X and domain P.
Each kind of object exists for four beneficiaries that differ in one scope
dimension only (the variants below), so a cell that leaks names the dimension
that leaks. The volunteer is assigned to all four: what keeps the twins from
them is scope, not the assignment.

Built once per test module (see ``world`` in tests/test_authorization_matrix.py),
through the real services wherever a service exists, so that scope data a
service copies (e.g. a notification's scope) is there as it would be live.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.test import RequestFactory
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory, UserFactory
from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access
from mustafid.beneficiaries import services as beneficiary_services
from mustafid.beneficiaries.models import Consent, ConsentPurpose, ProvidedItem
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.committees import services as committee_services
from mustafid.committees.models import CommitteeMember
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.compensation import services as compensation_services
from mustafid.complaints import services as complaint_services
from mustafid.complaints.tests.factories import filed as filed_complaint
from mustafid.documents.tests.factories import published as published_document
from mustafid.entitlements import services as entitlement_services
from mustafid.entitlements.tests.factories import entitlement_with
from mustafid.inquiries.tests.factories import inquiry as registered_inquiry
from mustafid.interactions.tests.factories import InteractionFactory
from mustafid.notifications.models import Notification
from mustafid.oversight.tests.factories import visit_with_actions
from mustafid.policies import services as policy_services
from mustafid.requests import services as request_services
from mustafid.requests.models import ServiceRequest
from mustafid.requests.tests.factories import filled_draft, pdf_upload
from mustafid.services.tests.factories import published_service
from mustafid.surveys import services as survey_services
from mustafid.surveys.tests.factories import questionnaire as survey_questionnaire

IN_SCOPE = "in_scope"
OTHER_BRANCH = "other_branch"
OTHER_CATEGORY = "other_category"
OTHER_DOMAIN = "other_domain"
VARIANTS = (IN_SCOPE, OTHER_BRANCH, OTHER_CATEGORY, OTHER_DOMAIN)
OUT_OF_SCOPE = VARIANTS[1:]

#: The roles of the matrix, by the short code the test ids use.
ROLES = tuple(str(role) for role in Role)

#: Distinctive names: a list page that shows one of the twins' names leaks it.
NAMES = {
    IN_SCOPE: "مستفيد داخل النطاق",
    OTHER_BRANCH: "مستفيد من فرع آخر",
    OTHER_CATEGORY: "مستفيد من فئة أخرى",
    OTHER_DOMAIN: "مستفيد من مجال آخر",
}
#: Meetings have a branch only through their committee: their location is their marker.
MEETING_PLACES = {IN_SCOPE: "قاعة اجتماعات الفرع", OTHER_BRANCH: "قاعة اجتماعات الفرع الآخر"}
#: Supervisory visits belong to a branch and name no beneficiary: the office visited is their marker.
VISIT_PLACES = {IN_SCOPE: "مكتب استقبال الفرع", OTHER_BRANCH: "مكتب استقبال الفرع الآخر"}


@dataclass
class World:
    users: dict[str, Any]
    #: kind -> variant -> object
    objects: dict[str, dict[str, models.Model]] = field(default_factory=dict)

    def put(self, kind: str, variant: str, obj: models.Model) -> None:
        # Two apps naming their object alike would silently swap one for the other (and its variants).
        assert variant not in self.objects.get(kind, {}), f"the matrix world has a {kind!r} ({variant}) already"
        self.objects.setdefault(kind, {})[variant] = obj

    def get(self, kind: str, variant: str) -> models.Model:
        return self.objects[kind][variant]


def _set_branch_if_any(obj: models.Model, branch) -> None:
    """Give a committee its branch where the model has one (the committee-scope work adds it)."""
    if any(f.name == "branch" for f in obj._meta.get_fields()):
        obj.branch = branch  # type: ignore[attr-defined]
        obj.save()


def _page_request(user) -> Any:
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return request


def build_world() -> World:
    a, b = BranchFactory(code="matrix-a", name="الفرع أ"), BranchFactory(code="matrix-b", name="الفرع ب")
    x, y = CategoryFactory(code="matrix-x", name="الفئة س"), CategoryFactory(code="matrix-y", name="الفئة ص")
    p, q = DomainFactory(code="matrix-p", name="المجال ف"), DomainFactory(code="matrix-q", name="المجال ق")
    scope = {IN_SCOPE: (a, x, p), OTHER_BRANCH: (b, x, p), OTHER_CATEGORY: (a, y, p), OTHER_DOMAIN: (a, x, q)}

    users = {
        role: UserFactory(role=role, branches=[a], categories=[x], domains=[p], full_name=f"مستخدم {role}")
        for role in ROLES
    }
    # Each has an authenticator app and recovery codes: the two-factor pages have something to show.
    for user in users.values():
        TOTP.activate(user, generate_totp_secret())
        RecoveryCodes.activate(user)
    # Writes the world through the services as someone who may do everything everywhere.
    builder = UserFactory(role=Role.ADMINISTRATOR, scope_all=True, full_name="مهيئ العالم")

    # The committee member of the matrix chairs the committee of the in-scope service;
    # the out-of-scope requests go to another committee they do not sit on.
    committee_in = CommitteeFactory(name="لجنة المساعدات في الفرع أ", quorum=2)
    committee_out = CommitteeFactory(name="لجنة المساعدات في الفرع ب", quorum=2)
    _set_branch_if_any(committee_in, a)
    _set_branch_if_any(committee_out, b)
    chair = users[Role.COMMITTEE_MEMBER]
    add_member(committee_in, chair, CommitteeMember.Role.CHAIR)
    add_member(committee_in, UserFactory(role=Role.COMMITTEE_MEMBER, full_name="عضو لجنة الفرع أ"))
    chair_out = UserFactory(role=Role.COMMITTEE_MEMBER, full_name="رئيس لجنة الفرع ب", scope_all=True)
    add_member(committee_out, chair_out, CommitteeMember.Role.CHAIR)
    add_member(committee_out, UserFactory(role=Role.COMMITTEE_MEMBER, full_name="عضو لجنة الفرع ب"))
    version_in = published_service(committee=committee_in)
    version_out = published_service(committee=committee_out)

    world = World(users=users)
    today = timezone.localdate()
    page = _page_request(builder)
    for variant in VARIANTS:
        branch, category, domain = scope[variant]
        beneficiary = BeneficiaryFactory(
            full_name=NAMES[variant],
            branch=branch,
            category=category,
            domains=[domain],
            assigned_volunteers=[users[Role.VOLUNTEER]],
            preferred_channel="phone",
        )
        world.put("beneficiary", variant, beneficiary)
        # Someone opened each file: the access log has a line about every twin.
        record_access(request=page, obj=beneficiary, action=AccessLog.Action.VIEW)

        world.put(
            "document",
            variant,
            beneficiary_services.attach_document(
                by=builder, beneficiary=beneficiary, kind="identity", title="صورة الهوية", upload=pdf_upload()
            ),
        )
        interaction = InteractionFactory(
            beneficiary=beneficiary,
            recorded_by=builder,
            subject=f"اتصال {NAMES[variant]}",
            follow_up_on=today,
            attachment=pdf_upload("letter.pdf"),
            attachment_type="application/pdf",
        )
        world.put("interaction", variant, interaction)
        # An inquiry the beneficiary made by phone (issue 11.4); scoped by the file like everything else.
        world.put("inquiry", variant, registered_inquiry(by=builder, beneficiary=beneficiary))
        world.put(
            "correction",
            variant,
            beneficiary_services.record_correction_request(
                by=builder,
                beneficiary=beneficiary,
                data={"field_label": "رقم الجوال", "requested_change": "الرقم الصحيح آخر"},
            ),
        )
        item = beneficiary_services.record_provided_item(
            by=builder,
            beneficiary=beneficiary,
            data={"kind": ProvidedItem.Kind.STORY, "title": "قصة نجاح", "description": "قصة"},
        )
        world.put("item", variant, item)
        world.put(
            "consent",
            variant,
            beneficiary_services.record_consent(
                by=builder,
                item=item,
                data={
                    "purpose": ConsentPurpose.ANNUAL_REPORT,
                    "granted_on": today,
                    "evidence_kind": Consent.Evidence.IN_PERSON,
                    "evidence_note": "أمام شاهد",
                },
            ),
        )

        # A complaint about the file (CM-1): seen in the file's scope.
        complaint = filed_complaint(
            beneficiary=beneficiary, complainant_name=NAMES[variant], attachments=[pdf_upload()], scan=pdf_upload()
        ).complaint
        world.put("complaint", variant, complaint)
        world.put("complaint_attachment", variant, complaint.attachments.get())
        # One under investigation that ends amicably: its settlement drawn up, waiting for signatures (CM-3).
        settled_complaint = filed_complaint(beneficiary=beneficiary, complainant_name=NAMES[variant]).complaint
        complaint_services.assign(by=builder, complaint=settled_complaint, officer=builder)
        complaint_services.add_note(by=builder, complaint=settled_complaint, text="تواصل مع المشتكي")
        complaint_services.settle_complaint(by=builder, complaint=settled_complaint, terms="تعتذر الجمعية وتنجز الطلب")
        world.put("settled_complaint", variant, settled_complaint)

        version = version_in if variant == IN_SCOPE else version_out
        world.put(
            "draft",
            variant,
            request_services.create_draft(
                by=builder, beneficiary=beneficiary, version=version, received_via="interview"
            ),
        )

        # The request waiting at its committee (on the agenda for the two meetings' branches).
        request = _at_committee(builder, beneficiary, version)
        world.put("request", variant, request)
        world.put("request_document", variant, request.documents.first())
        task = Notification.objects.filter(about_id=str(request.pk), status=Notification.Status.TASK_OPEN).first()
        assert task is not None, "completing a request of a phone-channel beneficiary opens a staff task"
        world.put("task", variant, task)

        # A request decided and replied to, with its aid scheduled and one instalment delivered.
        replied = _at_committee(builder, beneficiary, version)
        replied = request_services.record_decision(
            by=builder,
            request=replied,
            decision="approved",
            reasons="حسب الدراسة",
            approved_amount=1200,
            decided_on=replied.completed_on,
        )
        replied = request_services.send_reply(by=builder, request=replied)
        world.put("replied", variant, replied)
        entitlement = entitlement_with(replied, by=builder, dues=[today, today + timedelta(days=7)])
        delivered, due = list(entitlement.instalments.order_by("due_on"))
        entitlement_services.deliver_instalment(
            by=builder, instalment=delivered, method="cash", receipt_number=f"R-{variant}", receipt_file=pdf_upload()
        )
        world.put("delivered", variant, delivered)
        world.put("instalment", variant, due)

        # A compensation claim whose fault a ruling established, and one settled (CP-3, CP-4).
        claim, settled_claim = (_claim_with_ruling(builder, beneficiary) for _n in range(2))
        world.put("claim", variant, claim)
        _settled(builder, settled_claim)
        world.put("settled_claim", variant, settled_claim)

        if variant in (IN_SCOPE, OTHER_BRANCH):
            committee = committee_in if variant == IN_SCOPE else committee_out
            by = chair if variant == IN_SCOPE else chair_out
            meeting = committee_services.schedule_meeting(
                by=by, committee=committee, held_on=today, location=MEETING_PLACES[variant]
            )
            (agenda_item,) = committee_services.add_to_agenda(by=by, meeting=meeting, cases=[request])
            world.put("meeting", variant, meeting)
            world.put("agenda_item", variant, agenda_item)
            world.put("closed_meeting", variant, _closed_meeting(by, committee, builder, beneficiary, version))

    # A staff policy in force (RS-1): it belongs to no branch, so it has one variant.
    hr_officer = UserFactory(role=Role.HR, scope_all=True, full_name="مسؤول الموارد البشرية")
    policy = policy_services.create_policy(
        by=hr_officer, title="ميثاق أخلاقيات العمل", kind="ethics", required_of_all=True
    )
    version = policy_services.publish_version(by=hr_officer, policy=policy, text="نص الميثاق")
    world.put("policy", IN_SCOPE, policy)
    world.put("policy_version", IN_SCOPE, version)
    # A published document (TL-1): the society's, not a branch's, so one variant.
    world.put("published_document", IN_SCOPE, published_document().document)
    # Signed by the matrix's users: after sign-in, an unsigned policy would come first (RS-1), before the page tested.
    for user in users.values():
        policy_services.sign_policy(by=user, version=version, typed_name=user.full_name, confirmed=True)

    # Supervisory visits (SM-3) of each branch; the matrix's case worker owns the in-scope actions,
    # a case worker of branch B those of the other branch.
    owners = {IN_SCOPE: users[Role.CASE_WORKER], OTHER_BRANCH: UserFactory(role=Role.CASE_WORKER, branches=[b])}
    for variant in (IN_SCOPE, OTHER_BRANCH):
        made = visit_with_actions(
            by=builder, branch=scope[variant][0], owner=owners[variant], place=VISIT_PLACES[variant]
        )
        for kind, obj in made.items():
            world.put(kind, variant, obj)
    # A satisfaction questionnaire (SM-1): it names no one, so it has one variant. A campaign sent
    # to each of the two branches: a campaign for one branch is that branch's.
    questionnaire = survey_questionnaire(by=builder)
    world.put("questionnaire", IN_SCOPE, questionnaire)
    world.put("question", IN_SCOPE, questionnaire.questions.order_by("order").first())
    for variant, branch in ((IN_SCOPE, a), (OTHER_BRANCH, b)):
        campaign = survey_services.create_campaign(
            by=builder, questionnaire=questionnaire, title=f"حملة قياس الرضا {branch.name}", branch=branch
        )
        survey_services.send_campaign(by=builder, campaign=campaign)
        world.put("campaign", variant, campaign)
    return world


def _claim_with_ruling(builder, beneficiary):
    claim = compensation_services.open_claim(by=builder, beneficiary=beneficiary, harm="تأخر صرف الإعانة")
    return compensation_services.establish_fault_by_ruling(
        by=builder,
        claim=claim,
        authority="المحكمة العامة",
        number="1/ق",
        ruling_date=timezone.localdate(),
        document=pdf_upload("ruling.pdf"),
    )


def _settled(builder, claim) -> None:
    offer = compensation_services.make_offer(by=builder, claim=claim, party="society", amount=1000)
    compensation_services.answer_offer(by=builder, offer=offer, answer="accepted")
    compensation_services.settle(by=builder, claim=claim, terms="تدفع الجمعية التعويض دفعة واحدة")
    # The beneficiary signed on paper: the scan is a file of theirs (CM-3).
    claim.refresh_from_db()
    compensation_services.sign_settlement(
        by=builder, claim=claim, party="other", signer_name="المستفيد", scan=pdf_upload("signed.pdf")
    )


def _at_committee(builder, beneficiary, version) -> ServiceRequest:
    request = filled_draft(by=builder, beneficiary=beneficiary, version=version)
    request = request_services.complete_request(by=builder, request=request)
    return request_services.recommend(by=builder, request=request, recommendation="approved", note="مستحق")


def _closed_meeting(chair, committee, builder, beneficiary, version):
    """A meeting whose only case was withdrawn: closed, with its minute."""
    case = _at_committee(builder, beneficiary, version)
    meeting = committee_services.schedule_meeting(
        by=chair, committee=committee, held_on=timezone.localdate(), location="قاعة المحاضر"
    )
    committee_services.add_to_agenda(by=chair, meeting=meeting, cases=[case])
    present = [m.user for m in committee.memberships.select_related("user")]
    committee_services.record_attendance(by=chair, meeting=meeting, present=present)
    request_services.withdraw_request(by=builder, request=case, reason="بطلب المستفيد")
    return committee_services.close_meeting(by=chair, meeting=meeting)
