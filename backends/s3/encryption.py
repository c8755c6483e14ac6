"""Server-side encryption of objects: what a write asks for (SSE-S3, SSE-KMS or a
customer-provided key, SSE-C), else the bucket's default (SSE-S3 since 2023); and the
customer key every later read of an SSE-C object must present again."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from typing import Any

from hookmock.backends._core import Call, Params
from hookmock.backends.s3 import configuration, errors
from hookmock.backends.s3.models import Bucket
from hookmock.shapes import AWSError, IfModeled

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


def customer_key_md5(params: Params, prefix: str = "SSECustomer") -> str | None:
    """The base64 MD5 of the SSE-C key a request presents (None: it presents none),
    checked as S3 checks it. botocore base64-encodes the key and adds its MD5."""
    algorithm = params.get(f"{prefix}Algorithm")
    key = params.get(f"{prefix}Key")
    given_md5 = params.get(f"{prefix}KeyMD5")
    if algorithm is None and key is None and given_md5 is None:
        return None
    header = "x-amz-server-side-encryption-customer-algorithm"
    if algorithm != "AES256":
        raise errors.invalid_argument(
            "The encryption algorithm specified is not valid.", header, algorithm
        )
    if key is None:
        raise errors.invalid_argument(
            "Requests specifying Server Side Encryption with Customer provided keys must "
            "provide an appropriate secret key.",
            header,
            algorithm,
        )
    try:
        raw = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise errors.invalid_argument(
            "The secret key was invalid for the specified algorithm.",
            "x-amz-server-side-encryption-customer-key",
            "",
        )
    md5 = base64.b64encode(hashlib.md5(raw).digest()).decode()
    if given_md5 is not None and given_md5 != md5:
        raise errors.invalid_argument(
            "The calculated MD5 hash of the key did not match the hash that was provided.",
            "x-amz-server-side-encryption-customer-key-MD5",
            given_md5,
        )
    return md5


def check_customer_key(stored_md5: str | None, params: Params, prefix: str = "SSECustomer") -> None:
    """A read of an object (or a copy source, with prefix CopySourceSSECustomer):
    an SSE-C object needs its key again, and only SSE-C objects take one."""
    given = customer_key_md5(params, prefix)
    if stored_md5 is None:
        if given is not None:
            raise errors.invalid_request(
                "The encryption parameters are not applicable to this object."
            )
        return
    if given is None:
        raise errors.invalid_request(
            "The object was stored using a form of Server Side Encryption. The correct "
            "parameters must be provided to retrieve the object."
        )
    if given != stored_md5:
        raise AWSError("AccessDenied", "Access Denied", 403)


def check_part_key(stored_md5: str | None, params: Params) -> None:
    """An UploadPart to an upload created with SSE-C repeats the same key."""
    given = customer_key_md5(params)
    if stored_md5 is None:
        if given is not None:
            raise errors.invalid_request(
                "The multipart upload initiate did not request encryption. Subsequent part "
                "requests must not include encryption parameters."
            )
        return
    if given is None:
        raise errors.invalid_request(
            "The multipart upload initiate requested encryption. Subsequent part requests "
            "must include the appropriate encryption parameters."
        )
    if given != stored_md5:
        raise errors.invalid_request(
            "The provided encryption parameters did not match the ones used originally."
        )


def _sse_c_blocked(bucket: Bucket) -> bool:
    blocked = configuration.default_encryption(bucket).get("BlockedEncryptionTypes") or {}
    return "SSE-C" in (blocked.get("EncryptionType") or [])


def object_encryption(call: Call, bucket: Bucket, params: Params) -> dict[str, Any]:
    """The S3Object encryption fields of an object written by this request."""
    customer_md5 = customer_key_md5(params)
    if customer_md5 is not None:
        if params.get("ServerSideEncryption") is not None:
            raise errors.invalid_argument(
                "Server Side Encryption with Customer provided key is incompatible with the "
                "encryption method specified",
                "x-amz-server-side-encryption",
                params["ServerSideEncryption"],
            )
        if _sse_c_blocked(bucket):  # new buckets block SSE-C writes since April 2026
            raise AWSError("AccessDenied", "Access Denied", 403)
        return {"server_side_encryption": None, "sse_customer_key_md5": customer_md5}
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
        **customer_key_members(fields.get("sse_customer_key_md5")),
    }


def customer_key_members(md5: str | None) -> dict[str, Any]:
    """SSECustomer* members, for the outputs that have them (CompleteMultipartUpload has not)."""
    if md5 is None:
        return {}
    return {"SSECustomerAlgorithm": IfModeled("AES256"), "SSECustomerKeyMD5": IfModeled(md5)}
