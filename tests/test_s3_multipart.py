"""Multipart uploads through boto3 and s3transfer."""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any

import pytest
from boto3.s3.transfer import TransferConfig
from botocore.exceptions import ClientError

from helpers import code_of

MIB = 1024 * 1024


def start(s3: Any, key: str = "big", **extra: Any) -> str:
    return str(s3.create_multipart_upload(Bucket="bucket", Key=key, **extra)["UploadId"])


def test_upload_complete_and_read_back(s3: Any) -> None:
    upload_id = start(s3, ContentType="application/x-tar", Metadata={"Kind": "backup"})
    chunks = [os.urandom(5 * MIB), os.urandom(5 * MIB), b"tail"]
    etags = [
        s3.upload_part(Bucket="bucket", Key="big", UploadId=upload_id, PartNumber=n, Body=c)["ETag"]
        for n, c in enumerate(chunks, 1)
    ]
    assert etags[0] == f'"{hashlib.md5(chunks[0]).hexdigest()}"'
    listed = s3.list_parts(Bucket="bucket", Key="big", UploadId=upload_id)
    assert [p["PartNumber"] for p in listed["Parts"]] == [1, 2, 3]
    assert [p["Size"] for p in listed["Parts"]] == [len(c) for c in chunks]
    done = s3.complete_multipart_upload(
        Bucket="bucket",
        Key="big",
        UploadId=upload_id,
        MultipartUpload={"Parts": [{"PartNumber": n, "ETag": e} for n, e in enumerate(etags, 1)]},
    )
    digest = hashlib.md5(b"".join(hashlib.md5(c).digest() for c in chunks)).hexdigest()
    assert done["ETag"] == f'"{digest}-3"'
    got = s3.get_object(Bucket="bucket", Key="big")
    assert got["Body"].read() == b"".join(chunks)
    assert got["ContentType"] == "application/x-tar"
    assert got["Metadata"] == {"kind": "backup"}
    part = s3.get_object(Bucket="bucket", Key="big", PartNumber=3)
    assert part["Body"].read() == b"tail"
    assert part["PartsCount"] == 3
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206
    with pytest.raises(ClientError) as raised:
        s3.head_object(Bucket="bucket", Key="big", PartNumber=4)
    assert code_of(raised) == ("416", 416)
    with pytest.raises(s3.exceptions.NoSuchUpload):
        s3.list_parts(Bucket="bucket", Key="big", UploadId=upload_id)


def test_completion_rules(s3: Any) -> None:
    upload_id = start(s3)
    small = s3.upload_part(
        Bucket="bucket", Key="big", UploadId=upload_id, PartNumber=1, Body=b"small"
    )["ETag"]
    last = s3.upload_part(
        Bucket="bucket", Key="big", UploadId=upload_id, PartNumber=2, Body=b"last"
    )["ETag"]

    def complete(parts: list[dict[str, Any]]) -> pytest.ExceptionInfo[ClientError]:
        with pytest.raises(ClientError) as raised:
            s3.complete_multipart_upload(
                Bucket="bucket", Key="big", UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        return raised

    too_small = complete([{"PartNumber": 1, "ETag": small}, {"PartNumber": 2, "ETag": last}])
    assert code_of(too_small) == ("EntityTooSmall", 400)
    assert code_of(
        complete([{"PartNumber": 2, "ETag": last}, {"PartNumber": 1, "ETag": small}])
    ) == ("InvalidPartOrder", 400)
    assert code_of(complete([{"PartNumber": 1, "ETag": '"00"'}])) == ("InvalidPart", 400)
    assert code_of(complete([{"PartNumber": 7, "ETag": small}])) == ("InvalidPart", 400)
    with pytest.raises(ClientError) as raised:
        s3.complete_multipart_upload(
            Bucket="bucket", Key="big", UploadId=upload_id, MultipartUpload={"Parts": []}
        )
    assert code_of(raised) == ("MalformedXML", 400)
    # A single small part is a valid upload: only parts before the last have a minimum.
    s3.complete_multipart_upload(
        Bucket="bucket",
        Key="big",
        UploadId=upload_id,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": small}]},
    )
    assert s3.get_object(Bucket="bucket", Key="big")["Body"].read() == b"small"


def test_part_numbers_and_unknown_uploads(s3: Any) -> None:
    upload_id = start(s3)
    for bad in (0, 10001):
        with pytest.raises(ClientError) as raised:
            s3.upload_part(
                Bucket="bucket", Key="big", UploadId=upload_id, PartNumber=bad, Body=b"x"
            )
        assert code_of(raised) == ("InvalidArgument", 400)
    with pytest.raises(s3.exceptions.NoSuchUpload) as missing:
        s3.upload_part(Bucket="bucket", Key="big", UploadId="nope", PartNumber=1, Body=b"x")
    assert code_of(missing) == ("NoSuchUpload", 404)
    with pytest.raises(s3.exceptions.NoSuchUpload):
        s3.upload_part(
            Bucket="bucket", Key="other-key", UploadId=upload_id, PartNumber=1, Body=b"x"
        )


def test_abort(s3: Any) -> None:
    upload_id = start(s3)
    aborted = s3.abort_multipart_upload(Bucket="bucket", Key="big", UploadId=upload_id)
    assert aborted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(s3.exceptions.NoSuchUpload):
        s3.abort_multipart_upload(Bucket="bucket", Key="big", UploadId=upload_id)
    assert "Contents" not in s3.list_objects_v2(Bucket="bucket")


def test_upload_part_copy_with_ranges(s3: Any) -> None:
    source = os.urandom(6 * MIB)
    s3.put_object(Bucket="bucket", Key="source", Body=source)
    upload_id = start(s3, "assembled")
    first = s3.upload_part_copy(
        Bucket="bucket",
        Key="assembled",
        UploadId=upload_id,
        PartNumber=1,
        CopySource="bucket/source",
        CopySourceRange=f"bytes=0-{5 * MIB - 1}",
    )
    second = s3.upload_part_copy(
        Bucket="bucket",
        Key="assembled",
        UploadId=upload_id,
        PartNumber=2,
        CopySource={"Bucket": "bucket", "Key": "source"},
    )
    s3.complete_multipart_upload(
        Bucket="bucket",
        Key="assembled",
        UploadId=upload_id,
        MultipartUpload={
            "Parts": [
                {"PartNumber": 1, "ETag": first["CopyPartResult"]["ETag"]},
                {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]},
            ]
        },
    )
    body = s3.get_object(Bucket="bucket", Key="assembled")["Body"].read()
    assert body == source[: 5 * MIB] + source
    for bad in ("bytes=5-2", f"bytes=0-{6 * MIB}", "rows=1-2"):
        with pytest.raises(ClientError) as raised:
            s3.upload_part_copy(
                Bucket="bucket",
                Key="assembled",
                UploadId=start(s3, "assembled"),
                PartNumber=1,
                CopySource="bucket/source",
                CopySourceRange=bad,
            )
        assert code_of(raised) == ("InvalidArgument", 400)


