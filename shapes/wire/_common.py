"""Scalar wire forms shared by every protocol: timestamps, blobs and special floats."""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import math
from typing import Any

ISO8601 = "iso8601"
RFC822 = "rfc822"
EPOCH = "unixTimestamp"

_UTC = dt.timezone.utc

# Where a response member can live outside the body; any other location (uri,
# querystring) means nothing in a response, and the member goes in the body.
RESPONSE_LOCATIONS = frozenset({"header", "headers", "statusCode"})


def outside_body(member: Any) -> bool:
    return member.serialization.get("location") in RESPONSE_LOCATIONS


def timestamp_format(shape: Any, default: str) -> str:
    """The shape's ``timestampFormat`` trait, else the protocol's default for where it goes."""
    return str(shape.serialization.get("timestampFormat") or default)


def as_utc(value: Any) -> dt.datetime:
    """A datetime (naive means UTC) or epoch seconds, as an aware UTC datetime."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, _UTC)
    raise TypeError(f"not a timestamp: {value!r}")


def epoch_seconds(value: Any) -> int | float:
    """Epoch seconds with AWS's millisecond precision: an int when whole."""
    moment = as_utc(value)
    whole = int((moment - dt.datetime(1970, 1, 1, tzinfo=_UTC)).total_seconds() // 1)
    millis = moment.microsecond // 1000
    return whole if millis == 0 else whole + millis / 1000


def format_timestamp(value: Any, fmt: str) -> str:
    """The text form of a timestamp in ``fmt`` (iso8601, rfc822 or unixTimestamp)."""
    moment = as_utc(value)
    if fmt == EPOCH:
        return str(epoch_seconds(moment))
    if fmt == RFC822:
        return email.utils.format_datetime(moment, usegmt=True)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    millis = moment.microsecond // 1000
    return f"{text}.{millis:03d}Z" if millis else f"{text}Z"


def parse_timestamp(text: str | float, fmt: str) -> dt.datetime:
    """The inverse of format_timestamp (epoch seconds may also come as a number)."""
    if fmt == EPOCH or isinstance(text, (int, float)):
        return dt.datetime.fromtimestamp(float(text), _UTC)
    if fmt == RFC822:
        return as_utc(email.utils.parsedate_to_datetime(text))
    return as_utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))


def b64encode(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return base64.b64encode(raw).decode("ascii")


def float_text(value: float) -> str:
    """A float as text; NaN and the infinities by the names AWS sends them."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(float(value))


def special_float(value: float) -> float | str:
    """A float for a JSON body: NaN and the infinities become their names (JSON has none)."""
    return float_text(value) if math.isnan(value) or math.isinf(value) else value
