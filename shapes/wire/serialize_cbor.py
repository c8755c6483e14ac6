"""The smithy-rpc-v2-cbor protocol: one CBOR map per body, members by their own names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.shapes.errors import AWSError
from hookmock.shapes.wire._common import epoch_seconds
from hookmock.shapes.wire.cbor import Tagged, encode
from hookmock.shapes.wire.response import Serializer, WireResponse
from hookmock.shapes.wire.serialize_json import JsonValues, error_document

EPOCH_TAG = 1


class CborValues(JsonValues):
    def member_name(self, member: Any, member_name: str) -> str:
        return member_name

    def scalar(self, shape: Any, value: Any) -> Any:
        kind = shape.type_name
        if kind == "timestamp":
            return Tagged(EPOCH_TAG, epoch_seconds(value))
        if kind == "blob":
            return value.encode("utf-8") if isinstance(value, str) else bytes(value)
        if kind in ("float", "double"):
            return float(value)
        return value


class CborSerializer(Serializer):
    values = CborValues()

    def base_headers(self, service_model: Any, request_id: str) -> dict[str, str]:
        headers = super().base_headers(service_model, request_id)
        headers["smithy-protocol"] = "rpc-v2-cbor"
        return headers

    def response(
        self, operation_model: Any, parsed: Mapping[str, Any], status: int, request_id: str
    ) -> WireResponse:
        shape = operation_model.output_shape
        headers = self.base_headers(operation_model.service_model, request_id)
        # botocore reads any modeled output as a map, so an empty result is an empty map.
        body = b"" if shape is None else encode(self.values.structure(shape, parsed))
        return WireResponse(status, list(headers.items()), body)

    def error(
        self, service_model: Any, error: AWSError, request_id: str, operation_model: Any
    ) -> WireResponse:
        headers = self.base_headers(service_model, request_id)
        document = error_document(self.values, service_model, error, headers)
        return WireResponse(error.status, list(headers.items()), encode(document))
