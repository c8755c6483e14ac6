"""Shape-driven conversion of a decoded JSON or CBOR document into API params.

JSON and CBOR bodies carry the same tree (objects keyed by member wire names,
arrays, scalars); they differ only in how blobs and timestamps are spelled.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hookmock.shapes.wire._scalars import (
    WireValueError,
    decode_base64,
    epoch_to_datetime,
    parse_float,
    parse_timestamp,
)

_INTEGERS = frozenset({"integer", "long", "short", "byte", "biginteger"})
_FLOATS = frozenset({"float", "double", "bigdecimal"})


class DocumentReader:
    """JSON flavour: blobs are base64 text, timestamps epoch numbers or text."""

    def blob(self, value: Any) -> bytes:
        if isinstance(value, str):
            return decode_base64(value)
        raise WireValueError(f"not a blob: {value!r}")

    def timestamp(self, value: Any) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            return parse_timestamp(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return epoch_to_datetime(value)
        raise WireValueError(f"not a timestamp: {value!r}")

    def read(self, shape: Any, value: Any) -> Any:
        kind = shape.type_name
        if kind == "structure":
            if getattr(shape, "is_document_type", False):
                return value
            if not isinstance(value, dict):
                raise WireValueError(f"{shape.name} must be an object")
            return self.structure(shape, value)
        if kind == "list":
            if not isinstance(value, list):
                raise WireValueError(f"{shape.name} must be an array")
            return [self.read(shape.member, item) for item in value if item is not None]
        if kind == "map":
            if not isinstance(value, dict):
                raise WireValueError(f"{shape.name} must be an object")
            return {
                key: self.read(shape.value, item) for key, item in value.items() if item is not None
            }
        return self.scalar(shape, value)

    def structure(self, shape: Any, value: dict[Any, Any]) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name, member in shape.members.items():
            wire_name = member.serialization.get("name", name)
            item = value.get(wire_name)
            if item is not None:
                params[name] = self.read(member, item)
        return params

    def scalar(self, shape: Any, value: Any) -> Any:
        kind = shape.type_name
        if kind == "string":
            if isinstance(value, str):
                return value
        elif kind == "boolean":
            if isinstance(value, bool):
                return value
        elif kind in _INTEGERS:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            if isinstance(value, float) and value.is_integer():
                return int(value)
        elif kind in _FLOATS:
            if isinstance(value, str):
                number = parse_float(value)
                if math.isfinite(number):
                    raise WireValueError(f"a number must not be quoted: {value!r}")
                return number
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return float(value)
        elif kind == "timestamp":
            return self.timestamp(value)
        elif kind == "blob":
            return self.blob(value)
        raise WireValueError(f"{shape.name} cannot be {value!r}")


class CborReader(DocumentReader):
    """CBOR flavour: blobs are byte strings, timestamps tag-1 epoch numbers."""

    def blob(self, value: Any) -> bytes:
        if isinstance(value, bytes):
            return value
        return super().blob(value)

    def scalar(self, shape: Any, value: Any) -> Any:
        if shape.type_name == "string" and isinstance(value, bytes):
            return value.decode("utf-8")
        return super().scalar(shape, value)
