"""Index the normalised name for substring search, per database.

PostgreSQL: a GIN trigram index (pg_trgm) answers ``LIKE '%word%'``.
SQLite: an FTS5 table with the trigram tokenizer, kept in step by triggers.
"""

from django.db import migrations

from mustafid.beneficiaries.name_index import FTS, REBUILD, TABLE, TRIGGERS


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS benef_name_trgm_idx ON {TABLE} USING gin (name_search gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(name_search, content='{TABLE}', content_rowid='id', tokenize='trigram')"
        )
        for sql in (*TRIGGERS, REBUILD):
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS benef_name_trgm_idx")
    elif vendor == "sqlite":
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
