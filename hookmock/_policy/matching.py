"""Wildcard matching of actions, resources and ARNs: ``*`` any run, ``?`` one character."""

from __future__ import annotations

import functools
import re

_LITERALS = {"\ue000": "*", "\ue001": "?"}
"""Wildcard characters a policy variable brought in, which match only themselves."""


@functools.lru_cache(maxsize=4096)
def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = (
        ".*" if c == "*" else "." if c == "?" else re.escape(_LITERALS.get(c, c)) for c in pattern
    )
    return re.compile("".join(parts), re.DOTALL | (re.IGNORECASE if ignore_case else 0))


def glob_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Whether ``value`` matches ``pattern`` whole, ``*`` and ``?`` being wildcards."""
    if pattern == "*":
        return True
    if "*" not in pattern and "?" not in pattern:
        pattern = pattern.replace("\ue000", "*").replace("\ue001", "?")
        return pattern.lower() == value.lower() if ignore_case else pattern == value
    return _glob(pattern, ignore_case).fullmatch(value) is not None


def action_matches(pattern: str, action: str) -> bool:
    """Action names match case-insensitively (``s3:get*`` matches ``s3:GetObject``)."""
    return glob_match(pattern, action, ignore_case=True)


def arn_matches(pattern: str, arn: str) -> bool:
    """Resource and ArnLike matching: the five leading ARN parts match one by one, the
    resource part (colons and slashes included) as a whole; case-sensitive."""
    if pattern == "*":
        return True
    wanted = pattern.split(":", 5)
    given = arn.split(":", 5)
    if len(wanted) != 6 or len(given) != 6:
        return glob_match(pattern, arn)
    return all(glob_match(w, g) for w, g in zip(wanted, given, strict=True))


def arn_equals(pattern: str, arn: str) -> bool:
    """ArnEquals: as ArnLike (AWS documents both with wildcards per ARN part)."""
    return arn_matches(pattern, arn)
