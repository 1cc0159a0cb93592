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
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.RECEPTIONIST: [],
    Role.CASE_WORKER: [],
    Role.LIAISON_OFFICER: [],
    Role.COMMITTEE_MEMBER: [],
    Role.VOLUNTEER: [],
    Role.HR: ["accounts.view_user"],
    Role.SENIOR_MANAGEMENT: ["accounts.view_user", "audit.view_accesslog"],
    Role.ADMINISTRATOR: [
        "accounts.*",
        "core.view_holiday",
        "core.add_holiday",
        "core.change_holiday",
        "core.delete_holiday",
        "audit.view_accesslog",
        "auditlog.view_logentry",
        "auth.view_group",
    ],
}

# Roles that use the Django admin (configuration).
ADMIN_SITE_ROLES = frozenset({Role.ADMINISTRATOR})


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
