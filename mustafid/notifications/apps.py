from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "mustafid.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from mustafid.core.home import register_home_section

        from .home import tasks

        register_home_section(tasks)  # the home page's tasks (issue 10.1)
