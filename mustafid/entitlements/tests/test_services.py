"""RL-3: approved aid is scheduled, its delivery recorded, overdue deliveries flagged."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.beneficiaries.timeline import timeline
from mustafid.entitlements import selectors, services
from mustafid.entitlements.models import Entitlement

from .factories import approved_through_the_cycle, decided_request, entitlement_with


@pytest.fixture
def setup(db):
    beneficiary = BeneficiaryFactory()
    return {
        "b": beneficiary,
        "worker": scoped_staff(Role.CASE_WORKER, beneficiary),
        "desk": scoped_staff(Role.RECEPTIONIST, beneficiary),
    }


def schedule(setup, request, **kwargs):
    values = {
        "kind": "scheduled",
        "description": "إعانة إيجار",
        "total_amount": Decimal("1000"),
        "instalments": 3,
        "first_due_on": date(2027, 1, 31),
        "every_months": 1,
    }
    values.update(kwargs)
    return services.create_entitlement(by=setup["worker"], request=request, **values)


def code_of(info) -> str:
    return info.value.error_list[0].code


def test_rl3_approved_aid_is_split_into_instalments_that_add_up_exactly_to_the_total(setup):
    request = approved_through_the_cycle(beneficiary=setup["b"], amount=Decimal("1000"))
    entitlement = schedule(setup, request)
    rows = list(entitlement.instalments.order_by("due_on"))
    assert [r.amount for r in rows] == [Decimal("333.33"), Decimal("333.33"), Decimal("333.34")]
    assert sum(r.amount for r in rows) == entitlement.total_amount == Decimal("1000.00")
    # Monthly from 31 January: the end of February, then 31 March again.
    assert [r.due_on for r in rows] == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]
    assert entitlement.beneficiary == setup["b"] and entitlement.created_by == setup["worker"]
    assert not any(r.is_delivered for r in rows)


def test_rl3_a_one_off_aid_is_one_instalment_every_n_months_spaces_a_schedule(setup):
    one_off = schedule(setup, decided_request(beneficiary=setup["b"]), kind="one_off", instalments=1)
    assert one_off.instalments.count() == 1
    quarterly = schedule(setup, decided_request(beneficiary=setup["b"]), instalments=4, every_months=3)
    assert [i.due_on for i in quarterly.instalments.all()] == [
        date(2027, 1, 31),
        date(2027, 4, 30),
        date(2027, 7, 31),
        date(2027, 10, 31),
    ]
    with pytest.raises(ValidationError) as info:
        schedule(setup, decided_request(beneficiary=setup["b"]), kind="one_off", instalments=2)
    assert code_of(info) == "bad_instalments"


@given(
    total=st.decimals(min_value=Decimal("0.10"), max_value=Decimal("999999.99"), places=2),
    parts=st.integers(min_value=1, max_value=10),
)
def test_rl3_the_split_always_adds_up_to_the_halala(total, parts):
    amounts = services.split_amount(total, parts)
    assert len(amounts) == parts
    assert sum(amounts) == total
    assert max(amounts) - min(amounts) < Decimal("0.01") * parts


def test_rl3_the_total_cannot_exceed_the_approved_amount(setup):
    request = decided_request(beneficiary=setup["b"], amount=Decimal("500"))
    with pytest.raises(ValidationError) as info:
        schedule(setup, request, total_amount=Decimal("500.01"))
    assert code_of(info) == "over_approved"
    assert schedule(setup, request, total_amount=Decimal("500")).total_amount == Decimal("500")


def test_rl3_only_an_approved_decision_gives_aid_and_only_once(setup):
    rejected = decided_request(beneficiary=setup["b"], decision="rejected")
    with pytest.raises(ValidationError) as info:
        schedule(setup, rejected)
    assert code_of(info) == "not_approved"
    undecided = decided_request(beneficiary=setup["b"])
    undecided.status = "at_committee"
    undecided.save()
    with pytest.raises(ValidationError):
        schedule(setup, undecided)
    partly = decided_request(beneficiary=setup["b"], decision="partly")
    schedule(setup, partly)
    with pytest.raises(ValidationError) as info:
        schedule(setup, partly)
    assert code_of(info) == "exists"
    assert Entitlement.objects.count() == 1


def test_rl3_the_first_instalment_cannot_be_before_the_decision(setup):
    request = decided_request(beneficiary=setup["b"], decided_on=date(2027, 2, 1))
    with pytest.raises(ValidationError) as info:
        schedule(setup, request, first_due_on=date(2027, 1, 31))
    assert code_of(info) == "before_decision"


def test_rl3_scheduling_needs_the_permission_and_the_scope(setup):
    request = decided_request(beneficiary=setup["b"])
    with pytest.raises(PermissionDenied):
        services.create_entitlement(
            by=setup["desk"],
            request=request,
            kind="one_off",
            description="x",
            total_amount=Decimal("10"),
            first_due_on=date(2027, 1, 1),
        )
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    with pytest.raises(Http404):
        services.create_entitlement(
            by=outsider,
            request=request,
            kind="one_off",
            description="x",
            total_amount=Decimal("10"),
            first_due_on=date(2027, 1, 1),
        )
    assert not Entitlement.objects.exists()


def test_rl3_a_delivery_records_who_when_how_and_the_receipt_and_is_never_recorded_twice(setup):
    instalment = schedule(setup, decided_request(beneficiary=setup["b"])).instalments.first()
    scan = SimpleUploadedFile("r.pdf", b"%PDF-1.4\n% receipt\n", content_type="application/pdf")
    before = timezone.now()
    delivered = services.deliver_instalment(
        by=setup["desk"], instalment=instalment, method="bank", receipt_number="TRX-778", receipt_file=scan
    )
    assert delivered.delivered_by == setup["desk"]
    assert delivered.delivered_at >= before
    assert (delivered.method, delivered.receipt_number) == ("bank", "TRX-778")
    assert delivered.receipt_file.read(5) == b"%PDF-"
    with pytest.raises(ValidationError) as info:
        services.deliver_instalment(by=setup["worker"], instalment=instalment, method="cash", receipt_number="2")
    assert code_of(info) == "bad_transition"  # the instalment's workflow: a delivery is recorded once
    instalment.refresh_from_db()
    assert (instalment.delivered_by, instalment.method) == (setup["desk"], "bank")


def test_rl3_a_delivery_needs_a_method_a_receipt_number_and_an_accepted_file(setup):
    instalment = schedule(setup, decided_request(beneficiary=setup["b"])).instalments.first()
    for kwargs in (
        {"method": "gold", "receipt_number": "1"},
        {"method": "cash", "receipt_number": "  "},
        {
            "method": "cash",
            "receipt_number": "1",
            "receipt_file": SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        },
    ):
        with pytest.raises(ValidationError):
            services.deliver_instalment(by=setup["desk"], instalment=instalment, **kwargs)
    instalment.refresh_from_db()
    assert not instalment.is_delivered
    volunteer = scoped_staff(Role.VOLUNTEER, setup["b"])
    with pytest.raises((PermissionDenied, Http404)):
        services.deliver_instalment(by=volunteer, instalment=instalment, method="cash", receipt_number="1")


def test_rl3_overdue_instalments_are_flagged_within_the_users_scope(setup):
    today = date(2027, 3, 10)
    mine = entitlement_with(
        decided_request(beneficiary=setup["b"]),
        by=setup["worker"],
        dues=[date(2027, 2, 10), date(2027, 3, 9), date(2027, 3, 10), date(2027, 4, 10)],
    )
    delivered = mine.instalments.get(due_on=date(2027, 3, 9))
    services.deliver_instalment(by=setup["desk"], instalment=delivered, method="cash", receipt_number="55")
    other = BeneficiaryFactory()
    entitlement_with(decided_request(beneficiary=other), by=setup["worker"], dues=[date(2027, 1, 1)])

    overdue = list(selectors.overdue_instalments(setup["desk"], today=today))
    assert [i.due_on for i in overdue] == [date(2027, 2, 10)]
    due = list(selectors.due_instalments(setup["desk"], today=today))
    assert [i.due_on for i in due] == [date(2027, 2, 10), date(2027, 3, 10)]
    # Someone who sees everything sees the other beneficiary's overdue aid as well.
    from mustafid.accounts.tests.factories import UserFactory

    manager = UserFactory(role=Role.SENIOR_MANAGEMENT, scope_all=True)
    assert len(selectors.overdue_instalments(manager, today=today)) == 2


def test_rl3_the_schedule_of_a_beneficiary_lists_each_entitlement_with_its_instalments(
    setup, django_assert_max_num_queries
):
    entitlement_with(decided_request(beneficiary=setup["b"]), by=setup["worker"], dues=[date(2027, 1, 1)])
    entitlement_with(
        decided_request(beneficiary=setup["b"]), by=setup["worker"], dues=[date(2027, 1, 1), date(2027, 2, 1)]
    )
    entitlement_with(decided_request(), by=setup["worker"], dues=[date(2027, 1, 1)])
    # Five reads plus the user's three scope id lists (branch, category, domain), read once per user.
    with django_assert_max_num_queries(8):
        plan = selectors.beneficiary_schedule(setup["desk"], setup["b"])
        counts = sorted(len(e.instalments.all()) for e in plan)
    assert counts == [1, 2]


def test_rl3_deliveries_appear_on_the_beneficiary_timeline(setup):
    today = timezone.localdate()
    entitlement = entitlement_with(
        decided_request(beneficiary=setup["b"]),
        by=setup["worker"],
        dues=[today - timedelta(days=1), today + timedelta(days=30)],
    )
    services.deliver_instalment(
        by=setup["desk"],
        instalment=entitlement.instalments.order_by("due_on").first(),
        method="card",
        receipt_number="C-9",
    )
    # Only what was delivered is an event; the instalment still to come is not.
    entries = [e for e in timeline(setup["b"], setup["desk"]) if e.icon == "cash-coin"]
    assert len(entries) == 1
    assert "C-9" in " ".join(entries[0].meta)
    assert entries[0].url.endswith(f"/entitlements/beneficiary/{setup['b'].pk}/")
    # Someone who may not see the aid sees no entry.
    assert not [e for e in timeline(setup["b"], scoped_staff(Role.VOLUNTEER, setup["b"])) if e.icon == "cash-coin"]
