"""Enqueue the periodic tasks of ``MUSTAFID_SCHEDULE`` on the database task queue.

Run exactly one scheduler; run as many ``manage.py db_worker`` processes as
needed to execute what it enqueues (they claim tasks with SKIP LOCKED on
PostgreSQL).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue periodic tasks (overdue requests, outbox sweep) at their intervals."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every periodic task once and exit.")
        parser.add_argument("--tick", type=float, default=5.0, help="Seconds between checks.")

    def handle(self, *args, once=False, tick=5.0, **options):
        schedule = [(import_string(path), seconds) for path, seconds in settings.MUSTAFID_SCHEDULE]
        last_run: dict[int, float] = {}
        while True:
            now = time.monotonic()
            for index, (task, seconds) in enumerate(schedule):
                if once or now - last_run.get(index, -seconds) >= seconds:
                    result = task.enqueue()
                    last_run[index] = now
                    self.stdout.write(f"enqueued {task.name} ({result.id})")
            if once:
                return
            time.sleep(tick)
