"""Identifiers in AWS's formats: unique ids, access key ids and secrets."""

from __future__ import annotations

import secrets
import string

# IAM's ids and key ids use the base32 alphabet: upper-case letters and 2-7.
_ID_ALPHABET = string.ascii_uppercase + "234567"
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"

USER = "AIDA"
GROUP = "AGPA"
ROLE = "AROA"
POLICY = "ANPA"
INSTANCE_PROFILE = "AIPA"
ACCESS_KEY = "AKIA"


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def unique_id(prefix: str) -> str:
    """A 21-character unique id: the entity type's prefix and 17 more characters."""
    return prefix + _random(_ID_ALPHABET, 17)


def access_key_id() -> str:
    """A 20-character long-term access key id."""
    return ACCESS_KEY + _random(_ID_ALPHABET, 16)


def secret_access_key() -> str:
    return _random(_SECRET_ALPHABET, 40)


SERVER_CERTIFICATE = "ASCA"
SSH_PUBLIC_KEY = "APKA"
_CERTIFICATE_ID_ALPHABET = string.ascii_uppercase + string.digits


def certificate_id() -> str:
    """A signing certificate's 32-character id."""
    return _random(_CERTIFICATE_ID_ALPHABET, 32)


def ssh_public_key_id() -> str:
    """A 20-character SSH public key id."""
    return SSH_PUBLIC_KEY + _random(_ID_ALPHABET, 16)
