"""Factories for liaison assignments, used by the apps that route through them."""

import factory

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.liaison.models import LiaisonAssignment, OfficerProfile


def officer(**kwargs):
    kwargs.setdefault("role", Role.LIAISON_OFFICER)
    kwargs.setdefault("scope_all", True)
    return UserFactory(**kwargs)


class LiaisonAssignmentFactory(factory.django.DjangoModelFactory[LiaisonAssignment]):
    class Meta:
        model = LiaisonAssignment

    officer = factory.LazyFunction(officer)
    fallback = None


class OfficerProfileFactory(factory.django.DjangoModelFactory[OfficerProfile]):
    class Meta:
        model = OfficerProfile
