"""The query and ec2 protocols: XML bodies under ``<OpResponse>``, errors as XML documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.shapes.errors import AWSError
from hookmock.shapes.wire.response import Serializer, WireResponse, fault
from hookmock.shapes.wire.serialize_xml import (
    XML_DECLARATION,
    element,
    member_xml,
    scalar_text,
    service_namespace,
    structure_content,
    text_element,
)


class QuerySerializer(Serializer):
    """``<OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId>…``."""

    def namespace(self, service_model: Any) -> list[tuple[str, str]]:
        return service_namespace(service_model)

    def response(
        self, operation_model: Any, parsed: Mapping[str, Any], status: int, request_id: str
    ) -> WireResponse:
        service_model = operation_model.service_model
        content = self.result(operation_model, parsed, request_id)
        root = element(f"{operation_model.name}Response", content, self.namespace(service_model))
        headers = self.base_headers(service_model, request_id)
        return WireResponse(status, list(headers.items()), (XML_DECLARATION + root).encode())

    def result(self, operation_model: Any, parsed: Mapping[str, Any], request_id: str) -> str:
        shape = operation_model.output_shape
        result = ""
        if shape is not None:
            attrs, content = structure_content(shape, parsed, skip_located=False)
            wrapper = shape.serialization.get("resultWrapper")
            result = element(wrapper, content, attrs) if wrapper else content
        metadata = element("ResponseMetadata", text_element("RequestId", request_id))
        return result + metadata

    def error(
        self, service_model: Any, error: AWSError, request_id: str, operation_model: Any
    ) -> WireResponse:
        body = element(
            "Error",
            text_element("Type", fault(error))
            + text_element("Code", error.code)
            + text_element("Message", error.message)
            + error_fields(service_model, error),
        )
        root = element(
            "ErrorResponse",
            body + text_element("RequestId", request_id),
            self.namespace(service_model),
        )
        headers = self.base_headers(service_model, request_id)
        return WireResponse(error.status, list(headers.items()), (XML_DECLARATION + root).encode())


class Ec2Serializer(QuerySerializer):
    """ec2: members straight under ``<OpResponse>`` after ``<requestId>``; errors under
    ``<Response><Errors><Error>`` with ``<RequestID>``."""

    def namespace(self, service_model: Any) -> list[tuple[str, str]]:
        namespace = service_model.metadata.get("xmlNamespace")
        if not namespace:
            namespace = f"http://ec2.amazonaws.com/doc/{service_model.api_version}/"
        return [("xmlns", namespace.rstrip("/") + "/")]

    def result(self, operation_model: Any, parsed: Mapping[str, Any], request_id: str) -> str:
        shape = operation_model.output_shape
        content = ""
        if shape is not None:
            content = structure_content(shape, parsed, skip_located=False)[1]
        return text_element("requestId", request_id) + content

    def error(
        self, service_model: Any, error: AWSError, request_id: str, operation_model: Any
    ) -> WireResponse:
        body = element(
            "Error",
            text_element("Code", error.code)
            + text_element("Message", error.message)
            + error_fields(service_model, error),
        )
        root = element("Response", element("Errors", body) + text_element("RequestID", request_id))
        headers = self.base_headers(service_model, request_id)
        return WireResponse(error.status, list(headers.items()), (XML_DECLARATION + root).encode())


# Written from the error itself; a modeled member of the same name is the same value.
_WRITTEN = frozenset({"Type", "Code", "Message"})


def error_fields(service_model: Any, error: AWSError) -> str:
    """An error's extra fields as elements of ``<Error>``: by the modeled shape where it
    has the member, else as text (botocore reads every child of ``<Error>`` as text)."""
    shape = service_model.shape_for_error_code(error.code)
    if shape is None and error.shape:
        shape = service_model.shape_for(error.shape)
    members = shape.members if shape is not None else {}
    parts = []
    for name, value in error.fields.items():
        if value is None or name in _WRITTEN:
            continue
        member = members.get(name)
        if member is None:
            parts.append(text_element(name, _text(value)))
        elif member.type_name in ("structure", "list", "map"):
            parts.append(member_xml(member, value, member.serialization.get("name", name)))
        else:
            parts.append(
                text_element(member.serialization.get("name", name), scalar_text(member, value))
            )
    return "".join(parts)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
