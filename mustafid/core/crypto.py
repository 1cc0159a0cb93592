"""Encryption at rest for sensitive beneficiary fields (RL-2).

National ID, phone, income and health notes are stored as Fernet tokens
(``cryptography``'s MultiFernet): the first key in ``MUSTAFID_FIELD_KEYS``
encrypts, every key decrypts, so keys rotate by putting a new key first and
running ``manage.py rotate_field_keys``. Equality lookups and uniqueness go
through a keyed hash stored beside the token (a blind index), because the
tokens themselves are randomised.
"""

from __future__ import annotations

import hashlib
import hmac
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.expressions import Combinable


@lru_cache(maxsize=1)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("MUSTAFID_FIELD_KEYS is empty: sensitive fields cannot be encrypted")
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.MUSTAFID_FIELD_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ImproperlyConfigured("An encrypted field cannot be read with the configured MUSTAFID_FIELD_KEYS") from exc


def rotate(token: str) -> str:
    """Re-encrypt ``token`` with the primary key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def blind_index(value: str | None, purpose: str) -> str:
    """A keyed hash of ``value`` for exact lookups (``purpose`` separates fields)."""
    if not value:
        return ""
    key = settings.MUSTAFID_BLIND_INDEX_KEY.encode("utf-8")
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Text stored encrypted. Only ``isnull`` and exact-empty lookups make sense on it."""

    description = "Text encrypted at rest"

    def to_python_value(self, text: str):
        return text

    def from_python_value(self, value) -> str:
        return str(value)

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None if value is None else ""
        return self.to_python_value(decrypt(value))

    def get_prep_value(self, value):
        if value is None:
            return None
        text = self.from_python_value(value)
        return encrypt(text) if text != "" else ""

    def to_python(self, value):
        return value


class EncryptedDecimalField(EncryptedTextField):
    """A Decimal (an amount of money) stored encrypted."""

    # How django-stubs types the model attribute: a Decimal in and out, though the
    # column is text. Only the stubs read these; the override of TextField's is the point.
    _pyi_private_set_type: Decimal | str | int | Combinable  # type: ignore[assignment]
    _pyi_private_get_type: Decimal  # type: ignore[assignment]

    def to_python_value(self, text: str):
        try:
            return Decimal(text)
        except InvalidOperation:
            return None

    def to_python(self, value):
        if value in (None, ""):
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))

    def formfield(self, **kwargs):
        from django import forms

        defaults = {"form_class": forms.DecimalField, "max_digits": 12, "decimal_places": 2, "min_value": 0}
        defaults.update(kwargs)
        defaults.pop("max_length", None)
        return models.Field.formfield(self, **defaults)
