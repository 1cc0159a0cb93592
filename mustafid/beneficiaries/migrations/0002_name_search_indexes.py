"""Index the normalised name for substring search, per database.

PostgreSQL: a GIN trigram index (pg_trgm) answers ``LIKE '%word%'``.
SQLite: an FTS5 table with the trigram tokenizer, kept in step by triggers.
"""

from django.db import migrations

FTS = "beneficiaries_name_fts"
TABLE = "beneficiaries_beneficiary"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS benef_name_trgm_idx ON {TABLE} USING gin (name_search gin_trgm_ops)"
        )
    elif vendor == "sqlite":
        for sql in (
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(name_search, content='{TABLE}', content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
            f"INSERT INTO {FTS}(rowid, name_search) VALUES (new.id, new.name_search); END",
            f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
            f"INSERT INTO {FTS}({FTS}, rowid, name_search) VALUES ('delete', old.id, old.name_search); END",
            f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF name_search ON {TABLE} BEGIN "
            f"INSERT INTO {FTS}({FTS}, rowid, name_search) VALUES ('delete', old.id, old.name_search); "
            f"INSERT INTO {FTS}(rowid, name_search) VALUES (new.id, new.name_search); END",
            f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
        ):
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
