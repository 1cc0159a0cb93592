"""A published service with form fields, criteria and required documents."""

import factory
from django.utils import timezone

from mustafid.accounts.tests.factories import UserFactory
from mustafid.committees.tests.factories import CommitteeFactory, add_member
from mustafid.services.models import Criterion, FormField, RequiredDocument, Service, ServiceVersion


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"مساعدة مالية {n}")


class ServiceVersionFactory(factory.django.DjangoModelFactory[ServiceVersion]):
    class Meta:
        model = ServiceVersion

    service = factory.SubFactory(ServiceFactory)
    number = 1
    description = "مساعدة مالية للأسر المحتاجة"
    committee = factory.SubFactory(CommitteeFactory)
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)


def published_service(**kwargs) -> ServiceVersion:
    """A typical service: two fields (one optional), two criteria, one required document.

    Built as a draft and published last: a published version takes no new parts.
    """
    published_at = kwargs.pop("published_at") if "published_at" in kwargs else timezone.now()
    version = ServiceVersionFactory.create(published_at=None, **kwargs)
    FormField.objects.create(version=version, key="family_size", label="عدد أفراد الأسرة", kind="number", order=1)
    FormField.objects.create(version=version, key="reason", label="سبب الطلب", kind="text", order=2)
    FormField.objects.create(version=version, key="notes", label="ملاحظات", kind="text", required=False, order=3)
    Criterion.objects.create(version=version, text="أن يكون المتقدم مقيمًا في نطاق الجمعية", order=1)
    Criterion.objects.create(version=version, text="ألا يتجاوز دخل الأسرة حد الكفاية", order=2)
    RequiredDocument.objects.create(version=version, name="صورة الهوية الوطنية", order=1)
    RequiredDocument.objects.create(version=version, name="صك الإعالة", required=False, order=2)
    if published_at is not None:
        version.published_at = published_at
        version.save(update_fields=["published_at"])
    return version


def draft_version(**kwargs) -> ServiceVersion:
    """A draft with one field, one criterion and one document, ready to publish."""
    version = ServiceVersionFactory.create(published_at=None, **kwargs)
    FormField.objects.create(version=version, key="family_size", label="عدد أفراد الأسرة", kind="number", order=1)
    Criterion.objects.create(version=version, text="أن يكون المتقدم مقيمًا في نطاق الجمعية", order=1)
    RequiredDocument.objects.create(version=version, name="صورة الهوية الوطنية", order=1)
    return version


def committee_ready_to_decide(**kwargs):
    """An active committee with as many voting members as its quorum (2)."""
    committee = CommitteeFactory(**kwargs)
    for _ in range(committee.quorum):
        add_member(committee, UserFactory())
    return committee
