"""One key's rule array in an SNS filter policy: its match values and operators.

A leaf such as ``"price": [10, {"numeric": [">", 100]}, {"exists": false}]``
matches when any one of its entries matches the values found under that key.
Validation follows SNS's rule compiler: the first key of a match expression is
checked (and its operand) before a second key is reported, and numeric
expressions are read left to right, so the first fault found is the one named.
"""

from __future__ import annotations

import abc
import ipaddress
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

Scalar = str | float | bool | None
"""A value a rule can look at: JSON numbers are floats rounded to SNS's precision."""

NUMERIC_DIGITS: Final = 5
"""SNS compares numbers with five digits of accuracy after the decimal point."""
NUMERIC_LIMIT: Final = 1_000_000_000
"""Numeric operands range over [-10^9, 10^9]."""


class FilterPolicyError(Exception):
    """A filter policy SNS refuses, worded as SNS's InvalidParameter error.

    ``str()`` is the message SetSubscriptionAttributes returns; Subscribe
    reports the same reason inside its attributes wording, ``subscribe_message``.
    """

    def __init__(self, reason: str, *, whole_message: str | None = None) -> None:
        self.reason = reason
        self.message = whole_message or f"Invalid parameter: FilterPolicy: {reason}"
        self.subscribe_message = (
            whole_message or f"Invalid parameter: Attributes Reason: FilterPolicy: {reason}"
        )
        super().__init__(self.message)


def fail(reason: str) -> FilterPolicyError:
    return FilterPolicyError(reason)


@attrs.frozen
class JsonNumber:
    """A number from the policy text, keeping the text SNS quotes in errors."""

    text: str
    value: float


def number_value(value: float) -> float:
    return round(float(value), NUMERIC_DIGITS)


def exact_key(value: Scalar) -> tuple[type, Scalar]:
    """Values only match values of the same JSON type: "1" is not 1, true is not 1."""
    return (type(value), value)


def token_text(value: Any) -> str:
    """How SNS's parser names a token in a policy error."""
    if isinstance(value, JsonNumber):
        return value.text
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "["
    if isinstance(value, dict):
        return "{"
    return {True: "true", False: "false", None: "null"}[value]


class ValueRule(abc.ABC):
    """An operator that matches a key when any one value found under it is accepted."""

    def test(self, values: Sequence[Scalar]) -> bool:
        return any(self.accepts(value) for value in values)

    @abc.abstractmethod
    def accepts(self, value: Scalar) -> bool:
        """Whether this one value satisfies the operator."""


@attrs.frozen
class Prefix(ValueRule):
    text: str

    def accepts(self, value: Scalar) -> bool:
        return isinstance(value, str) and value.startswith(self.text)


@attrs.frozen
class Suffix(ValueRule):
    text: str

    def accepts(self, value: Scalar) -> bool:
        return isinstance(value, str) and value.endswith(self.text)


@attrs.frozen
class EqualsIgnoreCase(ValueRule):
    lowered: str

    def accepts(self, value: Scalar) -> bool:
        return isinstance(value, str) and value.lower() == self.lowered


@attrs.frozen
class AnythingBut(ValueRule):
    excluded: frozenset[tuple[type, Scalar]]

    def accepts(self, value: Scalar) -> bool:
        return value is not None and exact_key(value) not in self.excluded


@attrs.frozen
class AnythingButPrefix(ValueRule):
    text: str

    def accepts(self, value: Scalar) -> bool:
        return isinstance(value, str) and not value.startswith(self.text)


@attrs.frozen
class AnythingButSuffix(ValueRule):
    text: str

    def accepts(self, value: Scalar) -> bool:
        return isinstance(value, str) and not value.endswith(self.text)


@attrs.frozen
class Numeric(ValueRule):
    conditions: tuple[tuple[Callable[[float, float], bool], float], ...]

    def accepts(self, value: Scalar) -> bool:
        return type(value) is float and all(check(value, bound) for check, bound in self.conditions)


@attrs.frozen
class Cidr(ValueRule):
    network: ipaddress.IPv4Network | ipaddress.IPv6Network

    def accepts(self, value: Scalar) -> bool:
        if not isinstance(value, str):
            return False
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return False
        return address.version == self.network.version and address in self.network


@attrs.frozen
class Exists:
    """``exists: true`` needs a non-null value under the key; false needs none."""

    expected: bool

    def test(self, values: Sequence[Scalar]) -> bool:
        return any(value is not None for value in values) == self.expected


Rule = ValueRule | Exists
"""One entry of a leaf array, tested against all values found under the key."""


@attrs.frozen
class Leaf:
    """A key's rule array: exact values kept in a set, operators in a tuple."""

    exact: frozenset[tuple[type, Scalar]]
    rules: tuple[Rule, ...]
    size: int

    def test(self, values: Sequence[Scalar]) -> bool:
        exact = self.exact
        if exact and any(exact_key(value) in exact for value in values):
            return True
        return any(rule.test(values) for rule in self.rules)


def parse_leaf(entries: list[Any]) -> Leaf:
    if not entries:
        raise fail("Empty arrays are not allowed")
    exact: set[tuple[type, Scalar]] = set()
    rules: list[Rule] = []
    for entry in entries:
        if isinstance(entry, dict):
            rules.append(parse_expression(entry))
        elif isinstance(entry, list):
            raise fail("Match value must be String, number, true, false, or null")
        else:
            exact.add(exact_key(scalar(entry)))
    return Leaf(frozenset(exact), tuple(rules), len(entries))


