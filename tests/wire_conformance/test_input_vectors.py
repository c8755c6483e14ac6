"""Input vectors in reverse: the vector's serialized request → route() and
parse_request() → the vector's params."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import math
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.model import OperationModel, ServiceModel
from vectors import vectors_dir

from hookmock.shapes.wire import WireRequest, parse_request, route

from conftest import cases

pytestmark = pytest.mark.skipif(
    vectors_dir() is None,
    reason="botocore's protocol vectors are not cached: run `nox -s wire_conformance`",
)

_NO_WIRE_FORM = "the params hold an empty list or map that the request does not carry at all"
_CLIENT_FILLED = "the client fills in an idempotency token the params do not hold"
_GZIP_ELIDED = "the vector leaves out the gzipped body it checks only the header of"
_MAP_PRECEDENCE = (
    "a query key bound to a named member also sits in the map-typed (httpQueryParams) "
    "member's params; read back, a named member takes its key and the map gets the rest"
)
_ENDPOINT_PATH = "the client's endpoint carries a path prefix (/custom) a server does not have"
CONFORMANCE_DIRECTION = "input"
"""Read by conftest's per-protocol summary, with each test's ``protocol`` param."""

SKIPS: dict[str, str] = {
    "input/query.json::QueryEmptyQueryMaps": _NO_WIRE_FORM,
    "input/ec2.json::Ec2EmptyQueryLists": _NO_WIRE_FORM,
    "input/rest-json.json::RestJsonOmitsEmptyListQueryValues": _NO_WIRE_FORM,
    "input/rest-json.json::RestJsonHttpPrefixHeadersAreNotPresent": _NO_WIRE_FORM,
    "input/rest-xml.json::HttpPrefixHeadersAreNotPresent": _NO_WIRE_FORM,
    "input/ec2.json::Ec2ProtocolIdempotencyTokenAutoFillIsSet": _CLIENT_FILLED,
    "input/query.json::QueryProtocolIdempotencyTokenAutoFill": _CLIENT_FILLED,
    "input/rest-json.json::RestJsonQueryIdempotencyTokenAutoFill": _CLIENT_FILLED,
    "input/rest-xml.json::QueryIdempotencyTokenAutoFill": _CLIENT_FILLED,
    "legacy/input/ec2.json::8:1": _CLIENT_FILLED,
    "legacy/input/query.json::12:1": _CLIENT_FILLED,
    "legacy/input/rest-json.json::19:1": _CLIENT_FILLED,
    "legacy/input/rest-xml.json::23:1": _CLIENT_FILLED,
    "legacy/input/json.json::6:1": _CLIENT_FILLED,
    "input/ec2.json::Ec2ProtocolIdempotencyTokenAutoFill": _CLIENT_FILLED,
    "legacy/input/rest-json.json::26:1": _NO_WIRE_FORM,
    "legacy/input/rest-xml.json::26:1": _NO_WIRE_FORM,
    "input/rest-json.json::RestJsonAllQueryStringTypes": _MAP_PRECEDENCE,
    "input/rest-json.json::RestJsonQueryStringEscaping": _MAP_PRECEDENCE,
    "input/rest-json.json::RestJsonSupportsNaNFloatQueryValues": _MAP_PRECEDENCE,
    "input/rest-json.json::RestJsonSupportsInfinityFloatQueryValues": _MAP_PRECEDENCE,
    "input/rest-json.json::RestJsonSupportsNegativeInfinityFloatQueryValues": _MAP_PRECEDENCE,
    "input/rest-json.json::RestJsonZeroAndFalseQueryValues": _MAP_PRECEDENCE,
    "input/rest-json.json::RestJsonQueryPrecedence": _MAP_PRECEDENCE,
    "input/rest-xml.json::RestXmlQueryPrecedence": _MAP_PRECEDENCE,
    "input/json_1_0.json::AwsJson10HostWithPath": _ENDPOINT_PATH,
    "input/rest-json.json::RestJsonHostWithPath": _ENDPOINT_PATH,
    "input/rest-json.json::MediaTypeHeaderInputBase64": "the mediaType trait (base64 of a "
    "JSON string) is not in botocore's models; botocore skips this vector too",
    "input/rest-xml.json::BodyWithXmlName": "the expected element names come from the target "
    "shape's xmlName, which botocore folds into the member's name; botocore skips it too",
    "legacy/input/rest-json.json::25:7": "botocore adds Content-Type: application/octet-stream "
    "itself; the params leave the member bound to that header unset",
}
"""Vector id → why it cannot pass in reverse."""


def _skip_reason(case_id: str) -> str | None:
    if "ContentEncoding" in case_id or "Gzip" in case_id:
        return _GZIP_ELIDED
    return SKIPS.get(case_id)


def _service(suite: dict[str, Any], case: dict[str, Any]) -> tuple[ServiceModel, OperationModel]:
    description = copy.deepcopy(suite)
    name = case.get("given", {}).get("name", "OperationName")
    description["operations"] = {name: case["given"]}
    metadata = description.setdefault("metadata", {})
    metadata.setdefault("serviceId", "Conformance")
    metadata.setdefault("endpointPrefix", "conformance")
    model = ServiceModel(description, service_name="conformance")
    return model, model.operation_model(name)


def _wire(serialized: dict[str, Any], protocol: str, operation_model: Any) -> WireRequest:
    """The vector's request. Vectors list only the headers they check, so what
    every such request carries is added: the signature, json's X-Amz-Target."""
    url = urlsplit(serialized.get("uri", "/"))
    model = operation_model.service_model
    headers = {k.lower(): str(v) for k, v in serialized.get("headers", {}).items()}
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/{model.signing_name}"
        "/aws4_request, SignedHeaders=host, Signature=00"
    )
    if protocol == "json":
        target = f"{model.metadata.get('targetPrefix')}.{operation_model.name}"
        headers.setdefault("x-amz-target", target)
    body = serialized.get("body", "")
    raw = base64.b64decode(body) if protocol == "smithy-rpc-v2-cbor" else body.encode("utf-8")
    return WireRequest(
        method=serialized.get("method") or operation_model.http.get("method", "POST"),
        path=url.path or "/",
        query=url.query,
        headers=headers,
        body=raw,
        host=serialized.get("host", "example.com"),
    )


