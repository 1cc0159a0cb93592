from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "mustafid.policies"
    label = "policies"
    verbose_name = _("Staff policies")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from mustafid.audit.registry import audited
        from mustafid.core.home import register_home_section

        from .models import Policy, PolicyVersion
        from .selectors import home_section
        from .signals import ask_for_pending_signatures

        # What staff are bound to sign is evidence (RS-1): every change is in the audit trail.
        audited(Policy, m2m_fields=["required_roles"])
        audited(PolicyVersion)
        register_home_section(home_section)
        user_logged_in.connect(ask_for_pending_signatures, dispatch_uid="mustafid-policies-pending")
