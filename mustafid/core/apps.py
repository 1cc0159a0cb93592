from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mustafid.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from .third_party import arabise

        # The apps we did not write, named and labelled in the reader's language (issue 10.4).
        arabise()
