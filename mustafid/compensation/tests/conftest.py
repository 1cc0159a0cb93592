import pytest

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees.models import Committee, CommitteeMember
from mustafid.committees.tests.factories import CommitteeFactory
from mustafid.committees.tests.helpers import member


@pytest.fixture
def w(db):
    """The investigation and follow-up committee (chair, two members, a secretary; quorum 2) and a case worker."""
    committee = CommitteeFactory(name="لجنة التحقيق والمتابعة", kind=Committee.Kind.INVESTIGATION, quorum=2)
    beneficiary = BeneficiaryFactory(full_name="نورة بنت سعد")
    return {
        "committee": committee,
        "b": beneficiary,
        "worker": scoped_staff(Role.CASE_WORKER, beneficiary),
        "chair": member(committee, "رئيس لجنة التحقيق", CommitteeMember.Role.CHAIR),
        "m1": member(committee, "العضو الأول"),
        "m2": member(committee, "العضو الثاني"),
        "secretary": member(committee, "أمين اللجنة", CommitteeMember.Role.SECRETARY),
    }
