"""S3 objects through boto3: bodies, headers, ranges, conditions, copies and deletes."""

from __future__ import annotations

import base64
import datetime as dt
import gc
import hashlib
import io
import os
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from hookmock.backends.s3 import blob as blob_module

from helpers import code_of

BODY = b"hello world"
ETAG = f'"{hashlib.md5(BODY).hexdigest()}"'


def test_put_get_head_round_trip(s3: Any) -> None:
    expires = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    put = s3.put_object(
        Bucket="bucket",
        Key="docs/readme.txt",
        Body=BODY,
        ContentType="text/plain",
        ContentEncoding="identity",
        ContentLanguage="en",
        ContentDisposition="inline",
        CacheControl="max-age=60",
        Expires=expires,
        Metadata={"Owner-Name": "Ada"},
        Tagging="team=core&tier=1",
    )
    assert put["ETag"] == ETAG
    assert put["ServerSideEncryption"] == "AES256"
    got = s3.get_object(Bucket="bucket", Key="docs/readme.txt")
    assert got["Body"].read() == BODY
    assert got["ContentLength"] == len(BODY)
    assert got["ETag"] == ETAG
    assert got["ContentType"] == "text/plain"
    assert got["ContentEncoding"] == "identity"
    assert got["ContentLanguage"] == "en"
    assert got["ContentDisposition"] == "inline"
    assert got["CacheControl"] == "max-age=60"
    assert got["Expires"] == expires
    assert got["Metadata"] == {"owner-name": "Ada"}
    assert got["TagCount"] == 2
    assert got["AcceptRanges"] == "bytes"
    assert got["LastModified"].microsecond == 0
    assert "StorageClass" not in got
    head = s3.head_object(Bucket="bucket", Key="docs/readme.txt")
    assert head["ContentLength"] == len(BODY)
    assert head["ETag"] == ETAG
    assert "Body" not in head


def test_defaults_for_a_bare_put(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="empty")
    got = s3.get_object(Bucket="bucket", Key="empty")
    assert got["Body"].read() == b""
    assert got["ContentType"] == "binary/octet-stream"
    assert got["ETag"] == f'"{hashlib.md5(b"").hexdigest()}"'


def test_bodies_from_strings_and_files(s3: Any, tmp_path: Any) -> None:
    s3.put_object(Bucket="bucket", Key="text", Body="héllo")
    assert s3.get_object(Bucket="bucket", Key="text")["Body"].read() == "héllo".encode()
    path = tmp_path / "data.bin"
    path.write_bytes(os.urandom(3000))
    with path.open("rb") as handle:
        s3.put_object(Bucket="bucket", Key="file", Body=handle)
    assert s3.get_object(Bucket="bucket", Key="file")["Body"].read() == path.read_bytes()


def test_resource_and_transfer_helpers(s3: Any, tmp_path: Any) -> None:
    resource = boto3.resource("s3", region_name="us-east-1")
    resource.Object("bucket", "via-resource").put(Body=b"resource body")
    assert resource.Object("bucket", "via-resource").get()["Body"].read() == b"resource body"
    source = tmp_path / "upload.bin"
    source.write_bytes(os.urandom(200_000))
    seen: list[int] = []
    s3.upload_file(str(source), "bucket", "uploaded", Callback=seen.append)
    assert sum(seen) == 200_000  # progress is reported although no HTTP request is made
    target = tmp_path / "download.bin"
    s3.download_file("bucket", "uploaded", str(target))
    assert target.read_bytes() == source.read_bytes()
    buffer = io.BytesIO()
    s3.download_fileobj("bucket", "uploaded", buffer)
    assert buffer.getvalue() == source.read_bytes()


def test_missing_keys_and_buckets(s3: Any) -> None:
    with pytest.raises(s3.exceptions.NoSuchKey) as raised:
        s3.get_object(Bucket="bucket", Key="missing")
    assert code_of(raised) == ("NoSuchKey", 404)
    assert raised.value.response["Error"]["Key"] == "missing"
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.get_object(Bucket="no-such-bucket", Key="k")
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.put_object(Bucket="no-such-bucket", Key="k", Body=b"")
    with pytest.raises(ClientError) as head:
        s3.head_object(Bucket="bucket", Key="missing")
    assert code_of(head) == ("404", 404)
    assert head.value.response["Error"]["Message"] == "Not Found"


