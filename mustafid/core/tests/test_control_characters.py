"""Issue 9.6: control characters in a query parameter or form field never give a 500."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse


def parameterless_pages(resolver=None, prefix=""):
    """Names of the URL patterns that take no argument (list pages, forms)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from parameterless_pages(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
            yield prefix + entry.name


@pytest.mark.django_db
def test_control_characters_nul_in_search_is_refused_with_a_page(admin_client):
    response = admin_client.get("/beneficiaries/?q=abc%00def")
    assert response.status_code == 400
    assert "base.html" in [t.name for t in response.templates]


@pytest.mark.django_db
@pytest.mark.parametrize("character", ["\x00", "\x1b"])
def test_control_characters_in_query_parameters_never_500(admin_client, character):
    admin_client.raise_request_exception = False
    for name in sorted(set(parameterless_pages())):
        if name.startswith("admin:") or name in {"account_logout", "set_language"}:
            continue
        try:
            path = reverse(name)
        except NoReverseMatch:  # a pattern needing keyword arguments
            continue
        data = {"q": f"a{character}b", "status": character, "page": character}
        response = admin_client.get(path, data)
        assert response.status_code == 400, (path, response.status_code)


@pytest.mark.django_db
def test_control_characters_in_a_posted_form_are_refused(admin_client):
    response = admin_client.post("/beneficiaries/?", {"q": "a\x1bb"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_control_characters_line_breaks_and_tabs_in_a_form_are_accepted(admin_client):
    response = admin_client.post("/accounts/login/", {"login": "a\tb", "password": "x\r\ny"})
    assert response.status_code != 400
