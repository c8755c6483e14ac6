"""The http response and parsed dict a before-call handler hands back to botocore."""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import random
import time
from email.utils import formatdate
from typing import Any

from botocore.awsrequest import AWSResponse

from hookmock.shapes.errors import AWSError
from hookmock.shapes.protocols import JSON_FAMILY, protocol_of
from hookmock.shapes.render import render_output

_CONTENT_TYPES = {
    "query": "text/xml",
    "ec2": "text/xml;charset=UTF-8",
    "rest-xml": "application/xml",
    "rest-json": "application/json",
    "smithy-rpc-v2-cbor": "application/cbor",
}


_ids = random.Random()
os.register_at_fork(after_in_child=_ids.seed)


def new_request_id() -> str:
    """A random (version 4) UUID, as AWS's request ids are. Drawn from a generator of
    hookmock's own, without the UUID object uuid4 builds, and without touching the
    ``random`` module's global state a test may have seeded."""
    bits = _ids.getrandbits(122)
    value = (bits >> 74 << 80) | (0x4 << 76) | ((bits >> 62 & 0xFFF) << 64) | (0b10 << 62)
    text = f"{value | (bits & _LOW_62):032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_LOW_62 = (1 << 62) - 1
_date: tuple[int, str] = (0, "")


def _http_date() -> str:
    """The Date header (one second's resolution, so made once a second)."""
    global _date
    now = int(time.time())
    second, text = _date
    if second != now:
        text = formatdate(now, usegmt=True)
        _date = (now, text)
    return text


def response_headers(service_model: Any, request_id: str) -> dict[str, str]:
    """Content-Type, Date and the request id headers AWS sends with every response."""
    protocol = protocol_of(service_model)
    if protocol == "json":
        version = service_model.metadata.get("jsonVersion", "1.0")
        content_type = f"application/x-amz-json-{version}"
    else:
        content_type = _CONTENT_TYPES.get(protocol, "application/json")
    headers = {"content-type": content_type, "date": _http_date()}
    if service_model.service_name == "s3":
        headers["x-amz-request-id"] = request_id
        headers["x-amz-id-2"] = s3_host_id(request_id)
    else:
        headers["x-amzn-requestid"] = request_id
    return headers


def s3_host_id(request_id: str) -> str:
    """S3's extended request id (``x-amz-id-2``), derived from the request id."""
    return base64.b64encode(hashlib.sha256(request_id.encode()).digest()).decode()


def _finish(
    operation_model: Any, url: str, status: int, parsed: dict[str, Any], request_id: str
) -> tuple[AWSResponse, dict[str, Any]]:
    headers = response_headers(operation_model.service_model, request_id)
    metadata: dict[str, Any] = {"RequestId": request_id}
    if "x-amz-id-2" in headers:
        metadata["HostId"] = headers["x-amz-id-2"]
    metadata.update(HTTPStatusCode=status, HTTPHeaders=headers, RetryAttempts=0)
    parsed["ResponseMetadata"] = metadata
    # raw=None tells botocore's after-call handlers (S3 GetBucketLocation's,
    # for one) that there is no wire body to re-parse, as with a Stubber.
    return AWSResponse(url, status, headers, None), parsed


def success_response(
    operation_model: Any, url: str, result: Any, request_id: str, status: int = 200
) -> tuple[AWSResponse, dict[str, Any]]:
    parsed = render_output(operation_model.output_shape, result, operation_model.service_model)
    return _finish(operation_model, url, status, parsed, request_id)


def rendered_response(
    operation_model: Any, url: str, parsed: dict[str, Any], request_id: str, status: int = 200
) -> tuple[AWSResponse, dict[str, Any]]:
    """``success_response`` for a result already rendered to the output shape."""
    return _finish(operation_model, url, status, parsed, request_id)


def error_response(
    operation_model: Any, url: str, error: AWSError, request_id: str
) -> tuple[AWSResponse, dict[str, Any]]:
    """Render ``error`` as botocore would have parsed AWS's error response.

    ``Error`` carries Code and Message (query: also Type; XML protocols: every
    other field too, as text). Where the code names a modeled error shape,
    botocore also merges that shape's parsed members into the top level: for
    the JSON family that includes the message member, for the XML protocols a
    member read from the ``<Message>`` element.
    """
    service_model = operation_model.service_model
    protocol = protocol_of(service_model)
    if protocol == "rest-xml" and operation_model.http.get("method") == "HEAD":
        # a HEAD response has no body to carry the error: botocore names it by its status
        status = error.status
        error = AWSError(str(status), http.client.responses.get(status, ""), status)
    fault = "Sender" if error.sender_fault else "Receiver"
    body: dict[str, Any] = {"Code": error.code, "Message": error.message}
    parsed: dict[str, Any] = {"Error": body}
    shape = service_model.shape_for_error_code(error.code)
    if protocol == "query":
        body["Type"] = fault
    if protocol in ("query", "ec2", "rest-xml"):
        # an empty element reads back as None inside Error (botocore takes its .text)
        body.update({name: _as_text(value) or None for name, value in error.fields.items()})
    if protocol in JSON_FAMILY:
        query_error = error.shape or (shape.name if shape is not None else None)
        if "awsQueryCompatible" in service_model.metadata and query_error:
            body["QueryErrorCode"] = query_error
            body["Type"] = fault
        if shape is not None:
            parsed.update(_modeled_fields(shape, error, service_model))
    elif shape is not None:
        parsed.update(_xml_modeled_fields(shape, error, service_model))
    return _finish(operation_model, url, error.status, parsed, request_id)


def _modeled_fields(shape: Any, error: AWSError, service_model: Any) -> dict[str, Any]:
    fields = dict(error.fields)
    for name in shape.members:
        if name.lower() == "message" and name not in fields:
            fields[name] = error.message
    return render_output(shape, fields, service_model)


def _xml_modeled_fields(shape: Any, error: AWSError, service_model: Any) -> dict[str, Any]:
    fields = {k: v for k, v in error.fields.items() if k in shape.members}
    for name, member in shape.members.items():
        if member.serialization.get("name", name) == "Message" and name not in fields:
            fields[name] = error.message
    return render_output(shape, fields, service_model)


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
