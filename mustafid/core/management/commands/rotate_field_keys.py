"""Re-encrypt every encrypted field with the first key of MUSTAFID_FIELD_KEYS.

Rotation: put the new key first in MUSTAFID_FIELD_KEYS (keep the old ones
after it), run this command, then remove the old keys. With ``--reindex``
the blind indexes are recomputed too (after MUSTAFID_BLIND_INDEX_KEY changed).
"""

from django.apps import apps
from django.core.management.base import BaseCommand

from mustafid.core.crypto import EncryptedTextField, rotate
from mustafid.core.migration_crypto import BATCH, rewrite_columns


class Command(BaseCommand):
    help = "Re-encrypt sensitive fields with the primary key (and optionally recompute blind indexes)."

    def add_arguments(self, parser):
        parser.add_argument("--reindex", action="store_true", help="Recompute blind indexes too.")

    def handle(self, *args, reindex=False, **options):
        for model in apps.get_models():
            fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            done = rewrite_columns(model, [f.column for f in fields], rotate)
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
