"""Staff roles (REQUIREMENTS "Actors"): one auth group each.

The groups are created by a data migration with these codes as names; the
UI shows the translated label. What each role may do is declared here, in
one table, and applied after every ``migrate`` (later apps add their
permissions to this table).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RECEPTIONIST = "receptionist", _("Receptionist")
    CASE_WORKER = "case_worker", _("Case worker")
    LIAISON_OFFICER = "liaison_officer", _("Liaison officer")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    VOLUNTEER = "volunteer", _("Volunteer")
    HR = "hr", _("Human resources")
    SENIOR_MANAGEMENT = "senior_management", _("Senior management")
    ADMINISTRATOR = "administrator", _("Administrator")


# Role -> permissions ("app_label.codename", or "app_label.*" for all of an app).
_BENEFICIARY_DESK = [
    "beneficiaries.view_beneficiary",
    "beneficiaries.add_beneficiary",
    "beneficiaries.change_beneficiary",
    "beneficiaries.view_sensitive",
    "beneficiaries.add_householdmember",
    "beneficiaries.change_householdmember",
    "beneficiaries.view_beneficiarydocument",
    "beneficiaries.add_beneficiarydocument",
    "beneficiaries.view_correctionrequest",
    "beneficiaries.add_correctionrequest",
    "interactions.view_interaction",
    "interactions.add_interaction",
    "notifications.view_notification",
    "notifications.change_notification",
]
_IP_AND_PRIVACY = [
    "beneficiaries.view_provideditem",
    "beneficiaries.add_provideditem",
    "beneficiaries.view_consent",
    "beneficiaries.add_consent",
    "beneficiaries.change_consent",
    "beneficiaries.add_itemuse",
    "beneficiaries.change_correctionrequest",
    "beneficiaries.export_beneficiary",
]

_REQUEST_DESK = [
    "services.view_service",
    "requests.view_servicerequest",
    "requests.add_servicerequest",
    "requests.change_servicerequest",
    "requests.complete_servicerequest",
    "requests.reply_servicerequest",
    "entitlements.view_entitlement",
    "entitlements.view_instalment",
    "entitlements.change_instalment",
]
_STUDY = [
    "requests.study_servicerequest",
    "entitlements.add_entitlement",
    "entitlements.add_instalment",
    "committees.view_meeting",
]
_COMMITTEE = [
    "beneficiaries.view_beneficiary",
    "interactions.view_interaction",
    "services.view_service",
    "requests.view_servicerequest",
    "requests.decide_servicerequest",
    "committees.view_committee",
    "committees.view_meeting",
    "committees.add_meeting",
    "committees.change_meeting",
    "committees.add_agendaitem",
    "committees.add_conflictdeclaration",
    "committees.add_vote",
    "compensation.view_claim",
    "compensation.decide_claim",
    # CM-1: the follow-up committee decides on the complaints escalated to it.
    "complaints.view_complaint",
    "complaints.decide_complaint",
]

# CP-1..CP-4: compensation claims, from the alleged harm to the payment.
_COMPENSATION = [
    "compensation.view_claim",
    "compensation.add_claim",
    "compensation.change_claim",
    "compensation.establish_fault_claim",
    "compensation.negotiate_claim",
    "compensation.pay_claim",
]

# Inquiries and technical support (HD-1, CM-2): the front desks register them, the liaison officer answers.
_INQUIRY_DESK = ["inquiries.view_inquiry", "inquiries.add_inquiry", "inquiries.change_inquiry"]
_INQUIRY_ANSWER = [*_INQUIRY_DESK, "inquiries.answer_inquiry"]

# Complaints (CM-1): the desks register and handle them, senior management follows them.
_COMPLAINTS_HANDLING = ["complaints.view_complaint", "complaints.add_complaint", "complaints.handle_complaint"]

# Supervisory visits (SM-3): senior management plans and records them, assigns and verifies corrective
# actions. Branch staff get none of these: they see the actions they own (the owner's own pages),
# not management's assessment of their branch.
_OVERSIGHT = [
    "oversight.view_checklisttemplate",
    "oversight.add_checklisttemplate",
    "oversight.view_visit",
    "oversight.add_visit",
    "oversight.change_visit",
    "oversight.view_correctiveaction",
    "oversight.add_correctiveaction",
    "oversight.verify_correctiveaction",
]
# Satisfaction measurement (SM-1): senior management builds questionnaires, sends campaigns, reads results.
_SURVEYS_MANAGE = [
    "surveys.view_questionnaire",
    "surveys.manage_questionnaire",
    "surveys.view_campaign",
    "surveys.view_response",
    "surveys.export_response",
]
# Field surveys and interviews (SM-2, SM-4): staff who meet beneficiaries fill a questionnaire with them.
_SURVEYS_FILL = ["surveys.view_questionnaire", "surveys.add_response", "surveys.view_response"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.RECEPTIONIST: [*_BENEFICIARY_DESK, *_REQUEST_DESK, *_INQUIRY_DESK, *_COMPLAINTS_HANDLING],
    Role.CASE_WORKER: [
        *_BENEFICIARY_DESK,
        *_IP_AND_PRIVACY,
        *_REQUEST_DESK,
        *_STUDY,
        *_INQUIRY_DESK,
        *_COMPENSATION,
        *_COMPLAINTS_HANDLING,
        *_SURVEYS_FILL,
    ],
    Role.LIAISON_OFFICER: [
        *_BENEFICIARY_DESK,
        "services.view_service",
        "requests.view_servicerequest",
        *_INQUIRY_ANSWER,
        *_COMPLAINTS_HANDLING,
        *_SURVEYS_FILL,
    ],
    Role.COMMITTEE_MEMBER: _COMMITTEE,
    # Least privilege: the assigned beneficiaries' names, and recording contacts.
    Role.VOLUNTEER: ["beneficiaries.view_beneficiary", "interactions.view_interaction", "interactions.add_interaction"],
    # RS-2: HR publishes the staff policies and follows who signed them.
    Role.HR: ["accounts.view_user", "policies.view_policy", "policies.manage_policy"],
    Role.SENIOR_MANAGEMENT: [
        "accounts.view_user",
        # SM-5, SM-6: the management dashboard; the compliance report.
        "reports.view_dashboard",
        "reports.view_compliance",
        "audit.view_accesslog",
        "beneficiaries.view_beneficiary",
        "interactions.view_interaction",
        "services.view_service",
        "requests.view_servicerequest",
        "committees.view_meeting",
        "entitlements.view_entitlement",
        "entitlements.view_instalment",
        "inquiries.view_inquiry",
        "compensation.view_claim",
        "inquiries.export_inquiry",
        "complaints.view_complaint",
        *_OVERSIGHT,
        # TL-1..TL-4: the bylaws and the society's policies are adopted by its board and answered for by
        # management, not by whoever configures the system: management publishes them and their new versions.
        "documents.view_document",
        "documents.publish_document",
        *_SURVEYS_MANAGE,
    ],
    Role.ADMINISTRATOR: [
        "services.*",
        "requests.*",
        "committees.*",
        "entitlements.*",
        "compensation.*",
        "beneficiaries.*",
        "interactions.*",
        "notifications.*",
        "accounts.*",
        "core.view_holiday",
        "core.add_holiday",
        "core.change_holiday",
        "core.delete_holiday",
        # The letters' signature block; its admin opens only for global-scope administrators (issue 10.3).
        "core.view_lettersignature",
        "core.add_lettersignature",
        "core.change_lettersignature",
        "core.delete_lettersignature",
        "audit.view_accesslog",
        "auditlog.view_logentry",
        "auth.view_group",
        # Who answers which category and domain, and the officers' absences (IN-1).
        "liaison.*",
        "inquiries.*",
        "complaints.*",
        "policies.*",
        "reports.*",
        "oversight.*",
        "documents.*",
        "surveys.*",
    ],
}

# Roles that use the Django admin (configuration).
ADMIN_SITE_ROLES = frozenset({Role.ADMINISTRATOR})

# Roles that read only part of what their permissions name: a volunteer the
# beneficiaries assigned to them (CH-6), a committee member the cases before
# their committees (issue 9.2). Whoever holds the same permission through
# another role reads with that role's scope.
NARROW_READING_ROLES = frozenset({Role.VOLUNTEER, Role.COMMITTEE_MEMBER})


def roles_granting(permission: str) -> frozenset[str]:
    """The roles the table gives ``permission`` ("app_label.codename"), by name or by "app_label.*".

    Derived from ``ROLE_PERMISSIONS`` so that a role given a permission later
    is counted without a second list to keep in step.
    """
    app_label = permission.split(".", 1)[0]
    return frozenset(
        role for role, specs in ROLE_PERMISSIONS.items() if permission in specs or f"{app_label}.*" in specs
    )


def role_label(code: str) -> str:
    try:
        return str(Role(code).label)
    except ValueError:
        return code


def sync_role_permissions(sender=None, **kwargs) -> None:
    """Give each role group exactly the permissions the table declares."""
    from django.contrib.auth.models import Group, Permission

    using = kwargs.get("using", "default")
    for role, specs in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        perms = Permission.objects.using(using).none()
        for spec in specs:
            app_label, codename = spec.split(".", 1)
            query = Permission.objects.using(using).filter(content_type__app_label=app_label)
            if codename != "*":
                query = query.filter(codename=codename)
            perms = perms | query
        group.permissions.set(perms)
