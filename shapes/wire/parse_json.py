"""JSON bodies: the json protocol (1.0/1.1) and rest-json's body and payload."""

from __future__ import annotations

import json
from typing import Any

from hookmock.shapes.wire._documents import DocumentReader
from hookmock.shapes.wire._scalars import WireValueError

_READER = DocumentReader()


def load(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise WireValueError(f"the request body is not valid JSON: {error}") from error


def read_object(shape: Any, body: bytes) -> dict[str, Any]:
    """A structure's members from a JSON object body (empty body: no members)."""
    if not body.strip():
        return {}
    document = load(body)
    if not isinstance(document, dict):
        raise WireValueError("the request body must be a JSON object")
    return _READER.structure(shape, document)


def read_payload(member: Any, body: bytes) -> Any:
    return _READER.read(member, load(body))


def parse_json(shape: Any, body: bytes) -> dict[str, Any]:
    if shape is None:
        return {}
    return read_object(shape, body)