def test_list_multipart_uploads(s3: Any) -> None:
    ids = {key: start(s3, key) for key in ("a/1", "a/2", "b", "c")}
    listed = s3.list_multipart_uploads(Bucket="bucket")
    assert [u["Key"] for u in listed["Uploads"]] == ["a/1", "a/2", "b", "c"]
    assert listed["Uploads"][0]["UploadId"] == ids["a/1"]
    grouped = s3.list_multipart_uploads(Bucket="bucket", Delimiter="/")
    assert [p["Prefix"] for p in grouped["CommonPrefixes"]] == ["a/"]
    assert [u["Key"] for u in grouped["Uploads"]] == ["b", "c"]
    pages = list(
        s3.get_paginator("list_multipart_uploads").paginate(
            Bucket="bucket", PaginationConfig={"PageSize": 3}
        )
    )
    assert [u["Key"] for page in pages for u in page.get("Uploads", [])] == ["a/1", "a/2", "b", "c"]


def test_list_parts_pages(s3: Any) -> None:
    upload_id = start(s3)
    for number in range(1, 8):
        s3.upload_part(Bucket="bucket", Key="big", UploadId=upload_id, PartNumber=number, Body=b"p")
    pages = list(
        s3.get_paginator("list_parts").paginate(
            Bucket="bucket", Key="big", UploadId=upload_id, PaginationConfig={"PageSize": 3}
        )
    )
    assert [p["PartNumber"] for page in pages for p in page["Parts"]] == list(range(1, 8))


def test_transfer_manager_multipart_threaded_with_progress(s3: Any, tmp_path: Any) -> None:
    source = tmp_path / "big.bin"
    payload = os.urandom(23 * MIB)
    source.write_bytes(payload)
    config = TransferConfig(
        multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=4
    )
    progress: list[int] = []
    threads: set[int] = set()

    def record(amount: int) -> None:
        progress.append(amount)
        threads.add(threading.get_ident())

    s3.upload_file(str(source), "bucket", "big", Config=config, Callback=record)
    assert sum(progress) == len(payload)
    head = s3.head_object(Bucket="bucket", Key="big")
    assert head["ContentLength"] == len(payload)
    assert head["ETag"].endswith('-5"')
    target = tmp_path / "back.bin"
    downloaded: list[int] = []
    s3.download_file("bucket", "big", str(target), Config=config, Callback=downloaded.append)
    assert target.read_bytes() == payload
    assert sum(downloaded) == len(payload)
    s3.copy({"Bucket": "bucket", "Key": "big"}, "bucket", "big-copy", Config=config)
    assert s3.head_object(Bucket="bucket", Key="big-copy")["ContentLength"] == len(payload)
