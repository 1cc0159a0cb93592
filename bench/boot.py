"""Point Django at the benchmark database, set it up, migrate it."""

from __future__ import annotations

import os
import time

from . import pg


def boot(*, migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = pg.ensure_database()
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        print(f"migrations applied to {pg.DATABASE} ({time.perf_counter() - started:.1f} s)")
