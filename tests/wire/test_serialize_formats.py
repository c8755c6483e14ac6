"""The wire forms botocore's parser is lenient about, pinned to what AWS sends.

botocore reads any timestamp format anywhere and ignores root element names, so
a round trip cannot tell a right form from a wrong one; these tests look at the
bytes and headers themselves.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import math
from typing import Any

from botocore.response import StreamingBody
from response_oracle import body_bytes, service_model

from hookmock.shapes.wire import serialize_response
from hookmock.shapes.wire.cbor import Tagged, encode
from hookmock.shapes.wire.response import STREAM_CHUNK
from hookmock.shapes.wire.serialize_json import JsonValues

MOMENT = dt.datetime(2015, 10, 21, 7, 28, 0, 250000, tzinfo=dt.timezone.utc)


def _response(service: str, operation: str, parsed: dict[str, Any]) -> Any:
    operation_model = service_model(service).operation_model(operation)
    return serialize_response(operation_model, parsed, 200, "req-1")


def test_header_timestamps_are_http_dates_and_body_timestamps_iso8601() -> None:
    head = _response("s3", "HeadObject", {"LastModified": MOMENT, "Metadata": {"colour": "blue"}})
    headers = dict(head.headers)
    assert headers["Last-Modified"] == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert headers["x-amz-meta-colour"] == "blue"
    assert headers["x-amz-request-id"] == "req-1"
    assert "x-amz-id-2" in headers

    listing = _response(
        "s3", "ListObjectsV2", {"Name": "b", "Contents": [{"Key": "k", "LastModified": MOMENT}]}
    )
    body = body_bytes(listing).decode()
    assert body.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    )
    assert "<Contents><Key>k</Key><LastModified>2015-10-21T07:28:00.250Z</LastModified>" in body


def test_json_timestamps_are_epoch_seconds_and_metadata_is_not_sent() -> None:
    response = _response(
        "dynamodb",
        "DescribeTable",
        {
            "Table": {"TableName": "t", "CreationDateTime": MOMENT},
            "ResponseMetadata": {"RequestId": "ignored"},
        },
    )
    assert json.loads(body_bytes(response)) == {
        "Table": {"TableName": "t", "CreationDateTime": 1445412480.25}
    }
    assert dict(response.headers)["content-type"] == "application/x-amz-json-1.0"


def test_query_wraps_the_result_and_carries_the_request_id() -> None:
    response = _response("sts", "GetCallerIdentity", {"Account": "123456789012"})
    assert body_bytes(response).decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
        "<GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult>"
        "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
        "</GetCallerIdentityResponse>"
    )


def test_xml_text_keeps_carriage_returns_and_escapes_markup() -> None:
    response = _response("sns", "Publish", {"MessageId": "a\r\n<b>&"})
    assert b"<MessageId>a&#13;\n&lt;b&gt;&amp;</MessageId>" in body_bytes(response)


def test_json_value_headers_are_base64_json() -> None:
    response = _response("lex-runtime", "PutSession", {"slots": {"size": "large"}})
    header = dict(response.headers)["x-amz-lex-slots"]
    assert json.loads(base64.b64decode(header)) == {"size": "large"}


def test_json_floats_name_nan_and_infinity() -> None:
    values = JsonValues()
    shape = service_model("ec2").shape_for("Double")
    assert [values.scalar(shape, v) for v in (math.nan, math.inf, -math.inf, 1.5)] == [
        "NaN",
        "Infinity",
        "-Infinity",
        1.5,
    ]


def test_streaming_payload_streams_in_chunks() -> None:
    size = STREAM_CHUNK * 3 + 5
    reads: list[int] = []

    class Reader(io.BytesIO):
        def read(self, n: int | None = -1) -> bytes:
            reads.append(-1 if n is None else n)
            return super().read(n)

    body = StreamingBody(Reader(b"x" * size), size)
    response = _response("s3", "GetObject", {"Body": body, "ContentLength": size})
    assert not isinstance(response.body, bytes)
    assert reads == []  # nothing read until the server iterates
    pieces = list(response.body)
    assert b"".join(pieces) == b"x" * size
    assert max(map(len, pieces)) == STREAM_CHUNK
    assert dict(response.headers)["Content-Length"] == str(size)


def test_cbor_encodes_the_smallest_heads_and_epoch_tags() -> None:
    assert encode(0) == b"\x00"
    assert encode(24) == b"\x18\x18"
    assert encode(-1) == b"\x20"
    assert encode(2**32) == b"\x1b\x00\x00\x00\x01\x00\x00\x00\x00"
    assert encode("a") == b"\x61a"
    assert encode(b"\x01") == b"\x41\x01"
    assert encode([True, False, None]) == b"\x83\xf5\xf4\xf6"
    assert encode({"a": 1.5}) == b"\xa1\x61a\xfb\x3f\xf8\x00\x00\x00\x00\x00\x00"
    assert encode(Tagged(1, 1445412480)) == b"\xc1\x1a\x56\x27\x3e\x80"
