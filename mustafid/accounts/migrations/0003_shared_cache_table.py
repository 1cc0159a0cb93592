"""The table of the cache every gunicorn worker shares (settings.CACHES, a DatabaseCache by default).

allauth counts staff sign-in attempts in the default cache; in a per-process
memory cache each worker counted alone. ``migrate`` now creates the table, as
``manage.py createcachetable`` would, for every DatabaseCache configured.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    table = schema_editor.connection.ops.quote_name(getattr(settings, "CACHE_TABLE", "mustafid_cache"))
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_groups")]

    operations = [migrations.RunPython(create_cache_tables, drop_cache_table)]
