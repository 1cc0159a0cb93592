import factory

from mustafid.committees.models import Committee, CommitteeMember


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"اللجنة المختصة {n}")
    quorum = 2


def add_member(committee, user, role=CommitteeMember.Role.MEMBER):
    return CommitteeMember.objects.create(committee=committee, user=user, role=role)
