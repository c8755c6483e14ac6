"""S3 state: buckets and the objects in them."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import attrs

from hookmock.backends.s3.blob import Blob
from hookmock.shapes.paginate import SortedIndex

# Members of PutObject/CopyObject input that S3 stores and returns with the object.
STORED_HEADERS = (
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "Expires",
    "WebsiteRedirectLocation",
)
OVERRIDABLE_ON_READ = tuple(name for name in STORED_HEADERS if name != "WebsiteRedirectLocation")
"""Headers GetObject's Response* parameters may override in the answer."""
DEFAULT_CONTENT_TYPE = "binary/octet-stream"


def now() -> dt.datetime:
    """S3 keeps modification times to the second. Read at call time, so
    freezegun and time-machine move it."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def canonical_user_id(account_id: str) -> str:
    """The 64-hex-digit canonical user id S3 shows for an account."""
    return hashlib.sha256(f"hookmock-canonical-{account_id}".encode()).hexdigest()


@attrs.define(eq=False)
class S3Object:
    key: str
    blob: Blob
    last_modified: dt.datetime
    headers: dict[str, Any] = attrs.field(factory=dict)
    metadata: dict[str, str] = attrs.field(factory=dict)
    storage_class: str = "STANDARD"
    server_side_encryption: str = "AES256"
    sse_kms_key_id: str | None = None
    tags: dict[str, str] = attrs.field(factory=dict)
    parts: list[int] | None = None
    """Part sizes of an object completed from a multipart upload."""

    @property
    def etag(self) -> str:
        return f'"{self.blob.md5}"'

    @property
    def size(self) -> int:
        return self.blob.size

    @property
    def content_type(self) -> str:
        return str(self.headers.get("ContentType") or DEFAULT_CONTENT_TYPE)

    def described(self) -> dict[str, Any]:
        """The members GetObject and HeadObject share."""
        return {
            "LastModified": self.last_modified,
            "ETag": self.etag,
            "AcceptRanges": "bytes",
            **self.headers,
            "ContentType": self.content_type,
            "Metadata": dict(self.metadata),
            "ServerSideEncryption": self.server_side_encryption,
            "SSEKMSKeyId": self.sse_kms_key_id,
            # S3 sends x-amz-storage-class only for classes other than STANDARD.
            "StorageClass": None if self.storage_class == "STANDARD" else self.storage_class,
        }


@attrs.define(eq=False)
class Bucket:
    name: str
    owner: str
    region: str
    created: dt.datetime
    objects: SortedIndex[str, S3Object] = attrs.field(factory=SortedIndex)

    @property
    def location_constraint(self) -> str | None:
        return None if self.region == "us-east-1" else self.region
