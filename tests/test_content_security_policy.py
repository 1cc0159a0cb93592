"""Issue 9.7: a Content-Security-Policy with no inline script and no inline style.

Two nets: every page carries the policy, and no template a browser is served
holds what the policy would block (a <style> block, a style= attribute, an
inline <script>, an on...= handler). The browser tests add a third: they fail
on any violation Chromium reports while they walk the pages.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Documents drawn by WeasyPrint into PDFs: no browser reads them, no CSP applies.
PDF_TEMPLATES = TEMPLATES / "pdf"

INLINE = {
    "a <style> block": re.compile(r"<style[\s>]", re.I),
    "a style= attribute": re.compile(r"\sstyle\s*=", re.I),
    "an inline <script>": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    "an on...= handler": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
}


def served_templates():
    return [p for p in TEMPLATES.rglob("*.html") if PDF_TEMPLATES not in p.parents]


def test_csp_no_served_template_holds_inline_script_or_style():
    found = [
        f"{path.relative_to(TEMPLATES)}: {what}"
        for path in served_templates()
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_csp_the_net_catches_what_it_is_for():
    # The patterns above must match the things they forbid, or the test above proves nothing.
    samples = {
        "a <style> block": "<style>.x{}</style>",
        "a style= attribute": '<div style="color:red">',
        "an inline <script>": "<script>alert(1)</script>",
        "an on...= handler": '<button onclick="go()">',
    }
    for what, sample in samples.items():
        assert INLINE[what].search(sample), what
    assert not INLINE["an inline <script>"].search('<script src="/static/x.js"></script>')


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "portal:home", "portal:identify", "services:catalogue"])
def test_csp_every_page_carries_a_policy_without_unsafe_inline(client, url_name):
    policy = client.get(reverse(url_name))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_csp_staff_pages_carry_the_policy_too(admin_client):
    assert "script-src 'self'" in admin_client.get("/")["Content-Security-Policy"]
