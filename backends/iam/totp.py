"""Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP), as virtual MFA devices
make them."""

from __future__ import annotations

import hashlib
import hmac
import struct

STEP_SECONDS = 30
DIGITS = 6


def code(seed: bytes, step: int) -> str:
    """The 6-digit code for time step ``step`` (Unix time // 30) with HMAC-SHA1."""
    digest = hmac.new(seed, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def step_at(unix_time: float) -> int:
    return int(unix_time // STEP_SECONDS)


def consecutive_step(seed: bytes, first: str, second: str, now: int, window: int) -> int | None:
    """The time step of ``second`` if ``first`` and ``second`` are the codes of two
    consecutive steps within ``window`` steps of ``now``; else None."""
    for step in range(now - window, now + window + 1):
        if code(seed, step) == first and code(seed, step + 1) == second:
            return step + 1
    return None