def scalar(entry: Any) -> Scalar:
    if isinstance(entry, JsonNumber):
        return number_value(entry.value)
    return entry  # type: ignore[no-any-return]


def parse_expression(expression: Mapping[str, Any]) -> Rule:
    if not expression:
        raise fail("Empty objects are not allowed")
    name, operand = next(iter(expression.items()))
    build = OPERATORS.get(name)
    if build is None:
        raise fail(f"Unrecognized match type {name}")
    rule = build(operand)
    if len(expression) > 1:
        raise fail("Only one key allowed in match expression")
    return rule


def pattern_string(name: str, operand: Any) -> str:
    if not isinstance(operand, str):
        raise fail(f"{name} match pattern must be a string")
    return operand


def parse_exists(operand: Any) -> Rule:
    if not isinstance(operand, bool):
        raise fail("exists match pattern must be either true or false.")
    return Exists(operand)


def parse_cidr(operand: Any) -> Rule:
    text = pattern_string("cidr", operand)
    if text.count("/") != 1:
        raise fail("Malformed CIDR, one '/' required")
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise fail(f"Nonstandard IP address: {text.split('/')[0]}") from None
    return Cidr(network)


def parse_anything_but(operand: Any) -> Rule:
    if isinstance(operand, str | JsonNumber):
        return AnythingBut(frozenset({exact_key(scalar(operand))}))
    if isinstance(operand, list):
        return AnythingBut(frozenset(exact_key(scalar(item)) for item in excluded_list(operand)))
    if isinstance(operand, dict):
        return parse_anything_but_pattern(operand)
    raise fail("Value of anything-but must be an array or single string/number value.")


def excluded_list(items: list[Any]) -> list[Any]:
    if not items:
        raise fail("Empty arrays are not allowed")
    for item in items:
        if not isinstance(item, str | JsonNumber):
            raise fail("Inside anything but list, start|null|boolean is not supported.")
    return items


ANYTHING_BUT_PATTERNS: Final[dict[str, Callable[[str], Rule]]] = {
    "prefix": AnythingButPrefix,
    "suffix": AnythingButSuffix,
}


def parse_anything_but_pattern(pattern: Mapping[str, Any]) -> Rule:
    if not pattern:
        raise fail("Empty objects are not allowed")
    name, operand = next(iter(pattern.items()))
    build = ANYTHING_BUT_PATTERNS.get(name)
    if build is None:
        raise fail(f"Unsupported anything-but pattern: {name}")
    rule = build(pattern_string(name, operand))
    if len(pattern) > 1:
        raise fail("Only one key allowed in match expression")
    return rule


LOWER_BOUNDS: Final[dict[str, Callable[[float, float], bool]]] = {
    ">": operator.gt,
    ">=": operator.ge,
}
UPPER_BOUNDS: Final[dict[str, Callable[[float, float], bool]]] = {
    "<": operator.lt,
    "<=": operator.le,
}


def parse_numeric(operand: Any) -> Rule:
    if not isinstance(operand, list):
        raise fail("Value of numeric must be an array.")
    if not operand:
        raise fail("Invalid member in numeric match: ]")
    first = operand[0]
    if not isinstance(first, str):
        raise fail(f"Invalid member in numeric match: {token_text(first)}")
    if first == "=" or first in UPPER_BOUNDS:
        bound = numeric_operand(operand, 1, "equals" if first == "=" else first)
        if len(operand) > 2:
            raise fail("Too many elements in numeric expression")
        return Numeric(((UPPER_BOUNDS.get(first, operator.eq), bound),))
    if first not in LOWER_BOUNDS:
        raise fail(f"Unrecognized numeric range operator: {first}")
    return parse_range(operand, first)


def parse_range(operand: list[Any], lower: str) -> Rule:
    bottom = numeric_operand(operand, 1, lower)
    conditions = [(LOWER_BOUNDS[lower], bottom)]
    if len(operand) > 2:
        upper = operand[2]
        if not isinstance(upper, str):
            raise fail(f"Bad value in numeric range: {token_text(upper)}")
        if upper not in UPPER_BOUNDS:
            raise fail(f"Bad numeric range operator: {upper}")
        top = numeric_operand(operand, 3, upper)
        if bottom >= top:
            raise fail("Bottom must be less than top")
        if len(operand) > 4:
            raise fail("Too many terms in numeric range expression")
        conditions.append((UPPER_BOUNDS[upper], top))
    return Numeric(tuple(conditions))


def numeric_operand(operand: list[Any], index: int, name: str) -> float:
    value = operand[index] if index < len(operand) else None
    if not isinstance(value, JsonNumber):
        raise fail(f"Value of {name} must be numeric")
    if not -NUMERIC_LIMIT <= value.value <= NUMERIC_LIMIT:
        raise fail("Value must be between -1.0E9 and 1.0E9, inclusive")
    return number_value(value.value)


OPERATORS: Final[dict[str, Callable[[Any], Rule]]] = {
    "prefix": lambda operand: Prefix(pattern_string("prefix", operand)),
    "suffix": lambda operand: Suffix(pattern_string("suffix", operand)),
    "equals-ignore-case": lambda operand: EqualsIgnoreCase(
        pattern_string("equals-ignore-case", operand).lower()
    ),
    "anything-but": parse_anything_but,
    "numeric": parse_numeric,
    "exists": parse_exists,
    "cidr": parse_cidr,
}
RESERVED_KEYWORDS: Final = frozenset(OPERATORS)
"""Field names that stop a ``$or`` array from being read as an OR."""
