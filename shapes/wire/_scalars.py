"""Scalar values read from their wire text: timestamps, numbers, booleans, blobs.

The request side's counterpart of ``_common.py``, which writes them.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import math
import re
from decimal import Decimal
from typing import Any

UTC = dt.timezone.utc
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_ISO8601 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


class WireValueError(ValueError):
    """A value on the wire does not fit its modeled type."""


def epoch_to_datetime(value: Any) -> dt.datetime:
    """Epoch seconds (int, float or decimal text) as an aware UTC datetime.

    Goes through the shortest decimal form of a float so that a value the sender
    wrote as ``seconds + micros / 10**6`` comes back with exactly those micros.
    """
    if isinstance(value, bool):
        raise WireValueError(f"not a timestamp: {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise WireValueError(f"not a timestamp: {value!r}")
        exact = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        exact = Decimal(value)
    else:
        exact = Decimal(str(value))
    seconds = int(exact // 1)
    micros = int(((exact - seconds) * 1_000_000).to_integral_value())
    try:
        return _EPOCH + dt.timedelta(seconds=seconds, microseconds=micros)
    except OverflowError as error:
        raise WireValueError(f"timestamp out of range: {value!r}") from error


def parse_timestamp(text: str) -> dt.datetime:
    """A timestamp in any format AWS sends (ISO 8601, RFC 822 / HTTP date, epoch
    seconds), as an aware UTC datetime. The modeled ``timestampFormat`` only says
    what a well-behaved sender writes; servers accept all three."""
    text = text.strip()
    if _NUMBER.fullmatch(text):
        return epoch_to_datetime(text)
    match = _ISO8601.fullmatch(text)
    if match:
        year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
        fraction = match.group(7) or ""
        micros = int((fraction + "000000")[:6]) if fraction else 0
        offset = dt.timedelta(0)
        if match.group(9):
            sign = 1 if match.group(9) == "+" else -1
            offset = sign * dt.timedelta(hours=int(match.group(10)), minutes=int(match.group(11)))
        try:
            value = dt.datetime(year, month, day, hour, minute, second, micros, tzinfo=UTC)
        except ValueError as error:
            raise WireValueError(f"not a timestamp: {text!r}") from error
        return value - offset
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError) as error:
        raise WireValueError(f"not a timestamp: {text!r}") from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_boolean(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    raise WireValueError(f"not a boolean: {text!r}")


def parse_integer(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError as error:
        raise WireValueError(f"not an integer: {text!r}") from error


def parse_float(text: str) -> float:
    """Floats, with the special values AWS spells ``NaN``, ``Infinity``, ``-Infinity``."""
    try:
        return float(text.strip())
    except ValueError as error:
        raise WireValueError(f"not a number: {text!r}") from error


def decode_base64(text: str | bytes) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise WireValueError("not valid base64") from error


def scalar_from_text(shape: Any, text: str) -> Any:
    """A modeled scalar from the text form query strings, XML and headers carry."""
    kind = shape.type_name
    if kind == "string":
        return text
    if kind == "boolean":
        return parse_boolean(text)
    if kind in ("integer", "long", "short", "byte"):
        return parse_integer(text)
    if kind in ("float", "double"):
        return parse_float(text)
    if kind == "timestamp":
        return parse_timestamp(text)
    if kind == "blob":
        return decode_base64(text)
    if kind == "bigdecimal":
        return Decimal(text)
    if kind == "biginteger":
        return parse_integer(text)
    raise WireValueError(f"{kind} is not a scalar")
