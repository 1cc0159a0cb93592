"""Documents are drawn after the change that calls for them commits (DESIGN rule 4).

A receipt, a decision letter, a minute and an outgoing letter are rendered
outside the transaction that holds the row locks: a rolled-back change
leaves no file and no job; until the file is there, the page says it is being
prepared; a failed render is visible and retried.
"""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.core import documents
from mustafid.core.models import DocumentJob
from mustafid.requests import services
from mustafid.requests.models import ServiceRequest
from mustafid.requests.tests.factories import filled_draft
from mustafid.services.tests.factories import published_service


@pytest.fixture
def draft(db):
    beneficiary = BeneficiaryFactory()
    desk = scoped_staff(Role.RECEPTIONIST, beneficiary)
    return desk, filled_draft(by=desk, beneficiary=beneficiary, version=published_service())


def stored_pdfs(folder: Path) -> list[Path]:
    return list(Path(folder).rglob("*.pdf"))


class Rollback(Exception):
    pass


def test_a_rolled_back_completion_leaves_no_receipt_and_no_job(
    draft, private_files, django_capture_on_commit_callbacks
):
    desk, request = draft
    before = stored_pdfs(private_files)  # the documents the beneficiary brought
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        services.complete_request(by=desk, request=request)
        raise Rollback
    assert callbacks == []
    assert not DocumentJob.objects.exists()
    assert stored_pdfs(private_files) == before
    request.refresh_from_db()
    assert request.status == "draft" and not request.receipt


def test_hd3_the_receipt_is_drawn_after_commit_and_the_page_says_it_is_being_prepared(
    client, draft, private_files, django_capture_on_commit_callbacks
):
    desk, request = draft
    with django_capture_on_commit_callbacks() as callbacks:  # committed, not yet run
        request = services.complete_request(by=desk, request=request)
    assert not ServiceRequest.objects.get(pk=request.pk).receipt
    job = DocumentJob.objects.get(kind="requests.receipt", object_id=request.pk)
    assert job.status == DocumentJob.Status.PENDING
    client.force_login(desk)
    page = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert 'data-testid="document-preparing"' in page and 'data-testid="receipt-link"' not in page

    for callback in callbacks:
        callback()
    request.refresh_from_db()
    assert request.receipt and request.receipt.read(5) == b"%PDF-"
    assert DocumentJob.objects.get(pk=job.pk).status == DocumentJob.Status.READY
    page = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert 'data-testid="receipt-link"' in page and 'data-testid="document-preparing"' not in page


def test_a_failed_render_is_visible_and_retried(client, draft, monkeypatch, django_capture_on_commit_callbacks):
    desk, request = draft
    kind = documents.kind_of("requests.receipt")

    def broken(_request):
        raise OSError("the font could not be read")

    monkeypatch.setitem(documents._KINDS, kind.key, documents.DocumentKind(**{**kind.__dict__, "render": broken}))
    with django_capture_on_commit_callbacks(execute=True):
        request = services.complete_request(by=desk, request=request)
    job = DocumentJob.objects.get(kind=kind.key, object_id=request.pk)
    assert job.status == DocumentJob.Status.FAILED and job.attempts == 1 and "font" in job.last_error
    client.force_login(desk)
    page = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert 'data-testid="document-failed"' in page

    # Mended, the periodic retry draws it once the backoff has run out.
    monkeypatch.setitem(documents._KINDS, kind.key, kind)
    assert documents.retry_due() == 0  # still backing off
    DocumentJob.objects.filter(pk=job.pk).update(next_attempt_at=job.created_at)
    assert documents.retry_due() == 1
    request.refresh_from_db()
    assert request.receipt.read(5) == b"%PDF-"
    job.refresh_from_db()
    assert (job.status, job.attempts, job.last_error) == (DocumentJob.Status.READY, 2, "")
