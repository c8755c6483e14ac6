"""The rest-xml protocol, and S3's variant of it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.shapes.errors import AWSError
from hookmock.shapes.wire.response import WireResponse, fault
from hookmock.shapes.wire.serialize_query import error_fields
from hookmock.shapes.wire.serialize_rest import RestSerializer
from hookmock.shapes.wire.serialize_xml import (
    XML_DECLARATION,
    element,
    namespace_attrs,
    node,
    service_namespace,
    structure_content,
    text_element,
)


class RestXmlSerializer(RestSerializer):
    """Body members under one root element; errors as ``<ErrorResponse><Error>``."""

    def namespace(self, service_model: Any) -> list[tuple[str, str]]:
        return service_namespace(service_model)

    def root_name(self, operation_model: Any, shape: Any) -> str:
        return str(shape.serialization.get("name") or f"{operation_model.name}Result")

    def body(self, operation_model: Any, shape: Any, parsed: Mapping[str, Any]) -> bytes:
        member_attrs, content = structure_content(shape, parsed)
        namespace = namespace_attrs(shape) or self.namespace(operation_model.service_model)
        root = element(self.root_name(operation_model, shape), content, namespace + member_attrs)
        return (XML_DECLARATION + root).encode()

    def payload(self, operation_model: Any, member: Any, name: str, value: Any) -> bytes:
        root = member.serialization.get("name") or member.name
        attrs = [] if namespace_attrs(member) else self.namespace(operation_model.service_model)
        return (XML_DECLARATION + node(member, value, root, attrs)).encode()

    def error(
        self, service_model: Any, error: AWSError, request_id: str, operation_model: Any
    ) -> WireResponse:
        headers = self.base_headers(service_model, request_id)
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
        return WireResponse(error.status, list(headers.items()), (XML_DECLARATION + root).encode())
