"""Factories for beneficiary files, used by every app's tests."""

import factory

from mustafid.accounts.tests.factories import BranchFactory, CategoryFactory, DomainFactory
from mustafid.beneficiaries.models import Beneficiary, HouseholdMember
from mustafid.core.validators import national_id_check_digit_ok


def valid_national_id(n: int, prefix: str = "1") -> str:
    """The n-th valid ID number (Luhn check digit) starting with ``prefix``."""
    body = f"{prefix}{n:08d}"
    return next(body + d for d in "0123456789" if national_id_check_digit_ok(body + d))


class BeneficiaryFactory(factory.django.DjangoModelFactory[Beneficiary]):
    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    file_number = factory.Sequence(lambda n: f"BEN-2026-{n + 500000:06d}")
    full_name = factory.Sequence(lambda n: f"مستفيد تجريبي {n}")
    national_id = factory.Sequence(lambda n: valid_national_id(n + 1000))
    phone = factory.Sequence(lambda n: f"+96650{n % 10000000:07d}")
    branch = factory.SubFactory(BranchFactory)
    category = factory.SubFactory(CategoryFactory)
    city = "المستجدة"

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if not create:
            return
        obj.domains.set(extracted if extracted is not None else [DomainFactory()])

    @factory.post_generation
    def assigned_volunteers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.assigned_volunteers.set(extracted)


class HouseholdMemberFactory(factory.django.DjangoModelFactory[HouseholdMember]):
    class Meta:
        model = HouseholdMember

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    full_name = factory.Sequence(lambda n: f"فرد الأسرة {n}")
    relation = HouseholdMember.Relation.SON


def scoped_staff(role, beneficiary, **kwargs):
    """A staff member of ``role`` whose scope covers ``beneficiary``."""
    from mustafid.accounts.tests.factories import UserFactory

    return UserFactory(
        role=role,
        branches=[beneficiary.branch],
        categories=[beneficiary.category],
        domains=list(beneficiary.domains.all()),
        **kwargs,
    )
