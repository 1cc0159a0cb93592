"""The keyed hashes of national ID and phone carry one index each, not a second "_like" one (issue 13).

On PostgreSQL ``unique=True`` or ``db_index=True`` on a CharField adds a
varchar_pattern_ops index for LIKE 'x%'; a hash is only ever compared whole,
so that index is dead weight (about 345 MB at a million files). Counted from
the database's own catalogue on both engines.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from mustafid.beneficiaries.models import Beneficiary
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


def indexes_on(column: str) -> list[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Beneficiary._meta.db_table)
    return sorted(name for name, c in found.items() if c["columns"] == [column] and (c["index"] or c["unique"]))


@pytest.mark.parametrize("column", ["national_id_hash", "phone_hash"])
def test_one_index_per_hash_column(column):
    assert len(indexes_on(column)) == 1, indexes_on(column)
    assert not any(name.endswith("_like") for name in indexes_on(column))


def test_a_national_id_is_still_unique_in_the_database():
    first = BeneficiaryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Beneficiary.objects.filter(pk=BeneficiaryFactory().pk).update(national_id_hash=first.national_id_hash)
