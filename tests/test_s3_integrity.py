"""S3 flexible checksums through boto3: computed, checked, stored and returned as S3 does."""

from __future__ import annotations

import base64
import hashlib
import zlib
from typing import Any

import boto3
import pytest
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

import hookmock

from helpers import code_of

BODY = b"123456789"
PART = b"a" * (5 * 1024 * 1024)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def crc32(data: bytes) -> str:
    return b64(zlib.crc32(data).to_bytes(4, "big"))


def test_default_crc32_is_computed_stored_and_returned_on_request(s3: Any) -> None:
    put = s3.put_object(Bucket="bucket", Key="k", Body=BODY)
    assert put["ChecksumCRC32"] == crc32(BODY) == "y/Q5Jg=="
    got = s3.get_object(Bucket="bucket", Key="k", ChecksumMode="ENABLED")
    assert (got["ChecksumCRC32"], got["ChecksumType"]) == ("y/Q5Jg==", "FULL_OBJECT")
    assert "ChecksumCRC32" not in s3.head_object(Bucket="bucket", Key="k")
    head = s3.head_object(Bucket="bucket", Key="k", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == "y/Q5Jg=="
    ranged = s3.get_object(Bucket="bucket", Key="k", Range="bytes=0-1", ChecksumMode="ENABLED")
    assert "ChecksumCRC32" not in ranged
    listed = s3.list_objects_v2(Bucket="bucket")["Contents"][0]
    assert listed["ChecksumAlgorithm"] == ["CRC32"]


@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [("SHA1", b64(hashlib.sha1(BODY).digest())), ("SHA256", b64(hashlib.sha256(BODY).digest()))],
)
def test_requested_algorithm(s3: Any, algorithm: str, expected: str) -> None:
    put = s3.put_object(Bucket="bucket", Key="k", Body=BODY, ChecksumAlgorithm=algorithm)
    assert put[f"Checksum{algorithm}"] == expected
    got = s3.head_object(Bucket="bucket", Key="k", ChecksumMode="ENABLED")
    assert got[f"Checksum{algorithm}"] == expected


def test_sent_values_are_checked(s3: Any) -> None:
    good = b64(hashlib.sha256(BODY).digest())
    s3.put_object(Bucket="bucket", Key="k", Body=BODY, ChecksumSHA256=good)
    wrong = b64(hashlib.sha256(b"other").digest())
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=b"changed", ChecksumSHA256=wrong)
    assert code_of(raised) == ("BadDigest", 400)
    assert "SHA256 you specified did not match" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=b"changed", ChecksumCRC32="y/Q5Jh==")
    assert code_of(raised) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as raised:
        s3.put_object(
            Bucket="bucket", Key="k", Body=BODY, ChecksumCRC32="y/Q5Jg==", ChecksumSHA256=good
        )
    assert code_of(raised) == ("InvalidRequest", 400)
    assert s3.get_object(Bucket="bucket", Key="k")["Body"].read() == BODY


def test_objects_sent_without_a_checksum_get_crc64nvme(s3: Any) -> None:
    plain = boto3.client(
        "s3", region_name="us-east-1", config=Config(request_checksum_calculation="when_required")
    )
    put = plain.put_object(Bucket="bucket", Key="k", Body=BODY)
    assert not any(name.startswith("Checksum") for name in put)
    got = plain.get_object(Bucket="bucket", Key="k", ChecksumMode="ENABLED")
    # The CRC-64/NVME check value of "123456789" is 0xAE8B14860A799888.
    assert got["ChecksumCRC64NVME"] == b64(bytes.fromhex("AE8B14860A799888")) == "rosUhgp5mIg="
    assert got["ChecksumType"] == "FULL_OBJECT"


def upload_parts(s3: Any, upload: str, bodies: list[bytes], **extra: Any) -> list[dict[str, Any]]:
    parts = []
    for number, body in enumerate(bodies, start=1):
        answer = s3.upload_part(
            Bucket="bucket", Key="big", UploadId=upload, PartNumber=number, Body=body, **extra
        )
        parts.append(
            {"PartNumber": number, "ETag": answer["ETag"], "ChecksumCRC32": answer["ChecksumCRC32"]}
        )
    return parts


