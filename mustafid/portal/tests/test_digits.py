"""The portal writes numbers in the digits of the rest of the site: Western (issue 10.7).

The staff pages, PDFs and messages write 15, 1448 and 9,000.00 (core/formatting.py); a
beneficiary reading the portal in Arabic sees the same digits, never ١٥ on one page and
15 on the next.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from mustafid.accounts.roles import Role
from mustafid.beneficiaries.tests.factories import BeneficiaryFactory, scoped_staff

from .test_requests import completed_request, service_for, sign_in

EASTERN = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


@pytest.fixture
def portal(db):
    beneficiary = BeneficiaryFactory(full_name="نورة بنت سعد", phone="+966551112233", preferred_channel="sms")
    version = service_for(beneficiary.category)
    return {"b": beneficiary, "version": version, "desk": scoped_staff(Role.RECEPTIONIST, beneficiary)}


def eastern_digits(client, url: str) -> list[str]:
    with translation.override("ar"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200, url
    body = response.content.decode()
    return [body[max(0, m.start() - 40) : m.end() + 40] for m in EASTERN.finditer(body)]


def test_no_portal_page_writes_eastern_arabic_digits(client, portal, sms, django_capture_on_commit_callbacks):
    request = completed_request(portal)
    pages = [reverse("portal:home"), reverse("portal:identify"), reverse("portal:track")]
    sign_in(client, portal["b"], sms, django_capture_on_commit_callbacks)
    pages += [
        reverse("portal:home"),
        reverse("portal:requests"),
        reverse("portal:request", args=[request.pk]),
        reverse("portal:services"),
        reverse("portal:apply", args=[portal["version"].pk]),
    ]
    found = {url: eastern_digits(client, url) for url in pages}
    assert not any(found.values()), found


def test_the_reply_time_on_the_filing_page_is_written_15(client, portal, sms, django_capture_on_commit_callbacks):
    sign_in(client, portal["b"], sms, django_capture_on_commit_callbacks)
    with translation.override("ar"):
        body = client.get(reverse("portal:apply", args=[portal["version"].pk])).content.decode()
    assert "(15) يوم عمل" in body


def test_no_arabic_translation_writes_eastern_arabic_digits():
    """The catalogue is where ١٥ came from: an Arabic text writes 15, as the English one does.

    Only a text that shows both kinds of digit on purpose (the import page says either is
    accepted) keeps them: its English text has them too.
    """
    import polib  # type: ignore[import-untyped]
    from django.conf import settings

    po = polib.pofile(str(settings.BASE_DIR / "locale" / "ar" / "LC_MESSAGES" / "django.po"))
    wrong = [
        entry.msgid
        for entry in po
        if not EASTERN.search(entry.msgid)
        and any(EASTERN.search(text) for text in [entry.msgstr, *entry.msgstr_plural.values()])
    ]
    assert not wrong, wrong
