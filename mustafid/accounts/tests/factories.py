"""Factories for staff and scope data, used by every app's tests."""

import factory
from django.contrib.auth.models import Group

from mustafid.accounts.models import Branch, Category, Domain, User

PASSWORD = "correct-horse-battery"


class BranchFactory(factory.django.DjangoModelFactory[Branch]):
    class Meta:
        model = Branch
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"فرع {n}")
    code = factory.Sequence(lambda n: f"branch-{n}")


class CategoryFactory(factory.django.DjangoModelFactory[Category]):
    class Meta:
        model = Category
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"فئة {n}")
    code = factory.Sequence(lambda n: f"category-{n}")


class DomainFactory(factory.django.DjangoModelFactory[Domain]):
    class Meta:
        model = Domain
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"مجال {n}")
    code = factory.Sequence(lambda n: f"domain-{n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A staff member; ``role=`` adds the role's group, scopes are lists of items."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@mustafid.test")
    full_name = factory.Sequence(lambda n: f"موظف رقم {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if extracted:
            obj.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def branches(obj, create, extracted, **kwargs):
        if extracted:
            obj.branches.set(extracted)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if extracted:
            obj.categories.set(extracted)

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if extracted:
            obj.domains.set(extracted)

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()
