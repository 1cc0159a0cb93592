"""The scanned signed paper of a settlement is opened again by staff: in scope, permitted, logged (CM-3, CP-4, RL-2)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.compensation import services

from .helpers import PDF, fault_by_ruling, opened, settled


def scanned(w, beneficiary=None):
    worker = w["worker"] if beneficiary is None else scoped_staff(Role.CASE_WORKER, beneficiary)
    claim = opened({**w, "b": beneficiary or w["b"], "worker": worker})
    fault_by_ruling({**w, "worker": worker}, claim)
    settled({**w, "worker": worker}, claim)
    claim.refresh_from_db()
    signature = services.sign_settlement(
        by=worker, claim=claim, party="other", signer_name="نورة", scan=SimpleUploadedFile("s.pdf", PDF)
    )
    return claim, signature


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_cm3_staff_open_the_scanned_signed_paper_from_the_claim_page_and_the_download_is_logged(w, client):
    claim, signature = scanned(w)
    url = reverse("compensation:signature", args=[claim.pk, signature.party])
    client.force_login(w["worker"])
    page = client.get(reverse("compensation:detail", args=[claim.pk])).content.decode()
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
    assert AccessLog.objects.filter(
        action=AccessLog.Action.DOWNLOAD, object_id=str(w["b"].pk), detail__contains=claim.reference
    ).exists()


def test_cm3_a_signature_is_served_only_through_its_own_claim_in_scope_and_with_the_permission(w, client):
    claim, signature = scanned(w)
    other, theirs = scanned(w, BeneficiaryFactory())
    client.force_login(w["worker"])
    # A party that did not sign, or a claim out of scope: as if it did not exist.
    assert client.get(reverse("compensation:signature", args=[claim.pk, "society"])).status_code == 404
    assert client.get(reverse("compensation:signature", args=[other.pk, theirs.party])).status_code == 404
    client.force_login(scoped_staff(Role.VOLUNTEER, w["b"]))
    assert client.get(reverse("compensation:signature", args=[claim.pk, signature.party])).status_code == 403
