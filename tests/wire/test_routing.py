"""route(): service and operation from real-looking requests, and what it refuses."""

from __future__ import annotations

import functools
from typing import Any

import botocore.session
import pytest
from wire_oracle import authorization

from hookmock.shapes.wire import WireRequest, WireRoutingError, parse_request, route

SERVICES = ("s3", "s3control", "dynamodb", "dynamodbstreams", "sqs", "sts", "lambda", "cloudwatch")


@functools.cache
def models() -> dict[str, Any]:
    session = botocore.session.get_session()
    return {name: session.get_service_model(name) for name in SERVICES}


def request(
    method: str,
    path: str,
    query: str = "",
    *,
    host: str = "localhost:5000",
    signed: str | None = "s3",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
) -> WireRequest:
    all_headers = dict(headers or {})
    if signed:
        all_headers["authorization"] = authorization(signed)
    return WireRequest(method, path, query, all_headers, body, host)


def routed(wire: WireRequest) -> tuple[str, str, dict[str, Any]]:
    found = route(wire, models())
    return (
        found.service_model.service_name,
        found.operation_model.name,
        parse_request(found, wire),
    )


@pytest.mark.parametrize(
    ("host", "path"),
    [
        ("bucket.localhost:5000", "/my%20key"),
        ("bucket.s3.localhost:5000", "/my%20key"),
        ("bucket.s3.us-east-1.amazonaws.com", "/my%20key"),
        ("bucket.s3.amazonaws.com", "/my%20key"),
        ("localhost:5000", "/bucket/my%20key"),
        ("127.0.0.1:5000", "/bucket/my%20key"),
        ("s3.localhost", "/bucket/my%20key"),
        ("s3.us-east-1.amazonaws.com", "/bucket/my%20key"),
    ],
)
def test_s3_virtual_host_and_path_style_name_the_same_object(host: str, path: str) -> None:
    assert routed(request("GET", path, host=host)) == (
        "s3",
        "GetObject",
        {"Bucket": "bucket", "Key": "my key"},
    )


def test_a_dotted_bucket_in_the_host_keeps_its_dots() -> None:
    wire = request("GET", "/a/b.txt", host="my.dotted.bucket.s3.us-west-2.amazonaws.com")
    assert routed(wire)[2] == {"Bucket": "my.dotted.bucket", "Key": "a/b.txt"}


def test_greedy_key_keeps_slashes_and_decodes_the_rest() -> None:
    wire = request("GET", "/bucket/a/b%2Fc/%E2%82%AC")
    assert routed(wire)[2] == {"Bucket": "bucket", "Key": "a/b/c/€"}


@pytest.mark.parametrize(
    ("host", "path", "operation"),
    [
        ("localhost:5000", "/", "ListBuckets"),
        ("s3.localhost", "/", "ListBuckets"),
        ("bucket.localhost:5000", "/", "ListObjects"),
        ("bucket.localhost:5000", "", "ListObjects"),
        ("localhost:5000", "/bucket", "ListObjects"),
        ("localhost:5000", "/bucket/", "ListObjects"),
    ],
)
def test_service_and_bucket_listings(host: str, path: str, operation: str) -> None:
    assert routed(request("GET", path or "/", host=host))[1] == operation


@pytest.mark.parametrize(
    ("method", "path", "query", "headers", "operation"),
    [
        ("GET", "/b", "list-type=2", {}, "ListObjectsV2"),
        ("GET", "/b", "versions", {}, "ListObjectVersions"),
        ("GET", "/b", "uploads", {}, "ListMultipartUploads"),
        ("POST", "/b/k", "uploads", {}, "CreateMultipartUpload"),
        ("GET", "/b/k", "uploadId=u", {}, "ListParts"),
        ("GET", "/b/k", "versionId=v", {}, "GetObject"),
        ("GET", "/b/k", "tagging", {}, "GetObjectTagging"),
        ("GET", "/b", "tagging", {}, "GetBucketTagging"),
        ("DELETE", "/b/k", "tagging", {}, "DeleteObjectTagging"),
        ("PUT", "/b/k", "", {}, "PutObject"),
        ("PUT", "/b/k", "", {"x-amz-copy-source": "src/key"}, "CopyObject"),
        ("PUT", "/b/k", "partNumber=1&uploadId=u", {}, "UploadPart"),
        (
            "PUT",
            "/b/k",
            "partNumber=1&uploadId=u",
            {"x-amz-copy-source": "src/key"},
            "UploadPartCopy",
        ),
        ("POST", "/b/k", "uploadId=u", {}, "CompleteMultipartUpload"),
        ("DELETE", "/b/k", "uploadId=u", {}, "AbortMultipartUpload"),
        ("GET", "/b", "lifecycle", {}, "GetBucketLifecycleConfiguration"),
        ("PUT", "/b", "notification", {}, "PutBucketNotificationConfiguration"),
        ("POST", "/b", "delete", {}, "DeleteObjects"),
        ("HEAD", "/b/k", "", {}, "HeadObject"),
        ("HEAD", "/b", "", {}, "HeadBucket"),
    ],
)
def test_s3_operations_sharing_a_path_are_told_apart(
    method: str, path: str, query: str, headers: dict[str, str], operation: str
) -> None:
    assert routed(request(method, path, query, headers=headers))[1] == operation


def test_list_objects_v2_parses_its_query() -> None:
    wire = request("GET", "/b", "list-type=2&prefix=a%2Fb&max-keys=5&fetch-owner=true")
    assert routed(wire)[2] == {"Bucket": "b", "Prefix": "a/b", "MaxKeys": 5, "FetchOwner": True}


