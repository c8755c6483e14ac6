"""smithy-rpc-v2-cbor: the body is one CBOR map of the input's members."""

from __future__ import annotations

from typing import Any

from hookmock.shapes.wire._cbor_decode import decode
from hookmock.shapes.wire._documents import CborReader
from hookmock.shapes.wire._scalars import WireValueError

_READER = CborReader()


def parse_cbor(shape: Any, body: bytes) -> dict[str, Any]:
    if shape is None or not body:
        return {}
    document = decode(body)
    if not isinstance(document, dict):
        raise WireValueError("the request body must be a CBOR map")
    return _READER.structure(shape, document)