@pytest.mark.parametrize(
    ("header", "body", "content_range"),
    [
        ("bytes=0-4", b"hello", "bytes 0-4/11"),
        ("bytes=6-", b"world", "bytes 6-10/11"),
        ("bytes=-5", b"world", "bytes 6-10/11"),
        ("bytes=6-100", b"world", "bytes 6-10/11"),
        ("bytes=-100", BODY, "bytes 0-10/11"),
    ],
)
def test_ranges(s3: Any, header: str, body: bytes, content_range: str) -> None:
    s3.put_object(Bucket="bucket", Key="k", Body=BODY)
    got = s3.get_object(Bucket="bucket", Key="k", Range=header)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["Body"].read() == body
    assert got["ContentRange"] == content_range
    assert got["ContentLength"] == len(body)


def test_unsatisfiable_and_ignored_ranges(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="k", Body=BODY)
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", Range="bytes=11-20")
    assert code_of(raised) == ("InvalidRange", 416)
    assert raised.value.response["Error"]["ActualObjectSize"] == "11"
    for ignored in ("bytes=5-2", "items=0-1", "bytes=0-1,3-4"):
        got = s3.get_object(Bucket="bucket", Key="k", Range=ignored)
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
        assert got["Body"].read() == BODY


def test_conditional_reads(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="k", Body=BODY)
    modified = s3.head_object(Bucket="bucket", Key="k")["LastModified"]
    earlier, later = modified - dt.timedelta(hours=1), modified + dt.timedelta(hours=1)
    assert s3.get_object(Bucket="bucket", Key="k", IfMatch=ETAG)["Body"].read() == BODY
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", IfMatch='"0000"')
    assert code_of(raised) == ("PreconditionFailed", 412)
    assert raised.value.response["Error"]["Condition"] == "If-Match"
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", IfNoneMatch=ETAG)
    assert code_of(raised) == ("304", 304)
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", IfModifiedSince=later)
    assert code_of(raised) == ("304", 304)
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", IfUnmodifiedSince=earlier)
    assert code_of(raised) == ("PreconditionFailed", 412)
    # If-Match that holds wins over a failing If-Unmodified-Since.
    s3.get_object(Bucket="bucket", Key="k", IfMatch=ETAG, IfUnmodifiedSince=earlier)
    with pytest.raises(ClientError) as raised:
        s3.head_object(Bucket="bucket", Key="k", IfMatch='"0000"')
    assert code_of(raised) == ("412", 412)


def test_conditional_writes(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="k", Body=BODY, IfNoneMatch="*")
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=b"again", IfNoneMatch="*")
    assert code_of(raised) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=b"again", IfMatch='"0000"')
    assert code_of(raised) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="missing", Body=b"x", IfMatch=ETAG)
    assert code_of(raised) == ("NoSuchKey", 404)
    s3.put_object(Bucket="bucket", Key="k", Body=b"again", IfMatch=ETAG)
    assert s3.get_object(Bucket="bucket", Key="k")["Body"].read() == b"again"


def test_content_md5(s3: Any) -> None:
    good = base64.b64encode(hashlib.md5(BODY).digest()).decode()
    s3.put_object(Bucket="bucket", Key="k", Body=BODY, ContentMD5=good)
    wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=BODY, ContentMD5=wrong)
    assert code_of(raised) == ("BadDigest", 400)
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=BODY, ContentMD5="not-base64!")
    assert code_of(raised) == ("InvalidDigest", 400)
    assert s3.get_object(Bucket="bucket", Key="k")["Body"].read() == BODY


def test_storage_class(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="k", Body=BODY, StorageClass="STANDARD_IA")
    assert s3.head_object(Bucket="bucket", Key="k")["StorageClass"] == "STANDARD_IA"
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=BODY, StorageClass="CHEAPEST")
    assert code_of(raised) == ("InvalidStorageClass", 400)


