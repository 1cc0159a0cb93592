"""Every step of a claim is in the audit trail, the claim's history, the beneficiary's timeline,
the data-subject copy, the worklist by stage and the home page (issue 11.6)."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.data_subject import data_subject_copy_json
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff
from mustafid.beneficiaries.timeline import timeline
from mustafid.compensation import selectors
from mustafid.compensation.models import Claim, Offer
from mustafid.compensation.workflow import CLAIM_FLOW
from mustafid.core.home import home_sections

from .helpers import fault_by_ruling, opened, settled


def test_each_step_is_audited_and_on_the_claims_history(w):
    claim = opened(w)
    fault_by_ruling(w, claim)
    settled(w, claim)
    claim_entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Claim), object_pk=claim.pk)
    assert claim_entries.count() >= 4  # opened, fault, offer made (status), settled
    assert LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Offer)).exists()
    steps = [str(s.label) for s in CLAIM_FLOW.history(claim)]
    assert steps == [str(CLAIM_FLOW.actions[a].label) for a in ("establish_by_ruling", "offer", "answer", "settle")]


def test_a_claim_is_on_the_timeline_in_the_copy_the_worklist_and_the_home_page(w):
    claim = opened(w)
    fault_by_ruling(w, claim)
    entries = [e for e in timeline(w["b"], w["worker"]) if e.title == claim.reference]
    assert len(entries) == 1 and entries[0].badge == "fault"
    outsider = scoped_staff(Role.CASE_WORKER, BeneficiaryFactory())
    assert not [e for e in timeline(w["b"], outsider) if e.title == claim.reference]

    copy = data_subject_copy_json(w["b"])["sections"]["compensation"]["records"]
    assert copy[0]["reference"] == claim.reference
    assert copy[0]["ruling_number"] == "4512/ق"
    assert copy[0]["history"][0]["reason"].startswith("المحكمة العامة")

    assert list(selectors.worklist(w["worker"], "fault")) == [claim]
    assert list(selectors.worklist(w["worker"], "negotiating")) == []
    assert selectors.worklist_counts(w["worker"])["fault"] == 1
    assert list(selectors.worklist(outsider)) == []
    (section,) = [s for s in home_sections(w["worker"], timezone.localdate()) if s.key == "compensation_open"]
    assert section.count == 1 and claim.reference in section.items[0].label
    assert not [s for s in home_sections(outsider, timezone.localdate()) if s.key == "compensation_open" and s.count]
