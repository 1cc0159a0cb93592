"""Nothing sensitive readable at rest outside the encrypted columns (issue 9.5)."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from mustafid.accounts.tests.factories import UserFactory
from mustafid.beneficiaries.models import CorrectionRequest
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.core.crypto import _fernet
from mustafid.interactions.tests.factories import InteractionFactory

pytestmark = pytest.mark.django_db

PHONE = "+966551239876"


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def correction() -> CorrectionRequest:
    return CorrectionRequest.objects.create(
        beneficiary=BeneficiaryFactory(),
        field_label="الجوال",
        requested_change=f"رقمي الصحيح {PHONE}",
        resolution=f"صحح إلى {PHONE}",
        recorded_by=UserFactory(),
    )


def test_at_rest_counterpart_phone_is_encrypted_issue_9_5():
    interaction = InteractionFactory(counterpart=PHONE)
    stored = raw("interactions_interaction", "counterpart", interaction.pk)
    assert stored and PHONE not in stored
    assert type(interaction).objects.get(pk=interaction.pk).counterpart == PHONE


def test_at_rest_correction_request_is_encrypted_issue_9_5():
    c = correction()
    for column in ("requested_change", "resolution"):
        stored = raw("beneficiaries_correctionrequest", column, c.pk)
        assert stored and PHONE not in stored and "رقمي" not in stored
    again = CorrectionRequest.objects.get(pk=c.pk)
    assert PHONE in again.requested_change and PHONE in again.resolution


def test_at_rest_rotate_field_keys_covers_the_new_columns_issue_9_5(settings):
    interaction, c = InteractionFactory(counterpart=PHONE), correction()
    old_keys = list(settings.MUSTAFID_FIELD_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.MUSTAFID_FIELD_KEYS = [new_key, *old_keys]
    _fernet.cache_clear()
    call_command("rotate_field_keys")
    settings.MUSTAFID_FIELD_KEYS = [new_key]  # the old key is gone: only rotated values stay readable
    _fernet.cache_clear()
    try:
        assert type(interaction).objects.get(pk=interaction.pk).counterpart == PHONE
        again = CorrectionRequest.objects.get(pk=c.pk)
        assert PHONE in again.requested_change and PHONE in again.resolution
    finally:
        settings.MUSTAFID_FIELD_KEYS = old_keys
        _fernet.cache_clear()


def test_at_rest_rows_are_rewritten_a_batch_at_a_time_issue_9_5():
    """3M rows must never sit in memory: keyset batches of a fixed size, each written back before the next is read."""
    from django.test.utils import CaptureQueriesContext

    from mustafid.core.crypto import decrypt, encrypt
    from mustafid.core.migration_crypto import rewrite_columns

    rows = [correction() for _ in range(5)]
    seen_batches: list[int] = []

    def mark(token: str) -> str:
        seen_batches.append(len(seen_batches))
        return encrypt(decrypt(token) + " ✓")

    with CaptureQueriesContext(connection) as queries:
        done = rewrite_columns(CorrectionRequest, ["requested_change"], mark, batch_size=2)

    assert done == 5 and len(seen_batches) == 5
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    updates = [q["sql"] for q in queries.captured_queries if "UPDATE" in q["sql"].upper()]
    assert len(selects) == 3 and all("LIMIT 2" in sql for sql in selects)  # 2 + 2 + 1 rows, never all 5
    assert len(updates) == 3  # written back per batch
    for c in rows:
        assert CorrectionRequest.objects.get(pk=c.pk).requested_change.endswith(" ✓")
