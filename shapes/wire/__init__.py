"""The wire layer: HTTP requests to API params, and results or errors back to HTTP."""

from hookmock.shapes.wire.response import WireResponse
from hookmock.shapes.wire.serialize import serialize_error, serialize_response

__all__ = [
    "WireResponse",
    "serialize_error",
    "serialize_response",
]
