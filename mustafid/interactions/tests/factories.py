"""Factories for contacts."""

import factory
from django.utils import timezone

from mustafid.accounts.tests.factories import UserFactory
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.interactions.models import Channel, Direction, Interaction


class InteractionFactory(factory.django.DjangoModelFactory[Interaction]):
    class Meta:
        model = Interaction

    beneficiary = factory.SubFactory(BeneficiaryFactory)
    channel = Channel.PHONE
    direction = Direction.INCOMING
    occurred_at = factory.LazyFunction(timezone.now)
    subject = factory.Sequence(lambda n: f"اتصال رقم {n}")
    summary = "ملخص الاتصال"
    recorded_by = factory.SubFactory(UserFactory)
