"""parse_request: the API params a wire request carries, per protocol."""

from __future__ import annotations

import gzip
import re
from typing import Any

import attrs

from hookmock.shapes.protocols import protocol_of
from hookmock.shapes.wire import parse_json, parse_xml
from hookmock.shapes.wire._s3_hosts import hostname
from hookmock.shapes.wire._scalars import WireValueError, scalar_from_text
from hookmock.shapes.wire.parse_cbor import parse_cbor
from hookmock.shapes.wire.parse_query import parse_query
from hookmock.shapes.wire.parse_rest import parse_rest
from hookmock.shapes.wire.request import Route, WireRequest

_HOST_LABEL = re.compile(r"([^{]*)(?:\{([^}]+)\})?")


def _xml_body(shape: Any, body: bytes) -> dict[str, Any]:
    return parse_xml.read_structure(shape, parse_xml.parse_document(body))


def _xml_payload(member: Any, body: bytes) -> Any:
    return parse_xml.read_element(member, parse_xml.parse_document(body))


def parse_request(route: Route, request: WireRequest) -> dict[str, Any]:
    """The params botocore serialized into ``request``.

    Raises WireValueError (a ValueError) when a value does not fit its shape.
    """
    request = _decompressed(route.operation_model, request)
    params = _parse(route, request)
    shape = route.operation_model.input_shape
    if shape is not None:
        for name, value in host_labels(route.operation_model, request.host).items():
            if name in shape.members:
                params.setdefault(name, scalar_from_text(shape.members[name], value))
    return params


def _decompressed(operation_model: Any, request: WireRequest) -> WireRequest:
    """Operations with the requestCompression trait may arrive gzipped; other
    bodies (an S3 object uploaded with Content-Encoding: gzip) stay as sent."""
    encoding = request.headers.get("content-encoding", "")
    if "gzip" not in encoding or not getattr(operation_model, "request_compression", None):
        return request
    try:
        body = gzip.decompress(request.body)
    except (OSError, EOFError) as error:
        raise WireValueError("the request body is not valid gzip") from error
    return attrs.evolve(request, body=body)


def host_labels(operation_model: Any, host: str) -> dict[str, str]:
    """Members the endpoint's hostPrefix (``{AccountId}.``) put in the Host."""
    prefix = (operation_model.endpoint or {}).get("hostPrefix")
    if not prefix or "{" not in prefix:
        return {}
    names: list[str] = []
    pattern = ""
    for literal, name in _HOST_LABEL.findall(prefix):
        pattern += re.escape(literal)
        if name:
            names.append(name)
            pattern += "(.+?)"
    found = re.match(pattern, hostname(host))
    return dict(zip(names, found.groups(), strict=True)) if found else {}


def _parse(route: Route, request: WireRequest) -> dict[str, Any]:
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
        return parse_rest(
            operation_model,
            request,
            parse_json.read_object,
            parse_json.read_payload,
            json_body=True,
        )
    if protocol == "rest-xml":
        return parse_rest(operation_model, request, _xml_body, _xml_payload, json_body=False)
    raise WireValueError(f"unsupported protocol {protocol!r}")


__all__ = ["WireValueError", "parse_request"]