def _expected(shape: Any, value: Any) -> Any:
    """The vector's JSON params as botocore's callers pass them: timestamps as
    aware datetimes, blobs as bytes, special floats as floats."""
    kind = shape.type_name
    if kind == "structure" and not getattr(shape, "is_document_type", False):
        return {k: _expected(shape.members[k], v) for k, v in value.items() if v is not None}
    if kind == "list":
        return [_expected(shape.member, v) for v in value]
    if kind == "map":
        return {k: _expected(shape.value, v) for k, v in value.items()}
    if kind == "timestamp" and isinstance(value, (int, float)):
        return dt.datetime.fromtimestamp(value, dt.timezone.utc)
    if kind == "blob" and isinstance(value, str):
        return value.encode("utf-8")
    if kind in ("float", "double") and isinstance(value, str):
        return float(value)
    return value


def _comparable(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def _params(direction_cases: list[Any]) -> list[Any]:
    found = []
    for case_id, suite, case in direction_cases:
        if "params" not in case:
            continue
        protocol = suite["metadata"]["protocol"]
        reason = _skip_reason(case_id)
        marks = [pytest.mark.skip(reason=reason)] if reason else []
        found.append(pytest.param(protocol, suite, case, id=case_id, marks=marks))
    return found


@pytest.mark.parametrize(("protocol", "suite", "case"), _params(list(cases("input"))))
def test_input_vector(protocol: str, suite: dict[str, Any], case: dict[str, Any]) -> None:
    model, operation_model = _service(suite, case)
    request = _wire(case["serialized"], protocol, operation_model)
    found = route(request, {"conformance": model})
    assert found.operation_model.name == operation_model.name
    parsed = parse_request(found, request)
    wanted = (
        {}
        if operation_model.input_shape is None
        else _expected(operation_model.input_shape, case["params"])
    )
    assert _comparable(parsed) == _comparable(wanted)
