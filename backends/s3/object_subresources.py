"""What hangs off one object version: its tags, ACL, attributes and restored copy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from hookmock._clock import Clock
from hookmock.backends._core import Answer, Call, Params, Result, operation
from hookmock.backends.s3 import acl, configuration, configuration_checks, errors
from hookmock.backends.s3.encryption import check_customer_key
from hookmock.backends.s3.listing import part_page
from hookmock.backends.s3.models import Bucket, S3Object, canonical_user_id, now
from hookmock.shapes import AWSError

MAX_OBJECT_TAGS = 10
ARCHIVED_CLASSES = frozenset({"GLACIER", "DEEP_ARCHIVE"})
"""Storage classes whose objects must be restored before they can be read."""


def checked_object_tags(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """An object's tags as S3 accepts them: the bucket tag rules, at most ten."""
    tag_set = [{"Key": key, "Value": value} for key, value in pairs]
    if len(tag_set) > MAX_OBJECT_TAGS:
        raise AWSError("BadRequest", f"Object tags cannot be greater than {MAX_OBJECT_TAGS}")
    return configuration_checks.checked_tags(tag_set)


def is_archived(obj: S3Object, clock: Clock) -> bool:
    """An object of an archive class with no live restored copy."""
    return obj.storage_class in ARCHIVED_CLASSES and (
        obj.restored_until is None or obj.restored_until <= now(clock)
    )


def check_readable(obj: S3Object, clock: Clock, source: bool = False) -> None:
    """GetObject and copies refuse archived objects until RestoreObject made a copy."""
    if is_archived(obj, clock):
        subject = "the source object's" if source else "the object's"
        raise AWSError(
            "InvalidObjectState",
            f"The operation is not valid for {subject} storage class",
            403,
            fields={"StorageClass": obj.storage_class},
        )


def object_grants(call: Call, bucket: Bucket, params: Params) -> list[acl.Grant] | None:
    """The ACL a write sets on an object, refused where the bucket disables ACLs
    (BucketOwnerEnforced) or blocks public ones; None when it sets none."""
    owner = canonical_user_id(bucket.owner)
    grants = acl.requested_grants(params, canonical_user_id(call.account_id), owner)
    if grants is None:
        return None
    enforced = configuration.object_ownership(bucket) == "BucketOwnerEnforced"
    if enforced and not acl.grants_only_owner(grants, owner):
        raise AWSError("AccessControlListNotSupported", "The bucket does not allow ACLs")
    if configuration.blocks(bucket, "BlockPublicAcls") and acl.is_public(grants):
        raise AWSError("AccessDenied", "Access Denied", 403)
    return grants


def _restored_until(days: int, clock: Clock) -> dt.datetime:
    """S3 rounds a restored copy's expiry up to the next midnight UTC."""
    midnight = now(clock).replace(hour=0, minute=0, second=0)
    return midnight + dt.timedelta(days=days + 1)


class ObjectSubresourceOperations:
    """Mixed into S3Backend; relies on its object lookup."""

    def _object(self, call: Call, params: Params) -> tuple[Bucket, S3Object]:
        raise NotImplementedError

    # --- tagging ---------------------------------------------------------------------

    @operation("PutObjectTagging")
    def put_object_tagging(self, call: Call, params: Params) -> Result:
        bucket, obj = self._object(call, params)
        tag_set = params["Tagging"]["TagSet"]
        obj.tags = checked_object_tags((tag["Key"], tag["Value"]) for tag in tag_set)
        return {"VersionId": bucket.shown_version_id(obj)}

    @operation("GetObjectTagging")
    def get_object_tagging(self, call: Call, params: Params) -> Result:
        bucket, obj = self._object(call, params)
        return {
            "VersionId": bucket.shown_version_id(obj),
            "TagSet": [{"Key": key, "Value": value} for key, value in obj.tags.items()],
        }

    @operation("DeleteObjectTagging")
    def delete_object_tagging(self, call: Call, params: Params) -> Result:
        bucket, obj = self._object(call, params)
        obj.tags = {}
        return Answer({"VersionId": bucket.shown_version_id(obj)}, status=204)

    # --- access control lists --------------------------------------------------------

    @operation("PutObjectAcl")
    def put_object_acl(self, call: Call, params: Params) -> Result:
        bucket, obj = self._object(call, params)
        grants = object_grants(call, bucket, params)
        if grants is None:
            raise AWSError(
                "MissingSecurityHeader",
                "Your request was missing a required header",
                fields={"MissingHeaderName": "x-amz-acl"},
            )
        obj.acl = grants
        return None

    @operation("GetObjectAcl")
    def get_object_acl(self, call: Call, params: Params) -> Result:
        bucket, obj = self._object(call, params)
        owner = canonical_user_id(bucket.owner)
        return acl.described(obj.acl or acl.owner_full_control(owner), owner)

    # --- attributes ------------------------------------------------------------------

    @operation("GetObjectAttributes")
    def get_object_attributes(self, call: Call, params: Params) -> Result:
        bucket, obj = self._object(call, params)
        check_customer_key(obj.sse_customer_key_md5, params)
        wanted = set(params["ObjectAttributes"])
        result: dict[str, Any] = {
            "LastModified": obj.last_modified,
            "VersionId": bucket.shown_version_id(obj),
        }
        if "ETag" in wanted:
            result["ETag"] = obj.etag.strip('"')
        if "StorageClass" in wanted:
            result["StorageClass"] = obj.storage_class
        if "ObjectSize" in wanted:
            result["ObjectSize"] = obj.size
        if "Checksum" in wanted and obj.checksum is not None:
            result["Checksum"] = obj.checksum.members(obj.blob)
        if "ObjectParts" in wanted and obj.parts:
            result["ObjectParts"] = _parts_page(obj, params)
        return result

    # --- archives --------------------------------------------------------------------

    @operation("RestoreObject")
    def restore_object(self, call: Call, params: Params) -> Result:
        _, obj = self._object(call, params)
        if obj.storage_class not in ARCHIVED_CLASSES:
            raise AWSError(
                "InvalidObjectState",
                "Restore is not allowed for the object's current storage class",
                403,
                fields={"StorageClass": obj.storage_class},
            )
        days = (params.get("RestoreRequest") or {}).get("Days")
        if days is None:
            raise errors.malformed_xml()
        if days < 1:
            raise errors.invalid_argument("Days must be a positive integer value", "Days", days)
        already = not is_archived(obj, call.world.clock)
        obj.restored_until = _restored_until(days, call.world.clock)
        # 202 starts a restore; 200 extends the copy that is already there.
        return Answer(None, status=200 if already else 202)


def _parts_page(obj: S3Object, params: Params) -> dict[str, Any]:
    sizes = obj.parts or []
    checksums = obj.part_checksums or []
    algorithm = obj.checksum.algorithm if obj.checksum is not None else ""
    marker, limit, page, truncated = part_page(range(1, len(sizes) + 1), params)
    return {
        "TotalPartsCount": len(sizes),
        "PartNumberMarker": marker,
        "NextPartNumberMarker": page[-1] if page else marker,
        "MaxParts": limit,
        "IsTruncated": truncated,
        "Parts": [
            {
                "PartNumber": n,
                "Size": sizes[n - 1],
                **({f"Checksum{algorithm}": checksums[n - 1]} if n <= len(checksums) else {}),
            }
            for n in page
        ]
        or None,
    }
