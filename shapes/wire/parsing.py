"""parse_request: the API params a wire request carries, per protocol."""

from __future__ import annotations

from typing import Any

from hookmock.shapes.protocols import protocol_of
from hookmock.shapes.wire import parse_json, parse_xml
from hookmock.shapes.wire._scalars import WireValueError
from hookmock.shapes.wire.parse_cbor import parse_cbor
from hookmock.shapes.wire.parse_query import parse_query
from hookmock.shapes.wire.parse_rest import parse_rest
from hookmock.shapes.wire.request import Route, WireRequest


def _xml_body(shape: Any, body: bytes) -> dict[str, Any]:
    return parse_xml.read_structure(shape, parse_xml.parse_document(body))


def _xml_payload(member: Any, body: bytes) -> Any:
    return parse_xml.read_element(member, parse_xml.parse_document(body))


def parse_request(route: Route, request: WireRequest) -> dict[str, Any]:
    """The params botocore serialized into ``request``.

    Raises WireValueError (a ValueError) when a value does not fit its shape.
    """
    operation_model = route.operation_model
    shape = operation_model.input_shape
    protocol = route.protocol or protocol_of(route.service_model)
    if protocol in ("query", "ec2"):
        return parse_query(shape, request, ec2=protocol == "ec2")
    if protocol == "json":
        return parse_json.parse_json(shape, request.body)
    if protocol == "smithy-rpc-v2-cbor":
        return parse_cbor(shape, request.body)
    if protocol == "rest-json":
        return parse_rest(operation_model, request, parse_json.read_object, parse_json.read_payload)
    if protocol == "rest-xml":
        return parse_rest(operation_model, request, _xml_body, _xml_payload)
    raise WireValueError(f"unsupported protocol {protocol!r}")


__all__ = ["WireValueError", "parse_request"]
