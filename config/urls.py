from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mustafid.core.admin_scope import restrict_to_global_scope

admin.site.site_header = _("Mustafid administration")
admin.site.site_title = _("Mustafid")
admin.site.index_title = _("Configuration")
# One sign-in page for everyone (with lockout and two-factor authentication):
# the admin's own login form would bypass both.
admin.site.login = login_required(admin.site.login)
# Every app has registered its admins by now (admin autodiscovery runs when apps are ready).
restrict_to_global_scope(admin.site)

urlpatterns = [
    path("", include("mustafid.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("mustafid.accounts.urls")),
    path("audit/", include("mustafid.audit.urls")),
    path("beneficiaries/", include("mustafid.beneficiaries.urls")),
    path("contacts/", include("mustafid.interactions.urls")),
    path("notifications/", include("mustafid.notifications.urls")),
    path("entitlements/", include("mustafid.entitlements.urls")),
    # The one-time link of a satisfaction campaign: a portal page, without an account (SM-1).
    path("portal/survey/", include("mustafid.surveys.public_urls")),
    path("portal/", include("mustafid.portal.urls")),
    path("complaints/", include("mustafid.complaints.urls")),
    path("services/", include("mustafid.services.urls")),
    path("inquiries/", include("mustafid.inquiries.urls")),
    path("requests/", include("mustafid.requests.urls")),
    path("committees/", include("mustafid.committees.urls")),
    path("compensation/", include("mustafid.compensation.urls")),
    path("policies/", include("mustafid.policies.urls")),
    path("reports/", include("mustafid.reports.urls")),
    path("oversight/", include("mustafid.oversight.urls")),
    path("documents/", include("mustafid.documents.urls")),
    path("surveys/", include("mustafid.surveys.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "mustafid.core.views.permission_denied"
handler404 = "mustafid.core.views.page_not_found"
handler500 = "mustafid.core.views.server_error"
