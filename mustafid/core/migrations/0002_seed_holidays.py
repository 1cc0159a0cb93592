"""Seed official Saudi holidays for the current and next years."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from mustafid.core.holidays_seed import seed_holidays

    year = timezone.localdate().year
    seed_holidays(apps.get_model("core", "Holiday"), [year, year + 1])


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
