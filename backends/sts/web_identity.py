"""OpenID Connect ID tokens (JWTs) read as STS reads them, minus the signature check:
hookmock cannot fetch the provider's keys, so a token's claims are taken as signed."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

import attrs

from hookmock.backends._core import Call
from hookmock.backends.sts import errors

NOT_A_JWT = (
    "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"
)
TAGS_CLAIM = "https://aws.amazon.com/tags"
SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity"

WELL_KNOWN_ISSUERS = frozenset(
    {
        "accounts.google.com",
        "cognito-identity.amazonaws.com",
        "www.amazon.com",
        "graph.facebook.com",
    }
)
"""Issuers STS trusts without an OIDC provider in the account's IAM."""


@attrs.frozen
class IdToken:
    issuer: str
    subject: str
    audiences: tuple[str, ...]
    expires: float | None
    claims: Mapping[str, Any]

    @property
    def provider_host(self) -> str:
        """The issuer as IAM names its OIDC provider and condition keys: no scheme."""
        return self.issuer.removeprefix("https://")


def _segment(text: str) -> Any:
    padded = text + "=" * (-len(text) % 4)
    return json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))


def parse(call: Call, token: str) -> IdToken:
    """The claims of ``token``; InvalidIdentityToken where it is no JWT or lacks
    the issuer, subject or audience STS needs."""
    parts = token.split(".")
    if len(parts) != 3:
        raise errors.invalid_identity_token(call, NOT_A_JWT)
    try:
        header, claims = _segment(parts[0]), _segment(parts[1])
    except (binascii.Error, ValueError, UnicodeError):
        raise errors.invalid_identity_token(call, NOT_A_JWT) from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise errors.invalid_identity_token(call, NOT_A_JWT)
    issuer, subject, audience = claims.get("iss"), claims.get("sub"), claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    expires = claims.get("exp")
    if (
        not isinstance(issuer, str)
        or not issuer
        or not isinstance(subject, str)
        or not all(isinstance(a, str) and a for a in audiences)
        or (expires is not None and not isinstance(expires, (int, float)))
    ):
        raise errors.invalid_identity_token(
            call, "The ID Token does not carry the iss, sub and aud claims STS requires."
        )
    return IdToken(issuer, subject, tuple(str(a) for a in audiences), expires, claims)


def tags_of(token: IdToken) -> tuple[list[dict[str, str]], list[str]]:
    """Session tags and transitive tag keys from the token's AWS tags claim."""
    claim = token.claims.get(TAGS_CLAIM)
    if not isinstance(claim, dict):
        return [], []
    principal_tags = claim.get("principal_tags") or {}
    tags = []
    for key, values in principal_tags.items() if isinstance(principal_tags, dict) else ():
        value = values[0] if isinstance(values, list) and values else values
        tags.append({"Key": str(key), "Value": str(value)})
    transitive = claim.get("transitive_tag_keys") or []
    return tags, [str(key) for key in transitive] if isinstance(transitive, list) else []