def test_presigned_url_names_its_service_in_the_query_and_keeps_auth_out_of_params() -> None:
    query = (
        "versionId=v1&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIDEXAMPLE%2F20240101%2Fus-east-1%2Fs3%2Faws4_request"
        "&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host"
        "&X-Amz-Signature=abc"
    )
    wire = request("GET", "/bucket/key", query, signed=None)
    params = {"Bucket": "bucket", "Key": "key", "VersionId": "v1"}
    assert routed(wire) == ("s3", "GetObject", params)


def test_presigned_query_protocol_request() -> None:
    query = (
        "Action=GetCallerIdentity&Version=2011-06-15"
        "&X-Amz-Credential=AKIDEXAMPLE%2F20240101%2Fus-east-1%2Fsts%2Faws4_request"
    )
    wire = request("GET", "/", query, signed=None)
    assert routed(wire) == ("sts", "GetCallerIdentity", {})


def test_s3control_shares_s3s_signing_name_and_is_told_apart_by_its_paths() -> None:
    wire = request(
        "GET",
        "/v20180820/configuration/publicAccessBlock",
        host="123456789012.s3-control.us-east-1.amazonaws.com",
        headers={"x-amz-account-id": "123456789012"},
    )
    assert routed(wire) == ("s3control", "GetPublicAccessBlock", {"AccountId": "123456789012"})


def test_s3control_account_from_the_host_prefix_when_the_header_is_missing() -> None:
    wire = request(
        "GET",
        "/v20180820/configuration/publicAccessBlock",
        host="123456789012.s3-control.us-east-1.amazonaws.com",
    )
    assert routed(wire)[2] == {"AccountId": "123456789012"}


def test_json_target_picks_among_services_signing_as_dynamodb() -> None:
    body = b'{"ShardIterator": "it"}'
    wire = request(
        "POST",
        "/",
        signed="dynamodb",
        headers={"x-amz-target": "DynamoDBStreams_20120810.GetRecords"},
        body=body,
    )
    assert routed(wire) == ("dynamodbstreams", "GetRecords", {"ShardIterator": "it"})
    wire = request(
        "POST",
        "/",
        signed="dynamodb",
        headers={"x-amz-target": "DynamoDB_20120810.DescribeTable"},
        body=b'{"TableName": "t"}',
    )
    assert routed(wire) == ("dynamodb", "DescribeTable", {"TableName": "t"})


def test_unsigned_json_request_routes_by_target_alone() -> None:
    wire = request(
        "POST",
        "/",
        signed=None,
        headers={"x-amz-target": "AmazonSQS.GetQueueUrl"},
        body=b'{"QueueName": "q"}',
    )
    assert routed(wire) == ("sqs", "GetQueueUrl", {"QueueName": "q"})


def test_sqs_still_takes_the_query_protocol_older_sdks_send() -> None:
    body = b"Action=GetQueueUrl&Version=2012-11-05&QueueName=q"
    wire = request(
        "POST",
        "/",
        signed="sqs",
        headers={"content-type": "application/x-www-form-urlencoded"},
        body=body,
    )
    found = route(wire, models())
    assert (found.operation_model.name, found.protocol) == ("GetQueueUrl", "query")
    assert parse_request(found, wire) == {"QueueName": "q"}


def test_rpc_v2_cbor_path_names_service_and_operation() -> None:
    wire = request(
        "POST",
        "/service/GraniteServiceVersion20100801/operation/ListMetrics",
        signed="monitoring",
        headers={"smithy-protocol": "rpc-v2-cbor", "content-type": "application/cbor"},
        body=bytes([0xA1, 0x69]) + b"Namespace" + bytes([0x63]) + b"AWS",
    )
    found = route(wire, models())
    assert (found.operation_model.name, found.protocol) == ("ListMetrics", "smithy-rpc-v2-cbor")
    assert parse_request(found, wire) == {"Namespace": "AWS"}


def test_unsigned_rest_json_request_routes_by_host() -> None:
    wire = request(
        "GET", "/2015-03-31/functions/my-fn", host="lambda.us-east-1.amazonaws.com", signed=None
    )
    assert routed(wire) == ("lambda", "GetFunction", {"FunctionName": "my-fn"})


def test_service_not_served_here() -> None:
    with pytest.raises(WireRoutingError, match="'ec2'"):
        route(request("POST", "/", signed="ec2", body=b"Action=DescribeVpcs"), models())


def test_unknown_json_target_operation() -> None:
    wire = request(
        "POST", "/", signed="dynamodb", headers={"x-amz-target": "DynamoDB_20120810.Nope"}
    )
    with pytest.raises(WireRoutingError, match="Nope") as raised:
        route(wire, models())
    assert raised.value.code == "UnknownOperationException"


def test_unknown_query_action() -> None:
    wire = request("POST", "/", signed="sts", body=b"Action=Nope&Version=2011-06-15")
    with pytest.raises(WireRoutingError) as raised:
        route(wire, models())
    assert raised.value.code == "InvalidAction"


def test_no_s3_operation_for_the_method() -> None:
    with pytest.raises(WireRoutingError, match="PATCH"):
        route(request("PATCH", "/bucket/key"), models())


def test_nothing_names_a_service() -> None:
    only_sts = {"sts": models()["sts"]}
    with pytest.raises(WireRoutingError, match="which service"):
        route(request("GET", "/x", signed=None), only_sts)
