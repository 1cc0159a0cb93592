"""SM-1: one response per invitation even when the same link is answered twice at the same moment (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mustafid.beneficiaries.tests.factories import BeneficiaryFactory
from mustafid.surveys import services
from mustafid.surveys.models import Response

from .factories import answers_for, manager, questionnaire


@pytest.mark.django_db(transaction=True)
def test_sm1_two_answers_at_once_to_one_invitation_keep_one_response():
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (CI runs it too)")
    BeneficiaryFactory()
    by = manager()
    campaign = services.create_campaign(by=by, questionnaire=questionnaire(by=by), title="قياس الرضا")
    services.send_campaign(by=by, campaign=campaign)
    invitation = campaign.invitations.get()
    answers = answers_for(campaign.questionnaire)
    outcomes, start = [], threading.Barrier(4)

    def answer():
        try:
            start.wait()
            services.answer_invitation(invitation=invitation, answers=answers)
            outcomes.append("kept")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already", "already", "already", "kept"]
    assert Response.objects.filter(invitation=invitation).count() == 1
