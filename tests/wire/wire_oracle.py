"""botocore as the oracle: params → the HTTP request botocore would send → WireRequest."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.serialize import create_serializer

from hookmock.shapes.wire import WireRequest

SIGNING_DATE = "20240101"


def authorization(signing_name: str, region: str = "us-east-1") -> str:
    return (
        f"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{SIGNING_DATE}/{region}/{signing_name}"
        "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef"
    )


def to_wire(
    protocol: str,
    operation_model: Any,
    params: dict[str, Any],
    endpoint: str,
    *,
    signed: bool = True,
) -> WireRequest:
    """The request botocore's serializer and request preparation make of ``params``."""
    serializer = create_serializer(protocol, include_validation=False)
    request_dict = serializer.serialize_to_request(params, operation_model)
    prepare_request_dict(request_dict, endpoint_url=endpoint)
    prepared = create_request_object(request_dict).prepare()
    url = urlsplit(prepared.url)
    headers = {name.lower(): str(value) for name, value in prepared.headers.items()}
    if signed:
        headers["authorization"] = authorization(operation_model.service_model.signing_name)
    body = prepared.body or b""
    if isinstance(body, str):
        body = body.encode("utf-8")
    return WireRequest(
        method=prepared.method,
        path=url.path or "/",
        query=url.query,
        headers=headers,
        body=bytes(body),
        host=url.netloc,
    )
