"""What rest-json and rest-xml share: members bound to headers, the status code and
the payload; and the rest-json body itself."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from hookmock.shapes.errors import AWSError
from hookmock.shapes.wire._common import (
    RFC822,
    b64encode,
    float_text,
    format_timestamp,
    outside_body,
)
from hookmock.shapes.wire._common import timestamp_format as _timestamp_format
from hookmock.shapes.wire.response import Serializer, WireResponse, chunks
from hookmock.shapes.wire.serialize_json import JsonValues, dump, error_document


def header_text(shape: Any, value: Any) -> str:
    kind = shape.type_name
    if kind == "list":
        return ",".join(_list_item(shape.member, item) for item in value if item is not None)
    if kind == "string" and shape.serialization.get("jsonvalue"):
        return b64encode(json.dumps(value, separators=(",", ":")))
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("float", "double"):
        return float_text(value)
    if kind == "timestamp":
        return format_timestamp(value, _timestamp_format(shape, RFC822))
    if kind == "blob":
        return b64encode(value)
    return str(value)


def _list_item(shape: Any, value: Any) -> str:
    text = header_text(shape, value)
    if shape.type_name == "string" and ("," in text or '"' in text):
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    return text


def located(
    shape: Any, parsed: Mapping[str, Any], status: int
) -> tuple[int, list[tuple[str, str]]]:
    """The status (a statusCode member wins) and headers that ``parsed`` binds."""
    headers: list[tuple[str, str]] = []
    for name, member in shape.members.items():
        value = parsed.get(name)
        location = member.serialization.get("location")
        if value is None or location is None or (member.type_name == "list" and not value):
            continue
        if location == "statusCode":
            status = int(value)
        elif location == "header":
            headers.append((member.serialization.get("name", name), header_text(member, value)))
        elif location == "headers":
            prefix = member.serialization.get("name", "")
            headers.extend(
                (f"{prefix}{key}", header_text(member.value, item))
                for key, item in value.items()
                if item is not None
            )
    return status, headers


def _header_names(shape: Any) -> list[str]:
    return [
        m.serialization.get("name", n)
        for n, m in shape.members.items()
        if m.serialization.get("location") == "header"
    ]


def has_body_members(shape: Any) -> bool:
    return not all(map(outside_body, shape.members.values()))


def raw_payload(shape: Any, value: Any) -> bytes | Iterable[bytes]:
    """A blob or string payload: the bytes themselves, streamed when the model says so."""
    if shape.serialization.get("streaming"):
        return chunks(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value) if not hasattr(value, "read") else b"".join(chunks(value))


def merge_headers(
    base: dict[str, str], located_headers: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The base headers with any the model binds (Content-Type, say) taking their place."""
    bound = {name.lower() for name, _ in located_headers}
    return [(k, v) for k, v in base.items() if k.lower() not in bound] + located_headers


class RestSerializer(Serializer):
    """The shared half: a subclass says how a body is written."""

    def response(
        self, operation_model: Any, parsed: Mapping[str, Any], status: int, request_id: str
    ) -> WireResponse:
        base = self.base_headers(operation_model.service_model, request_id)
        shape = operation_model.output_shape
        if shape is None:
            return WireResponse(status, list(base.items()), b"")
        status, bound = located(shape, parsed, status)
        payload_name = shape.serialization.get("payload")
        if any(n.lower() == "content-type" for n in _header_names(shape)):
            base.pop("content-type", None)  # the member says, as AWS would
        if payload_name is None:
            body: bytes | Iterable[bytes] = (
                self.body(operation_model, shape, parsed) if has_body_members(shape) else b""
            )
        else:
            member = shape.members[payload_name]
            value = parsed.get(payload_name)
            if member.serialization.get("eventstream"):
                raise NotImplementedError(
                    f"{operation_model.name}: event streams are not serialized yet"
                )
            if member.type_name in ("blob", "string"):
                if "content-type" in base:
                    base["content-type"] = "application/octet-stream"
                body = b"" if value is None else raw_payload(member, value)
            elif value is None:
                body = b""
            else:
                body = self.payload(operation_model, member, payload_name, value)
        return WireResponse(status, merge_headers(base, bound), body)

    def body(self, operation_model: Any, shape: Any, parsed: Mapping[str, Any]) -> bytes:
        raise NotImplementedError

    def payload(self, operation_model: Any, member: Any, name: str, value: Any) -> bytes:
        raise NotImplementedError


class RestJsonSerializer(RestSerializer):
    values = JsonValues()

    def body(self, operation_model: Any, shape: Any, parsed: Mapping[str, Any]) -> bytes:
        return dump(self.values.structure(shape, parsed, skip_located=True))

    def payload(self, operation_model: Any, member: Any, name: str, value: Any) -> bytes:
        return dump(self.values.value(member, value))

    def error(
        self, service_model: Any, error: AWSError, request_id: str, operation_model: Any
    ) -> WireResponse:
        base = self.base_headers(service_model, request_id)
        document = error_document(self.values, service_model, error, base)
        # botocore takes the code from this header over the body's __type: the query code.
        base["x-amzn-errortype"] = error.code
        shape = service_model.shape_for_error_code(error.code)
        if shape is None and error.shape:
            shape = service_model.shape_for(error.shape)
        status, bound = error.status, list[tuple[str, str]]()
        if shape is not None:
            status, bound = located(shape, error.fields, error.status)
        return WireResponse(status, merge_headers(base, bound), dump(document))
