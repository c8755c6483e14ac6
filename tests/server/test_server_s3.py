"""S3 over HTTP: objects, listings, multipart uploads, presigned URLs, streamed bodies."""

from __future__ import annotations

import hashlib
import http.client
import io
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.httpchecksum import AwsChunkedWrapper, Crc32Checksum
from server_clients import Clients, clients_for


@pytest.fixture
def aws(hookmock_server: str) -> Clients:
    return clients_for(hookmock_server)


MiB = 1024 * 1024


@pytest.fixture
def s3(aws: Clients) -> Any:
    client = aws("s3")
    client.create_bucket(Bucket="bucket")
    return client


def test_put_get_list_delete(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="dir/a b+c.txt", Body=b"hello", ContentType="text/plain")
    got = s3.get_object(Bucket="bucket", Key="dir/a b+c.txt")
    assert got["Body"].read() == b"hello"
    assert got["ContentType"] == "text/plain"
    assert got["ETag"] == f'"{hashlib.md5(b"hello").hexdigest()}"'
    listed = s3.list_objects_v2(Bucket="bucket", Prefix="dir/")
    assert [o["Key"] for o in listed["Contents"]] == ["dir/a b+c.txt"]
    s3.delete_object(Bucket="bucket", Key="dir/a b+c.txt")
    assert s3.list_objects_v2(Bucket="bucket")["KeyCount"] == 0
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["bucket"]


def test_errors_are_the_modeled_exceptions(s3: Any) -> None:
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket="bucket", Key="missing")
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.list_objects_v2(Bucket="no-such-bucket")
    with pytest.raises(ClientError) as raised:
        s3.head_object(Bucket="bucket", Key="missing")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_listing_pages(s3: Any) -> None:
    for i in range(25):
        s3.put_object(Bucket="bucket", Key=f"k{i:03}", Body=b"")
    pages = s3.get_paginator("list_objects_v2").paginate(
        Bucket="bucket", PaginationConfig={"PageSize": 10}
    )
    keys = [[o["Key"] for o in page["Contents"]] for page in pages]
    assert [len(k) for k in keys] == [10, 10, 5]
    assert [key for page in keys for key in page] == [f"k{i:03}" for i in range(25)]


def test_multipart_upload_file_and_streamed_download(s3: Any, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    data = os.urandom(11 * MiB)
    source.write_bytes(data)
    transfer = TransferConfig(multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB)
    s3.upload_file(str(source), "bucket", "big.bin", Config=transfer)
    head = s3.head_object(Bucket="bucket", Key="big.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"].endswith('-3"')
    target = tmp_path / "back.bin"
    s3.download_file("bucket", "big.bin", str(target), Config=transfer)
    assert target.read_bytes() == data
    ranged = s3.get_object(Bucket="bucket", Key="big.bin", Range="bytes=100-199")
    assert ranged["Body"].read() == data[100:200]
    assert ranged["ResponseMetadata"]["HTTPStatusCode"] == 206


def test_presigned_get_and_put_with_plain_urllib(s3: Any) -> None:
    put_url = s3.generate_presigned_url(
        "put_object", Params={"Bucket": "bucket", "Key": "presigned.txt"}
    )
    request = urllib.request.Request(put_url, data=b"via presigned put", method="PUT")
    with urllib.request.urlopen(request) as response:
        assert response.status == 200
    get_url = s3.generate_presigned_url(
        "get_object", Params={"Bucket": "bucket", "Key": "presigned.txt"}
    )
    with urllib.request.urlopen(get_url) as response:
        assert response.read() == b"via presigned put"
    missing = s3.generate_presigned_url("get_object", Params={"Bucket": "bucket", "Key": "nope"})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(missing)
    assert raised.value.code == 404
    assert b"<Code>NoSuchKey</Code>" in raised.value.read()


def test_presigned_sigv4_url(aws: Clients) -> None:
    s3 = aws("s3", region="eu-west-1", config=Config(signature_version="s3v4"))
    s3.create_bucket(
        Bucket="v4-bucket", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    s3.put_object(Bucket="v4-bucket", Key="k", Body=b"v4")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "v4-bucket", "Key": "k"})
    assert "X-Amz-Credential" in url
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"v4"


def _raw(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)


