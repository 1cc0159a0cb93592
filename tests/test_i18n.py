"""Arabic first, right to left; English by the language switch."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory

PO = Path(settings.BASE_DIR) / "locale/ar/LC_MESSAGES/django.po"


def test_every_string_has_an_arabic_translation():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_the_compiled_catalogue_is_up_to_date():
    po = polib.pofile(str(PO))
    with PO.with_suffix(".mo").open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for entry in po.translated_entries():
        if entry.msgid_plural:
            got = mo.ngettext(entry.msgid, entry.msgid_plural, 5)
            want = entry.msgstr_plural[3]
        else:
            got, want = (
                (mo.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else mo.gettext(entry.msgid)),
                entry.msgstr,
            )
        if got != want:
            stale.append(entry.msgid)
    assert not stale, f"run `make messages`: {stale[:5]}"


@pytest.mark.django_db
def test_the_login_page_is_arabic_and_right_to_left_by_default(client):
    body = client.get(reverse("account_login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in body
    assert "تسجيل الدخول" in body
    assert "bootstrap.rtl.min.css" in body


@pytest.mark.django_db
def test_the_language_switch_turns_the_page_english_and_left_to_right(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en" dir="ltr">' in body
    assert "Sign in" in body
    client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert 'dir="rtl"' in client.get(reverse("account_login")).content.decode()


@pytest.mark.django_db
def test_home_shows_today_in_gregorian_and_hijri(client):
    client.force_login(UserFactory(role=Role.RECEPTIONIST))
    body = client.get(reverse("core:home")).content.decode()
    assert "الموافق" in body and "هـ" in body
    assert "موظف الاستقبال" in body


@pytest.mark.django_db
def test_404_page_is_translated(client):
    client.force_login(UserFactory())
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


@pytest.mark.django_db
def test_403_page_is_translated(client):
    client.force_login(UserFactory(role=Role.VOLUNTEER))
    response = client.get(reverse("audit:access_log"))
    assert response.status_code == 403
    assert "لا تملك صلاحية هذا الإجراء" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_failing")
def test_500_page_is_translated(client):
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    assert "حدث خطأ غير متوقع" in response.content.decode()


@pytest.mark.django_db
def test_the_admin_is_arabic_and_right_to_left(admin_client):
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert 'dir="rtl"' in body
    assert "الإجازات الرسمية" in body
    assert "فئات المستفيدين" in body


@pytest.mark.django_db
def test_an_english_browser_still_gets_arabic_until_the_person_switches(client):
    body = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ar" dir="rtl">' in body
