"""serialize_response and serialize_error: one serializer per protocol, S3's quirks apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.shapes.errors import AWSError
from hookmock.shapes.protocols import protocol_of
from hookmock.shapes.wire.response import Serializer, WireResponse
from hookmock.shapes.wire.serialize_cbor import CborSerializer
from hookmock.shapes.wire.serialize_json import JsonSerializer
from hookmock.shapes.wire.serialize_query import Ec2Serializer, QuerySerializer
from hookmock.shapes.wire.serialize_rest import RestJsonSerializer
from hookmock.shapes.wire.serialize_restxml import RestXmlSerializer
from hookmock.shapes.wire.serialize_s3 import S3Serializer

_BY_PROTOCOL: dict[str, Serializer] = {
    "query": QuerySerializer(),
    "ec2": Ec2Serializer(),
    "json": JsonSerializer(),
    "rest-json": RestJsonSerializer(),
    "rest-xml": RestXmlSerializer(),
    "smithy-rpc-v2-cbor": CborSerializer(),
}
_BY_SERVICE: dict[str, Serializer] = {"s3": S3Serializer()}


def serializer_for(service_model: Any) -> Serializer:
    found = _BY_SERVICE.get(service_model.service_name)
    if found is not None:
        return found
    protocol = protocol_of(service_model)
    try:
        return _BY_PROTOCOL[protocol]
    except KeyError:
        raise NotImplementedError(f"no serializer for the {protocol} protocol") from None


def serialize_response(
    operation_model: Any, parsed: Mapping[str, Any], status: int, request_id: str
) -> WireResponse:
    """``parsed`` (the dict botocore's parser returns; ResponseMetadata ignored) on the wire."""
    serializer = serializer_for(operation_model.service_model)
    return serializer.response(operation_model, parsed, status, request_id)


def serialize_error(
    service_model: Any, error: AWSError, request_id: str, operation_model: Any = None
) -> WireResponse:
    """``error`` on the wire, so botocore reports the code, message and modeled fields
    hookmock's in-process error_response gives."""
    return serializer_for(service_model).error(service_model, error, request_id, operation_model)
