"""Every page that shows a sensitive value writes the access log (RL-2, issue 9.3).

The pages are not listed by hand: every staff URL pattern is found from the
resolver (the walk of ``test_url_sweep``), opened with the seeded objects as
a user who may see everything, and each answer is searched for the seeded
sensitive values in the forms pages show them. An answer holding one must
have written an access log row naming the beneficiary (or the record shown).

A new URL with a parameter needs a row in ``ARGS``: without one this test
fails, so no page escapes the check by being new.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import RequestFactory
from django.urls import get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.audit.models import AccessLog
from mustafid.audit.services import record_access, record_access_many
from mustafid.beneficiaries import services as beneficiary_services
from mustafid.beneficiaries.models import Beneficiary, PreferredChannel
from mustafid.beneficiaries.tests.factories import (
    BeneficiaryFactory,
    HouseholdMemberFactory,
    scoped_staff,
    valid_national_id,
)
from mustafid.committees import services as committee_services
from mustafid.committees.models import CommitteeMember
from mustafid.committees.tests.factories import add_member
from mustafid.compensation import services as compensation_services
from mustafid.complaints.tests.factories import filed as filed_complaint
from mustafid.documents.tests.factories import published as published_document
from mustafid.entitlements.tests.factories import decided_request, entitlement_with
from mustafid.inquiries.tests.factories import inquiry as registered_inquiry
from mustafid.interactions.models import Interaction
from mustafid.interactions.tests.factories import InteractionFactory
from mustafid.notifications.models import Notification
from mustafid.oversight.tests.factories import manager as oversight_manager
from mustafid.oversight.tests.factories import visit_with_actions
from mustafid.policies import services as policy_services
from mustafid.policies.tests.factories import published as published_policy
from mustafid.requests import services as request_services
from mustafid.requests.tests.factories import filled_draft, pdf_upload
from mustafid.services.models import FormField
from mustafid.services.tests.factories import published_service
from mustafid.surveys import services as survey_services
from mustafid.surveys.tests.factories import questionnaire as survey_questionnaire

from .test_url_sweep import PUBLIC, walk

# --- the values no page may show without a trace -------------------------------

NATIONAL_ID = valid_national_id(73914, prefix="1")
MEMBER_NATIONAL_ID = valid_national_id(84625, prefix="2")
PHONE = "+966557319462"
COUNTERPART_PHONE = "+966508246731"
INCOME = Decimal("7391.25")
HEALTH_NOTES = "حساسية نادرة من البنسلين للاختبار"
SENSITIVE_ANSWER = "دخل الأب السري ٤٨٢٩١"
REQUESTED_CHANGE = "رقم الهوية الصحيح المطلوب تصحيحه"

ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def phone_forms(e164: str) -> set[str]:
    """``+966557319462``, ``0557319462``, ``557319462`` and any spacing: the nine digits after 966."""
    local = e164.removeprefix("+966")
    return {local, local.translate(ARABIC_DIGITS), f"{local[:2]} {local[2:5]} {local[5:]}"}


def number_forms(value: Decimal) -> set[str]:
    whole, _dot, cents = f"{value:.2f}".partition(".")
    grouped = f"{int(whole):,}"
    forms = {f"{whole}.{cents}", f"{whole},{cents}", f"{grouped}.{cents}", f"{grouped.replace(',', '.')},{cents}"}
    return forms | {f.translate(ARABIC_DIGITS) for f in forms}


def text_forms(value: str) -> set[str]:
    from django.utils.html import escape

    return {value, escape(value), value.translate(ARABIC_DIGITS)}


# --- the world the pages are opened on ---------------------------------------


@dataclass
class World:
    user: object
    b: Beneficiary
    objects: dict[str, models.Model] = field(default_factory=dict)
    # needle -> the records a log row may name for it
    needles: dict[str, set[tuple[int, str]]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> models.Model:
        return self.objects[key]


def _key(obj: models.Model) -> tuple[int, str]:
    return ContentType.objects.get_for_model(obj).pk, str(obj.pk)


def seed() -> World:
    version = published_service(published_at=None)
    FormField.objects.create(
        version=version, key="father_income", label="دخل الأب", kind="text", sensitive=True, required=True, order=9
    )
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    committee = version.committee
    b = BeneficiaryFactory(
        full_name="مستفيدة سجل الاطلاع",
        national_id=NATIONAL_ID,
        phone=PHONE,
        monthly_income=INCOME,
        health_notes=HEALTH_NOTES,
        preferred_channel=PreferredChannel.PHONE,
        email="beneficiary@mustafid.test",
    )
    user = UserFactory(is_superuser=True, is_staff=True, scope_all=True, full_name="مدير النظام")
    desk = scoped_staff(Role.RECEPTIONIST, b)
    worker = scoped_staff(Role.CASE_WORKER, b)
    chair = UserFactory(role=Role.COMMITTEE_MEMBER)
    add_member(committee, chair, CommitteeMember.Role.CHAIR)
    add_member(committee, user, CommitteeMember.Role.MEMBER)
    member = HouseholdMemberFactory(beneficiary=b, national_id=MEMBER_NATIONAL_ID)

    def with_sensitive_answer(draft):
        answers = {**draft.answers, "father_income": SENSITIVE_ANSWER}
        return request_services.save_answers(
            by=desk, request=draft, answers=answers, criteria_answers=draft.criteria_answers
        )

    draft = with_sensitive_answer(filled_draft(by=desk, beneficiary=b, version=version))
    studied = with_sensitive_answer(filled_draft(by=desk, beneficiary=b, version=version))
    studied = request_services.complete_request(by=desk, request=studied)  # the phone task (agreed channel)
    studied = request_services.recommend(by=worker, request=studied, recommendation="approved", note="مستحقة")
    meeting = committee_services.schedule_meeting(
        by=chair, committee=committee, held_on=timezone.localdate(), location="قاعة الاجتماعات"
    )
    items = committee_services.add_to_agenda(by=chair, meeting=meeting, cases=[studied])
    committee_services.record_attendance(by=chair, meeting=meeting, present=[chair, user])

    decided = decided_request(beneficiary=b, version=version)
    entitlement = entitlement_with(decided, by=user, dues=[timezone.localdate()])
    instalment = entitlement.instalments.get()

    contact = InteractionFactory(
        beneficiary=b,
        recorded_by=desk,
        counterpart=COUNTERPART_PHONE,
        follow_up_on=timezone.localdate() - timedelta(days=1),
        follow_up_note="معاودة الاتصال",
    )
    document = beneficiary_services.attach_document(
        by=user, beneficiary=b, kind="identity", title="صورة الهوية", upload=pdf_upload()
    )
    item = beneficiary_services.record_provided_item(
        by=user, beneficiary=b, data={"kind": "story", "title": "قصة نجاح"}
    )
    consent = beneficiary_services.record_consent(
        by=user,
        item=item,
        data={"purpose": "annual_report", "granted_on": timezone.localdate(), "evidence_kind": "signed_form"},
    )
    correction = beneficiary_services.record_correction_request(
        by=user, beneficiary=b, data={"field_label": "رقم الهوية", "requested_change": REQUESTED_CHANGE}
    )
    task = Notification.objects.get(status=Notification.Status.TASK_OPEN)
    assert task.address == PHONE
    inquiry = registered_inquiry(by=desk, beneficiary=b, contact=PHONE)  # issue 11.4
    claim = compensation_services.open_claim(by=user, beneficiary=b, harm="تأخر صرف الإعانة")
    # A complaint about the file (CM-1), with an attachment and a scanned original.
    complaint = filed_complaint(beneficiary=b, attachments=[pdf_upload()], scan=pdf_upload()).complaint
    policy_version = published_policy()  # RS-1: staff policies name no beneficiary
    # Signed: after sign-in an unsigned policy would come first, before the pages walked here.
    policy_services.sign_policy(by=user, version=policy_version, typed_name=user.full_name, confirmed=True)
    # A supervisory visit (SM-3) of the file's branch; it names no beneficiary.
    oversight = visit_with_actions(by=oversight_manager(), branch=b.branch, owner=user)
    # A satisfaction campaign sent to the file (SM-1).
    questionnaire = survey_questionnaire(by=user)
    campaign = survey_services.create_campaign(by=user, questionnaire=questionnaire, title="قياس الرضا")
    survey_services.send_campaign(by=user, campaign=campaign)

    world = World(
        user=user,
        b=b,
        objects={
            "draft": draft,
            "studied": studied,
            "decided": decided,
            "meeting": meeting,
            "agenda_item": items[0],
            "instalment": instalment,
            "contact": contact,
            "document": document,
            "item": item,
            "consent": consent,
            "correction": correction,
            "task": task,
            "member": member,
            "inquiry": inquiry,
            "claim": claim,
            "complaint": complaint,
            "complaint_attachment": complaint.attachments.get(),
            "policy_version": policy_version,
            "policy": policy_version.policy,
            **oversight,
            "published_document": published_document().document,  # TL-1: the society's documents name no beneficiary
            "questionnaire": questionnaire,
            "question": questionnaire.questions.first(),
            "campaign": campaign,
        },
    )
    of_file = {_key(b)}
    for needle in (
        {NATIONAL_ID}
        | phone_forms(PHONE)
        | number_forms(INCOME)
        | text_forms(HEALTH_NOTES)
        | {MEMBER_NATIONAL_ID}
        | text_forms(SENSITIVE_ANSWER)
        | text_forms(REQUESTED_CHANGE)
    ):
        world.needles[needle] = of_file
    for needle in phone_forms(COUNTERPART_PHONE):
        world.needles[needle] = of_file | {_key(contact)}
    # The beneficiary's phone on a task is the task's address too.
    for needle in phone_forms(PHONE):
        world.needles[needle] = of_file | {_key(task)}
    return world


# --- how each URL with parameters is filled ------------------------------------

Args = Callable[[World], list[dict]]


def pk(key: str, kwarg: str = "pk") -> Args:
    return lambda w: [{kwarg: w[key].pk}]


def of_beneficiary(kwarg: str = "pk") -> Args:
    return lambda w: [{kwarg: w.b.pk}]


# URL name -> the keyword arguments of each URL to open ("?" adds a query string).
ARGS: dict[str, Args] = {
    "beneficiaries:detail": of_beneficiary(),
    "beneficiaries:access": of_beneficiary(),
    "beneficiaries:copy": lambda w: [{"pk": w.b.pk, "fmt": "json"}, {"pk": w.b.pk, "fmt": "pdf"}],
    "beneficiaries:correction_add": of_beneficiary(),
    "beneficiaries:document_add": of_beneficiary(),
    "beneficiaries:edit": of_beneficiary(),
    "beneficiaries:household_add": of_beneficiary(),
    "beneficiaries:item_add": of_beneficiary(),
    "beneficiaries:consent_withdraw": pk("consent"),
    "beneficiaries:correction_resolve": pk("correction"),
    "beneficiaries:document": pk("document"),
    "beneficiaries:consent_add": pk("item"),
    "beneficiaries:item_use": pk("item"),
    "committees:decide": pk("agenda_item"),
    "committees:declare": pk("agenda_item"),
    "committees:send_back": pk("agenda_item"),
    "committees:vote": pk("agenda_item"),
    "committees:detail": pk("meeting"),
    "committees:agenda_add": pk("meeting"),
    "committees:approve": pk("meeting"),
    "committees:attendance": pk("meeting"),
    "committees:close": pk("meeting"),
    "committees:minute": pk("meeting"),
    "interactions:detail": pk("contact"),
    "inquiries:detail": pk("inquiry"),
    "inquiries:answer": pk("inquiry"),
    "inquiries:close": pk("inquiry"),
    "inquiries:assign": pk("inquiry"),
    "interactions:attachment": pk("contact"),
    "interactions:follow_up_done": pk("contact"),
    "interactions:create": lambda w: [
        {"beneficiary_pk": w.b.pk},
        *({"beneficiary_pk": w.b.pk, "?": f"channel={c}"} for c in ("phone", "sms", "email", "letter", "visit")),
    ],
    "entitlements:beneficiary": of_beneficiary("beneficiary_pk"),
    "entitlements:deliver": pk("instalment"),
    "entitlements:receipt": pk("instalment"),
    "entitlements:create": pk("decided", "request_pk"),
    "notifications:retry": pk("task"),
    "notifications:task_done": pk("task"),
    "requests:detail": lambda w: [{"pk": w["studied"].pk}, {"pk": w["decided"].pk}],
    "requests:assign": pk("studied"),
    "requests:intake": pk("draft"),
    "requests:letter": pk("decided"),
    "requests:note": pk("studied"),
    "requests:receipt": pk("studied"),
    "requests:recommend": pk("studied"),
    "requests:reply": pk("decided"),
    "requests:resume": pk("studied"),
    "requests:return": pk("studied"),
    "requests:signature": pk("studied"),
    "requests:withdraw": pk("studied"),
    "requests:document": lambda w: [{"pk": w["studied"].documents.first().pk}],
    "requests:new": of_beneficiary("beneficiary_pk"),
    "compensation:new": of_beneficiary("beneficiary_id"),
    "compensation:detail": pk("claim"),
    "compensation:ruling": pk("claim"),
    "compensation:settlement_pdf": pk("claim"),
    "compensation:step": lambda w: [{"pk": w["claim"].pk, "action": "withdraw"}],
    "compensation:signature": lambda w: [{"pk": w["claim"].pk, "party": "other"}],
    "complaints:detail": pk("complaint"),
    "complaints:acknowledge": pk("complaint"),
    "complaints:assign": pk("complaint"),
    "complaints:note": pk("complaint"),
    "complaints:respond": pk("complaint"),
    "complaints:close": pk("complaint"),
    "complaints:open_claim": pk("complaint"),
    "complaints:settle": pk("complaint"),
    "complaints:sign_settlement": pk("complaint"),
    "complaints:close_settled": pk("complaint"),
    "complaints:abandon_settlement": pk("complaint"),
    "complaints:settlement_pdf": pk("complaint"),
    "complaints:scan": pk("complaint"),
    "complaints:attachment": pk("complaint_attachment"),
    "policies:read": pk("policy_version"),
    "policies:signoff": pk("policy"),
    "policies:publish": pk("policy"),
    "policies:remind": pk("policy"),
    "oversight:visit": pk("visit"),
    "oversight:visit_start": pk("planned_visit"),
    "oversight:visit_answers": pk("visit"),
    "oversight:finding_add": pk("visit"),
    "oversight:visit_complete": pk("visit"),
    "oversight:action_add": pk("finding"),
    "oversight:action": pk("corrective_action"),
    "oversight:action_complete": pk("corrective_action"),
    "oversight:action_verify": pk("done_action"),
    "oversight:action_send_back": pk("done_action"),
    "documents:detail": pk("published_document"),
    "documents:publish": pk("published_document"),
    "surveys:questionnaire": pk("questionnaire"),
    "surveys:preview": pk("questionnaire"),
    "surveys:question_add": pk("questionnaire"),
    "surveys:new_version": pk("questionnaire"),
    "surveys:question_edit": pk("question"),
    "surveys:question_remove": pk("question"),
    "surveys:question_move": lambda w: [{"pk": w["question"].pk, "direction": "down"}],
    "surveys:campaign": pk("campaign"),
    "surveys:results": pk("campaign"),
    "surveys:export": pk("campaign"),
    "surveys:campaign_step": lambda w: [{"pk": w["campaign"].pk, "action": "remind"}],
    "surveys:fill": of_beneficiary(),
    # The administration site: the object pages are filled from the model in the name (below).
    "admin:app_list": lambda w: [{"app_label": label} for label in ("beneficiaries", "interactions", "requests")],
    "admin:auth_user_password_change": lambda w: [{"id": w.user.pk}],
    "admin:view_on_site": lambda w: [
        {"content_type_id": ContentType.objects.get_for_model(Interaction).pk, "object_id": w["contact"].pk}
    ],
}

# Search results and filtered lists: the same page, other answers.
QUERIES = {
    "beneficiaries:list": lambda w: [
        "",
        *(urlencode({"q": q}) for q in (NATIONAL_ID, "0" + PHONE.removeprefix("+966"), w.b.full_name, w.b.file_number)),
    ],
    "notifications:outbox": lambda w: ["", "status=task_open"],
    "interactions:follow_ups": lambda w: ["", "mine=1"],
}

# Pages that show no sensitive value today but a beneficiary's case (the committee
# reads the request, the desk hands over the aid): logged all the same (issue 9.3).
ALSO_LOGGED = {"committees:detail", "entitlements:deliver"}


def admin_model(name: str) -> type[models.Model] | None:
    """``admin:requests_servicerequest_change`` -> ServiceRequest (app labels may hold underscores)."""
    if not name.startswith("admin:"):
        return None
    for model in apps.get_models():
        meta = model._meta
        for action in ("change", "history", "delete"):
            if name == f"admin:{meta.app_label}_{meta.model_name}_{action}":
                return model
    return None


def route_params(route: str) -> list[str]:
    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"\(\?P<(\w+)>", route)


STAFF_ROUTES = sorted(
    {(route, name) for route, name in walk(get_resolver().url_patterns) if name not in PUBLIC},
    key=lambda r: r[0],
)
# The admin's catch-all and its "/<id>/" shortcut only redirect to named pages, which are walked.
UNNAMED = [route for route, name in STAFF_ROUTES if name is None]
NAMED = [(route, name) for route, name in STAFF_ROUTES if name is not None]


def urls_of(world: World) -> list[str]:
    urls = []
    for route, name in NAMED:
        params = route_params(route)
        if params == []:
            queries = QUERIES.get(name, lambda w: [""])(world)
            base = reverse(name)
            urls += [f"{base}?{q}" if q else base for q in queries]
            continue
        model = admin_model(name)
        if model is not None and params == ["object_id"]:
            shown = [o for o in (world.b, *world.objects.values()) if isinstance(o, model)]
            shown = shown or list(model._default_manager.order_by("pk")[:1])
            urls += [reverse(name, kwargs={"object_id": o.pk}) for o in shown]
            continue
        for kwargs in ARGS[name](world):
            query = kwargs.pop("?", "")
            url = reverse(name, kwargs=kwargs)
            urls.append(f"{url}?{query}" if query else url)
    return urls


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return content.decode("utf-8", errors="replace")


# --- the tests -----------------------------------------------------------------


def test_every_staff_url_with_parameters_has_a_row():
    """A new page with a parameter must say here how it is opened, or the log check would skip it."""
    missing = [
        name
        for route, name in NAMED
        if route_params(route) and name not in ARGS and not (admin_model(name) and route_params(route) == ["object_id"])
    ]
    assert missing == [], f"add a row to ARGS for: {missing}"
    # Only the admin's catch-all and its per-model redirects to the change page, exactly one per
    # registered model: any other page without a name would escape the walk below.
    from django.contrib import admin

    redirects = {f"admin/{m._meta.app_label}/{m._meta.model_name}/<path:object_id>/" for m in admin.site._registry}
    assert sorted(UNNAMED) == sorted(redirects | {"admin/(?P<url>.*)$"}), UNNAMED


@pytest.mark.django_db
def test_every_page_that_shows_a_sensitive_value_writes_the_access_log(client):
    world = seed()
    client.force_login(world.user)
    checked, unlogged = [], []
    for url in urls_of(world):
        last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code != 200:
            continue
        body = body_of(response)
        shown = {needle: owners for needle, owners in world.needles.items() if needle in body}
        logged = set(AccessLog.objects.filter(pk__gt=last).values_list("content_type_id", "object_id"))
        if not shown:
            if resolve(url.partition("?")[0]).view_name in ALSO_LOGGED and (_key(world.b) not in logged):
                unlogged.append(f"{url} shows a file's case and logged {sorted(logged) or 'nothing'}")
            continue
        checked.append(url)
        for needle, owners in shown.items():
            if not owners & logged:
                unlogged.append(f"{url} shows {needle!r} and logged {sorted(logged) or 'nothing'}")
                break
    assert unlogged == [], "\n".join(unlogged)
    # The net holds: the pages of the issue show the seeded values (else the needles are wrong).
    assert {
        reverse("beneficiaries:detail", args=[world.b.pk]),
        reverse("beneficiaries:edit", args=[world.b.pk]),
        reverse("beneficiaries:list") + "?" + urlencode({"q": NATIONAL_ID}),
        reverse("notifications:tasks"),
        reverse("interactions:detail", args=[world["contact"].pk]),
        reverse("requests:detail", args=[world["studied"].pk]),
    } <= set(checked), checked


@pytest.mark.django_db
def test_a_list_page_logs_each_record_it_shows_in_one_insert(django_assert_num_queries):
    staff = UserFactory()
    shown = BeneficiaryFactory.create_batch(3)
    request = RequestFactory().get("/beneficiaries/", {"q": NATIONAL_ID, "after": "9"})
    request.user = staff
    ContentType.objects.get_for_model(Beneficiary)  # cached for the process, as on a served page
    with django_assert_num_queries(1):
        record_access_many(request=request, objs=[*shown, shown[0]], detail="search results")
    rows = AccessLog.objects.order_by("pk")
    assert [r.object_id for r in rows] == [str(b.pk) for b in shown]
    assert {(r.actor_id, r.detail) for r in rows} == {(staff.pk, "search results")}


@pytest.mark.django_db
def test_a_searched_id_is_not_kept_in_the_access_log():
    """The log is not encrypted: the page is kept, not the national ID or phone searched for."""
    staff = UserFactory()
    request = RequestFactory().get("/beneficiaries/", {"q": NATIONAL_ID, "after": "9"})
    request.user = staff
    entry = record_access(request=request, obj=BeneficiaryFactory())
    assert NATIONAL_ID not in entry.path
    assert entry.path.startswith("/beneficiaries/?") and "after=9" in entry.path


def test_every_encrypted_field_is_masked_in_the_change_history():
    from auditlog.registry import auditlog

    from mustafid.core.crypto import EncryptedTextField

    unmasked = [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        if auditlog.contains(model)
        for f in model._meta.concrete_fields
        if isinstance(f, EncryptedTextField) and f.name not in auditlog.get_model_fields(model)["mask_fields"]
    ]
    assert unmasked == []


@pytest.mark.django_db
def test_a_refused_step_that_shows_the_request_again_logs_it_too(client):
    """The request page comes back with the refusal on its form, and with the answers: a reading (RL-2)."""
    world = seed()
    completed = filled_draft(by=world.user, beneficiary=world.b, version=world["studied"].version)
    completed = request_services.save_answers(
        by=world.user,
        request=completed,
        answers={**completed.answers, "father_income": SENSITIVE_ANSWER},
        criteria_answers=completed.criteria_answers,
    )
    completed = request_services.complete_request(by=world.user, request=completed)
    client.force_login(world.user)
    response = client.post(reverse("requests:return", args=[completed.pk]), {"reason": ""})
    assert response.status_code == 200 and response.context["return_form"].errors
    assert SENSITIVE_ANSWER in body_of(response)
    assert AccessLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Beneficiary), object_id=str(world.b.pk), path__contains="return"
    ).exists()
