"""Rewriting encrypted columns in place, a batch at a time.

A column changed to an ``EncryptedTextField`` still holds the plain text of the
rows written before; key rotation re-encrypts every token. Both go through
:func:`rewrite_columns` with raw SQL (a historical model would try to decrypt
plain text), on SQLite and PostgreSQL alike. Rows are read by keyset on the
primary key, ``BATCH`` at a time, and written back per batch: a table of
millions of rows never sits in memory, and no OFFSET scan grows with the table.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection as default_connection
from django.db import transaction

from .crypto import decrypt, encrypt

BATCH = 2000


def rewrite_columns(
    model, columns: list[str], convert: Callable[[str], str], *, connection=None, batch_size: int = BATCH
) -> int:
    """Apply ``convert`` to every non-empty value of ``columns``; returns how many rows were read.

    Each batch is its own transaction (inside a migration, the migration's):
    a crash halfway leaves whole batches done, and rotation is safe to rerun
    because every key still decrypts.
    """
    connection = connection or default_connection
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    names = ", ".join(quote(c) for c in columns)
    assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
    done, last = 0, None
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            where = f"WHERE {pk} > %s " if last is not None else ""
            cursor.execute(
                f"SELECT {pk}, {names} FROM {table} {where}ORDER BY {pk} LIMIT {int(batch_size)}",  # noqa: S608
                [last] if last is not None else [],
            )
            rows = cursor.fetchall()
            if rows:
                cursor.executemany(
                    f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                    [[convert(v) if v else v for v in row[1:]] + [row[0]] for row in rows],
                )
        done += len(rows)
        if len(rows) < batch_size:
            return done
        last = rows[-1][0]


def encrypt_columns(app_label: str, model_name: str, *columns: str):
    """A ``RunPython`` pair (forward, backward) encrypting ``columns`` of the model."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rewrite_columns(model, list(columns), encrypt, connection=schema_editor.connection)

    def backward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rewrite_columns(model, list(columns), decrypt, connection=schema_editor.connection)

    return forward, backward
