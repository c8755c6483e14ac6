"""The json protocol (1.0 and 1.1), and the JSON values rest-json bodies share."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from hookmock.shapes.errors import AWSError
from hookmock.shapes.wire._common import (
    EPOCH,
    b64encode,
    epoch_seconds,
    format_timestamp,
    outside_body,
    special_float,
    timestamp_format,
)
from hookmock.shapes.wire.response import Serializer, WireResponse, fault

# Where AWS sends ``__type`` as a shape id, the namespace it uses; elsewhere the bare code.
_ERROR_NAMESPACES = {
    "dynamodb": "com.amazonaws.dynamodb.v20120810",
    "sqs": "com.amazonaws.sqs",
}


class JsonValues:
    """Parsed values as plain JSON data, walking the shape."""

    def value(self, shape: Any, value: Any) -> Any:
        kind = shape.type_name
        if kind == "structure":
            if getattr(shape, "is_document_type", False):
                return value
            return self.structure(shape, value)
        if kind == "list":
            return [None if item is None else self.value(shape.member, item) for item in value]
        if kind == "map":
            return {
                key: None if item is None else self.value(shape.value, item)
                for key, item in value.items()
            }
        return self.scalar(shape, value)

    def structure(
        self, shape: Any, value: Mapping[str, Any], skip_located: bool = False
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for member_name, member in shape.members.items():
            item = value.get(member_name)
            if item is None or (skip_located and outside_body(member)):
                continue
            out[self.member_name(member, member_name)] = self.value(member, item)
        return out

    def member_name(self, member: Any, member_name: str) -> str:
        return str(member.serialization.get("name", member_name))

    def scalar(self, shape: Any, value: Any) -> Any:
        kind = shape.type_name
        if kind == "timestamp":
            fmt = timestamp_format(shape, EPOCH)
            return epoch_seconds(value) if fmt == EPOCH else format_timestamp(value, fmt)
        if kind == "blob":
            return b64encode(value)
        if kind in ("float", "double"):
            return special_float(value)
        return value


def dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def error_type(service_model: Any, code: str) -> str:
    namespace = _ERROR_NAMESPACES.get(service_model.service_name)
    return f"{namespace}#{code}" if namespace else code


def error_document(
    values: JsonValues, service_model: Any, error: AWSError, headers: dict[str, str]
) -> dict[str, Any]:
    """The JSON-family error body (``__type``, message, modeled fields), and for
    awsQueryCompatible services the ``x-amzn-query-error`` header carrying the
    query code, so botocore reports that code and the modeled shape both."""
    shape = service_model.shape_for_error_code(error.code)
    shape_name = error.shape or (shape.name if shape is not None else None)
    if shape is None and error.shape:
        shape = service_model.shape_for(error.shape)
    type_code = error.code
    if "awsQueryCompatible" in service_model.metadata and shape_name:
        headers["x-amzn-query-error"] = f"{error.code};{fault(error)}"
        type_code = shape_name
    document: dict[str, Any] = {"__type": error_type(service_model, type_code)}
    message_key = "message"
    fields = dict(error.fields)
    if shape is not None:
        for name, member in shape.members.items():
            if name.lower() == "message":
                message_key = values.member_name(member, name)
                fields.pop(name, None)
        document.update(values.structure(shape, fields, skip_located=True))
    document[message_key] = error.message
    return document


class JsonSerializer(Serializer):
    values = JsonValues()

    def response(
        self, operation_model: Any, parsed: Mapping[str, Any], status: int, request_id: str
    ) -> WireResponse:
        shape = operation_model.output_shape
        data = {} if shape is None else self.values.structure(shape, parsed)
        headers = self.base_headers(operation_model.service_model, request_id)
        return WireResponse(status, list(headers.items()), dump(data))

    def error(
        self, service_model: Any, error: AWSError, request_id: str, operation_model: Any
    ) -> WireResponse:
        headers = self.base_headers(service_model, request_id)
        document = error_document(self.values, service_model, error, headers)
        return WireResponse(error.status, list(headers.items()), dump(document))
