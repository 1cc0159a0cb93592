"""Every URL refuses an anonymous visitor, except the public pages listed here."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages anyone may open: signing in and recovering a password, switching the
# language, the load balancer's health check, and the beneficiaries' portal
# (no staff account: its pages check the visitor's one-time-code session).
PUBLIC = {
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_signup",  # answers "sign-up is closed"
    "account_logout",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_inactive",
    "account_request_login_code",
    "account_confirm_login_code",
    "account_confirm_password_reset_code",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_login_webauthn",
    "mfa_signup_webauthn",
    "admin:logout",
    "core:health",
    "set_language",
    "javascript-catalog",
    # The beneficiaries' portal: identified by a one-time code, not a staff login (CH-5).
    "portal:home",
    "portal:identify",
    "portal:verify",
    "portal:sign_out",
    "portal:track",
    "portal:track_verify",
    "portal:track_result",
    "portal:requests",
    "portal:request",
    "portal:receipt",
    "portal:decision_letter",
    "portal:continue",
    "portal:withdraw",
    "portal:services",
    "portal:apply",
    "portal:inquiry",  # the inquiry form: no account needed (HD-1, issue 11.4)
    "portal:inquiry_sent",
    "portal:inquiries",
    # The society's published documents and their PDF copies (TL-1..TL-4): for anyone to read.
    "portal:documents",
    "portal:document",
    "portal:document_version",
    "portal:document_pdf",
    "services:catalogue",  # the public service catalogue (HD-2)
    # Complaints: filed and followed without an account, by number and tracking code (CM-1).
    "complaints:file",
    "complaints:track",
    "complaints:satisfaction",  # the one-time link sent at closure
    "survey_portal:answer",  # a satisfaction campaign's one-time link (SM-1)
    "surveys:manifest",  # the field survey's web app manifest and service worker (SM-2): no data
    "surveys:service_worker",
    "services:detail",
}

SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": str(uuid.uuid4()), "path": "x"}


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None


def concrete(route: str) -> str:
    if route.startswith("^") or "(?P" in route:  # regex patterns (admin)
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
        route = route.replace("^", "").replace("$", "").replace("\\", "")
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), route)
    return "/" + route


ROUTES = sorted(set(walk(get_resolver().url_patterns)), key=lambda r: r[0])
PRIVATE = [r for r in ROUTES if r[1] not in PUBLIC]
PUBLIC_ROUTES = [r for r in ROUTES if r[1] in PUBLIC and "<" not in r[0] and "(?P" not in r[0]]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PRIVATE, ids=[r[0] or "/" for r in PRIVATE])
def test_anonymous_visitor_is_sent_to_login_or_refused(client, route, name):
    response = client.get(concrete(route))
    if response.status_code in (301, 302):
        location = response["Location"]
        assert location.startswith("/accounts/login/") or location.startswith("/admin/login/"), location
    else:
        assert response.status_code in (403, 404), f"{route} answered {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), PUBLIC_ROUTES, ids=[r[0] for r in PUBLIC_ROUTES])
def test_public_pages_answer_without_error(client, route, name):
    assert client.get(concrete(route)).status_code < 500


def test_the_allow_list_names_real_pages():
    names = {name for _route, name in ROUTES}
    assert {"account_login", "core:health", "set_language", "admin:logout"} <= names
    assert len(PRIVATE) > 20
