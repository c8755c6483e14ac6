"""S3 state: buckets and the objects in them."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
from typing import Any

import attrs

from hookmock._clock import Clock
from hookmock.backends.s3.blob import Blob
from hookmock.backends.s3.integrity import ObjectChecksum
from hookmock.backends.s3.versions import DeleteMarker, ObjectStore, Versioning
from hookmock.shapes import IfModeled

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


def now(clock: Clock) -> dt.datetime:
    """The world's time as S3 keeps modification times: to the second."""
    return clock.now().replace(microsecond=0)


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
    server_side_encryption: str | None = "AES256"
    """None for an SSE-C object, which S3 reports by its key's MD5 instead."""
    sse_customer_key_md5: str | None = None
    sse_kms_key_id: str | None = None
    bucket_key_enabled: bool = False
    tags: dict[str, str] = attrs.field(factory=dict)
    parts: list[int] | None = None
    """Part sizes of an object completed from a multipart upload."""
    version_id: str = "null"
    lock_mode: str | None = None
    """Object Lock retention: GOVERNANCE or COMPLIANCE, until ``lock_until``."""
    lock_until: dt.datetime | None = None
    legal_hold: str | None = None
    checksum: ObjectChecksum | None = None
    part_checksums: list[str] | None = None
    """Each part's checksum (the upload's algorithm) of an object completed from parts."""
    acl: list[dict[str, Any]] | None = None
    """Grants put on the object; None: its owner's FULL_CONTROL."""
    restored_until: dt.datetime | None = None
    """When the temporary copy of an archived object restored by RestoreObject expires."""

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
            "BucketKeyEnabled": self.bucket_key_enabled or None,
            "SSECustomerAlgorithm": "AES256" if self.sse_customer_key_md5 else None,
            "SSECustomerKeyMD5": self.sse_customer_key_md5,
            # S3 sends x-amz-storage-class only for classes other than STANDARD.
            "StorageClass": None if self.storage_class == "STANDARD" else self.storage_class,
            "ObjectLockMode": self.lock_mode,
            "ObjectLockRetainUntilDate": self.lock_until,
            "ObjectLockLegalHoldStatus": self.legal_hold,
            "Restore": self.restore_status(),
        }

    def listed_checksum(self) -> dict[str, Any]:
        """ChecksumAlgorithm and ChecksumType as listings show them."""
        if self.checksum is None:
            return {}
        return {
            "ChecksumAlgorithm": IfModeled([self.checksum.algorithm]),
            "ChecksumType": IfModeled(self.checksum.type),
        }

    def restore_status(self) -> str | None:
        """The x-amz-restore header of an archived object that was restored."""
        if self.restored_until is None:
            return None
        expiry = email.utils.format_datetime(self.restored_until, usegmt=True)
        return f'ongoing-request="false", expiry-date="{expiry}"'


@attrs.define(eq=False)
class Bucket:
    name: str
    owner: str
    region: str
    created: dt.datetime
    objects: ObjectStore = attrs.field(factory=ObjectStore)
    versioning: Versioning = None
    mfa_delete: str | None = None
    object_lock_enabled: bool = False
    object_lock_rule: dict[str, Any] | None = None
    """The default retention of new objects (ObjectLockConfiguration's Rule)."""
    # Bucket configurations (configuration.py): as put; None when not set or deleted.
    tag_set: dict[str, str] | None = None
    policy: str | None = None
    acl: list[dict[str, Any]] | None = None
    """Grants of the bucket ACL; None: the owner's FULL_CONTROL alone."""
    cors_rules: list[dict[str, Any]] | None = None
    lifecycle: dict[str, Any] | None = None
    encryption: dict[str, Any] | None = None
    """The default encryption rule put; None: SSE-S3 (configuration.default_encryption)."""
    website: dict[str, Any] | None = None
    public_access_block: dict[str, bool] | None = attrs.field(
        factory=lambda: dict.fromkeys(
            ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"),
            True,
        )
    )
    object_ownership: str | None = "BucketOwnerEnforced"
    notification: dict[str, Any] = attrs.field(factory=dict)
    accelerate: str | None = None
    logging: dict[str, Any] | None = None
    request_payer: str = "BucketOwner"

    @property
    def location_constraint(self) -> str | None:
        return None if self.region == "us-east-1" else self.region

    def shown_version_id(self, version: S3Object | DeleteMarker) -> str | None:
        """x-amz-version-id: sent once the bucket has a versioning state, ``null`` included."""
        return None if self.versioning is None else version.version_id
