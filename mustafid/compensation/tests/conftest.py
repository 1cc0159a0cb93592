import pytest

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.committees.models import Committee, CommitteeMember
from mustafid.committees.tests.factories import CommitteeFactory, add_member


def seat(committee, beneficiary, name, role=CommitteeMember.Role.MEMBER):
    """A member of ``committee`` whose scope covers ``beneficiary`` (a seat does not widen the scope)."""
    user = scoped_staff(Role.COMMITTEE_MEMBER, beneficiary, full_name=name)
    add_member(committee, user, role)
    return user


@pytest.fixture
def w(db):
    """The investigation and follow-up committee (chair, two members, a secretary; quorum 2) and a case worker."""
    committee = CommitteeFactory(name="لجنة التحقيق والمتابعة", kind=Committee.Kind.INVESTIGATION, quorum=2)
    beneficiary = BeneficiaryFactory(full_name="نورة بنت سعد")
    return {
        "committee": committee,
        "b": beneficiary,
        "worker": scoped_staff(Role.CASE_WORKER, beneficiary),
        "chair": seat(committee, beneficiary, "رئيس لجنة التحقيق", CommitteeMember.Role.CHAIR),
        "m1": seat(committee, beneficiary, "العضو الأول"),
        "m2": seat(committee, beneficiary, "العضو الثاني"),
        "secretary": seat(committee, beneficiary, "أمين اللجنة", CommitteeMember.Role.SECRETARY),
    }
