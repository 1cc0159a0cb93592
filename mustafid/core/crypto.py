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
import json
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models.expressions import Combinable
from django.db.models.query_utils import DeferredAttribute


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


class Sealed(str):
    """A token as read from the database, not decrypted yet."""

    __slots__ = ()


class _DecryptedWhenRead(DeferredAttribute):
    """Keeps the token until the attribute is read, then the decrypted value.

    A data descriptor (it has ``__set__``), so that reads come here even when
    the instance's ``__dict__`` holds the value, as it does after loading.
    """

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            value = self.field.unseal(value)
            instance.__dict__[self.field.attname] = value
        return value


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (a request's answers) stored as one Fernet token.

    Loading a row does not decrypt it: a worklist of requests reads the
    token and never pays for the answers it does not show (issue 13); the
    first read of the attribute decrypts once. A row saved while the
    attribute is still a token writes that token back. Nothing can be looked up
    inside the value: it is opaque to the database.
    """

    description = "JSON encrypted at rest"
    descriptor_class = _DecryptedWhenRead

    # django-stubs: the attribute is the JSON value, though the column is text.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def unseal(self, token: str) -> Any:
        return json.loads(decrypt(token))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        # ``.values("answers")`` bypasses the descriptor and gets this token: unseal it there.
        return Sealed(value)

    def get_prep_value(self, value):
        if value is None:
            return None
        if isinstance(value, Sealed):
            return str(value)
        return encrypt(json.dumps(value, ensure_ascii=False))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), ensure_ascii=False)
