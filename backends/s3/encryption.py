"""Server-side encryption of new objects: what the request asks for, else the bucket's
default (SSE-S3 on every bucket since 2023)."""

from __future__ import annotations

import uuid
from typing import Any

from hookmock.backends._core import Call, Params
from hookmock.backends.s3 import configuration, errors
from hookmock.backends.s3.models import Bucket

KMS_ALGORITHMS = frozenset({"aws:kms", "aws:kms:dsse"})


def aws_managed_key(call: Call, bucket: Bucket) -> str:
    """The ARN of the account's AWS managed key for S3 (aws/s3) in the bucket's region."""
    key_id = uuid.uuid5(uuid.NAMESPACE_URL, f"aws/s3:{bucket.owner}:{bucket.region}")
    return f"arn:{call.partition}:kms:{bucket.region}:{bucket.owner}:key/{key_id}"


def key_arn(call: Call, bucket: Bucket, key: str) -> str:
    """S3 reports KMS keys by ARN: a bare key id is expanded in the bucket's region."""
    if key.startswith("arn:"):
        return key
    if key.startswith("alias/"):
        return f"arn:{call.partition}:kms:{bucket.region}:{call.account_id}:{key}"
    return f"arn:{call.partition}:kms:{bucket.region}:{call.account_id}:key/{key}"


def object_encryption(call: Call, bucket: Bucket, params: Params) -> dict[str, Any]:
    """The S3Object encryption fields of an object written by this request."""
    algorithm = params.get("ServerSideEncryption")
    key = params.get("SSEKMSKeyId")
    bucket_key = params.get("BucketKeyEnabled")
    if algorithm is None:
        if key is not None:
            raise errors.invalid_argument(
                "Server Side Encryption with AWS KMS managed key requires HTTP header "
                "x-amz-server-side-encryption : aws:kms",
                "x-amz-server-side-encryption",
                "null",
            )
        algorithm, key, default_bucket_key = configuration.default_sse(bucket)
        bucket_key = default_bucket_key if bucket_key is None else bucket_key
    if algorithm not in KMS_ALGORITHMS:
        return {"server_side_encryption": algorithm}
    return {
        "server_side_encryption": algorithm,
        "sse_kms_key_id": key_arn(call, bucket, key) if key else aws_managed_key(call, bucket),
        "bucket_key_enabled": bool(bucket_key),
    }


def encryption_members(fields: dict[str, Any]) -> dict[str, Any]:
    """The response members that report an object's encryption."""
    return {
        "ServerSideEncryption": fields.get("server_side_encryption"),
        "SSEKMSKeyId": fields.get("sse_kms_key_id"),
        "BucketKeyEnabled": fields.get("bucket_key_enabled") or None,
    }
