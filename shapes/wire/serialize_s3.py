"""S3's quirks on rest-xml: its namespace, root element names the model does not
carry, GetBucketLocation's bare root, and ``<Error>`` documents (none for HEAD)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.shapes.errors import AWSError
from hookmock.shapes.responses import s3_host_id
from hookmock.shapes.wire.response import WireResponse
from hookmock.shapes.wire.serialize_query import error_fields
from hookmock.shapes.wire.serialize_restxml import RestXmlSerializer
from hookmock.shapes.wire.serialize_xml import XML_DECLARATION, element, escape_text, text_element

S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/"

# Root elements as S3's API reference shows them, where they are not the shape's name.
_ROOTS = {
    "ListObjects": "ListBucketResult",
    "ListObjectsV2": "ListBucketResult",
    "ListBuckets": "ListAllMyBucketsResult",
    "ListDirectoryBuckets": "ListAllMyDirectoryBucketsResult",
    "ListObjectVersions": "ListVersionsResult",
    "ListMultipartUploads": "ListMultipartUploadsResult",
    "ListParts": "ListPartsResult",
    "CreateMultipartUpload": "InitiateMultipartUploadResult",
    "CompleteMultipartUpload": "CompleteMultipartUploadResult",
    "DeleteObjects": "DeleteResult",
    "GetBucketAcl": "AccessControlPolicy",
    "GetObjectAcl": "AccessControlPolicy",
    "GetBucketTagging": "Tagging",
    "GetObjectTagging": "Tagging",
    "GetBucketVersioning": "VersioningConfiguration",
    "GetBucketCors": "CORSConfiguration",
    "GetBucketLifecycleConfiguration": "LifecycleConfiguration",
    "GetBucketLogging": "BucketLoggingStatus",
    "GetBucketWebsite": "WebsiteConfiguration",
    "GetBucketAccelerateConfiguration": "AccelerateConfiguration",
    "GetBucketRequestPayment": "RequestPaymentConfiguration",
    "GetObjectAttributes": "GetObjectAttributesResponse",
}


class S3Serializer(RestXmlSerializer):
    def namespace(self, service_model: Any) -> list[tuple[str, str]]:
        return [("xmlns", S3_NAMESPACE)]

    def root_name(self, operation_model: Any, shape: Any) -> str:
        name = _ROOTS.get(operation_model.name) or shape.serialization.get("name")
        if name:
            return str(name)
        return shape.name if not shape.name.endswith("Output") else f"{operation_model.name}Result"

    def body(self, operation_model: Any, shape: Any, parsed: Mapping[str, Any]) -> bytes:
        if operation_model.name == "GetBucketLocation":
            # The region is the root's text; botocore reads it with a handler of its own.
            text = escape_text(parsed.get("LocationConstraint") or "")
            root = element(
                "LocationConstraint", text, self.namespace(operation_model.service_model)
            )
            return (XML_DECLARATION + root).encode()
        return super().body(operation_model, shape, parsed)

    def error(
        self, service_model: Any, error: AWSError, request_id: str, operation_model: Any
    ) -> WireResponse:
        headers = self.base_headers(service_model, request_id)
        if operation_model is not None and operation_model.http.get("method") == "HEAD":
            # A HEAD response has no body: clients read the error from the status alone.
            headers.pop("content-type", None)
            return WireResponse(error.status, list(headers.items()), b"")
        root = element(
            "Error",
            text_element("Code", error.code)
            + text_element("Message", error.message)
            + error_fields(service_model, error)
            + text_element("RequestId", request_id)
            + text_element("HostId", s3_host_id(request_id)),
        )
        return WireResponse(error.status, list(headers.items()), (XML_DECLARATION + root).encode())
