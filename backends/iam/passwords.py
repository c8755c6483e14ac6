"""Console passwords: stored salted and hashed, checked against the account's password policy."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

SYMBOLS = frozenset("!@#$%^&*()_+-=[]{}|'")
"""The non-alphanumeric characters IAM's RequireSymbols counts."""

_ITERATIONS = 1000
"""PBKDF2 rounds: a fake cloud guards no real secret, but keeps none in the clear."""


def hashed(password: str) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), _ITERATIONS)
    return f"{salt}${digest.hex()}"


def matches(password: str, stored: str) -> bool:
    salt, expected = stored.split("$", 1)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), _ITERATIONS)
    return hmac.compare_digest(digest.hex(), expected)


def _ascii_between(password: str, low: str, high: str) -> bool:
    return any(low <= c <= high for c in password)


def conforms(password: str, policy: dict[str, Any]) -> bool:
    """Whether ``password`` has the length and character classes ``policy`` asks for.
    IAM counts Latin letters and Arabic digits only, as its policy settings say."""
    return not (
        len(password) < policy["MinimumPasswordLength"]
        or (policy["RequireSymbols"] and not any(c in SYMBOLS for c in password))
        or (policy["RequireNumbers"] and not _ascii_between(password, "0", "9"))
        or (policy["RequireUppercaseCharacters"] and not _ascii_between(password, "A", "Z"))
        or (policy["RequireLowercaseCharacters"] and not _ascii_between(password, "a", "z"))
    )


def reused(password: str, history: list[str], policy: dict[str, Any]) -> bool:
    """Whether ``password`` is one of the last PasswordReusePrevention passwords in ``history``."""
    remembered = policy["PasswordReusePrevention"]
    if not remembered:
        return False
    return any(matches(password, stored) for stored in history[-remembered:])
