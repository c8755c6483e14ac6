"""Policy variables: ``${aws:username}``, ``${aws:PrincipalTag/team}``, defaults
(``${aws:username, 'nobody'}``) and the escapes ``${*}``, ``${?}``, ``${$}``.

A substituted value is literal: a ``*`` it brings is not a wildcard. Literal
wildcard characters are carried as private-use characters that the matchers
(``matching``) compare as themselves, and ``plain`` turns back into text.
"""

from __future__ import annotations

import re

from hookmock._policy.context import RequestContext

LITERAL_STAR = "\ue000"
LITERAL_QUESTION = "\ue001"

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$")


def _literal(text: str) -> str:
    return text.replace("*", LITERAL_STAR).replace("?", LITERAL_QUESTION)


def plain(text: str) -> str:
    """A substituted pattern as text, for operators without wildcards."""
    return text.replace(LITERAL_STAR, "*").replace(LITERAL_QUESTION, "?")


def substitute(pattern: str, context: RequestContext) -> str | None:
    """``pattern`` with its variables replaced from ``context``, or None where a
    variable has no value and no default (the pattern then matches nothing)."""
    if "${" not in pattern:
        return pattern
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        inner = match.group(1)
        if inner in ("*", "?", "$"):
            return _literal(inner) if inner != "$" else "$"
        default = _DEFAULT.match(inner)
        key = default.group(1) if default else inner.strip()
        values = context.value(key)
        if values:
            return _literal(values[0])
        if default:
            return _literal(default.group(2))
        missing = True
        return ""

    result = _VARIABLE.sub(replace, pattern)
    return None if missing else result
