"""The SMS gateway interface of the project, and its backends.

``MUSTAFID_SMS_BACKEND`` names the backend class:
- ``mustafid.notifications.gateways.ConsoleSmsBackend`` (development: prints),
- ``mustafid.notifications.gateways.LocmemSmsBackend`` (tests: records in ``outbox``),
- ``mustafid.notifications.gateways.HttpSmsBackend`` (production: a generic JSON
  HTTP gateway; ``MUSTAFID_SMS_URL``, ``MUSTAFID_SMS_TOKEN``, ``MUSTAFID_SMS_SENDER``).

Every send carries an idempotency key (the notification's id): a gateway that
honours it never delivers one message twice even when a send is retried.
"""

from __future__ import annotations

import json
import sys
import threading
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class GatewayError(Exception):
    """The gateway did not take the message; the outbox will retry."""


class SmsBackend(Protocol):
    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        """Send ``body`` to ``to`` (E.164); return the gateway's message id."""


def get_sms_backend() -> SmsBackend:
    return import_string(settings.MUSTAFID_SMS_BACKEND)()


class ConsoleSmsBackend:
    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        sys.stdout.write(f"[SMS to {to}] {body}\n")
        return f"console-{idempotency_key}"


class LocmemSmsBackend:
    """Records messages in memory. ``fail_with`` simulates a gateway that is down."""

    outbox: list[dict] = []
    fail_with: str | None = None
    _lock = threading.Lock()

    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        if LocmemSmsBackend.fail_with:
            raise GatewayError(LocmemSmsBackend.fail_with)
        with LocmemSmsBackend._lock:
            LocmemSmsBackend.outbox.append({"to": to, "body": body, "key": idempotency_key})
        return f"locmem-{idempotency_key}"

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.outbox = []
        cls.fail_with = None


class HttpSmsBackend:
    """POSTs ``{"to", "text", "sender", "reference"}`` as JSON with a bearer token."""

    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        payload = json.dumps(
            {"to": to, "text": body, "sender": settings.MUSTAFID_SMS_SENDER, "reference": idempotency_key}
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's configuration
            settings.MUSTAFID_SMS_URL,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.MUSTAFID_SMS_TOKEN}",
                "Idempotency-Key": idempotency_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.MUSTAFID_SMS_TIMEOUT) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise GatewayError(str(exc)) from exc
        return str(answer.get("id", ""))
