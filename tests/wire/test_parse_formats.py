"""parse_request's wire forms beyond what botocore itself sends, and bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import struct
from typing import Any

import botocore.session
import pytest

from hookmock.shapes.wire import Route, WireRequest, WireValueError, parse_request
from hookmock.shapes.wire._cbor_decode import decode

UTC = dt.timezone.utc


def _route(service: str, operation: str, protocol: str = "") -> Route:
    model = botocore.session.get_session().get_service_model(service)
    return Route(model, model.operation_model(operation), protocol)


def _request(body: bytes = b"", headers: dict[str, str] | None = None, **kw: Any) -> WireRequest:
    return WireRequest(
        kw.get("method", "POST"),
        kw.get("path", "/"),
        kw.get("query", ""),
        headers or {},
        body,
        kw.get("host", ""),
    )


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (bytes([0x9F, 0x01, 0x02, 0xFF]), [1, 2]),  # indefinite array
        (bytes([0xBF, 0x61, 0x61, 0x01, 0xFF]), {"a": 1}),  # indefinite map
        (bytes([0x7F, 0x62]) + b"ab" + bytes([0x61]) + b"c" + bytes([0xFF]), "abc"),
        (bytes([0xF9, 0x3C, 0x00]), 1.0),  # half precision
        (bytes([0x3B]) + (2**63).to_bytes(8, "big"), -1 - 2**63),
        (bytes([0xC1, 0x1A]) + (86400).to_bytes(4, "big"), dt.datetime(1970, 1, 2, tzinfo=UTC)),
        (
            bytes([0xC1, 0xFB]) + struct.pack(">d", 1.5),
            dt.datetime(1970, 1, 1, 0, 0, 1, 500000, UTC),
        ),
        (bytes([0xF6]), None),
    ],
)
def test_cbor_items(data: bytes, value: Any) -> None:
    assert decode(data) == value


@pytest.mark.parametrize(
    "data",
    [
        b"",
        bytes([0x62, 0x61]),
        bytes([0x01, 0x02]),
        bytes([0xFF]),
        bytes([0x1C]),
        bytes([0x62, 0xFF, 0xFE]),
    ],
)
def test_cbor_malformed(data: bytes) -> None:
    with pytest.raises(WireValueError):
        decode(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-02T03:04:05Z", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("2024-01-02T03:04:05.123456Z", dt.datetime(2024, 1, 2, 3, 4, 5, 123456, UTC)),
        ("2024-01-02T05:04:05+02:00", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("Tue, 02 Jan 2024 03:04:05 GMT", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("1704164645", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ("1704164645.5", dt.datetime(2024, 1, 2, 3, 4, 5, 500000, UTC)),
    ],
)
def test_every_timestamp_format_is_read_wherever_it_arrives(
    text: str, expected: dt.datetime
) -> None:
    route = _route("s3", "GetObject")
    request = _request(method="GET", path="/b/k", headers={"if-modified-since": text})
    assert parse_request(route, request)["IfModifiedSince"] == expected


def test_gzip_body_of_an_operation_with_request_compression() -> None:
    body = b"Action=PutMetricData&Version=2010-08-01&Namespace=ns"
    request = _request(
        gzip.compress(body),
        {"content-encoding": "gzip", "content-type": "application/x-www-form-urlencoded"},
    )
    assert parse_request(_route("cloudwatch", "PutMetricData", "query"), request) == {
        "Namespace": "ns"
    }


def test_gzip_object_body_stays_as_uploaded() -> None:
    payload = gzip.compress(b"hello")
    request = _request(payload, {"content-encoding": "gzip"}, method="PUT", path="/b/k")
    params = parse_request(_route("s3", "PutObject"), request)
    assert params["Body"] == payload
    assert params["ContentEncoding"] == "gzip"


def test_xml_namespaces_attributes_and_flattened_lists() -> None:
    body = (
        b'<AccessControlPolicy xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        b'<AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        b' xsi:type="CanonicalUser"><ID>abc</ID></Grantee><Permission>READ</Permission></Grant>'
        b"</AccessControlList><Owner><ID>abc</ID></Owner></AccessControlPolicy>"
    )
    request = _request(body, method="PUT", path="/b", query="acl")
    params = parse_request(_route("s3", "PutBucketAcl"), request)
    assert params["AccessControlPolicy"] == {
        "Grants": [{"Grantee": {"Type": "CanonicalUser", "ID": "abc"}, "Permission": "READ"}],
        "Owner": {"ID": "abc"},
    }


def test_header_prefix_map_and_header_list() -> None:
    request = _request(
        method="GET",
        path="/b/k",
        query="attributes",
        headers={"x-amz-object-attributes": 'ETag, "Object,Size", Checksum'},
    )
    params = parse_request(_route("s3", "GetObjectAttributes"), request)
    assert params["ObjectAttributes"] == ["ETag", "Object,Size", "Checksum"]
    request = _request(
        b"x",
        {"x-amz-meta-colour": "blue ", "x-amz-meta-size": "2"},
        method="PUT",
        path="/b/k",
    )
    assert parse_request(_route("s3", "PutObject"), request)["Metadata"] == {
        "colour": "blue",
        "size": "2",
    }


@pytest.mark.parametrize(
    ("route", "request_"),
    [
        (("dynamodb", "GetItem"), _request(b"{not json")),
        (("dynamodb", "GetItem"), _request(b"[]")),
        (("dynamodb", "GetItem"), _request(b'{"TableName": 5}')),
        (("sts", "GetCallerIdentity", "smithy-rpc-v2-cbor"), _request(bytes([0x62, 0x61]))),
        (("sqs", "ReceiveMessage", "query"), _request(b"MaxNumberOfMessages=ten")),
        (
            ("s3", "PutBucketTagging"),
            _request(b"<Tagging>", method="PUT", path="/b", query="tagging"),
        ),
        (
            ("s3", "ListObjectsV2"),
            _request(method="GET", path="/b", query="list-type=2&max-keys=x"),
        ),
        (("kms", "Encrypt"), _request(b'{"KeyId": "k", "Plaintext": "***"}')),
    ],
)
def test_malformed_values_raise_wire_value_error(
    route: tuple[str, ...], request_: WireRequest
) -> None:
    with pytest.raises(WireValueError):
        parse_request(_route(*route), request_)
