"""SQLite's full-text index of the normalised name: the FTS5 table and the triggers that keep it in step.

Shared by the migration that creates it and by any migration that makes SQLite
rebuild the beneficiaries' table (an ``AlterField`` does): the rebuilt table
has lost its triggers, so they are made again.
"""

# ruff: noqa: S608 - the SQL is built from the two constant names below, never from input.

FTS = "beneficiaries_name_fts"
TABLE = "beneficiaries_beneficiary"

TRIGGERS = (
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, name_search) VALUES (new.id, new.name_search); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name_search) VALUES ('delete', old.id, old.name_search); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF name_search ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, name_search) VALUES ('delete', old.id, old.name_search); "
    f"INSERT INTO {FTS}(rowid, name_search) VALUES (new.id, new.name_search); END",
)
REBUILD = f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')"


def restore_sqlite_triggers(apps, schema_editor) -> None:
    """After SQLite rebuilt the table: the triggers again, and the index rebuilt from the rows."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for suffix in ("ai", "ad", "au"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
    for sql in TRIGGERS:
        schema_editor.execute(sql)
    schema_editor.execute(REBUILD)
