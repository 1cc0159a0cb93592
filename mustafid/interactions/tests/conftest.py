import pytest
from django.core.files.storage import FileSystemStorage

from mustafid.interactions.models import Interaction


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Files the tests store go to a temporary private folder, not the developer's var/."""
    storage = FileSystemStorage(location=str(tmp_path / "private"), base_url=None)
    monkeypatch.setattr(Interaction._meta.get_field("attachment"), "storage", storage)
    return storage
