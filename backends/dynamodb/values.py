"""DynamoDB attribute values: checked, canonical, compared and sized.

Values stay in their wire form (``{"S": "x"}``, ``{"N": "1.5"}``...), so an
item renders back exactly as botocore parses it. Numbers are stored in
canonical text (DynamoDB drops leading and trailing zeros and exponents).
"""

from __future__ import annotations

import base64
import decimal
import re
from collections.abc import Iterable, Mapping
from typing import Any

from hookmock.backends.dynamodb import errors

AttributeValue = dict[str, Any]
Item = dict[str, AttributeValue]

TYPES = ("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL")
SCALAR_TYPES = ("S", "N", "B")
SET_TYPES = {"SS": "S", "NS": "N", "BS": "B"}
SET_NAMES = {"SS": "string", "NS": "number", "BS": "binary"}

MAX_ITEM_SIZE = 400 * 1024
MAX_DIGITS = 38
_HIGHEST = decimal.Decimal("9.9999999999999999999999999999999999999E+125")
_LOWEST = decimal.Decimal("1E-130")
_NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")
_ARITHMETIC = decimal.Context(prec=80, Emax=999999, Emin=-999999)


def type_of(value: Mapping[str, Any]) -> str:
    return next(iter(value))


def number(text: str) -> decimal.Decimal:
    """The value of a stored (already canonical) number."""
    return decimal.Decimal(text)


def number_text(value: decimal.Decimal) -> str:
    """``value`` in DynamoDB's canonical form, checked against its limits."""
    if value.is_zero():
        return "0"
    digits = value.normalize(_ARITHMETIC)
    figures = digits.as_tuple().digits
    if len(figures) > MAX_DIGITS:
        raise errors.validation("Attempting to store more than 38 significant digits in a Number")
    magnitude = abs(digits)
    if magnitude > _HIGHEST:
        raise errors.validation(
            "Number overflow. Attempting to store a number with magnitude larger than "
            "supported range"
        )
    if magnitude < _LOWEST:
        raise errors.validation(
            "Number underflow. Attempting to store a number with magnitude smaller than "
            "supported range"
        )
    return f"{digits:f}"


def canonical_number(text: str) -> str:
    if not isinstance(text, str) or not _NUMBER.match(text):
        raise errors.validation("A value provided cannot be converted into a number")
    return number_text(decimal.Decimal(text.strip()))


def add_numbers(left: str, right: str, subtract: bool = False) -> str:
    a, b = number(left), number(right)
    total = _ARITHMETIC.subtract(a, b) if subtract else _ARITHMETIC.add(a, b)
    return number_text(total)


def checked(value: Any) -> AttributeValue:
    """An incoming AttributeValue, validated as DynamoDB does and made canonical."""
    if not isinstance(value, Mapping) or not value:
        raise errors.validation(
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
        )
    if len(value) > 1:
        raise errors.validation(
            "Supplied AttributeValue has more than one datatypes set, "
            "must contain exactly one of the supported datatypes"
        )
    kind, content = next(iter(value.items()))
    if kind == "N":
        return {"N": canonical_number(content)}
    if kind in SET_TYPES:
        return {kind: _checked_set(kind, content)}
    if kind == "M":
        return {"M": {name: checked(member) for name, member in content.items()}}
    if kind == "L":
        return {"L": [checked(member) for member in content]}
    if kind == "NULL" and content is not True:
        raise errors.invalid_parameter("Null attribute value types must have the value of true")
    if kind == "B":
        return {"B": bytes(content)}
    return {kind: content}


def _checked_set(kind: str, members: Iterable[Any]) -> list[Any]:
    listed = list(members)
    if not listed:
        if kind == "BS":
            raise errors.invalid_parameter("Binary sets should not be empty")
        raise errors.invalid_parameter(f"An {SET_NAMES[kind]} set  may not be empty")
    if kind == "NS":
        listed = [canonical_number(member) for member in listed]
        if len({number(member) for member in listed}) != len(listed):
            raise errors.validation("Input collection contains duplicates")
    elif kind == "BS":
        listed = [bytes(member) for member in listed]
        if len(set(listed)) != len(listed):
            shown = ", ".join(base64.b64encode(member).decode() for member in listed)
            raise errors.invalid_parameter(
                f"Input collection [{shown}]of type BS contains duplicates."
            )
    elif len(set(listed)) != len(listed):
        raise errors.invalid_parameter(
            f"Input collection [{', '.join(listed)}] contains duplicates."
        )
    return listed


