"""The demo shows a supervisory visit with an overdue corrective action, and loads twice without doubling (SM-3)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.utils import timezone

from mustafid.accounts import demo as accounts_demo
from mustafid.oversight import demo
from mustafid.oversight.models import CorrectiveAction, Visit, VisitStatus

pytestmark = pytest.mark.django_db


def test_sm3_the_demo_visit_has_an_overdue_action_and_loads_once():
    accounts_demo.load(StringIO())
    demo.load(StringIO())
    demo.load(StringIO())
    (visit,) = Visit.objects.all()
    assert visit.status == VisitStatus.COMPLETED
    assert CorrectiveAction.objects.count() == 2
    assert CorrectiveAction.objects.overdue(timezone.localdate()).count() == 1
