"""Private files: mode 0600 under random names, the uploader's name kept as data (issue 9.5)."""

import os
import stat
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.models import BeneficiaryDocument
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.core.files import PrivateFileField, private_storage

pytestmark = pytest.mark.django_db

NAME = "هوية-أحمد-1023456789.pdf"
PDF = b"%PDF-1.4\n% a scanned ID card\n"


def test_at_rest_an_uploaded_file_is_0600_under_a_random_name_and_downloads_with_its_own_name_issue_9_5(client):
    b = BeneficiaryFactory()
    worker = scoped_staff(Role.CASE_WORKER, b)
    client.force_login(worker)
    response = client.post(
        reverse("beneficiaries:document_add", args=[b.pk]),
        {"kind": "identity", "title": "الهوية", "file": SimpleUploadedFile(NAME, PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    document = BeneficiaryDocument.objects.get()
    assert "أحمد" not in document.file.name and "1023456789" not in document.file.name
    assert document.file.name.endswith(".pdf") and document.original_name == NAME
    assert stat.S_IMODE(os.stat(document.file.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(document.file.path)).st_mode) == 0o700
    download = client.get(reverse("beneficiaries:document", args=[document.pk]))
    assert download.status_code == 200
    assert NAME in unquote(download["Content-Disposition"])


def test_at_rest_the_stored_extension_is_the_one_the_content_proves_issue_9_5():
    b = BeneficiaryFactory()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    document = BeneficiaryDocument.objects.create(
        beneficiary=b,
        kind="identity",
        title="t",
        file=SimpleUploadedFile("أحمد.pdf.exe", png),
        content_type="image/png",
        size=len(png),
        sha256="0" * 64,
        uploaded_by=scoped_staff(Role.CASE_WORKER, b),
    )
    assert document.file.name.endswith(".png") and document.original_name == "أحمد.pdf.exe"


def test_at_rest_every_private_file_field_is_a_private_file_field_issue_9_5():
    """A FileField on the private storage added later must not slip back to the uploader's names."""
    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "_storage_callable", None) is private_storage and not isinstance(field, PrivateFileField)
    ]
    assert plain == []


def test_at_rest_the_migration_renames_stored_files_and_keeps_their_names_issue_9_5(
    django_capture_on_commit_callbacks,
):
    from types import SimpleNamespace

    from django.core.files.base import ContentFile
    from django.db import connection

    from mustafid.core.files import rename_stored_files

    b = BeneficiaryFactory()
    worker = scoped_staff(Role.CASE_WORKER, b)
    storage = private_storage()
    old = f"beneficiaries/2026/01/{NAME}"
    # As Django stored files before: under the uploader's name.
    storage._save(old, ContentFile(PDF))
    kept, missing = (
        BeneficiaryDocument.objects.create(
            beneficiary=b,
            kind="identity",
            title=t,
            file="x",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            uploaded_by=worker,
        )
        for t in ("kept", "missing")
    )
    BeneficiaryDocument.objects.filter(pk=kept.pk).update(file=old, original_name="")
    BeneficiaryDocument.objects.filter(pk=missing.pk).update(file="beneficiaries/2026/01/gone.pdf", original_name="")

    forward = rename_stored_files("beneficiaries", "BeneficiaryDocument", "file", "original_name", batch_size=1)
    with django_capture_on_commit_callbacks(execute=True):
        forward(apps, SimpleNamespace(connection=connection))
        assert storage.exists(old)  # until the migration commits, the old name still works

    kept.refresh_from_db()
    missing.refresh_from_db()
    assert kept.original_name == NAME and "1023456789" not in kept.file.name and kept.file.name.endswith(".pdf")
    assert kept.file.read() == PDF and stat.S_IMODE(os.stat(kept.file.path).st_mode) == 0o600
    assert not storage.exists(old)
    assert missing.file.name == "beneficiaries/2026/01/gone.pdf" and missing.original_name == "gone.pdf"
