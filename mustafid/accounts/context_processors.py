"""The navigation a staff member sees, by role and permission."""

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


# Later apps add their entries here, each guarded by the permission its view checks.
NAVIGATION: list[NavItem] = [
    NavItem(_("Home"), "core:home", "house"),
    NavItem(_("Beneficiaries"), "beneficiaries:list", "people", permission="beneficiaries.view_beneficiary"),
    NavItem(_("Follow-ups"), "interactions:follow_ups", "alarm", permission="interactions.view_interaction"),
    NavItem(_("Service requests"), "requests:worklist", "inbox", permission="requests.view_servicerequest"),
    NavItem(_("Aid due"), "entitlements:due", "cash-coin", permission="entitlements.view_instalment"),
    NavItem(
        _("Calls and letters"),
        "notifications:tasks",
        "telephone-outbound",
        permission="notifications.view_notification",
    ),
    NavItem(_("Committees"), "committees:list", "people-fill", permission="committees.view_meeting"),
    NavItem(_("Working days"), "core:calendar", "calendar3"),
    NavItem(_("Access log"), "audit:access_log", "eye", permission="audit.view_accesslog"),
    NavItem(_("Change history"), "audit:change_log", "clock-history", permission="auditlog.view_logentry"),
    NavItem(_("Configuration"), "admin:index", "gear", admin_site=True),
]


def navigation(request):
    society = {"society_name": settings.MUSTAFID_SOCIETY_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], **society}
    path = request.path
    items = []
    for item in NAVIGATION:
        if item.allowed(user):
            url = reverse(item.url_name)
            active = path == url if url == "/" else path.startswith(url)
            items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return {"nav_items": items, **society}
