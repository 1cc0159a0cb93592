"""Claims in the administration site: read, in scope, logged; only the responsible staff member may be changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.audit.models import AccessLog
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.compensation import services

from .helpers import fault_by_ruling, opened, settled
from .test_settlement_payment import drawn


def administrator(beneficiary):
    return scoped_staff(Role.ADMINISTRATOR, beneficiary, is_staff=True)


def test_cp_the_admin_shows_a_claim_its_offers_settlement_and_payment_read_only_and_logs_the_reading(w, client):
    claim = fault_by_ruling(w, opened(w))
    settlement = settled(w, claim)
    claim.refresh_from_db()
    client.force_login(administrator(w["b"]))
    url = reverse("admin:compensation_claim_change", args=[claim.pk])
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert claim.reference in body and settlement.reference in body
    assert "2500" in body  # the offer, read in its inline
    services.sign_settlement(by=w["worker"], claim=claim, party="other", signer_name="نورة", drawn=drawn())
    body = client.get(url).content.decode()
    assert reverse("compensation:signature", args=[claim.pk, "other"]) in body
    assert w["b"].national_id not in body and w["b"].phone not in body
    assert AccessLog.objects.filter(pk__gt=last, object_id=str(w["b"].pk)).exists()
    form = page.context["adminform"].form
    assert list(form.fields) == ["assigned_to"]  # everything else is the services' to write
    model_admin = page.context["adminform"].model_admin
    assert not model_admin.has_delete_permission(page.wsgi_request, claim)
    assert not model_admin.has_add_permission(page.wsgi_request)


def test_cp_a_claim_of_another_branch_is_neither_listed_nor_opened_in_the_admin(w, client):
    other = BeneficiaryFactory()
    theirs = opened({**w, "b": other, "worker": scoped_staff(Role.CASE_WORKER, other)})
    mine = opened(w)
    client.force_login(administrator(w["b"]))
    listed = client.get(reverse("admin:compensation_claim_changelist")).context["cl"].result_list
    assert [c.pk for c in listed] == [mine.pk]
    response = client.get(reverse("admin:compensation_claim_change", args=[theirs.pk]))
    assert response.status_code == 404 or response.url == reverse("admin:index")


def test_cp_the_responsible_staff_member_is_changed_only_to_someone_who_may_follow_the_claim(w, client):
    claim = opened(w)
    colleague = scoped_staff(Role.CASE_WORKER, w["b"])
    outsider = UserFactory(role=Role.CASE_WORKER, branches=[BeneficiaryFactory().branch])
    with_no_claims = scoped_staff(Role.VOLUNTEER, w["b"])
    for refused in (outsider, with_no_claims):
        with pytest.raises(ValidationError):
            services.assign_claim(by=administrator(w["b"]), claim=claim, to=refused)
    client.force_login(administrator(w["b"]))
    url = reverse("admin:compensation_claim_change", args=[claim.pk])
    formsets = {"offers-TOTAL_FORMS": "0", "offers-INITIAL_FORMS": "0"}
    refused = client.post(url, {"assigned_to": outsider.pk, **formsets})
    assert refused.status_code == 200  # the form again: the outsider is not in the choices
    claim.refresh_from_db()
    assert claim.assigned_to == w["worker"]
    response = client.post(url, {"assigned_to": colleague.pk, **formsets})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assigned_to == colleague

    assert colleague.full_name in str(client.get(url).content.decode())
