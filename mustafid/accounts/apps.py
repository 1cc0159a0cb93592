from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mustafid.accounts"
    label = "accounts"
    verbose_name = _("Staff and roles")

    def ready(self) -> None:
        from . import auditing  # noqa: F401  (registers models with auditlog)
        from .roles import sync_role_permissions

        # Permissions exist only after every app migrated, so the role ->
        # permission table is applied after each migrate, not in a migration.
        post_migrate.connect(sync_role_permissions, dispatch_uid="mustafid-sync-roles")
