"""The wire layer: HTTP requests to API params, and results or errors back to HTTP."""

from hookmock.shapes.wire._scalars import WireValueError
from hookmock.shapes.wire.parsing import parse_request
from hookmock.shapes.wire.request import Route, WireRequest, WireRoutingError
from hookmock.shapes.wire.response import WireResponse
from hookmock.shapes.wire.routing import route
from hookmock.shapes.wire.serialize import serialize_error, serialize_response

__all__ = [
    "Route",
    "WireRequest",
    "WireResponse",
    "WireRoutingError",
    "WireValueError",
    "parse_request",
    "route",
    "serialize_error",
    "serialize_response",
]
