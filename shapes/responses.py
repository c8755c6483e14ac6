"""The http response and parsed dict a before-call handler hands back to botocore."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from email.utils import formatdate
from typing import Any

from botocore.awsrequest import AWSResponse

from hookmock.shapes.errors import AWSError
from hookmock.shapes.render import render_output

_CONTENT_TYPES = {
    "query": "text/xml",
    "ec2": "text/xml;charset=UTF-8",
    "rest-xml": "application/xml",
    "rest-json": "application/json",
    "smithy-rpc-v2-cbor": "application/cbor",
}


class _EmptyBody:
    """The raw body of an answered call: there is no wire payload to read."""

    def stream(self, **_: Any) -> Iterator[bytes]:
        return iter(())


def new_request_id() -> str:
    return str(uuid.uuid4())


def _headers(service_model: Any, request_id: str) -> dict[str, str]:
    protocol = service_model.protocol
    if protocol == "json":
        version = service_model.metadata.get("jsonVersion", "1.0")
        content_type = f"application/x-amz-json-{version}"
    else:
        content_type = _CONTENT_TYPES.get(protocol, "application/json")
    headers = {
        "x-amzn-requestid": request_id,
        "content-type": content_type,
        "date": formatdate(usegmt=True),
    }
    if protocol == "rest-xml":
        headers["x-amz-request-id"] = request_id
    return headers


def _finish(
    operation_model: Any, url: str, status: int, parsed: dict[str, Any], request_id: str
) -> tuple[AWSResponse, dict[str, Any]]:
    headers = _headers(operation_model.service_model, request_id)
    parsed["ResponseMetadata"] = {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }
    return AWSResponse(url, status, headers, _EmptyBody()), parsed


def success_response(
    operation_model: Any, url: str, result: Any, request_id: str, status: int = 200
) -> tuple[AWSResponse, dict[str, Any]]:
    parsed = render_output(operation_model.output_shape, result)
    return _finish(operation_model, url, status, parsed, request_id)


def error_response(
    operation_model: Any, url: str, error: AWSError, request_id: str
) -> tuple[AWSResponse, dict[str, Any]]:
    """Render ``error`` as botocore's parser would have parsed AWS's error body."""
    protocol = operation_model.service_model.protocol
    body: dict[str, Any] = {"Code": error.code, "Message": error.message}
    parsed: dict[str, Any] = {"Error": body}
    if protocol == "query":
        body["Type"] = "Sender" if error.sender_fault else "Receiver"
    if protocol == "rest-xml":
        body.update(error.fields)
    else:
        parsed.update(error.fields)
    return _finish(operation_model, url, error.status, parsed, request_id)
