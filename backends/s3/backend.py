"""Amazon S3: general purpose buckets, their objects and versions."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Answer, Backend, Call, Params, Result, Service, operation
from hookmock.backends.s3 import errors
from hookmock.backends.s3 import params as request
from hookmock.backends.s3.conditions import check_read_conditions, parse_range
from hookmock.backends.s3.configuration import (
    BucketConfigurationOperations,
    apply_creation_settings,
)
from hookmock.backends.s3.encryption import (
    check_customer_key,
    encryption_members,
    object_encryption,
)
from hookmock.backends.s3.integrity import copied_checksum, object_checksum
from hookmock.backends.s3.listing import list_objects, listing_members, page_size, url_encoded
from hookmock.backends.s3.models import (
    OVERRIDABLE_ON_READ,
    STORED_HEADERS,
    Bucket,
    S3Object,
    canonical_user_id,
    now,
)
from hookmock.backends.s3.multipart import MultipartOperations, Upload
from hookmock.backends.s3.names import is_valid_bucket_name
from hookmock.backends.s3.object_lock import ObjectLockOperations, check_deletable, lock_fields
from hookmock.backends.s3.object_subresources import (
    ObjectSubresourceOperations,
    check_readable,
    object_grants,
)
from hookmock.backends.s3.versioning import VersioningOperations
from hookmock.backends.s3.versions import (
    NULL_VERSION,
    DeleteMarker,
    is_well_formed_version_id,
)
from hookmock.shapes import AWSError, IfModeled, Stream
from hookmock.shapes.paginate import Filtered, SortedIndex, decode_token, encode_token
from hookmock.shapes.validate import Violation

MAX_DELETE_OBJECTS = 1000


def _head(error: AWSError) -> AWSError:
    return errors.status_only(error.status)


@attrs.define(eq=False)
class S3Backend(
    MultipartOperations,
    BucketConfigurationOperations,
    VersioningOperations,
    ObjectLockOperations,
    ObjectSubresourceOperations,
    Backend,
):
    """All buckets of one partition, whichever account owns them."""

    resource_fields = ("buckets",)
    buckets: SortedIndex[str, Bucket] = attrs.field(factory=SortedIndex)
    uploads: dict[str, Upload] = attrs.field(factory=dict)

    # --- buckets -------------------------------------------------------------------

    def _bucket(self, call: Call, params: Params) -> Bucket:
        name = params["Bucket"]
        bucket = self.buckets.get(name)
        if bucket is None:
            raise errors.no_such_bucket(name)
        expected = params.get("ExpectedBucketOwner")
        if expected is not None and expected != bucket.owner:
            raise AWSError("AccessDenied", "Access Denied", 403)
        return bucket

    @operation("CreateBucket")
    def create_bucket(self, call: Call, params: Params) -> Result:
        name = params["Bucket"]
        if not is_valid_bucket_name(name):
            raise errors.invalid_bucket_name(name)
        region = self._creation_region(call, params.get("CreateBucketConfiguration") or {})
        existing = self.buckets.get(name)
        if existing is not None:
            if existing.owner != call.account_id:
                raise AWSError(
                    "BucketAlreadyExists",
                    "The requested bucket name is not available. The bucket namespace is "
                    "shared by all users of the system. Please select a different name and "
                    "try again.",
                    409,
                    fields={"BucketName": name},
                )
            if existing.region != "us-east-1":
                raise AWSError(
                    "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you "
                    "already own it.",
                    409,
                    fields={"BucketName": name},
                )
        else:
            bucket = Bucket(name, call.account_id, region, now(self.world.clock))
            if params.get("ObjectLockEnabledForBucket"):
                bucket.object_lock_enabled = True
                bucket.versioning = "Enabled"
            apply_creation_settings(bucket, params)
            self.buckets[name] = bucket
        location = f"/{name}" if region == "us-east-1" else f"http://{name}.s3.amazonaws.com/"
        return {"Location": location, "BucketArn": IfModeled(f"arn:{call.partition}:s3:::{name}")}

    def _creation_region(self, call: Call, configuration: Params) -> str:
        constraint = configuration.get("LocationConstraint")
        if call.region == "us-east-1":
            if constraint == "us-east-1":
                raise _invalid_location_constraint()
            return constraint or "us-east-1"
        if constraint is None:
            raise AWSError(
                "IllegalLocationConstraintException",
                "The unspecified location constraint is incompatible for the region specific "
                "endpoint this request was sent to.",
            )
        if constraint != call.region:
            raise AWSError(
                "IllegalLocationConstraintException",
                f"The {constraint} location constraint is incompatible for the region specific "
                "endpoint this request was sent to.",
            )
        return str(constraint)

    @operation("HeadBucket")
    def head_bucket(self, call: Call, params: Params) -> Result:
        try:
            bucket = self._bucket(call, params)
        except AWSError as error:
            raise _head(error) from None
        return {"BucketRegion": bucket.region, "AccessPointAlias": False}

    @operation("DeleteBucket")
    def delete_bucket(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        if bucket.objects:
            raise AWSError(
                "BucketNotEmpty",
                "The bucket you tried to delete is not empty",
                409,
                fields={"BucketName": bucket.name},
            )
        del self.buckets[bucket.name]
        return Answer(None, status=204)

    @operation("ListBuckets")
    def list_buckets(self, call: Call, params: Params) -> Result:
        prefix = params.get("Prefix") or ""
        region = params.get("BucketRegion")

        def mine(bucket: Bucket) -> bool:
            return (
                bucket.owner == call.account_id
                and bucket.name.startswith(prefix)
                and region in (None, bucket.region)
            )

        def described(bucket: Bucket) -> dict[str, Any]:
            return {
                "Name": bucket.name,
                "CreationDate": bucket.created,
                "BucketRegion": IfModeled(bucket.region),
                "BucketArn": IfModeled(f"arn:{call.partition}:s3:::{bucket.name}"),
            }

        page = call.paginate(
            params,
            Filtered(self.buckets, mine),
            described,
            default_limit=10000,
            scope=call.account_id,
            invalid_token=lambda _, token: errors.invalid_argument(
                "The continuation token provided is incorrect", "continuation-token", token
            ),
        )
        page["Owner"] = {"ID": canonical_user_id(call.account_id)}
        if prefix:
            page["Prefix"] = prefix
        return page

    @operation("GetBucketLocation")
    def get_bucket_location(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        # botocore's own after-call handler yields None for us-east-1's empty element.
        return Answer(None, verbatim={"LocationConstraint": bucket.location_constraint})

    # --- objects -------------------------------------------------------------------

    @operation("PutObject", locked=False)
    def put_object(self, call: Call, params: Params) -> Result:
        with self.lock:
            bucket = self._bucket(call, params)
        blob = request.read_body(params.get("Body"))
        request.check_content_md5(params.get("ContentMD5"), blob)
        checksum = object_checksum(call, params, blob)
        key = params["Key"]
        with self.lock:
            request.check_write_conditions(bucket.objects.get(key), key, params)
            attributes = request.stored_attributes(call, bucket, params)
            obj = S3Object(key, blob, now(self.world.clock), **attributes, checksum=checksum)
            bucket.objects.add(obj, bucket.versioning)
        return {
            **checksum.written_members(),
            "ETag": obj.etag,
            "VersionId": bucket.shown_version_id(obj),
            **encryption_members(attributes),
        }

    def _object(self, call: Call, params: Params) -> tuple[Bucket, S3Object]:
        """The object (or the version) a call names, with its bucket."""
        bucket = self._bucket(call, params)
        method = call.operation_model.http["method"]
        return bucket, bucket.objects.resolve(params["Key"], params.get("VersionId"), method)

    def _read_object(
        self, call: Call, params: Params
    ) -> tuple[S3Object, dict[str, Any], tuple[int, int] | None]:
        """The object, its described members, and the byte span asked for (None: all of it)."""
        bucket, obj = self._object(call, params)
        check_customer_key(obj.sse_customer_key_md5, params)
        check_read_conditions(
            obj,
            params.get("IfMatch"),
            params.get("IfNoneMatch"),
            params.get("IfModifiedSince"),
            params.get("IfUnmodifiedSince"),
        )
        described = obj.described()
        described["VersionId"] = bucket.shown_version_id(obj)
        described["TagCount"] = IfModeled(len(obj.tags) or None)  # HeadObject has it since 2025
        for override in OVERRIDABLE_ON_READ:
            if params.get(f"Response{override}") is not None:
                described[override] = params[f"Response{override}"]
        span: tuple[int, int] | None
        if params.get("PartNumber") is not None:
            if params.get("Range") is not None:
                raise errors.invalid_request(
                    "Cannot specify both Range header and partNumber query parameter."
                )
            span = _part_span(obj, params["PartNumber"])
            described["PartsCount"] = len(obj.parts) if obj.parts else None
        else:
            span = parse_range(params.get("Range"), obj.size)
        if span is None:
            described["ContentLength"] = obj.size
            if params.get("ChecksumMode") == "ENABLED" and obj.checksum is not None:
                described.update(obj.checksum.members(obj.blob))
        else:
            first, last = span
            described["ContentLength"] = last - first + 1
            described["ContentRange"] = f"bytes {first}-{last}/{obj.size}"
        return obj, described, span

    @operation("GetObject")
    def get_object(self, call: Call, params: Params) -> Result:
        obj, described, span = self._read_object(call, params)
        check_readable(obj, self.world.clock)
        reader = obj.blob.open(*span) if span else obj.blob.open()
        described["Body"] = Stream(reader, described["ContentLength"])
        return Answer(described, status=_read_status(span))

    @operation("HeadObject")
    def head_object(self, call: Call, params: Params) -> Result:
        try:
            _, described, span = self._read_object(call, params)
        except AWSError as error:
            raise _head(error) from None
        return Answer(described, status=_read_status(span))

    @operation("DeleteObject")
    def delete_object(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        outcome = _delete(bucket, params["Key"], params.get("VersionId"), call, params)
        return Answer(outcome, status=204)

    @operation("DeleteObjects")
    def delete_objects(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        request = params["Delete"]
        targets = request["Objects"]
        if not targets or len(targets) > MAX_DELETE_OBJECTS:
            raise errors.malformed_xml()
        deleted, failed = [], []
        for target in targets:
            key, version_id = target["Key"], target.get("VersionId")
            try:
                outcome = _delete(bucket, key, version_id, call, params)
            except AWSError as error:
                failed.append(
                    {
                        "Key": key,
                        "VersionId": version_id,
                        "Code": error.code,
                        "Message": error.message,
                    }
                )
                continue
            entry: dict[str, Any] = {"Key": key, "VersionId": version_id}
            if outcome.get("DeleteMarker"):
                entry["DeleteMarker"] = True
                entry["DeleteMarkerVersionId"] = outcome["VersionId"]
            deleted.append(entry)
        return {
            "Deleted": None if request.get("Quiet") or not deleted else deleted,
            "Errors": failed or None,
        }

    @operation("CopyObject")
    def copy_object(self, call: Call, params: Params) -> Result:
        source_bucket, source = request.copy_source(self.buckets, params, self.world.clock)
        target_bucket = self._bucket(call, params)
        key = params["Key"]
        request.check_write_conditions(target_bucket.objects.get(key), key, params)
        replace = params.get("MetadataDirective") == "REPLACE"
        if source is target_bucket.objects.get(key) and not _changes_object(params, replace):
            raise errors.invalid_request(
                "This copy request is illegal because it is trying to copy an object to itself "
                "without changing the object's metadata, storage class, website redirect "
                "location or encryption attributes."
            )
        if replace:
            headers = {name: params[name] for name in STORED_HEADERS if name in params}
            metadata = request.metadata(params.get("Metadata"))
        else:
            headers, metadata = dict(source.headers), dict(source.metadata)
        tags = (
            request.parse_tagging(params.get("Tagging"))
            if params.get("TaggingDirective") == "REPLACE"
            else dict(source.tags)
        )
        checksum = copied_checksum(params.get("ChecksumAlgorithm"), source)
        encryption = object_encryption(call, target_bucket, params)
        copy = S3Object(
            key=key,
            blob=source.blob,  # blobs are immutable: the copy shares it
            last_modified=now(self.world.clock),
            headers=headers,
            metadata=metadata,
            storage_class=params.get("StorageClass") or "STANDARD",
            **encryption,
            tags=tags,
            checksum=checksum,
            acl=object_grants(call, target_bucket, params),
            **lock_fields(target_bucket, params, self.world.clock),
        )
        target_bucket.objects.add(copy, target_bucket.versioning)
        return {
            "CopyObjectResult": {
                "ETag": copy.etag,
                "LastModified": copy.last_modified,
                **checksum.written_members(),
            },
            "CopySourceVersionId": source_bucket.shown_version_id(source),
            "VersionId": target_bucket.shown_version_id(copy),
            **encryption_members(encryption),
        }

    # --- listing -------------------------------------------------------------------

    def _list(self, call: Call, params: Params, after: str | None) -> tuple[Bucket, Any, bool]:
        bucket = self._bucket(call, params)
        listing = list_objects(
            bucket.objects,
            params.get("Prefix") or "",
            params.get("Delimiter") or "",
            after,
            page_size(params),
        )
        return bucket, listing, params.get("EncodingType") == "url"

    def _contents(
        self, listing: Any, encode: bool, owner: str | None
    ) -> list[dict[str, Any]] | None:
        contents = [
            {
                "Key": url_encoded(obj.key, encode),
                "LastModified": obj.last_modified,
                "ETag": obj.etag,
                "Size": obj.size,
                "StorageClass": obj.storage_class,
                "Owner": {"ID": canonical_user_id(owner)} if owner else None,
                **obj.listed_checksum(),
            }
            for obj in listing.entries
        ]
        return contents or None

    @operation("ListObjects")
    def list_objects(self, call: Call, params: Params) -> Result:
        marker = params.get("Marker")
        bucket, listing, encode = self._list(call, params, marker or None)
        result = listing_members(params, bucket.name, listing, encode)
        result["Marker"] = url_encoded(marker or "", encode)
        result["Contents"] = self._contents(listing, encode, bucket.owner)
        if listing.truncated and params.get("Delimiter"):
            result["NextMarker"] = url_encoded(listing.last, encode)
        return result

    @operation("ListObjectsV2")
    def list_objects_v2(self, call: Call, params: Params) -> Result:
        token = params.get("ContinuationToken")
        start_after = params.get("StartAfter")
        after = start_after or None
        if token is not None:
            try:
                after = decode_token(token, "ListObjectsV2", params["Bucket"])
            except ValueError:
                raise errors.invalid_argument(
                    "The continuation token provided is incorrect", "continuation-token", token
                ) from None
        bucket, listing, encode = self._list(call, params, after)
        result = listing_members(params, bucket.name, listing, encode)
        owner = bucket.owner if params.get("FetchOwner") else None
        result["Contents"] = self._contents(listing, encode, owner)
        result["KeyCount"] = len(listing.entries) + len(listing.prefixes)
        result["ContinuationToken"] = token
        result["StartAfter"] = url_encoded(start_after, encode)
        if listing.truncated:
            result["NextContinuationToken"] = encode_token(
                "ListObjectsV2", bucket.name, listing.resume
            )
        return result


def _delete(
    bucket: Bucket, key: str, version_id: str | None, call: Call, params: Params
) -> dict[str, Any]:
    """DeleteObject's answer members: a delete marker when versioning keeps the object,
    the version itself when one is named (unless Object Lock protects it)."""
    if version_id is None:
        if bucket.versioning is None:
            bucket.objects.remove_key(key)
            return {}
        marker = DeleteMarker(key, NULL_VERSION, now(call.world.clock), call.account_id)
        bucket.objects.add(marker, bucket.versioning)
        return {"DeleteMarker": True, "VersionId": marker.version_id}
    if not is_well_formed_version_id(version_id):
        raise errors.invalid_version_id(version_id)
    check_deletable(
        bucket.objects.find(key, version_id),
        bool(params.get("BypassGovernanceRetention")),
        call.world.clock,
    )
    removed = bucket.objects.remove(key, version_id)
    if isinstance(removed, DeleteMarker):
        return {"DeleteMarker": True, "VersionId": version_id}
    return {"VersionId": version_id}


def _read_status(span: tuple[int, int] | None) -> int:
    """206 Partial Content when a range or part was asked for, else 200."""
    return 200 if span is None else 206


def _part_span(obj: S3Object, number: int) -> tuple[int, int]:
    """The bytes of part ``number``: a single-part object has only part 1, all of it."""
    sizes = obj.parts or [obj.size]
    if not 1 <= number <= len(sizes):
        raise AWSError(
            "InvalidPartNumber",
            "The requested partnumber is not satisfiable",
            416,
            fields={"PartNumberRequested": number, "ActualPartCount": len(sizes)},
        )
    first = sum(sizes[: number - 1])
    return first, first + sizes[number - 1] - 1


def _invalid_location_constraint() -> AWSError:
    return AWSError("InvalidLocationConstraint", "The specified location-constraint is not valid")


def _changes_object(params: Params, replace: bool) -> bool:
    return (
        replace
        or params.get("StorageClass") is not None
        or params.get("WebsiteRedirectLocation") is not None
        or params.get("ServerSideEncryption") is not None
        or params.get("SSEKMSKeyId") is not None
    )


def s3_input_error(service_model: Any, violations: list[Violation]) -> AWSError:
    """S3 does not answer in the Coral form: its own codes per argument."""
    first = violations[0]
    if first.path.endswith("locationConstraint"):
        return _invalid_location_constraint()
    if first.path.endswith("storageClass"):
        return AWSError("InvalidStorageClass", "The storage class you specified is not valid")
    return errors.invalid_argument(first.message(), first.path, first.value)


SERVICE = Service(
    "s3",
    S3Backend,
    scope="partition",
    shared_across_accounts=True,
    input_error=s3_input_error,
)
