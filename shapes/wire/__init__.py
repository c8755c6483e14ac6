"""The wire layer: HTTP requests to API params and back, driven by botocore's models."""

from hookmock.shapes.wire._scalars import WireValueError
from hookmock.shapes.wire.parsing import parse_request
from hookmock.shapes.wire.request import Route, WireRequest, WireRoutingError
from hookmock.shapes.wire.routing import route

__all__ = [
    "Route",
    "WireRequest",
    "WireRoutingError",
    "WireValueError",
    "parse_request",
    "route",
]
