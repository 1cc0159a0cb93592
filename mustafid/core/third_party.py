"""Arabic for what the apps we did not write show in the administration (issue 10.4).

Django 5.2 added admin strings its Arabic catalogue does not have yet
(«Reset password»), django-auditlog ships no Arabic at all, django-axes and
allauth's second factors only part of it, and django-tasks' database backend
names itself in plain English. The strings these apps mark for translation
are listed below with ``gettext_noop``: ``makemessages`` then puts them in our
catalogue, whose Arabic Django finds before the apps' own (LOCALE_PATHS come
first). What an app does not mark for translation is replaced here, once,
when the apps are ready, by a translated string of ours.

The admin's JavaScript strings («Choose all %s») are in
``locale/ar/LC_MESSAGES/djangojs.po``, written by hand: ``make messages``
extracts the Python and template catalogue only.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext, gettext_noop, ngettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

DJANGO_GAPS = (
    # django.contrib.auth (the account's password block)
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, they may still be able "
        "to authenticate using other backends, such as Single Sign-On or LDAP."
    ),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Enable password-based authentication for this user by setting a password."),
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and uppercase A-Z letters, "
        "numbers, and @/./+/-/_ characters."
    ),
    # django (form and model validation)
    gettext_noop("Enter a valid domain name."),
    gettext_noop("Enter a valid %(protocol)s address."),
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s."),
    gettext_noop(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from %(offset)s, e.g. %(offset)s, "
        "%(valid_value1)s, %(valid_value2)s, and so on."
    ),
    gettext_noop("Constraint “%(name)s” is violated."),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # The password's summary: which algorithm, how many rounds, the first letters of salt and hash.
    gettext_noop("salt"),
    gettext_noop("hash"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"),
)

AUDITLOG_STRINGS = (
    gettext_noop("Changes"),
    gettext_noop("Audit log"),
    gettext_noop("Resource Type"),
    gettext_noop("Correlation ID"),
    gettext_noop("Click to filter by records with this correlation id"),
    gettext_noop("Created"),
    gettext_noop("User"),
    gettext_noop("Resource"),
    gettext_noop("Audit log: %s"),
    gettext_noop("View"),
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
    gettext_noop("content type"),
    gettext_noop("object pk"),
    gettext_noop("object id"),
    gettext_noop("object representation"),
    gettext_noop("action"),
    gettext_noop("change message"),
    gettext_noop("actor"),
    gettext_noop("remote address"),
    gettext_noop("remote port"),
    gettext_noop("timestamp"),
    gettext_noop("additional data"),
    gettext_noop("actor email"),
    gettext_noop("log entry"),
    gettext_noop("log entries"),
    gettext_noop("Created {repr:s}"),
    gettext_noop("Updated {repr:s}"),
    gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"),
    gettext_noop("Field"),
    gettext_noop("From"),
    gettext_noop("To"),
    gettext_noop("Relationship"),
    gettext_noop("Action"),
    gettext_noop("Objects"),
    gettext_noop("system"),
    gettext_noop("No field changes"),
    gettext_noop("No log entries found."),
)

AXES_STRINGS = (
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Logout Time"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
)

TASKS_STRINGS = (
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    # django-tasks marks its statuses with a context: listed with it, or the catalogue would not match.
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)

ALLAUTH_STRINGS = (
    gettext_noop("MFA"),
    gettext_noop("TOTP Authenticator"),
    gettext_noop("Recovery codes"),
)


def _rename_apps() -> None:
    # Plain English strings in the apps' own code: replaced by ours.
    apps.get_app_config("django_tasks_database").verbose_name = _("Background jobs")
    apps.get_app_config("axes").verbose_name = _("Sign-in attempts")


def _axes_in_arabic() -> None:
    # django-axes names a row and two columns in plain English.
    from axes.admin import AccessAttemptAdmin  # type: ignore[import-untyped]
    from axes.models import AccessAttempt, AccessLog  # type: ignore[import-untyped]

    AccessAttemptAdmin.status.short_description = _("status")
    AccessAttemptAdmin.expiration.short_description = _("expires at")
    AccessAttempt.__str__ = _attempt_label
    AccessLog.__str__ = _attempt_label


def _attempt_label(attempt) -> str:
    return gettext("Sign-in of %(username)s at %(time)s") % {
        "username": attempt.username or "—",
        "time": f"{attempt.attempt_time:%Y-%m-%d %H:%M}",
    }


def _name_authenticator_fields() -> None:
    # allauth's second factor model has no verbose names: Django would show "Type", "Created at".
    from allauth.mfa.models import Authenticator

    meta = Authenticator._meta
    meta.verbose_name = _("second factor")
    meta.verbose_name_plural = _("second factors")
    names = {"user": _("staff member"), "type": _("type"), "data": _("data")}
    names |= {"created_at": _("created at"), "last_used_at": _("last used at")}
    for field, name in names.items():
        meta.get_field(field).verbose_name = name


def _permission_label(permission) -> str:
    """A permission as Django's admin lists it, in the reader's language.

    Django stores each permission's name in English when ``migrate`` creates
    it; the built-in four are rebuilt from the model's translated name, the
    others are our own ``Meta.permissions`` names, which our catalogue holds.
    """
    model = permission.content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is not None and model_name == model._meta.model_name and action in BUILT_IN_ACTIONS:
        name = BUILT_IN_ACTIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{permission.content_type} | {name}"


BUILT_IN_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def _label_permissions() -> None:
    # The admin lists permissions (a role's, an account's) by str(): one translated label everywhere.
    from django.contrib.auth.models import Permission

    Permission.__str__ = _permission_label  # type: ignore[method-assign]


def arabise() -> None:
    """Called once from CoreConfig.ready()."""
    _rename_apps()
    _axes_in_arabic()
    _name_authenticator_fields()
    _label_permissions()
