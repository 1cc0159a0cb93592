"""What the portal does is named in the reader's language when shown, not in the language of the moment it
was written (issue 10.4): the portal's account, and a withdrawal the beneficiary gave no reason for."""

from django.urls import reverse
from django.utils import translation

from mustafid.portal.services import portal_user
from mustafid.requests import services as request_services

from .test_requests import completed_request, setup  # noqa: F401  (setup is the fixture)


def test_the_portal_account_is_named_in_the_readers_language(db):
    portal = portal_user()
    with translation.override("en"):
        assert str(portal) == portal.get_full_name() == "Beneficiaries' portal"
    with translation.override("ar"):
        assert str(portal) == "بوابة المستفيدين"


def test_a_withdrawal_without_a_reason_stores_no_words_and_reads_in_english_in_english(client, setup):  # noqa: F811
    request = completed_request(setup)
    with translation.override("ar"):  # the portal is used in Arabic
        request_services.withdraw_by_beneficiary(beneficiary=setup["b"], request=request)
    request.refresh_from_db()
    assert request.withdrawal_reason == ""
    client.force_login(setup["desk"])
    client.cookies["django_language"] = "en"
    body = client.get(reverse("requests:detail", args=[request.pk])).content.decode()
    assert "Withdrawn on" in body and "the beneficiary" in body
    assert "سحبه المستفيد" not in body
