"""Arabic demo data for a first look: ``manage.py load_demo`` (idempotent).

Every app that has demo data offers ``<app>/demo.py`` with ``load(stdout)``;
this command runs them in INSTALLED_APPS order, so apps load after the apps
they depend on.
"""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load Arabic demo data (safe to run twice) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data holds known passwords: use --force to load it with DEBUG off.")
        for config in apps.get_app_configs():
            if not config.name.startswith("mustafid."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(self.stdout)