def checked_item(item: Mapping[str, Any]) -> Item:
    return {name: checked(value) for name, value in item.items()}


# --- comparison ----------------------------------------------------------------------


def scalar(value: Mapping[str, Any]) -> Any:
    """The orderable Python value of an S, N or B attribute value."""
    kind, content = next(iter(value.items()))
    return number(content) if kind == "N" else content


def equal(first: Mapping[str, Any] | None, second: Mapping[str, Any] | None) -> bool:
    if first is None or second is None:
        return False
    kind = type_of(first)
    if kind != type_of(second):
        return False
    a, b = first[kind], second[kind]
    if kind == "N":
        return number(a) == number(b)
    if kind == "NS":
        return {number(x) for x in a} == {number(x) for x in b}
    if kind in ("SS", "BS"):
        return set(a) == set(b)
    if kind == "L":
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if kind == "M":
        return a.keys() == b.keys() and all(equal(a[name], b[name]) for name in a)
    return bool(a == b)


def set_members(value: Mapping[str, Any]) -> set[Any]:
    """The members of a set value, comparable across spellings of one number."""
    kind, content = next(iter(value.items()))
    return {number(x) for x in content} if kind == "NS" else set(content)


# --- copies ---------------------------------------------------------------------------

_SETS = frozenset(SET_TYPES)


def copied(value: AttributeValue) -> AttributeValue:
    """A copy of a stored value that shares nothing mutable with it. Stored values are
    in the form botocore's parser returns, so the copy can be handed out as rendered."""
    for kind, content in value.items():
        if kind in _SETS:
            return {kind: list(content)}
        if kind == "M":
            return {"M": {name: copied(member) for name, member in content.items()}}
        if kind == "L":
            return {"L": [copied(member) for member in content]}
        return {kind: content}
    return {}


def copied_item(item: Mapping[str, AttributeValue]) -> Item:
    out: Item = {}
    for name, value in item.items():
        for kind, content in value.items():  # exactly one
            out[name] = {kind: content} if kind in _FLAT else copied(value)
    return out


_FLAT = frozenset({"S", "N", "B", "BOOL", "NULL"})
"""Kinds whose content is immutable."""


# --- size ----------------------------------------------------------------------------


def _number_size(text: str) -> int:
    digits = text.lstrip("-").replace(".", "").strip("0")
    return (len(digits) + 1) // 2 + 1


def value_size(value: Mapping[str, Any]) -> int:
    """Bytes a value counts toward the 400 KB item limit, as DynamoDB documents it."""
    kind, content = next(iter(value.items()))
    if kind == "S":
        return len(content.encode("utf-8"))
    if kind == "N":
        return _number_size(content)
    if kind == "B":
        return len(content)
    if kind == "SS":
        return sum(len(member.encode("utf-8")) for member in content)
    if kind == "NS":
        return sum(_number_size(member) for member in content)
    if kind == "BS":
        return sum(len(member) for member in content)
    if kind == "M":
        return 3 + sum(len(k.encode("utf-8")) + value_size(v) + 1 for k, v in content.items())
    if kind == "L":
        return 3 + sum(value_size(member) + 1 for member in content)
    return 1


def item_size(item: Mapping[str, Mapping[str, Any]]) -> int:
    return sum(len(name.encode("utf-8")) + value_size(value) for name, value in item.items())


def check_item_size(item: Mapping[str, Mapping[str, Any]]) -> int:
    """``item``'s size, refused beyond DynamoDB's limit."""
    size = item_size(item)
    if size > MAX_ITEM_SIZE:
        raise errors.validation("Item size has exceeded the maximum allowed size")
    return size
