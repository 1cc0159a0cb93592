"""The administration site is Arabic in Arabic mode (issue 10.4): no English label, button, filter or
role code on any page an administrator opens, nor in the admin's JavaScript (the "Choose all" of the
two-list pickers)."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import polib
import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from mustafid.accounts.roles import Role
from mustafid.accounts.tests.factories import UserFactory
from mustafid.core.models import Holiday

DJANGO = Path(django.__file__).parent
# Django's own catalogues the admin draws from; Django 5.2 added strings its Arabic lacks.
DJANGO_CATALOGUES = [
    ("contrib/admin/locale", "django"),
    ("contrib/auth/locale", "django"),
    ("conf/locale", "django"),
]
ADMIN_JS_CATALOGUE = ("contrib/admin/locale", "djangojs")
# Names of languages Django knows and the site never shows (only Arabic and English are offered).
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w+\}")
# ... and "English", which the language switch names in English on purpose.
NOT_SHOWN = {"English", "Central Kurdish (Sorani)", "Malay", "Uyghur"}
NOT_SHOWN |= {"IPv4", "IPv6", "IPv4 or IPv6", "String (unlimited)"}

# Latin words a page may hold in Arabic: acronyms read as they are, the date format a field asks for,
# the keys of a keyboard, what django-axes stores for a browser that did not say which it is.
ALLOWED = {"SMS", "TOTP", "IP", "ID", "PDF", "GET", "POST", "HTTP", "WebAuthn", "YYYY", "MM", "DD"}
ALLOWED |= {"Control", "Command", "unknown"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[a-z][A-Za-z'’-]*|[A-Z]{2,}")
EMAIL = re.compile(r"\S+@\S+")


class VisibleText(HTMLParser):
    """The text a person reads on the page: the body's text, titles, placeholders, button values."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        # <bdi> isolates data (the password's masked hash), a <textarea> holds what was typed.
        if tag in ("script", "style", "template", "bdi", "textarea"):
            self._hidden += 1
        values = dict(attrs)
        for name in ("title", "placeholder", "aria-label"):
            if values.get(name):
                self.parts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"] or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "bdi", "textarea"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def english_words(html: str, data: set[str]) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    words = set()
    for part in parser.parts:
        if part.strip() in data:
            continue
        for word in WORD.findall(EMAIL.sub(" ", part)):
            if word not in ALLOWED:
                words.add(word)
    return words


def admin_pages(world) -> list[str]:
    """The index, and every model's list, add page and the change page of one of its objects."""
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        meta = model._meta
        for kind in ("changelist", "add"):
            try:
                urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{kind}"))
            except NoReverseMatch:
                continue
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk]))
    return urls


@pytest.fixture
def world(db):
    superuser = UserFactory(is_superuser=True, is_staff=True, scope_all=True, role=Role.ADMINISTRATOR)
    AccessAttempt.objects.create(username="someone@mustafid.test", ip_address="10.0.0.1", failures_since_start=3)
    Holiday.objects.get_or_create(date="2027-09-23", defaults={"name_ar": "اليوم الوطني", "name_en": "National Day"})
    assert LogEntry.objects.exists(), "creating the account should have been logged"
    return {"superuser": superuser}


def test_every_admin_page_is_arabic(client, world):
    client.force_login(world["superuser"])
    # Values typed in English by an administrator are data, not the interface.
    data = {h.name_en for h in Holiday.objects.all()}
    found = {}
    pages = admin_pages(world)
    assert len(pages) > 40, "the walk found few admin pages: it would prove little"
    for url in pages:
        response = client.get(url)
        if response.status_code == 403:  # add pages of read-only records
            continue
        assert response.status_code == 200, url
        for word in english_words(response.content.decode(), data):
            found.setdefault(word, url)
    assert found == {}


def test_role_groups_show_by_their_role_label(client, world):
    client.force_login(world["superuser"])
    body = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "موظف الاستقبال" in body
    assert "receptionist" not in body
    group = Group.objects.get(name=Role.RECEPTIONIST)
    change = client.get(reverse("admin:auth_group_change", args=[group.pk])).content.decode()
    assert "موظف الاستقبال" in change


def _msgids(directory: str, domain: str) -> list[tuple[str, str]]:
    """The (context, msgid) pairs of one of Django's catalogues, plural forms by their singular."""
    entries = polib.pofile(str(DJANGO / directory / "en/LC_MESSAGES" / f"{domain}.po"))
    return sorted({(entry.msgctxt or "", entry.msgid) for entry in entries if entry.msgid})


@pytest.mark.parametrize(("directory", "domain"), DJANGO_CATALOGUES)
def test_every_string_of_django_the_admin_may_show_has_arabic(directory, domain):
    with translation.override("ar"):
        untranslated = [
            text
            for context, text in _msgids(directory, domain)
            if text not in NOT_SHOWN
            and re.search("[a-z]", PLACEHOLDER.sub("", text))
            and (translation.pgettext(context, text) if context else translation.gettext(text)) == text
        ]
    assert untranslated == []


def test_the_admins_javascript_catalogue_is_arabic(client, world):
    client.force_login(world["superuser"])
    script = client.get("/admin/jsi18n/").content.decode()
    served = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))
    directory, domain = ADMIN_JS_CATALOGUE
    missing = [
        text
        for context, text in _msgids(directory, domain)
        if served.get(f"{context}\x04{text}" if context else text, text) in (text, [text])
    ]
    assert missing == []
