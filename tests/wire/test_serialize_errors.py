"""Every modeled error of hookmock's services reads back from the wire as in-process.

For each error shape hookmock's services model, an AWSError built the way the
backends build them is serialized, read back by botocore's parser (with the
modeled fields merged as botocore's endpoint does), and must equal what the
in-process path hands botocore; the client then raises ``client.exceptions.<Shape>``.
"""

from __future__ import annotations

import functools
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_strategies import valid
from response_oracle import XML_PROTOCOLS, body_bytes, parse_back, service_model, xml_safe

from hookmock.backends import SERVICES
from hookmock.shapes.errors import AWSError, modeled_error
from hookmock.shapes.protocols import protocol_of
from hookmock.shapes.responses import error_response
from hookmock.shapes.wire import serialize_error

ERRORS = settings(
    max_examples=3, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
EXTRA_SERVICES = ("ec2", "lambda", "cloudwatchomni")


@functools.cache
def error_shapes() -> list[tuple[str, str]]:
    found = []
    for name in [*sorted(SERVICES), *EXTRA_SERVICES]:
        model = service_model(name)
        found += [(name, shape.name) for shape in model.error_shapes]
    return found


@functools.cache
def exceptions(service_name: str) -> Any:
    return boto3.client(service_name, region_name="us-east-1").exceptions


def _fields(shape: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Values for the error's members other than its message (that is the error's own)."""
    drawn = valid(shape)
    if drawn.is_empty:
        return st.just({})
    return drawn.map(lambda d: {k: v for k, v in d.items() if k.lower() != "message"})


def _any_operation(model: Any) -> Any:
    return model.operation_model(model.operation_names[0])


def _botocore_class(service_name: str, error: dict[str, Any]) -> Any:
    """The exception class a botocore client raises for a parsed error (its own rule:
    a query-compatible service's modeled code first)."""
    code = error.get("QueryErrorCode") or error.get("Code")
    return exceptions(service_name).from_code(code)


@pytest.mark.parametrize(
    ("service_name", "shape_name"), error_shapes(), ids=[f"{a}.{b}" for a, b in error_shapes()]
)
@ERRORS
@given(data=st.data())
def test_modeled_error_reads_back_as_in_process(
    service_name: str, shape_name: str, data: st.DataObject
) -> None:
    model = service_model(service_name)
    shape = model.shape_for(shape_name)
    fields = data.draw(_fields(shape))
    if protocol_of(model) in XML_PROTOCOLS:
        fields = xml_safe(shape, fields)
    query_code = None
    if "awsQueryCompatible" in model.metadata:
        query_code = data.draw(st.sampled_from([None, f"AWS.Legacy.{shape_name}"]))
    error = modeled_error(
        model, shape_name, "it went wrong & <badly>", query_code=query_code, **fields
    )
    operation_model = _any_operation(model)

    wire = serialize_error(model, error, "req-1", operation_model)
    back = parse_back(operation_model, wire)

    _, in_process = error_response(operation_model, "https://x", error, "req-1")
    in_process.pop("ResponseMetadata")
    assert back == in_process
    assert wire.status == error.status
    assert _botocore_class(service_name, back["Error"]) is getattr(
        exceptions(service_name), shape_name
    )


@pytest.mark.parametrize("service_name", [*sorted(SERVICES), *EXTRA_SERVICES])
def test_unmodeled_error_keeps_code_and_message(service_name: str) -> None:
    model = service_model(service_name)
    operation_model = _any_operation(model)
    error = AWSError("SomethingUnmodeled", "no shape for this one", 400)
    back = parse_back(operation_model, serialize_error(model, error, "req-1", operation_model))
    _, in_process = error_response(operation_model, "https://x", error, "req-1")
    in_process.pop("ResponseMetadata")
    assert back == in_process


def test_s3_head_errors_have_no_body() -> None:
    """A HEAD response carries no body: botocore reads the status as the code, as
    hookmock's S3 backend raises it for HEAD requests."""
    model = service_model("s3")
    operation_model = model.operation_model("HeadObject")
    error = AWSError("404", "Not Found", 404)
    wire = serialize_error(model, error, "req-1", operation_model)
    assert body_bytes(wire) == b""
    assert parse_back(operation_model, wire) == {"Error": {"Code": "404", "Message": "Not Found"}}


def test_s3_error_document_carries_request_and_host_ids() -> None:
    model = service_model("s3")
    operation_model = model.operation_model("GetObject")
    error = AWSError("NoSuchKey", "The specified key does not exist.", 404, fields={"Key": "k"})
    wire = serialize_error(model, error, "req-1", operation_model)
    body = body_bytes(wire).decode()
    assert body.startswith('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>')
    assert "<Key>k</Key><RequestId>req-1</RequestId><HostId>" in body
    headers = dict(wire.headers)
    assert headers["x-amz-request-id"] == "req-1"
    assert f"<HostId>{headers['x-amz-id-2']}</HostId>" in body


@pytest.mark.parametrize(
    ("service_name", "header"),
    [("sqs", "x-amzn-requestid"), ("iam", "x-amzn-requestid"), ("s3", "x-amz-request-id")],
)
def test_request_id_header_per_protocol(service_name: str, header: str) -> None:
    model = service_model(service_name)
    wire = serialize_error(model, AWSError("Nope", "no", 400), "req-9", _any_operation(model))
    assert dict(wire.headers)[header] == "req-9"


def test_query_compatible_error_sends_query_code_header_and_shape_type() -> None:
    model = service_model("sqs")
    error = modeled_error(
        model, "QueueDoesNotExist", "gone", query_code="AWS.SimpleQueueService.NonExistentQueue"
    )
    wire = serialize_error(model, error, "req-1")
    headers = dict(wire.headers)
    assert headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"
    assert b'"__type":"com.amazonaws.sqs#QueueDoesNotExist"' in body_bytes(wire)
