from __future__ import annotations

from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.policies import services
from mustafid.policies.models import Policy, PolicyVersion


def hr(**kwargs):
    kwargs.setdefault("scope_all", True)
    return UserFactory(role=Role.HR, **kwargs)


def published(title: str = "ميثاق أخلاقيات العمل", *, by=None, roles=(), text: str = "نص الميثاق") -> PolicyVersion:
    """A policy in force with its first version; binding on everyone unless ``roles`` are named."""
    by = by or hr()
    from django.contrib.auth.models import Group

    groups = [Group.objects.get(name=r) for r in roles]
    policy = services.create_policy(
        by=by, title=title, kind=Policy.Kind.ETHICS, required_of_all=not groups, required_roles=groups
    )
    return services.publish_version(by=by, policy=policy, text=text)


def now():
    return timezone.now()
