import pytest
from django.core.files.storage import FileSystemStorage

from mustafid.requests.models import Attestation, RequestDocument, ServiceRequest


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """Files the tests store go to a temporary private folder, not the developer's var/."""
    storage = FileSystemStorage(location=str(tmp_path / "private"), base_url=None)
    for model, field in (
        (ServiceRequest, "receipt"),
        (ServiceRequest, "decision_letter"),
        (RequestDocument, "file"),
        (Attestation, "signature"),
    ):
        monkeypatch.setattr(model._meta.get_field(field), "storage", storage)
    return storage
