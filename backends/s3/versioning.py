"""Bucket versioning: its configuration, and listing every version of every key."""

from __future__ import annotations

from typing import Any

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.s3 import errors
from hookmock.backends.s3.listing import list_versions, listing_members, page_size, url_encoded
from hookmock.backends.s3.models import Bucket, canonical_user_id
from hookmock.backends.s3.versions import DeleteMarker, Version, is_well_formed_version_id
from hookmock.shapes import AWSError


class VersioningOperations:
    """Mixed into S3Backend; relies on its bucket lookup."""

    def _bucket(self, call: Call, params: Params) -> Bucket:
        raise NotImplementedError

    @operation("PutBucketVersioning")
    def put_bucket_versioning(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        configuration = params["VersioningConfiguration"]
        status = configuration.get("Status")
        mfa_delete = configuration.get("MFADelete")
        if mfa_delete is not None and mfa_delete != bucket.mfa_delete and not params.get("MFA"):
            raise AWSError("AccessDenied", "Mfa Authentication must be used for this request", 403)
        if status is not None and status != "Enabled" and bucket.object_lock_enabled:
            raise AWSError(
                "InvalidBucketState",
                "An Object Lock configuration is present on this bucket, so the versioning "
                "state cannot be changed.",
                409,
            )
        if status is not None:
            bucket.versioning = status
        if mfa_delete is not None:
            bucket.mfa_delete = mfa_delete
        return None

    @operation("GetBucketVersioning")
    def get_bucket_versioning(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        return {"Status": bucket.versioning, "MFADelete": bucket.mfa_delete}

    @operation("ListObjectVersions")
    def list_object_versions(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        key_marker = params.get("KeyMarker") or None
        version_marker = params.get("VersionIdMarker") or None
        if version_marker is not None:
            if key_marker is None:
                raise errors.invalid_argument(
                    "A version-id marker cannot be specified without a key marker.",
                    "version-id-marker",
                    version_marker,
                )
            if not is_well_formed_version_id(version_marker):
                raise errors.invalid_version_id(version_marker)
        listing = list_versions(
            bucket.objects,
            params.get("Prefix") or "",
            params.get("Delimiter") or "",
            key_marker,
            version_marker,
            page_size(params),
        )
        encode = params.get("EncodingType") == "url"
        versions: list[dict[str, Any]] = []
        markers: list[dict[str, Any]] = []
        for version, is_latest in listing.entries:
            described = _described(bucket, version, is_latest, encode)
            (markers if isinstance(version, DeleteMarker) else versions).append(described)
        result = listing_members(params, bucket.name, listing, encode)
        result.update(
            KeyMarker=url_encoded(params.get("KeyMarker") or "", encode),
            VersionIdMarker=params.get("VersionIdMarker") or "",
            Versions=versions or None,
            DeleteMarkers=markers or None,
        )
        if listing.truncated:
            result["NextKeyMarker"] = url_encoded(listing.last, encode)
            if listing.last_entry is not None:
                result["NextVersionIdMarker"] = listing.last_entry[0].version_id
        return result


def _described(bucket: Bucket, version: Version, is_latest: bool, encode: bool) -> dict[str, Any]:
    common = {
        "Key": url_encoded(version.key, encode),
        "VersionId": version.version_id,
        "IsLatest": is_latest,
        "LastModified": version.last_modified,
    }
    if isinstance(version, DeleteMarker):
        return {**common, "Owner": {"ID": canonical_user_id(version.owner)}}
    return {
        **common,
        "ETag": version.etag,
        "Size": version.size,
        "StorageClass": version.storage_class,
        **version.listed_checksum(),
        "Owner": {"ID": canonical_user_id(bucket.owner)},
    }
