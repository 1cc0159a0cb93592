"""Issue 9.7: X-Forwarded-Proto is trusted only behind a declared proxy."""

import importlib
import sys

import pytest
from django.test import override_settings


def production_settings(monkeypatch, proxy_count):
    """The production settings module as it loads with this proxy count."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("MUSTAFID_PROXY_COUNT", str(proxy_count))
    for name in ("config.settings.production", "config.settings.base"):
        sys.modules.pop(name, None)
    module = importlib.import_module("config.settings.production")
    for name in ("config.settings.production", "config.settings.base"):
        sys.modules.pop(name, None)
    return module


@pytest.mark.django_db
@pytest.mark.parametrize(("proxy_count", "redirected"), [(0, True), (1, False)])
def test_proxy_forwarded_proto_trusted_only_behind_a_proxy(monkeypatch, client, proxy_count, redirected):
    prod = production_settings(monkeypatch, proxy_count)
    with override_settings(
        SECURE_PROXY_SSL_HEADER=getattr(prod, "SECURE_PROXY_SSL_HEADER", None),
        SECURE_SSL_REDIRECT=prod.SECURE_SSL_REDIRECT,
    ):
        response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert (response.status_code == 301) is redirected


@pytest.mark.django_db
def test_headers_permissions_policy_refuses_unused_features(client):
    policy = client.get("/accounts/login/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
