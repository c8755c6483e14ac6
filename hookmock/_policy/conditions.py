"""Condition operators as AWS documents them.

One block's keys are ANDed; one key's policy values are ORed (a negated operator
holds when the request value matches none of them). A key absent from the request
makes a condition false, except for negated operators (true), ``...IfExists``
(true) and ``Null``; ``ForAllValues:`` holds over an absent or empty key,
``ForAnyValue:`` does not.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Callable, Iterable

from hookmock._policy.context import RequestContext
from hookmock._policy.document import Condition
from hookmock._policy.matching import arn_matches, glob_match
from hookmock._policy.variables import plain, substitute

Compare = Callable[[str, str], bool]
"""(request value, policy value) → whether they match."""


def _number(text: str) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _numeric(test: Callable[[float, float], bool]) -> Compare:
    def compare(given: str, wanted: str) -> bool:
        a, b = _number(given), _number(wanted)
        return a is not None and b is not None and test(a, b)

    return compare


def _instant(text: str) -> float | None:
    """A date as epoch seconds: ISO 8601 (``2020-01-01``, ``2020-01-01T00:00:00Z``)
    or epoch seconds."""
    number = _number(text)
    if number is not None:
        return number
    try:
        parsed = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.timestamp()


def _dated(test: Callable[[float, float], bool]) -> Compare:
    def compare(given: str, wanted: str) -> bool:
        a, b = _instant(given), _instant(wanted)
        return a is not None and b is not None and test(a, b)

    return compare


def _ip(given: str, wanted: str) -> bool:
    try:
        address = ipaddress.ip_address(given)
        network = ipaddress.ip_network(wanted, strict=False)
    except ValueError:
        return False
    return address.version == network.version and address in network


def _bool(given: str, wanted: str) -> bool:
    return str(given).lower() == str(wanted).lower()


_POSITIVE: dict[str, Compare] = {
    "stringequals": lambda g, w: g == plain(w),
    "stringequalsignorecase": lambda g, w: g.lower() == plain(w).lower(),
    "stringlike": lambda g, w: glob_match(w, g),
    "numericequals": _numeric(lambda a, b: a == b),
    "numericlessthan": _numeric(lambda a, b: a < b),
    "numericlessthanequals": _numeric(lambda a, b: a <= b),
    "numericgreaterthan": _numeric(lambda a, b: a > b),
    "numericgreaterthanequals": _numeric(lambda a, b: a >= b),
    "dateequals": _dated(lambda a, b: a == b),
    "datelessthan": _dated(lambda a, b: a < b),
    "datelessthanequals": _dated(lambda a, b: a <= b),
    "dategreaterthan": _dated(lambda a, b: a > b),
    "dategreaterthanequals": _dated(lambda a, b: a >= b),
    "bool": _bool,
    "binaryequals": lambda g, w: g == w,
    "ipaddress": _ip,
    "arnequals": lambda g, w: arn_matches(w, g),
    "arnlike": lambda g, w: arn_matches(w, g),
}
_NEGATED: dict[str, str] = {
    "stringnotequals": "stringequals",
    "stringnotequalsignorecase": "stringequalsignorecase",
    "stringnotlike": "stringlike",
    "numericnotequals": "numericequals",
    "datenotequals": "dateequals",
    "notipaddress": "ipaddress",
    "arnnotequals": "arnequals",
    "arnnotlike": "arnlike",
}
_VARIABLES_ALLOWED = ("string", "arn")
"""Operator families whose policy values may hold policy variables."""

OPERATORS = frozenset(_POSITIVE) | frozenset(_NEGATED) | {"null"}
"""Base operator names (lower case), without IfExists or a set prefix."""


def split_operator(operator: str) -> tuple[str, str, bool] | None:
    """(set qualifier or '', base operator, if_exists) in lower case, or None if unknown."""
    qualifier, _, base = operator.rpartition(":")
    qualifier, base = qualifier.lower(), base.lower()
    if qualifier not in ("", "foranyvalue", "forallvalues"):
        return None
    if_exists = base.endswith("ifexists") and base != "ifexists"
    if if_exists:
        base = base[: -len("ifexists")]
    if base not in OPERATORS or (if_exists and base == "null"):
        return None
    return qualifier, base, if_exists


def _values(condition: Condition, base: str, context: RequestContext) -> list[str]:
    texts = [str(v).lower() if isinstance(v, bool) else str(v) for v in condition.values]
    if not base.startswith(_VARIABLES_ALLOWED):
        return texts
    return [s for s in (substitute(t, context) for t in texts) if s is not None]


def _any(compare: Compare, given: str, wanted: Iterable[str]) -> bool:
    return any(compare(given, w) for w in wanted)


def holds(condition: Condition, context: RequestContext) -> bool:
    """Whether one condition key holds for the request."""
    split = split_operator(condition.operator)
    if split is None:
        return False
    qualifier, base, if_exists = split
    given = context.value(condition.key)
    if base == "null":
        absent = not given
        return any(_bool(str(absent), str(w)) for w in _values(condition, base, context))
    negated = base in _NEGATED
    compare = _POSITIVE[_NEGATED.get(base, base)]
    wanted = _values(condition, base, context)
    if qualifier == "forallvalues":
        if not given:
            return True
        return all(_any(compare, g, wanted) != negated for g in given)
    if qualifier == "foranyvalue":
        if not given:
            return False
        return any(_any(compare, g, wanted) != negated for g in given)
    if not given:
        return if_exists or negated
    matched = any(_any(compare, g, wanted) for g in given)
    return not matched if negated else matched


def all_hold(conditions: Iterable[Condition], context: RequestContext) -> bool:
    return all(holds(condition, context) for condition in conditions)


def missing_keys(conditions: Iterable[Condition], context: RequestContext) -> list[str]:
    """Keys a condition reads that the request does not carry (SimulatePolicy's
    MissingContextValues)."""
    return [c.key for c in conditions if context.value(c.key) is None]
