"""Server-side encryption of objects through boto3: requested, or the bucket's default."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import code_of

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
KEY_ARN = f"arn:aws:kms:us-east-1:123456789012:key/{KEY_ID}"


def test_sse_s3_by_default(s3: Any) -> None:
    put = s3.put_object(Bucket="bucket", Key="k", Body=b"x")
    assert put["ServerSideEncryption"] == "AES256"
    assert "SSEKMSKeyId" not in put
    assert s3.head_object(Bucket="bucket", Key="k")["ServerSideEncryption"] == "AES256"


def test_kms_with_a_named_key_or_the_aws_managed_one(s3: Any) -> None:
    named = s3.put_object(
        Bucket="bucket", Key="named", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=KEY_ID
    )
    assert (named["ServerSideEncryption"], named["SSEKMSKeyId"]) == ("aws:kms", KEY_ARN)
    managed = s3.put_object(
        Bucket="bucket", Key="managed", Body=b"x", ServerSideEncryption="aws:kms"
    )
    assert managed["SSEKMSKeyId"].startswith("arn:aws:kms:us-east-1:123456789012:key/")
    again = s3.put_object(Bucket="bucket", Key="again", Body=b"x", ServerSideEncryption="aws:kms")
    assert again["SSEKMSKeyId"] == managed["SSEKMSKeyId"]
    got = s3.get_object(Bucket="bucket", Key="named")
    assert (got["ServerSideEncryption"], got["SSEKMSKeyId"]) == ("aws:kms", KEY_ARN)


def test_bucket_default_encryption_applies_to_new_objects(s3: Any) -> None:
    s3.put_bucket_encryption(
        Bucket="bucket",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": KEY_ARN,
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    put = s3.put_object(Bucket="bucket", Key="k", Body=b"x")
    assert (put["ServerSideEncryption"], put["SSEKMSKeyId"], put["BucketKeyEnabled"]) == (
        "aws:kms",
        KEY_ARN,
        True,
    )
    explicit = s3.put_object(Bucket="bucket", Key="k2", Body=b"x", ServerSideEncryption="AES256")
    assert explicit["ServerSideEncryption"] == "AES256"
    assert "SSEKMSKeyId" not in explicit
    upload = s3.create_multipart_upload(Bucket="bucket", Key="big")
    assert upload["SSEKMSKeyId"] == KEY_ARN
    copied = s3.copy_object(Bucket="bucket", Key="copy", CopySource="bucket/k2")
    assert copied["SSEKMSKeyId"] == KEY_ARN


def test_kms_key_without_kms_encryption(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=b"x", SSEKMSKeyId=KEY_ID)
    assert code_of(raised) == ("InvalidArgument", 400)
    assert "Contents" not in s3.list_objects_v2(Bucket="bucket")


CUSTOMER_KEY = b"k" * 32
OTHER_KEY = b"o" * 32


def allow_sse_c(s3: Any) -> None:
    """Unblock SSE-C, as AWS requires for buckets made since April 2026."""
    rule = s3.meta.service_model.shape_for("ServerSideEncryptionRule")
    if "BlockedEncryptionTypes" not in rule.members:
        pytest.skip("this botocore cannot unblock SSE-C (no BlockedEncryptionTypes)")
    s3.put_bucket_encryption(
        Bucket="bucket",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
                    "BlockedEncryptionTypes": {"EncryptionType": ["NONE"]},
                }
            ]
        },
    )


def sse_c(key: bytes = CUSTOMER_KEY, prefix: str = "SSECustomer") -> dict[str, Any]:
    return {f"{prefix}Algorithm": "AES256", f"{prefix}Key": key}


def test_sse_c_writes_are_blocked_on_new_buckets(s3: Any) -> None:
    if (
        "BlockedEncryptionTypes"
        not in s3.meta.service_model.shape_for("ServerSideEncryptionRule").members
    ):
        pytest.skip("this botocore's model predates BlockedEncryptionTypes")
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k", Body=b"x", **sse_c())
    assert code_of(raised) == ("AccessDenied", 403)


def test_sse_c_objects_need_their_key_on_every_read(s3: Any) -> None:
    allow_sse_c(s3)
    put = s3.put_object(Bucket="bucket", Key="k", Body=b"secret", **sse_c())
    assert put["SSECustomerAlgorithm"] == "AES256"
    assert "ServerSideEncryption" not in put
    got = s3.get_object(Bucket="bucket", Key="k", **sse_c())
    assert got["Body"].read() == b"secret"
    assert got["SSECustomerKeyMD5"] == put["SSECustomerKeyMD5"]
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k")
    assert code_of(raised) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", **sse_c(OTHER_KEY))
    assert code_of(raised) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as raised:
        s3.head_object(Bucket="bucket", Key="k")
    assert code_of(raised) == ("400", 400)
    with pytest.raises(ClientError) as raised:
        s3.copy_object(Bucket="bucket", Key="copy", CopySource="bucket/k")
    assert code_of(raised) == ("InvalidRequest", 400)
    s3.copy_object(
        Bucket="bucket", Key="copy", CopySource="bucket/k", **sse_c(prefix="CopySourceSSECustomer")
    )
    assert s3.get_object(Bucket="bucket", Key="copy")["Body"].read() == b"secret"
    s3.put_object(Bucket="bucket", Key="plain", Body=b"x")
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="plain", **sse_c())
    assert code_of(raised) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as raised:
        s3.put_object(
            Bucket="bucket", Key="k2", Body=b"x", ServerSideEncryption="AES256", **sse_c()
        )
    assert code_of(raised) == ("InvalidArgument", 400)


def test_sse_c_multipart_parts_repeat_the_key(s3: Any) -> None:
    allow_sse_c(s3)
    upload = s3.create_multipart_upload(Bucket="bucket", Key="big", **sse_c())["UploadId"]
    for extra in [{}, sse_c(OTHER_KEY)]:
        with pytest.raises(ClientError) as raised:
            s3.upload_part(
                Bucket="bucket", Key="big", UploadId=upload, PartNumber=1, Body=b"x", **extra
            )
        assert code_of(raised) == ("InvalidRequest", 400)
    etag = s3.upload_part(
        Bucket="bucket", Key="big", UploadId=upload, PartNumber=1, Body=b"x", **sse_c()
    )["ETag"]
    s3.complete_multipart_upload(
        Bucket="bucket",
        Key="big",
        UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]},
    )
    assert s3.get_object(Bucket="bucket", Key="big", **sse_c())["Body"].read() == b"x"
