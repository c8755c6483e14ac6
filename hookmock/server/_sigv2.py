"""S3's legacy Signature Version 2 (``AWS key:signature`` headers and presigned URLs
with ``AWSAccessKeyId``, ``Expires`` and ``Signature``), computed as AWS documents it:
HMAC-SHA1 over the verb, Content-MD5, Content-Type, the date (or ``Expires``), the
``x-amz-*`` headers and the canonicalized resource."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import unquote

SUBRESOURCES = frozenset(
    {
        "accelerate",
        "acl",
        "analytics",
        "cors",
        "delete",
        "encryption",
        "intelligent-tiering",
        "inventory",
        "legal-hold",
        "lifecycle",
        "location",
        "logging",
        "metrics",
        "notification",
        "object-lock",
        "ownershipControls",
        "partNumber",
        "policy",
        "publicAccessBlock",
        "replication",
        "requestPayment",
        "response-cache-control",
        "response-content-disposition",
        "response-content-encoding",
        "response-content-language",
        "response-content-type",
        "response-expires",
        "restore",
        "retention",
        "select",
        "select-type",
        "tagging",
        "torrent",
        "uploadId",
        "uploads",
        "versionId",
        "versioning",
        "versions",
        "website",
    }
)
"""Query parameters that belong to the canonicalized resource."""


def canonical_resource(path: str, query: str, bucket: str | None) -> str:
    """``/bucket/key`` (the bucket from a virtual host prepended) and the sub-resources,
    sorted, values decoded."""
    resource = path if bucket is None else f"/{bucket}{path}"
    if resource.count("/") == 1 and resource != "/":
        resource += "/"  # a bucket is ``/bucket/``, path-style or not
    found: list[tuple[str, str | None]] = []
    for part in query.split("&"):
        name, sep, value = part.partition("=")
        if name in SUBRESOURCES:
            found.append((name, unquote(value) if sep else None))
    if found:
        found.sort(key=lambda pair: pair[0])
        resource += "?" + "&".join(name if v is None else f"{name}={v}" for name, v in found)
    return resource


def string_to_sign(method: str, headers: Mapping[str, str], date: str, resource: str) -> str:
    """``date`` is the Date header (empty when ``x-amz-date`` is sent, which then
    counts among the ``x-amz-*`` headers), or a presigned URL's ``Expires``."""
    amz = sorted(
        (name, " ".join(value.split()))
        for name, value in headers.items()
        if name.startswith("x-amz-")
    )
    lines = [
        method,
        headers.get("content-md5", ""),
        headers.get("content-type", ""),
        date,
        *(f"{name}:{value}" for name, value in amz),
        resource,
    ]
    return "\n".join(lines)


def sign(secret: str, text: str) -> str:
    digest = hmac.new(secret.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()
