"""The authorization matrix, declared in one table: every staff URL name, its object, its method, who may use it.

One row per URL name the resolver yields, except the public pages
(``PUBLIC`` in tests/test_url_sweep.py, which also proves they need no
login) and the Django admin (``admin:*``: its pages come from the admin
registry, and a registry walk over ``admin.site._registry`` holds each
ModelAdmin to the user's scope). A new view without a row fails
``test_every_url_name_has_a_row``; a row whose view went fails
``test_every_row_names_a_url``.

``kind`` names the seeded object (tests/matrix_world.py) whose pk fills the
URL's first argument; rows without a kind are pages about no one object.
``roles`` are the roles that may use the page on an object in their scope;
every other role is refused (403, or 404 where it may not even see the
object). ``lists`` rows show records: the out-of-scope twins' names never
appear in them. ``watch`` names the field a POST changes: out of scope (or
refused) it stays as it was, in scope and allowed it changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mustafid.accounts.roles import Role

from .matrix_world import IN_SCOPE, OTHER_BRANCH, VARIANTS

R = Role.RECEPTIONIST.value
C = Role.CASE_WORKER.value
L = Role.LIAISON_OFFICER.value
M = Role.COMMITTEE_MEMBER.value
V = Role.VOLUNTEER.value
H = Role.HR.value
S = Role.SENIOR_MANAGEMENT.value
A = Role.ADMINISTRATOR.value
EVERYONE = frozenset({R, C, L, M, V, H, S, A})

# Who reads what (accounts/roles.py): kept as sets so each row reads like the rule it holds.
FILE_READERS = frozenset({R, C, L, M, V, S, A})  # beneficiaries.view_beneficiary
FILE_DESK = frozenset({R, C, L, A})  # the beneficiary desk: edit the file, its papers and contacts
PAPERS = frozenset({R, C, L, A})  # beneficiaries.view_beneficiarydocument: the one rule for papers (issue 9.2)
PRIVACY = frozenset({C, A})  # intellectual property, consent, corrections, data-subject copies (RL-1, RL-2)
REQUEST_READERS = frozenset({R, C, L, M, S, A})  # requests.view_servicerequest
REQUEST_DESK = frozenset({R, C, A})  # requests.change_servicerequest
STUDY = frozenset({C, A})  # requests.study_servicerequest
AID_READERS = frozenset({R, C, S, A})  # entitlements.view_*
AID_DESK = frozenset({R, C, A})  # entitlements.change_instalment
OUTBOX = frozenset({R, C, L, A})  # notifications.view/change_notification
MEETING_READERS = frozenset({M, S, A})  # members of the committee, and oversight
CHAIR = frozenset({M})  # the matrix's committee member chairs the in-scope committee
INQUIRY_READERS = frozenset({R, C, L, S, A})  # inquiries.view_inquiry
INQUIRY_DESK = frozenset({R, C, L, A})  # inquiries.add/change_inquiry
INQUIRY_ANSWER = frozenset({L, A})  # inquiries.answer_inquiry
# complaints.view_complaint; the committee member reads only complaints before their follow-up committee (none here).
COMPLAINT_READERS = frozenset({R, C, L, S, A})
COMPLAINT_DESK = frozenset({R, C, L, A})  # complaints.handle_complaint
# compensation.view_claim; the matrix's member sits on no investigation committee: no claim before them.
CLAIM_READERS = frozenset({C, S, A})
CLAIM_DESK = frozenset({C, A})  # compensation.change_claim and the negotiation
POLICY_HR = frozenset({H, A})  # policies.manage_policy: publish and follow the sign-off (RS-2)
VISITORS = frozenset({S, A})  # oversight.*: plan and record visits, assign and verify actions (SM-3)
ACTION_OWNER = frozenset({C})  # the matrix's case worker owns the in-scope corrective actions
DOC_PUBLISHERS = frozenset({S, A})  # documents.publish_document: the society's published documents (TL-1..TL-4)
SURVEY_BUILDERS = frozenset({S, A})  # surveys.manage_questionnaire, view_campaign, export_response (SM-1)
SURVEY_FILLERS = frozenset({C, L, A})  # surveys.add_response: field surveys and interviews (SM-2, SM-4)


@dataclass(frozen=True)
class Row:
    roles: frozenset[str]
    kind: str | None = None
    method: str = "GET"
    #: extra URL arguments after the object's pk
    args: tuple = ()
    query: str = ""
    data: dict = field(default_factory=dict)
    #: a list page: the out-of-scope records' names never appear in it
    lists: bool = False
    #: a list page that shows the in-scope record (proves the marker check can fail)
    shows_in_scope: bool = False
    #: roles that may open the list page but whose narrow reading reaches nothing of the world
    #: (the matrix's committee member sits on no follow-up committee: no complaint is before them)
    sees_none: frozenset[str] = frozenset()
    #: a field of the object the POST changes
    watch: str = ""

    @property
    def variants(self) -> tuple[str, ...]:
        if self.kind is None:
            return ("no_object",)
        return KIND_VARIANTS.get(self.kind, VARIANTS)


# Meetings and agenda items belong to a branch only, through their committee.
KIND_VARIANTS = {
    "meeting": (IN_SCOPE, OTHER_BRANCH),
    "agenda_item": (IN_SCOPE, OTHER_BRANCH),
    "closed_meeting": (IN_SCOPE, OTHER_BRANCH),
    # Staff policies bind the staff, not a branch's beneficiaries: one policy for everyone.
    "policy": (IN_SCOPE,),
    "policy_version": (IN_SCOPE,),
    # Supervisory visits belong to a branch, not to a beneficiary's category or domain.
    "visit": (IN_SCOPE, OTHER_BRANCH),
    "planned_visit": (IN_SCOPE, OTHER_BRANCH),
    "finding": (IN_SCOPE, OTHER_BRANCH),
    "corrective_action": (IN_SCOPE, OTHER_BRANCH),
    "done_action": (IN_SCOPE, OTHER_BRANCH),
    # The society's published documents are the same for every branch: one variant.
    "published_document": (IN_SCOPE,),
    # A questionnaire names no one; a campaign belongs to the branch it was sent to.
    "questionnaire": (IN_SCOPE,),
    "question": (IN_SCOPE,),
    "campaign": (IN_SCOPE, OTHER_BRANCH),
}


def page(roles, kind=None, **kw) -> Row:
    return Row(frozenset(roles), kind, **kw)


def action(roles, kind=None, **kw) -> Row:
    return Row(frozenset(roles), kind, method="POST", **kw)


def listing(roles, **kw) -> Row:
    return Row(frozenset(roles), None, lists=True, **kw)


TABLE: dict[str, Row] = {
    # --- one's own account: every signed-in staff member ---------------------
    "core:home": page(EVERYONE),
    "core:calendar": page(EVERYONE),
    "accounts:me": page(EVERYONE),
    "mfa_index": page(EVERYONE),
    "mfa_view_recovery_codes": page(EVERYONE),
    "mfa_download_recovery_codes": page(EVERYONE),
    "mfa_generate_recovery_codes": page(EVERYONE),
    "mfa_activate_totp": page(EVERYONE),
    "mfa_deactivate_totp": page(EVERYONE),
    "account_email": page(EVERYONE),
    "account_change_password": page(EVERYONE),
    "account_set_password": page(EVERYONE),
    "account_reauthenticate": page(EVERYONE),
    # --- oversight (RL-2) -----------------------------------------------------
    "audit:access_log": listing({S, A}, shows_in_scope=True),
    "audit:change_log": listing({A}, shows_in_scope=True),
    # --- beneficiary files --------------------------------------------------
    "beneficiaries:list": listing(FILE_READERS, shows_in_scope=True),
    "beneficiaries:create": page(FILE_DESK),
    "beneficiaries:detail": page(FILE_READERS, "beneficiary"),
    "beneficiaries:edit": page(FILE_DESK, "beneficiary"),
    "beneficiaries:access": page({S, A}, "beneficiary"),
    "beneficiaries:copy": page(PRIVACY, "beneficiary", args=("json",)),
    "beneficiaries:household_add": page(FILE_DESK, "beneficiary"),
    "beneficiaries:document_add": page(FILE_DESK, "beneficiary"),
    "beneficiaries:document": page(PAPERS, "document"),
    "beneficiaries:correction_add": page(FILE_DESK, "beneficiary"),
    "beneficiaries:correction_resolve": page(PRIVACY, "correction"),
    "beneficiaries:item_add": page(PRIVACY, "beneficiary"),
    "beneficiaries:consent_add": page(PRIVACY, "item"),
    "beneficiaries:item_use": page(PRIVACY, "item"),
    "beneficiaries:consent_withdraw": action(PRIVACY, "consent", data={"note": "سحب الموافقة"}, watch="withdrawn_on"),
    "beneficiaries:export": listing(PRIVACY, query="?format=csv", shows_in_scope=True),
    "beneficiaries:import": page({A}),
    "beneficiaries:import_confirm": action({A}),
    "beneficiaries:import_cancel": action({A}),
    "beneficiaries:import_template": page({A}),
    # --- contacts (CH-*) ----------------------------------------------------
    "interactions:create": page({R, C, L, V, A}, "beneficiary"),
    "interactions:detail": page(FILE_READERS, "interaction"),
    "interactions:attachment": page(PAPERS, "interaction"),
    "interactions:follow_ups": listing(FILE_READERS, shows_in_scope=True),
    "interactions:follow_up_done": action(FILE_DESK, "interaction", watch="follow_up_done_at"),
    # --- requests (HD-*) ----------------------------------------------------
    # --- complaints (CM-1, issue 11) ------------------------------------------
    "complaints:worklist": listing(COMPLAINT_READERS | {M}, shows_in_scope=True, sees_none=frozenset({M})),
    "complaints:register": page(COMPLAINT_DESK),
    "complaints:export": listing(
        COMPLAINT_READERS | {M}, query="?view=all", shows_in_scope=True, sees_none=frozenset({M})
    ),
    "complaints:scan": page(COMPLAINT_READERS, "complaint"),
    "complaints:attachment": page(COMPLAINT_READERS, "complaint_attachment"),
    "complaints:detail": page(COMPLAINT_READERS, "complaint"),
    "complaints:acknowledge": action(COMPLAINT_DESK, "complaint", watch="status"),
    "complaints:assign": action(COMPLAINT_DESK, "complaint"),
    "complaints:note": action(COMPLAINT_DESK, "complaint", data={"text": "ملاحظة"}),
    "complaints:respond": action(COMPLAINT_DESK, "complaint", data={"text": "الرد"}),
    "complaints:close": action(COMPLAINT_DESK, "complaint", data={"text": "النتيجة"}),
    # One step from a complaint to its compensation claim: who may open claims and see the complaint.
    "complaints:open_claim": action(COMPLAINT_READERS & CLAIM_DESK, "complaint"),
    # CM-3: the amicable settlement, its signatures, the closure as settled and its PDF.
    "complaints:settle": action(COMPLAINT_DESK, "complaint", data={"terms": "شروط التسوية"}),
    "complaints:sign_settlement": action(COMPLAINT_DESK, "settled_complaint"),
    "complaints:close_settled": action(COMPLAINT_DESK, "settled_complaint"),
    "complaints:abandon_settlement": action(COMPLAINT_DESK, "settled_complaint"),
    "complaints:settlement_pdf": page(COMPLAINT_READERS, "settled_complaint"),
    "requests:worklist": listing(REQUEST_READERS),
    "requests:new": page(REQUEST_DESK, "beneficiary"),
    "requests:intake": page(REQUEST_DESK, "draft"),
    "requests:detail": page(REQUEST_READERS, "request"),
    "requests:receipt": page(REQUEST_READERS, "request"),
    "requests:signature": page(REQUEST_READERS, "request"),
    "requests:document": page(PAPERS, "request_document"),
    # A pure committee member reads only the cases of their committees' agendas:
    # the replied request was decided without a meeting of theirs.
    "requests:letter": page(REQUEST_READERS - {M}, "replied"),
    "requests:assign": action(REQUEST_DESK, "request"),
    "requests:return": action(REQUEST_DESK, "request"),
    "requests:resume": action(REQUEST_DESK, "request"),
    "requests:note": action(STUDY, "request"),
    "requests:recommend": action(STUDY, "request"),
    "requests:reply": action(REQUEST_DESK, "replied"),
    "requests:withdraw": action(REQUEST_DESK, "request", data={"reason": "بطلب المستفيد"}, watch="status"),
    # --- aid (entitlements) ---------------------------------------------------
    "entitlements:due": listing(AID_READERS, shows_in_scope=True),
    "entitlements:beneficiary": page(AID_READERS, "beneficiary"),
    "entitlements:create": page(STUDY, "replied"),
    "entitlements:deliver": page(AID_DESK, "instalment"),
    # The scanned delivery receipt is one of the beneficiary's papers.
    "entitlements:receipt": page(AID_READERS & PAPERS, "delivered"),
    # --- staff tasks and the outbox ------------------------------------------
    "notifications:tasks": listing(OUTBOX, shows_in_scope=True),
    "notifications:outbox": listing(OUTBOX, shows_in_scope=True),
    "notifications:task_done": action(OUTBOX, "task", data={"note": "تم الاتصال"}, watch="status"),
    "notifications:retry": action(OUTBOX, "task"),
    # --- committees (RL-4, CP-2) ---------------------------------------------
    "committees:list": listing(MEETING_READERS | {C}, shows_in_scope=False),
    "committees:schedule": page({M, A}),
    "committees:detail": page(MEETING_READERS, "meeting"),
    "committees:minute": page(MEETING_READERS, "closed_meeting"),
    "committees:agenda_add": action(CHAIR | {A}, "meeting"),
    "committees:attendance": action(CHAIR, "meeting"),
    "committees:close": action(CHAIR, "meeting"),
    "committees:approve": action(CHAIR, "meeting"),
    "committees:declare": action(CHAIR, "agenda_item"),
    "committees:vote": action(CHAIR, "agenda_item"),
    "committees:decide": action(CHAIR, "agenda_item"),
    "committees:send_back": action(CHAIR, "agenda_item"),
    # --- the management dashboard (SM-5, SM-6) -----------------------------
    "reports:dashboard": page({S, A}),
    "reports:dashboard_export": page({S, A}, query="?format=csv"),
    "reports:records": listing({S, A}, query="?metric=requests_received", shows_in_scope=True),
    "reports:compliance": page({S, A}),
    "reports:compliance_pdf": page({S, A}),
    # --- staff policies (RS-1, RS-2): each person signs, HR publishes -------
    "policies:mine": page(EVERYONE),
    "policies:read": page(EVERYONE, "policy_version"),
    "policies:manage": page(POLICY_HR),
    "policies:new": page(POLICY_HR),
    "policies:signoff": page(POLICY_HR, "policy"),
    "policies:publish": page(POLICY_HR, "policy"),
    "policies:remind": action(POLICY_HR, "policy"),
    # --- supervisory visits and corrective actions (SM-3) --------------------
    "oversight:visits": listing(VISITORS),
    "oversight:visit_new": page(VISITORS),
    "oversight:visit": page(VISITORS, "visit"),
    "oversight:visit_start": action(VISITORS, "planned_visit", watch="status"),
    "oversight:visit_answers": page(VISITORS, "visit"),
    "oversight:finding_add": action(VISITORS, "visit", data={"text": "ملاحظة", "severity": "low"}),
    "oversight:visit_complete": action(VISITORS, "visit"),
    "oversight:action_add": page(VISITORS, "finding"),
    "oversight:checklists": page(VISITORS),
    "oversight:checklist_new": page(VISITORS),
    "oversight:my_actions": listing(EVERYONE),
    "oversight:action": page(VISITORS | ACTION_OWNER, "corrective_action"),
    "oversight:action_complete": action(ACTION_OWNER, "corrective_action", data={"note": "تم"}, watch="status"),
    "oversight:action_verify": action(VISITORS, "done_action", watch="status"),
    "oversight:action_send_back": action(VISITORS, "done_action", data={"note": "ناقص"}, watch="status"),
    # --- the society's published documents (TL-1..TL-4): management publishes ----
    "documents:manage": page(DOC_PUBLISHERS),
    "documents:new": page(DOC_PUBLISHERS),
    "documents:detail": page(DOC_PUBLISHERS, "published_document"),
    "documents:publish": page(DOC_PUBLISHERS, "published_document"),
    # --- satisfaction measurement (SM-1, SM-2, SM-4) ---------------------------
    "surveys:questionnaires": page(SURVEY_BUILDERS),
    "surveys:questionnaire_new": page(SURVEY_BUILDERS),
    "surveys:questionnaire": page(SURVEY_BUILDERS, "questionnaire"),
    "surveys:preview": page(SURVEY_BUILDERS, "questionnaire"),
    "surveys:question_add": action(SURVEY_BUILDERS, "questionnaire", data={"kind": "text", "text": "سؤال"}),
    "surveys:new_version": action(SURVEY_BUILDERS, "questionnaire"),
    "surveys:question_edit": page(SURVEY_BUILDERS, "question"),
    "surveys:question_remove": action(SURVEY_BUILDERS, "question"),
    "surveys:question_move": action(SURVEY_BUILDERS, "question", args=("down",), watch="order"),
    "surveys:campaigns": listing(SURVEY_BUILDERS),
    "surveys:campaign_new": page(SURVEY_BUILDERS),
    "surveys:campaign": page(SURVEY_BUILDERS, "campaign"),
    "surveys:results": page(SURVEY_BUILDERS, "campaign"),
    "surveys:export": page(SURVEY_BUILDERS, "campaign"),
    "surveys:campaign_step": action(SURVEY_BUILDERS, "campaign", args=("close",), watch="status"),
    "surveys:fill": page(SURVEY_FILLERS, "beneficiary"),
    # --- inquiries and technical support (issue 11.4, HD-1, CM-2) ----------
    "inquiries:worklist": listing(INQUIRY_READERS, shows_in_scope=True),
    "inquiries:new": page(INQUIRY_DESK),
    "inquiries:export": listing({S, A}, query="?format=csv", shows_in_scope=True),
    "inquiries:detail": page(INQUIRY_READERS, "inquiry"),
    "inquiries:answer": action(INQUIRY_ANSWER, "inquiry", data={"answer": "الجواب"}, watch="status"),
    "inquiries:close": action(INQUIRY_DESK, "inquiry"),
    # With no one chosen it is "I take it": only those who answer may (the desks get the refusal message).
    "inquiries:assign": action(INQUIRY_DESK, "inquiry"),
    # --- compensation claims (CP-1..CP-4) ---------------------------------------
    # A member opens the list: it holds only the claims before their committee (none in the matrix).
    "compensation:worklist": listing(CLAIM_READERS | {M}),
    "compensation:export": listing(CLAIM_READERS | {M}, query="?format=csv"),
    "compensation:new": page(CLAIM_DESK, "beneficiary"),
    "compensation:detail": page(CLAIM_READERS, "claim"),
    "compensation:ruling": page(CLAIM_READERS, "claim"),
    "compensation:settlement_pdf": page(CLAIM_READERS, "settled_claim"),
    # The scanned signed paper of the settlement (CM-3), by the party who signed it.
    "compensation:signature": page(CLAIM_READERS, "settled_claim", args=("other",)),
    "compensation:step": action(
        CLAIM_DESK, "claim", args=("withdraw",), data={"withdraw-reason": "بطلب المستفيد"}, watch="status"
    ),
}