def _aws_chunked_put(
    s3: Any, key: str, data: bytes, checksum: str, headers: dict[str, str]
) -> tuple[int, bytes]:
    """A PutObject sent as a streaming SigV4 upload would be: Transfer-Encoding
    chunked, aws-chunked content, the CRC32 in a trailer."""
    body = AwsChunkedWrapper(
        io.BytesIO(data),
        checksum_cls=Crc32Checksum,
        checksum_name="x-amz-checksum-crc32",
        chunk_size=256 * 1024,
    ).read()
    if checksum:
        body = (
            body.rsplit(b"x-amz-checksum-crc32:", 1)[0]
            + f"x-amz-checksum-crc32:{checksum}\r\n\r\n".encode()
        )
    url = s3.meta.endpoint_url
    connection = _raw(url)
    signing = (
        "AWS4-HMAC-SHA256 Credential=AKIASERVERTESTKEY001/20250101/us-east-1/s3/aws4_request, "
        "SignedHeaders=host, Signature=0"
    )
    connection.putrequest("PUT", f"/bucket/{key}")
    for name, value in {
        "Authorization": signing,
        "Content-Encoding": "aws-chunked",
        "X-Amz-Content-Sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "X-Amz-Trailer": "x-amz-checksum-crc32",
        "X-Amz-Decoded-Content-Length": str(len(data)),
        "Transfer-Encoding": "chunked",
        **headers,
    }.items():
        connection.putheader(name, value)
    connection.endheaders()
    for start in range(0, len(body), 100_000):
        piece = body[start : start + 100_000]
        connection.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
    connection.send(b"0\r\n\r\n")
    response = connection.getresponse()
    result = response.status, response.read()
    connection.close()
    return result


def test_aws_chunked_upload_with_trailing_checksum(s3: Any) -> None:
    data = os.urandom(700_000)
    status, _ = _aws_chunked_put(s3, "chunked.bin", data, "", {})
    assert status == 200
    got = s3.get_object(Bucket="bucket", Key="chunked.bin", ChecksumMode="ENABLED")
    assert got["Body"].read() == data
    expected = Crc32Checksum()
    expected.update(data)
    assert got["ChecksumCRC32"] == expected.b64digest()
    assert "ContentEncoding" not in got


def test_aws_chunked_upload_with_a_wrong_trailing_checksum_is_bad_digest(s3: Any) -> None:
    status, body = _aws_chunked_put(s3, "bad.bin", b"x" * 1000, "AAAAAA==", {})
    assert status == 400
    assert b"<Code>BadDigest</Code>" in body
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.get_object(Bucket="bucket", Key="bad.bin")


def test_aws_chunked_upload_keeps_another_content_encoding(s3: Any) -> None:
    status, _ = _aws_chunked_put(
        s3, "gz.bin", b"zipped", "", {"Content-Encoding": "gzip,aws-chunked"}
    )
    assert status == 200
    assert s3.head_object(Bucket="bucket", Key="gz.bin")["ContentEncoding"] == "gzip"


def test_expect_100_continue_and_keep_alive(s3: Any) -> None:
    """One connection, several requests; the first waits for 100 Continue."""
    s3.put_object(Bucket="bucket", Key="k", Body=b"first")
    connection = _raw(s3.meta.endpoint_url)
    signing = (
        "AWS4-HMAC-SHA256 Credential=AKIASERVERTESTKEY001/20250101/us-east-1/s3/aws4_request, "
        "SignedHeaders=host, Signature=0"
    )
    connection.putrequest("PUT", "/bucket/expect")
    connection.putheader("Authorization", signing)
    connection.putheader("Content-Length", "4")
    connection.putheader("Expect", "100-continue")
    connection.endheaders()
    assert connection.sock is not None
    interim = connection.sock.recv(64)
    assert interim.startswith(b"HTTP/1.1 100 Continue")
    connection.send(b"body")
    first = connection.getresponse()
    first.read()
    assert first.status == 200
    socket_before = connection.sock
    for _ in range(3):
        connection.request("GET", "/bucket/expect", headers={"Authorization": signing})
        again = connection.getresponse()
        assert again.read() == b"body"
    assert connection.sock is socket_before
    connection.close()


def test_an_empty_body_that_expects_100_continue_is_answered(s3: Any) -> None:
    """botocore sends ``Expect: 100-continue`` even with ``Content-Length: 0``."""
    s3.put_object(Bucket="bucket", Key="empty", Body=b"")
    assert s3.get_object(Bucket="bucket", Key="empty")["Body"].read() == b""


def test_virtual_host_style_addressing(s3: Any) -> None:
    """``bucket.localhost:PORT`` names the bucket in the Host header, as a client
    configured for virtual-host addressing sends it."""
    parts = urlsplit(s3.meta.endpoint_url)
    signing = (
        "AWS4-HMAC-SHA256 Credential=AKIASERVERTESTKEY001/20250101/us-east-1/s3/aws4_request, "
        "SignedHeaders=host, Signature=0"
    )
    connection = _raw(s3.meta.endpoint_url)
    connection.request(
        "PUT",
        "/virtual.txt",
        body=b"by host",
        headers={"Host": f"bucket.localhost:{parts.port}", "Authorization": signing},
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 200
    assert s3.get_object(Bucket="bucket", Key="virtual.txt")["Body"].read() == b"by host"
