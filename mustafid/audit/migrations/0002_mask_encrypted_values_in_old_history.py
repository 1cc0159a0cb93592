"""Mask, in change history written before issue 9.3, the values of encrypted fields.

The history is not encrypted: until every encrypted field was masked by
``audit.registry.audited``, a correction request's text and a contact's
counterpart phone were kept there in plain text. Rewritten a batch at a time.
"""

from django.db import migrations

from mustafid.core.crypto import EncryptedTextField

MASK = "••••••"
BATCH = 1000


def _masked(value):
    return MASK if value not in (None, "", "None") else ""


def mask_old_entries(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in apps.get_models():
        encrypted = {f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)}
        if not encrypted:
            continue
        content_type = ContentType.objects.filter(
            app_label=model._meta.app_label, model=model._meta.model_name
        ).first()
        if content_type is None:
            continue
        last_pk = 0
        while True:
            entries = list(
                LogEntry.objects.filter(content_type=content_type, pk__gt=last_pk).order_by("pk")[:BATCH]
            )
            if not entries:
                break
            last_pk = entries[-1].pk
            changed = []
            for entry in entries:
                changes = entry.changes if isinstance(entry.changes, dict) else None
                if not changes:
                    continue
                touched = False
                for name in encrypted & set(changes):
                    values = changes[name]
                    if isinstance(values, list):
                        masked = [_masked(v) for v in values]
                        if masked != values:
                            changes[name] = masked
                            touched = True
                if touched:
                    entry.changes = changes
                    changed.append(entry)
            if changed:
                LogEntry.objects.bulk_update(changed, ["changes"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("beneficiaries", "0004_encrypt_correction_requests"),
        ("interactions", "0002_encrypt_counterpart"),
    ]

    operations = [migrations.RunPython(mask_old_entries, migrations.RunPython.noop)]
