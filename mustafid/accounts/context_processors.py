"""The navigation a staff member sees, by role and permission (issue 10.6).

The top bar is grouped by what each role does, declared once below: a group is a menu of
entries, each guarded by the permission its view checks, so that a role sees only the
entries it may open and a group none of whose entries it may open is not shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url_name: str
    icon: str
    permission: str | None = None
    admin_site: bool = False

    def allowed(self, user) -> bool:
        if self.admin_site and not user.is_staff:
            return False
        return self.permission is None or user.has_perm(self.permission)


@dataclass(frozen=True)
class NavGroup:
    label: StrOrPromise
    icon: str
    items: tuple[NavItem, ...]


# Later apps add their entries to the group of the work they serve (complaints, inquiries and
# compensation claims have their own group; surveys and visits join beneficiaries and
# contacts; the dashboard joins oversight), each guarded by the permission its view checks.
NAVIGATION: list[NavItem | NavGroup] = [
    NavItem(_("Home"), "core:home", "house"),
    NavGroup(
        _("Beneficiaries and contacts"),
        "people",
        (
            NavItem(_("Beneficiaries"), "beneficiaries:list", "people", permission="beneficiaries.view_beneficiary"),
            NavItem(_("Follow-ups"), "interactions:follow_ups", "alarm", permission="interactions.view_interaction"),
            NavItem(
                _("Calls and letters"),
                "notifications:tasks",
                "telephone-outbound",
                permission="notifications.view_notification",
            ),
            NavItem(
                _("All messages (outbox)"),
                "notifications:outbox",
                "envelope",
                permission="notifications.view_notification",
            ),
        ),
    ),
    NavGroup(
        _("Requests and committees"),
        "inbox",
        (
            NavItem(_("Service requests"), "requests:worklist", "inbox", permission="requests.view_servicerequest"),
            NavItem(_("Committees"), "committees:list", "people-fill", permission="committees.view_meeting"),
            NavItem(_("Aid due"), "entitlements:due", "cash-coin", permission="entitlements.view_instalment"),
        ),
    ),
    NavGroup(
        _("Complaints and inquiries"),
        "megaphone",
        (
            NavItem(_("Complaints"), "complaints:worklist", "megaphone", permission="complaints.view_complaint"),
            NavItem(_("Inquiries"), "inquiries:worklist", "question-circle", permission="inquiries.view_inquiry"),
            NavItem(
                _("Compensation claims"),
                "compensation:worklist",
                "shield-exclamation",
                permission="compensation.view_claim",
            ),
        ),
    ),
    NavGroup(
        _("Oversight"),
        "eye",
        (
            NavItem(
                _("Management dashboard"), "reports:dashboard", "speedometer2", permission="reports.view_dashboard"
            ),
            NavItem(
                _("Compliance report"), "reports:compliance", "clipboard-check", permission="reports.view_compliance"
            ),
            NavItem(_("Access log"), "audit:access_log", "eye", permission="audit.view_accesslog"),
            NavItem(_("Change history"), "audit:change_log", "clock-history", permission="auditlog.view_logentry"),
            NavItem(_("Staff policies"), "policies:manage", "journal-check", permission="policies.manage_policy"),
            NavItem(_("Supervisory visits"), "oversight:visits", "building-check", permission="oversight.view_visit"),
            NavItem(
                _("Published documents"), "documents:manage", "journal-text", permission="documents.publish_document"
            ),
            NavItem(
                _("Satisfaction campaigns"), "surveys:campaigns", "emoji-smile", permission="surveys.view_campaign"
            ),
        ),
    ),
    NavGroup(
        _("Configuration"),
        "gear",
        (
            NavItem(_("Working days"), "core:calendar", "calendar3"),
            NavItem(_("My policies"), "policies:mine", "pen"),
            # Any role may own a corrective action after a visit to their branch (SM-3).
            NavItem(_("My corrective actions"), "oversight:my_actions", "list-check"),
            NavItem(_("Mustafid administration"), "admin:index", "gear", admin_site=True),
        ),
    ),
]


def _link(item: NavItem, path: str) -> dict:
    url = reverse(item.url_name)
    active = path == url if url == "/" else path.startswith(url)
    return {"label": item.label, "url": url, "icon": item.icon, "active": active}


def menu_for(user, path: str) -> list[dict]:
    """The bar for ``user``: links and groups of links, only what the user may open."""
    menu = []
    for entry in NAVIGATION:
        if isinstance(entry, NavItem):
            if entry.allowed(user):
                menu.append(_link(entry, path))
            continue
        links = [_link(item, path) for item in entry.items if item.allowed(user)]
        if links:
            active = any(link["active"] for link in links)
            menu.append({"label": entry.label, "icon": entry.icon, "links": links, "active": active})
    return menu


def navigation(request):
    society = {"society_name": settings.MUSTAFID_SOCIETY_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": [], "nav_items": [], **society}
    menu = menu_for(user, request.path)
    # Every link in one flat list too, for whoever needs them all (tests, a site map).
    items = [link for entry in menu for link in entry.get("links", [entry])]
    return {"nav_menu": menu, "nav_items": items, **society}
