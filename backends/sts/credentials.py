"""Temporary credentials as STS issues them, and the account an access key id names.

AWS does not document the layout of access key ids beyond their prefix (AKIA for
long-term keys, ASIA for temporary ones). Public research (Aidan Steele,
"AWS Access Key ID formats", 2020; Tal Be'ery, "A short note on AWS KEY ID",
2023) found the rest is base32: its first 6 bytes hold the account id shifted
left by 7 bits. hookmock issues ASIA ids in that layout and decodes others with it.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import string
from typing import Any

from hookmock._world import Principal, World

TEMPORARY = "ASIA"
LONG_TERM = "AKIA"
_ACCOUNT_MASK = 0x7FFFFFFFFF80
_SECRET_ALPHABET = string.ascii_letters + string.digits + "+/"


def temporary_key_id(account_id: str) -> str:
    """A 20-character ASIA key id that carries ``account_id``."""
    head = (int(account_id) << 7) | secrets.randbits(7)
    raw = head.to_bytes(6, "big") + secrets.token_bytes(4)
    return TEMPORARY + base64.b32encode(raw).decode()


def account_in_key_id(key_id: str) -> str | None:
    """The account a 20-character AKIA/ASIA key id encodes, or None if it encodes none."""
    if len(key_id) != 20 or key_id[:4] not in (TEMPORARY, LONG_TERM):
        return None
    try:
        raw = base64.b32decode(key_id[4:])
    except (binascii.Error, ValueError):
        return None
    account = (int.from_bytes(raw[:6], "big") & _ACCOUNT_MASK) >> 7
    return f"{account:012d}"


def issue(world: World, principal: Principal) -> dict[str, Any]:
    """New temporary credentials for ``principal`` (whose session says when they
    expire), registered so that calls signed with them act as ``principal``."""
    assert principal.session is not None
    key_id = temporary_key_id(principal.account_id)
    world.register_access_key(key_id, principal)
    return {
        "AccessKeyId": key_id,
        "SecretAccessKey": "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(40)),
        "SessionToken": base64.b64encode(secrets.token_bytes(288)).decode(),
        "Expiration": principal.session.expiration,
    }
