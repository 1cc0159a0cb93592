"""CP-2 through the committee's own pages: the claim waits for the investigation committee, is shown on its
meeting without sensitive values, and the chair's decision writes the finding on the claim."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from mustafid.committees import services as committee_services
from mustafid.committees.cases import CaseType
from mustafid.compensation.models import Finding

from .helpers import HARM_FOUND, opened


def test_cp2_the_investigation_committee_decides_on_a_claim_from_its_meeting_page(w, client):
    claim = opened(w)
    client.force_login(w["chair"])
    assert claim.reference in client.get(reverse("committees:list")).content.decode()  # waiting for it

    meeting = committee_services.schedule_meeting(by=w["chair"], committee=w["committee"], held_on=timezone.localdate())
    (item,) = committee_services.add_to_agenda(by=w["chair"], meeting=meeting, cases=[claim])
    committee_services.record_attendance(by=w["chair"], meeting=meeting, present=[w["chair"], w["m1"]])
    for key in ("chair", "m1"):
        committee_services.declare_conflict(by=w[key], item=item, has_conflict=False)
        committee_services.cast_vote(by=w[key], item=item, choice=Finding.ESTABLISHED)
    page = client.get(reverse("committees:detail", args=[meeting.pk])).content.decode()
    assert claim.reference in page and claim.alleged_harm in page
    assert w["b"].national_id not in page  # the card carries the name and file number only

    prefix = f"x{item.pk}"
    client.post(
        reverse("committees:decide", args=[item.pk]),
        {f"{prefix}-decision": Finding.ESTABLISHED, f"{prefix}-approved_amount": "", f"{prefix}-reasons": HARM_FOUND},
    )
    claim.refresh_from_db()
    assert claim.finding == ""  # no size of the harm: refused, nothing written
    client.post(
        reverse("committees:decide", args=[item.pk]),
        {
            f"{prefix}-decision": Finding.ESTABLISHED,
            f"{prefix}-approved_amount": "1800",
            f"{prefix}-reasons": HARM_FOUND,
        },
    )
    claim.refresh_from_db()
    assert (claim.finding, claim.harm_size, claim.finding_meeting_id) == (
        Finding.ESTABLISHED,
        Decimal("1800"),
        meeting.pk,
    )


def test_cp2_the_committee_approves_a_claims_amount_as_the_compensation_on_its_page_and_in_its_minute(w, client):
    from django.template.loader import render_to_string

    from mustafid.committees.selectors import minute_context
    from mustafid.compensation.committee import ClaimCase

    from .helpers import decided_by_committee

    label = str(ClaimCase.amount_label)
    generic = str(CaseType.amount_label)
    assert label != generic
    claim = opened(w)
    meeting = committee_services.schedule_meeting(by=w["chair"], committee=w["committee"], held_on=timezone.localdate())
    (item,) = committee_services.add_to_agenda(by=w["chair"], meeting=meeting, cases=[claim])
    committee_services.record_attendance(by=w["chair"], meeting=meeting, present=[w["chair"], w["m1"]])
    for key in ("chair", "m1"):
        committee_services.declare_conflict(by=w[key], item=item, has_conflict=False)
        committee_services.cast_vote(by=w[key], item=item, choice=Finding.ESTABLISHED)
    client.force_login(w["chair"])
    page = client.get(reverse("committees:detail", args=[meeting.pk])).content.decode()
    assert 'data-testid="decide-form"' in page
    assert label in page and generic not in page

    decided = decided_by_committee(w, opened(w))
    minute = render_to_string("pdf/committee_minute.html", minute_context(decided))
    assert label in minute and generic not in minute
