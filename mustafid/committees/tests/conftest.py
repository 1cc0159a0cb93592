import pytest

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees.models import CommitteeMember
from mustafid.committees.tests.factories import CommitteeFactory
from mustafid.services.tests.factories import published_service

from .helpers import member


@pytest.fixture
def c(db):
    """A committee of a chair, two members and a secretary (quorum 2), and a service it studies."""
    committee = CommitteeFactory(name="اللجنة المختصة بالمساعدات", quorum=2)
    beneficiary = BeneficiaryFactory(full_name="سارة بنت محمد")
    return {
        "committee": committee,
        "version": published_service(committee=committee),
        "b": beneficiary,
        "desk": scoped_staff(Role.RECEPTIONIST, beneficiary),
        "worker": scoped_staff(Role.CASE_WORKER, beneficiary),
        "chair": member(committee, "رئيس اللجنة", CommitteeMember.Role.CHAIR),
        "m1": member(committee, "العضو الأول"),
        "m2": member(committee, "العضو الثاني"),
        "secretary": member(committee, "أمين اللجنة", CommitteeMember.Role.SECRETARY),
    }