def test_composite_multipart_checksum(s3: Any) -> None:
    created = s3.create_multipart_upload(Bucket="bucket", Key="big", ChecksumAlgorithm="CRC32")
    assert (created["ChecksumAlgorithm"], created["ChecksumType"]) == ("CRC32", "COMPOSITE")
    upload = created["UploadId"]
    parts = upload_parts(s3, upload, [PART, b"tail"], ChecksumAlgorithm="CRC32")
    assert parts[1]["ChecksumCRC32"] == crc32(b"tail")
    listed = s3.list_parts(Bucket="bucket", Key="big", UploadId=upload)
    assert [p["ChecksumCRC32"] for p in listed["Parts"]] == [p["ChecksumCRC32"] for p in parts]
    assert listed["ChecksumAlgorithm"] == "CRC32"

    missing = [{k: v for k, v in part.items() if k != "ChecksumCRC32"} for part in parts]
    with pytest.raises(ClientError) as raised:
        s3.complete_multipart_upload(
            Bucket="bucket", Key="big", UploadId=upload, MultipartUpload={"Parts": missing}
        )
    assert code_of(raised) == ("InvalidRequest", 400)
    wrong = [parts[0], {**parts[1], "ChecksumCRC32": crc32(b"else")}]
    with pytest.raises(ClientError) as raised:
        s3.complete_multipart_upload(
            Bucket="bucket", Key="big", UploadId=upload, MultipartUpload={"Parts": wrong}
        )
    assert code_of(raised) == ("InvalidPart", 400)

    done = s3.complete_multipart_upload(
        Bucket="bucket", Key="big", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    raw = b"".join(base64.b64decode(p["ChecksumCRC32"]) for p in parts)
    assert done["ChecksumCRC32"] == f"{crc32(raw)}-2"
    assert done["ChecksumType"] == "COMPOSITE"
    head = s3.head_object(Bucket="bucket", Key="big", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == done["ChecksumCRC32"]
    attributes = s3.get_object_attributes(
        Bucket="bucket", Key="big", ObjectAttributes=["Checksum", "ObjectParts"]
    )
    assert attributes["Checksum"]["ChecksumCRC32"] == done["ChecksumCRC32"]
    part_sums = [p["ChecksumCRC32"] for p in attributes["ObjectParts"]["Parts"]]
    assert part_sums == [p["ChecksumCRC32"] for p in parts]


def test_full_object_multipart_checksum(s3: Any) -> None:
    upload = s3.create_multipart_upload(
        Bucket="bucket", Key="big", ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT"
    )["UploadId"]
    parts = upload_parts(s3, upload, [PART, b"tail"], ChecksumAlgorithm="CRC32")
    with pytest.raises(ClientError) as raised:
        s3.complete_multipart_upload(
            Bucket="bucket",
            Key="big",
            UploadId=upload,
            MultipartUpload={"Parts": parts},
            ChecksumCRC32=crc32(b"not the object"),
        )
    assert code_of(raised) == ("BadDigest", 400)
    done = s3.complete_multipart_upload(
        Bucket="bucket", Key="big", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    assert (done["ChecksumCRC32"], done["ChecksumType"]) == (crc32(PART + b"tail"), "FULL_OBJECT")


def test_multipart_checksum_settings_errors(s3: Any) -> None:
    for extra in [
        {"ChecksumType": "FULL_OBJECT"},
        {"ChecksumAlgorithm": "SHA256", "ChecksumType": "FULL_OBJECT"},
    ]:
        with pytest.raises(ClientError) as raised:
            s3.create_multipart_upload(Bucket="bucket", Key="big", **extra)
        assert code_of(raised) == ("InvalidRequest", 400), extra
    upload = s3.create_multipart_upload(Bucket="bucket", Key="big", ChecksumAlgorithm="SHA1")[
        "UploadId"
    ]
    with pytest.raises(ClientError) as raised:  # botocore's default CRC32 is not the upload's
        s3.upload_part(Bucket="bucket", Key="big", UploadId=upload, PartNumber=1, Body=b"x")
    assert code_of(raised) == ("InvalidRequest", 400)
    assert "expected checksum Type: sha1" in raised.value.response["Error"]["Message"]
    assert "Parts" not in s3.list_parts(Bucket="bucket", Key="big", UploadId=upload)


def test_transfer_manager_multipart_keeps_crc32_parts(s3: Any, tmp_path: Any) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(PART + PART + b"end")
    config = TransferConfig(multipart_threshold=len(PART), multipart_chunksize=len(PART))
    s3.upload_file(str(source), "bucket", "big", Config=config)
    head = s3.head_object(Bucket="bucket", Key="big", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"].endswith("-3")
    assert head["ChecksumType"] == "COMPOSITE"


def test_copy_computes_the_requested_algorithm(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="src", Body=BODY)
    copied = s3.copy_object(
        Bucket="bucket", Key="dst", CopySource="bucket/src", ChecksumAlgorithm="SHA256"
    )
    assert copied["CopyObjectResult"]["ChecksumSHA256"] == b64(hashlib.sha256(BODY).digest())
    kept = s3.copy_object(Bucket="bucket", Key="dst2", CopySource="bucket/src")
    assert kept["CopyObjectResult"]["ChecksumCRC32"] == crc32(BODY)


def test_unsupported_algorithm_is_a_clear_hookmock_error() -> None:
    with hookmock.aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bucket")
        model = s3.meta.service_model.shape_for("ChecksumAlgorithm").enum
        if "XXHASH64" not in model:
            pytest.skip("this botocore's model has no XXHASH64")
        with pytest.raises(hookmock.HookmockError, match="XXHASH64 checksums"):
            s3.put_object(Bucket="bucket", Key="k", Body=b"x", ChecksumXXHASH64="AAAAAAAAAAA=")
