"""Issue 9.3: change history written before every encrypted field was masked is masked too."""

import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from mustafid.beneficiaries.models import CorrectionRequest

migration = importlib.import_module("mustafid.audit.migrations.0002_mask_encrypted_values_in_old_history")


@pytest.mark.django_db
def test_rl2_old_history_of_an_encrypted_field_is_masked_and_other_fields_kept():
    old = LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(CorrectionRequest),
        object_pk="1",
        object_repr="correction",
        action=LogEntry.Action.UPDATE,
        changes={"requested_change": ["", "اسمي الصحيح: نورة 0551234567"], "field_label": ["", "الاسم"]},
    )
    migration.mask_old_entries(apps, None)
    old.refresh_from_db()
    assert old.changes["requested_change"] == ["", "••••••"]
    assert old.changes["field_label"] == ["", "الاسم"]
