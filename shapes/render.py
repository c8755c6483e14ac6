"""Render a backend's result into the structure botocore's parser would return.

Backends return plain mappings (or attrs instances) keyed by the output
shape's member names. Rendering walks the output shape: members that are
None are left out, timestamps become tz-aware UTC datetimes, blobs become
bytes, numbers take their modeled type. In strict mode (hookmock's own test
suite) a member the shape does not have, or a value of the wrong kind, is a
backend bug and raises RenderError; otherwise such members are dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Mapping
from typing import Any

import attrs
from botocore.response import StreamingBody

STRICT = os.environ.get("HOOKMOCK_STRICT", "") not in ("", "0")

_UTC = dt.timezone.utc


@attrs.frozen
class Stream:
    """A streaming payload whose length the backend knows: a reader that need not seek."""

    reader: Any
    length: int


@attrs.frozen
class IfModeled:
    """A member newer botocore models have and older ones lack: rendered where the
    installed model has it, left out (even in strict mode) where it does not."""

    value: Any


class RenderError(TypeError):
    """A backend produced a result that does not fit the operation's output shape."""


def render_output(shape: Any, result: Any) -> dict[str, Any]:
    """Render ``result`` for the output ``shape`` (a botocore StructureShape or None)."""
    if shape is None:
        if result and STRICT:
            raise RenderError(f"operation has no output shape but the backend returned {result!r}")
        return {}
    if result is None:
        return {}
    rendered = _render(shape, result, shape.name)
    assert isinstance(rendered, dict)
    return rendered


def _render(shape: Any, value: Any, where: str) -> Any:
    kind = shape.type_name
    if kind == "blob" and shape.serialization.get("streaming"):
        return streaming_body(value)
    if kind == "structure":
        return _render_structure(shape, value, where)
    if kind == "list":
        if isinstance(value, (str, bytes, Mapping)):
            return _mismatch(where, "a list", value)
        items = (_render(shape.member, item, f"{where}[]") for item in value)
        return [item for item in items if item is not None]
    if kind == "map":
        if not isinstance(value, Mapping):
            return _mismatch(where, "a mapping", value)
        pairs = (
            (_render(shape.key, key, f"{where}.key"), _render(shape.value, item, f"{where}.value"))
            for key, item in value.items()
        )
        return {key: item for key, item in pairs if key is not None and item is not None}
    return _render_scalar(kind, value, where)


def _render_structure(shape: Any, value: Any, where: str) -> Any:
    if attrs.has(type(value)):
        value = {name: getattr(value, name) for name in shape.members if hasattr(value, name)}
    elif not isinstance(value, Mapping):
        return _mismatch(where, "a mapping", value)
    members = shape.members
    if STRICT:
        unknown = {k for k, v in value.items() if k not in members and not isinstance(v, IfModeled)}
        if unknown:
            raise RenderError(f"{where} has no member(s) {sorted(unknown)}")
    out: dict[str, Any] = {}
    for name, member_shape in members.items():
        item = value.get(name)
        if isinstance(item, IfModeled):
            item = item.value
        if item is not None:
            rendered = _render(member_shape, item, f"{where}.{name}")
            if rendered is not None:
                out[name] = rendered
    return out


def _render_scalar(kind: str, value: Any, where: str) -> Any:
    if kind == "string":
        return value if isinstance(value, str) else _mismatch(where, "a string", value)
    if kind in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            return _mismatch(where, "an integer", value)
        return value
    if kind in ("float", "double"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return _mismatch(where, "a number", value)
        return float(value)
    if kind == "boolean":
        return value if isinstance(value, bool) else _mismatch(where, "a boolean", value)
    if kind == "timestamp":
        return _render_timestamp(value, where)
    if kind == "blob":
        if isinstance(value, str):
            return value.encode()
        if isinstance(value, (bytes, bytearray, memoryview)):
            return bytes(value)
        return _mismatch(where, "bytes", value)
    return value


def streaming_body(value: Any) -> StreamingBody:
    """A streaming payload as botocore hands it out: bytes, str or a seekable file."""
    if isinstance(value, StreamingBody):
        return value
    if isinstance(value, Stream):
        return StreamingBody(value.reader, value.length)
    if isinstance(value, str):
        value = value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return StreamingBody(io.BytesIO(data), len(data))
    start = value.tell()
    length = value.seek(0, io.SEEK_END) - start
    value.seek(start)
    return StreamingBody(value, length)


def _render_timestamp(value: Any, where: str) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, _UTC)
    return _mismatch(where, "a datetime", value)


def _mismatch(where: str, expected: str, value: Any) -> Any:
    """Raise in strict mode; otherwise the value is left out of the response."""
    if STRICT:
        raise RenderError(f"{where} must be {expected}, got {type(value).__name__}: {value!r}")
    return None
