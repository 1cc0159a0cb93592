"""Re-encrypt every encrypted field with the first key of MUSTAFID_FIELD_KEYS.

Rotation: put the new key first in MUSTAFID_FIELD_KEYS (keep the old ones
after it), run this command, then remove the old keys. With ``--reindex``
the blind indexes are recomputed too (after MUSTAFID_BLIND_INDEX_KEY changed).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from mustafid.core.crypto import EncryptedTextField, rotate

BATCH = 2000


class Command(BaseCommand):
    help = "Re-encrypt sensitive fields with the primary key (and optionally recompute blind indexes)."

    def add_arguments(self, parser):
        parser.add_argument("--reindex", action="store_true", help="Recompute blind indexes too.")

    def handle(self, *args, reindex=False, **options):
        quote = connection.ops.quote_name
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            columns = ", ".join(quote(f.column) for f in fields)
            done = 0
            last = None
            while True:
                with transaction.atomic(), connection.cursor() as cursor:
                    where = f"WHERE {pk} > %s " if last is not None else ""
                    cursor.execute(
                        f"SELECT {pk}, {columns} FROM {table} {where}ORDER BY {pk} LIMIT {BATCH}",  # noqa: S608
                        [last] if last is not None else [],
                    )
                    rows = cursor.fetchall()
                    if not rows:
                        break
                    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
                    cursor.executemany(
                        f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                        [[rotate(v) if v else v for v in row[1:]] + [row[0]] for row in rows],
                    )
                    last = rows[-1][0]
                    done += len(rows)
            self.stdout.write(f"{model._meta.label}: {done} rows re-encrypted")
            if reindex and hasattr(model, "prepare"):
                self._reindex(model)

    def _reindex(self, model):
        hash_fields = [
            f.name for f in model._meta.concrete_fields if f.name.endswith("_hash") or f.name == "name_search"
        ]
        batch = []
        for obj in model._default_manager.iterator(chunk_size=BATCH):
            obj.prepare()
            batch.append(obj)
            if len(batch) >= BATCH:
                model._default_manager.bulk_update(batch, hash_fields)
                batch = []
        if batch:
            model._default_manager.bulk_update(batch, hash_fields)
        self.stdout.write(f"{model._meta.label}: blind indexes recomputed")
