"""Model fields whose values are encrypted before they reach the database.

A small field on top of cryptography's MultiFernet (AES-128-CBC with an HMAC) rather than
a package: the Django packages for this either derive their key from SECRET_KEY (so a
routine rotation of SECRET_KEY would lock the data away), pass a value they cannot decrypt
through as if it were plain text, or were last tested on Django 4.

The keys are settings.FIELD_ENCRYPTION_KEYS, newest first: values are encrypted with the
first and read with any of them, so a key is rotated by putting a new one in front.
The database holds only tokens; lookups on these fields match nothing but empty values.
"""

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _crypter(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def crypter() -> MultiFernet:
    # Read on every use, so a changed setting (as in tests) takes effect at once.
    return _crypter(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return crypter().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    # A wrong key raises InvalidToken: better an error than a token shown as text.
    return crypter().decrypt(token.encode("ascii")).decode()


class EncryptedMixin:
    """Encrypts on the way into the database, decrypts on the way out. An empty value
    stays empty, so "nothing recorded" needs no key."""

    def get_internal_type(self) -> str:
        # A token is longer than its text: the column is text, whatever max_length says.
        return "TextField"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)  # type: ignore[misc]
        if value is None or value == "":
            return value
        return encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)


class EncryptedTextField(EncryptedMixin, models.TextField):
    pass


class EncryptedCharField(EncryptedMixin, models.CharField):
    """max_length limits the text typed in, not the stored token."""