def test_deletes(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="a", Body=b"")
    assert s3.delete_object(Bucket="bucket", Key="a")["ResponseMetadata"]["HTTPStatusCode"] == 204
    s3.delete_object(Bucket="bucket", Key="a")  # deleting what is gone succeeds
    for key in ("x", "y"):
        s3.put_object(Bucket="bucket", Key=key, Body=b"")
    deleted = s3.delete_objects(
        Bucket="bucket", Delete={"Objects": [{"Key": "x"}, {"Key": "y"}, {"Key": "never"}]}
    )
    assert [d["Key"] for d in deleted["Deleted"]] == ["x", "y", "never"]
    assert "Contents" not in s3.list_objects_v2(Bucket="bucket")
    quiet = s3.delete_objects(Bucket="bucket", Delete={"Objects": [{"Key": "x"}], "Quiet": True})
    assert "Deleted" not in quiet
    with pytest.raises(ClientError) as raised:
        s3.delete_objects(
            Bucket="bucket", Delete={"Objects": [{"Key": f"k{n}"} for n in range(1001)]}
        )
    assert code_of(raised) == ("MalformedXML", 400)


def test_copy_object(s3: Any) -> None:
    s3.put_object(
        Bucket="bucket", Key="src key+1", Body=BODY, ContentType="text/plain", Metadata={"a": "1"}
    )
    s3.create_bucket(Bucket="other")
    copied = s3.copy_object(
        Bucket="other", Key="dst", CopySource={"Bucket": "bucket", "Key": "src key+1"}
    )
    assert copied["CopyObjectResult"]["ETag"] == ETAG
    got = s3.get_object(Bucket="other", Key="dst")
    assert (got["Body"].read(), got["ContentType"], got["Metadata"]) == (
        BODY,
        "text/plain",
        {"a": "1"},
    )
    s3.copy_object(
        Bucket="other",
        Key="dst2",
        CopySource="bucket/src key+1",
        MetadataDirective="REPLACE",
        Metadata={"b": "2"},
    )
    assert s3.head_object(Bucket="other", Key="dst2")["Metadata"] == {"b": "2"}
    assert s3.head_object(Bucket="other", Key="dst2")["ContentType"] == "binary/octet-stream"
    with pytest.raises(s3.exceptions.NoSuchKey):
        s3.copy_object(Bucket="other", Key="x", CopySource={"Bucket": "bucket", "Key": "nope"})
    with pytest.raises(ClientError) as raised:
        s3.copy_object(
            Bucket="bucket", Key="src key+1", CopySource={"Bucket": "bucket", "Key": "src key+1"}
        )
    assert code_of(raised) == ("InvalidRequest", 400)
    s3.copy_object(
        Bucket="bucket",
        Key="src key+1",
        MetadataDirective="REPLACE",
        CopySource={"Bucket": "bucket", "Key": "src key+1"},
        Metadata={"c": "3"},
    )
    with pytest.raises(ClientError) as raised:
        s3.copy_object(
            Bucket="other",
            Key="y",
            CopySourceIfMatch='"0000"',
            CopySource={"Bucket": "bucket", "Key": "src key+1"},
        )
    assert code_of(raised) == ("PreconditionFailed", 412)


def test_large_bodies_spill_to_disk_and_are_cleaned_up(
    s3: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setattr(blob_module, "SPILL_OVER", 4096)
    monkeypatch.setattr(blob_module.tempfile, "tempdir", str(tmp_path))
    payload = os.urandom(50_000)
    s3.put_object(Bucket="bucket", Key="big", Body=io.BytesIO(payload))
    assert len(list(tmp_path.iterdir())) == 1
    assert s3.get_object(Bucket="bucket", Key="big")["Body"].read() == payload
    part = s3.get_object(Bucket="bucket", Key="big", Range="bytes=10000-10099")
    assert part["Body"].read() == payload[10000:10100]
    s3.copy_object(Bucket="bucket", Key="big-copy", CopySource={"Bucket": "bucket", "Key": "big"})
    s3.delete_object(Bucket="bucket", Key="big")
    gc.collect()
    assert len(list(tmp_path.iterdir())) == 1  # the copy still holds the shared body
    s3.delete_object(Bucket="bucket", Key="big-copy")
    gc.collect()
    assert list(tmp_path.iterdir()) == []
