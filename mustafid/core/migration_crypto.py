"""Migration helpers that turn plain columns into encrypted ones (and back).

A column changed to an ``EncryptedTextField`` still holds the plain text of the
rows written before; these functions rewrite those values in place with raw SQL
(the historical model would try to decrypt them), on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection as default_connection

from .crypto import decrypt, encrypt


def _rewrite(schema_editor, model, columns: list[str], convert: Callable[[str], str]) -> None:
    connection = schema_editor.connection if schema_editor is not None else default_connection
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {names} FROM {table}")  # noqa: S608
        rows = cursor.fetchall()
        if not rows:
            return
        assignments = ", ".join(f"{quote(c)} = %s" for c in columns)
        cursor.executemany(
            f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
            [[convert(v) if v else v for v in row[1:]] + [row[0]] for row in rows],
        )


def encrypt_columns(app_label: str, model_name: str, *columns: str):
    """A ``RunPython`` pair (forward, backward) encrypting ``columns`` of the model."""

    def forward(apps, schema_editor):
        _rewrite(schema_editor, apps.get_model(app_label, model_name), list(columns), encrypt)

    def backward(apps, schema_editor):
        _rewrite(schema_editor, apps.get_model(app_label, model_name), list(columns), decrypt)

    return forward, backward
