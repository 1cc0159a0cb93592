"""The request cycle's rules: completeness (HD-3), attestation (HD-4), telling (HD-5), the clock (HD-6)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.core.models import Holiday
from mustafid.notifications.models import Notification
from mustafid.requests import services
from mustafid.requests.models import Attestation, ServiceRequest
from mustafid.requests.tests.factories import filled_draft, signature_data_url
from mustafid.services.tests.factories import published_service


@pytest.fixture
def setup(db):
    beneficiary = BeneficiaryFactory(full_name="سارة بنت محمد", preferred_channel="sms")
    return {
        "b": beneficiary,
        "desk": scoped_staff(Role.RECEPTIONIST, beneficiary),
        "worker": scoped_staff(Role.CASE_WORKER, beneficiary),
        "version": published_service(),
    }


def test_hd3_an_incomplete_request_cannot_be_completed_and_every_missing_item_is_listed(setup):
    request = services.create_draft(
        by=setup["desk"], beneficiary=setup["b"], version=setup["version"], received_via="interview"
    )
    with pytest.raises(ValidationError) as info:
        services.complete_request(by=setup["desk"], request=request)
    missing = info.value.messages
    assert len(missing) == 6  # two fields, two criteria, one document, the signature
    assert any("عدد أفراد الأسرة" in m for m in missing)
    assert any("صورة الهوية الوطنية" in m for m in missing)
    assert not any("ملاحظات" in m or "صك الإعالة" in m for m in missing)  # optional ones
    request.refresh_from_db()
    assert (request.status, request.reference, request.completed_on) == ("draft", "", None)


def test_hd6_completion_gives_reference_dates_and_receipt(setup, django_capture_on_commit_callbacks):
    Holiday.objects.filter(date__range=(date(2026, 11, 29), date(2026, 12, 31))).delete()
    request = filled_draft(by=setup["desk"], beneficiary=setup["b"], version=setup["version"])
    with django_capture_on_commit_callbacks(execute=True):
        request = services.complete_request(by=setup["desk"], request=request, today=date(2026, 11, 29))
    request.refresh_from_db()
    assert request.reference.startswith("REQ-")
    assert request.completed_on == date(2026, 11, 29)
    assert request.due_on == date(2026, 12, 20)  # 15 working days: three Saudi weeks
    assert request.receipt.read(5) == b"%PDF-"


def test_hd6_a_request_completed_just_before_eid_is_due_after_the_holiday(setup):
    from mustafid.core.holidays_seed import seed_holidays

    seed_holidays(Holiday, [2027])
    request = filled_draft(by=setup["desk"], beneficiary=setup["b"], version=setup["version"])
    request = services.complete_request(by=setup["desk"], request=request, today=date(2027, 3, 8))
    assert request.due_on == date(2027, 4, 4)


def test_hd6_returning_for_information_pauses_the_clock_and_moves_the_due_date(setup):
    Holiday.objects.filter(date__range=(date(2026, 11, 29), date(2027, 1, 31))).delete()
    request = services.complete_request(
        by=setup["desk"],
        request=filled_draft(by=setup["desk"], beneficiary=setup["b"], version=setup["version"]),
        today=date(2026, 11, 29),
    )
    services.return_for_information(by=setup["worker"], request=request, reason="صك الإعالة", on=date(2026, 12, 1))
    request = services.resume(by=setup["worker"], request=request, on=date(2026, 12, 6))
    # Paused Tue 1 Dec, answered Sun 6 Dec: Wed, Thu and Sun are three working days.
    assert request.paused_working_days == 3
    assert request.due_on == date(2026, 12, 23)
    assert request.pauses.get().working_days == 3


def test_hd4_the_attestation_can_never_be_changed(setup):
    request = filled_draft(by=setup["desk"], beneficiary=setup["b"], version=setup["version"])
    attestation = request.attestation
    assert services.attestation_intact(attestation)
    with pytest.raises(ValidationError):
        services.sign_attestation(by=setup["desk"], request=request, signer_name="آخر", drawn=signature_data_url())
    attestation.signer_name = "شخص آخر"
    with pytest.raises(ValueError):
        attestation.save()
    with pytest.raises(ValueError):
        attestation.delete()
    fresh = Attestation.objects.get(pk=attestation.pk)
    assert fresh.signer_name == "سارة بنت محمد"
    # Altering the stored row behind the services' back is detected.
    Attestation.objects.filter(pk=fresh.pk).update(signer_name="مزور")
    assert not services.attestation_intact(Attestation.objects.get(pk=fresh.pk))


def test_hd4_an_empty_or_unreadable_signature_is_refused(setup):
    request = services.create_draft(
        by=setup["desk"], beneficiary=setup["b"], version=setup["version"], received_via="interview"
    )
    for drawn in ("", "data:image/png;base64,AAAA", "data:image/jpeg;base64,/9j/"):
        with pytest.raises(ValidationError):
            services.sign_attestation(by=setup["desk"], request=request, signer_name="سارة", drawn=drawn)
    assert not Attestation.objects.exists()


def test_hd5_completion_tells_the_beneficiary_through_the_agreed_channel(setup):
    request = services.complete_request(
        by=setup["desk"], request=filled_draft(by=setup["desk"], beneficiary=setup["b"], version=setup["version"])
    )
    message = Notification.objects.get(dedupe_key=f"request:{request.pk}:completed")
    assert message.channel == "sms"
    assert message.address == setup["b"].phone
    assert "اللجنة المختصة" in message.body and request.reference in message.body


def test_hd6_overdue_requests_are_escalated_once(setup):
    from mustafid.accounts.tests.factories import UserFactory

    UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True, email="boss@mustafid.test")
    request = services.complete_request(
        by=setup["desk"],
        request=filled_draft(by=setup["desk"], beneficiary=setup["b"], version=setup["version"]),
        today=date(2026, 1, 4),
    )
    assert services.flag_overdue(today=date(2026, 11, 25)) == 1
    assert services.flag_overdue(today=date(2026, 11, 26)) == 0
    request.refresh_from_db()
    assert request.escalated_at is not None
    assert Notification.objects.filter(dedupe_key__startswith=f"request:{request.pk}:overdue").count() == 1


def test_a_draft_outside_the_scope_is_refused(setup):
    outsider = scoped_staff(Role.RECEPTIONIST, BeneficiaryFactory())
    from django.http import Http404

    with pytest.raises(Http404):
        services.create_draft(by=outsider, beneficiary=setup["b"], version=setup["version"], received_via="interview")
    assert not ServiceRequest.objects.exists()
