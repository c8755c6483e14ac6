"""Reading S3 request parameters: bodies, digests, metadata, tags, copy sources."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import parse_qsl, unquote

from hookmock._clock import Clock
from hookmock.backends._core import Call, Params
from hookmock.backends.s3 import errors
from hookmock.backends.s3.blob import Blob
from hookmock.backends.s3.conditions import check_read_conditions
from hookmock.backends.s3.encryption import check_customer_key, object_encryption
from hookmock.backends.s3.models import STORED_HEADERS, Bucket, S3Object
from hookmock.backends.s3.object_lock import lock_fields
from hookmock.backends.s3.object_subresources import (
    check_readable,
    checked_object_tags,
    object_grants,
)
from hookmock.backends.s3.versions import DeleteMarker
from hookmock.shapes import AWSError
from hookmock.shapes.paginate import SortedIndex


def copy_source(
    buckets: SortedIndex[str, Bucket], params: Params, clock: Clock
) -> tuple[Bucket, S3Object]:
    """The object (or version) a CopySource names and its bucket, with its
    x-amz-copy-source-if-* conditions checked."""
    source_bucket_name, source_key, version = parse_copy_source(params["CopySource"])
    source_bucket = buckets.get(source_bucket_name)
    if source_bucket is None:
        raise errors.no_such_bucket(source_bucket_name)
    if version is not None and isinstance(
        source_bucket.objects.find(source_key, version), DeleteMarker
    ):
        raise errors.invalid_request(
            "The source of a copy request may not specifically refer to a delete marker by "
            "version id."
        )
    source = source_bucket.objects.resolve(source_key, version, "GET")
    check_readable(source, clock, source=True)
    check_customer_key(source.sse_customer_key_md5, params, "CopySourceSSECustomer")
    check_read_conditions(
        source,
        params.get("CopySourceIfMatch"),
        params.get("CopySourceIfNoneMatch"),
        params.get("CopySourceIfModifiedSince"),
        params.get("CopySourceIfUnmodifiedSince"),
        prefix="x-amz-copy-source-If",
    )
    return source_bucket, source


def read_body(body: Any) -> Blob:
    if body is None:
        return Blob.from_bytes(b"")
    # s3transfer turns its progress callbacks on from a request-created handler,
    # an event that never fires for an answered call: turn them on here.
    signal = getattr(body, "signal_transferring", None)
    if callable(signal):
        signal()
    return Blob.read_from(body)


def check_content_md5(content_md5: str | None, blob: Blob) -> None:
    if content_md5 is None:
        return
    try:
        digest = base64.b64decode(content_md5, validate=True)
    except (binascii.Error, ValueError):
        digest = b""
    if len(digest) != 16:
        raise AWSError(
            "InvalidDigest",
            "The Content-MD5 you specified was invalid.",
            fields={"Content-MD5": content_md5},
        )
    if digest.hex() != blob.md5:
        raise AWSError(
            "BadDigest",
            "The Content-MD5 you specified did not match what we received.",
            fields={
                "ExpectedDigest": content_md5,
                "CalculatedDigest": base64.b64encode(bytes.fromhex(blob.md5)).decode(),
            },
        )


def check_write_conditions(existing: S3Object | None, key: str, params: Params) -> None:
    """Conditional writes: If-None-Match: * and If-Match: <etag>."""
    if params.get("IfNoneMatch") == "*" and existing is not None:
        raise errors.precondition_failed("If-None-Match")
    if_match = params.get("IfMatch")
    if if_match is not None:
        if existing is None:
            raise errors.no_such_key(key)
        if if_match.strip() not in (existing.etag, existing.etag.strip('"')):
            raise errors.precondition_failed("If-Match")


def metadata(given: Params | None) -> dict[str, str]:
    """User metadata travels as x-amz-meta-* headers, whose names S3 lowercases."""
    return {name.lower(): value for name, value in (given or {}).items()}


def stored_attributes(call: Call, bucket: Bucket, params: Params) -> dict[str, Any]:
    """What PutObject and CreateMultipartUpload keep with the object, as S3Object fields."""
    return {
        "headers": {name: params[name] for name in STORED_HEADERS if name in params},
        "metadata": metadata(params.get("Metadata")),
        "storage_class": params.get("StorageClass") or "STANDARD",
        "tags": parse_tagging(params.get("Tagging")),
        **lock_fields(bucket, params, call.world.clock),
        **object_encryption(call, bucket, params),
        "acl": object_grants(call, bucket, params),
    }


def parse_tagging(tagging: str | None) -> dict[str, str]:
    """The x-amz-tagging header: URL query form, checked as PutObjectTagging checks tags."""
    return checked_object_tags(parse_qsl(tagging, keep_blank_values=True)) if tagging else {}


def parse_copy_source(source: str) -> tuple[str, str, str | None]:
    """'bucket/key?versionId=v' with the key URL-encoded, as botocore sends it."""
    path, _, query = source.lstrip("/").partition("?")
    bucket, _, key = path.partition("/")
    version = dict(parse_qsl(query)).get("versionId") if query else None
    return bucket, unquote(key), version
