"""The public form always has complaint categories to offer: they are seeded after migrate and after a flush."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from mustafid.complaints.models import ComplaintCategory


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_its_default_categories_again():
    # A flush (as between transactional tests, or a reset) sends post_migrate with no migration state.
    call_command("flush", interactive=False, verbosity=0)
    assert ComplaintCategory.objects.filter(name="جودة الخدمة").exists()
