"""Building committees, requests at the committee stage and meetings in session, for the committee tests."""

from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.committees import services
from mustafid.committees.models import CommitteeMember
from mustafid.committees.tests.factories import add_member
from mustafid.requests import services as request_services
from mustafid.requests.models import ServiceRequest
from mustafid.requests.tests.factories import filled_draft


def member(committee, name, role=CommitteeMember.Role.MEMBER):
    user = UserFactory(role=Role.COMMITTEE_MEMBER, full_name=name)
    add_member(committee, user, role)
    return user


def at_committee(c, *, version=None, beneficiary=None) -> ServiceRequest:
    """A request completed, studied and recommended: waiting for its competent committee."""
    request = filled_draft(by=c["desk"], beneficiary=beneficiary or c["b"], version=version or c["version"])
    request = request_services.complete_request(by=c["desk"], request=request)
    return request_services.recommend(
        by=c["worker"], request=request, recommendation="approved", note="الأسرة مستحقة حسب الدراسة"
    )


def in_session(c, requests, present=("chair", "m1", "m2", "secretary")):
    meeting = services.schedule_meeting(
        by=c["chair"], committee=c["committee"], held_on=timezone.localdate(), location="قاعة الاجتماعات"
    )
    items = services.add_to_agenda(by=c["chair"], meeting=meeting, cases=requests)
    services.record_attendance(by=c["secretary"], meeting=meeting, present=[c[k] for k in present])
    return meeting, items


def declare_and_vote(c, item, votes: dict, conflicts=()):
    for key in ("chair", "m1", "m2"):
        services.declare_conflict(
            by=c[key], item=item, has_conflict=key in conflicts, note="قريب للمستفيد" if key in conflicts else ""
        )
    for key, choice in votes.items():
        services.cast_vote(by=c[key], item=item, choice=choice)
