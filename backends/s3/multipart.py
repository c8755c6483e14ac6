"""Multipart uploads: create, upload parts (or copy them), complete, abort, list."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from typing import Any

import attrs

from hookmock.backends._core import Answer, Call, Params, Result, operation
from hookmock.backends.s3 import errors, integrity
from hookmock.backends.s3 import params as request
from hookmock.backends.s3.blob import Blob
from hookmock.backends.s3.encryption import check_part_key, encryption_members
from hookmock.backends.s3.listing import part_page
from hookmock.backends.s3.models import Bucket, S3Object, canonical_user_id, now
from hookmock.shapes import AWSError
from hookmock.shapes.paginate import SortedIndex

MIN_PART_SIZE = 5 * 1024 * 1024
MAX_PART_NUMBER = 10_000
MAX_LISTED = 1000


@attrs.define(eq=False)
class Part:
    number: int
    blob: Blob
    last_modified: dt.datetime
    checksum: tuple[str, str] | None = None
    """(algorithm, base64 value) of the part, when its request had one."""

    @property
    def etag(self) -> str:
        return f'"{self.blob.md5}"'


@attrs.define(eq=False)
class Upload:
    upload_id: str
    bucket: str
    key: str
    owner: str
    initiated: dt.datetime
    attributes: dict[str, Any]
    """S3Object fields the completed object gets (see params.stored_attributes)."""
    parts: dict[int, Part] = attrs.field(factory=dict)
    checksum_algorithm: str | None = None
    checksum_type: str | None = None

    def checksum_members(self) -> dict[str, Any]:
        return {"ChecksumAlgorithm": self.checksum_algorithm, "ChecksumType": self.checksum_type}

    def part_checksum(self, part: Part) -> dict[str, str]:
        """Checksum<ALG> of a part, for the upload's algorithm only."""
        if part.checksum is None or part.checksum[0] != self.checksum_algorithm:
            return {}
        return {f"Checksum{part.checksum[0]}": part.checksum[1]}

    @property
    def storage_class(self) -> str:
        return str(self.attributes["storage_class"])

    def principal(self) -> dict[str, str]:
        return {"ID": canonical_user_id(self.owner)}


def no_such_upload(upload_id: str) -> AWSError:
    return AWSError(
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload "
        "may have been aborted or completed.",
        404,
        fields={"UploadId": upload_id},
    )


class MultipartOperations:
    """Mixed into S3Backend; relies on its buckets, lock and object helpers."""

    buckets: SortedIndex[str, Bucket]
    uploads: dict[str, Upload]
    lock: Any

    def _bucket(self, call: Call, params: Params) -> Bucket:
        raise NotImplementedError

    def _upload(self, call: Call, params: Params) -> Upload:
        self._bucket(call, params)
        upload = self.uploads.get(params["UploadId"])
        if upload is None or (upload.bucket, upload.key) != (params["Bucket"], params["Key"]):
            raise no_such_upload(params["UploadId"])
        return upload

    @operation("CreateMultipartUpload")
    def create_multipart_upload(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        upload_id = base64.urlsafe_b64encode(secrets.token_bytes(48)).decode().rstrip("=")
        algorithm, kind = integrity.upload_settings(params)
        upload = Upload(
            upload_id=upload_id,
            bucket=bucket.name,
            key=params["Key"],
            owner=call.account_id,
            initiated=now(call.world.clock),
            attributes=request.stored_attributes(call, bucket, params),
            checksum_algorithm=algorithm,
            checksum_type=kind,
        )
        self.uploads[upload_id] = upload
        return {
            **upload.checksum_members(),
            "Bucket": bucket.name,
            "Key": upload.key,
            "UploadId": upload_id,
            **encryption_members(upload.attributes),
        }

    @staticmethod
    def _part_number(params: Params) -> int:
        number = params["PartNumber"]
        if not 1 <= number <= MAX_PART_NUMBER:
            raise errors.invalid_argument(
                "Part number must be an integer between 1 and 10000, inclusive",
                "partNumber",
                number,
            )
        return int(number)

    @operation("UploadPart", locked=False)
    def upload_part(self, call: Call, params: Params) -> Result:
        number = self._part_number(params)
        with self.lock:
            upload = self._upload(call, params)
        blob = request.read_body(params.get("Body"))
        request.check_content_md5(params.get("ContentMD5"), blob)
        check_part_key(upload.attributes.get("sse_customer_key_md5"), params)
        checksum = integrity.part_checksum(call, params, upload.checksum_algorithm, blob)
        with self.lock:
            upload = self._upload(call, params)  # it may have been aborted meanwhile
            part = Part(number, blob, now(call.world.clock), checksum)
            upload.parts[number] = part
        return {
            **({f"Checksum{checksum[0]}": checksum[1]} if checksum else {}),
            "ETag": part.etag,
            **encryption_members(upload.attributes),
        }

    @operation("UploadPartCopy")
    def upload_part_copy(self, call: Call, params: Params) -> Result:
        number = self._part_number(params)
        upload = self._upload(call, params)
        check_part_key(upload.attributes.get("sse_customer_key_md5"), params)
        source_bucket, source = request.copy_source(self.buckets, params, call.world.clock)
        span = _copy_range(params.get("CopySourceRange"), source)
        blob = Blob.from_bytes(source.blob.open(*span).read()) if span is not None else source.blob
        checksum = integrity.copied_part_checksum(upload.checksum_algorithm, blob)
        part = Part(number, blob, now(call.world.clock), checksum)
        upload.parts[number] = part
        return {
            "CopyPartResult": {
                "ETag": part.etag,
                "LastModified": part.last_modified,
                **upload.part_checksum(part),
            },
            "CopySourceVersionId": source_bucket.shown_version_id(source),
        }

    @operation("CompleteMultipartUpload")
    def complete_multipart_upload(self, call: Call, params: Params) -> Result:
        upload = self._upload(call, params)
        requested = (params.get("MultipartUpload") or {}).get("Parts") or []
        if not requested:
            raise errors.malformed_xml()
        numbers = [item["PartNumber"] for item in requested]
        if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
            raise AWSError(
                "InvalidPartOrder",
                "The list of parts was not in ascending order. Parts must be ordered by part "
                "number.",
                fields={"UploadId": upload.upload_id},
            )
        chosen: list[Part] = []
        algorithm = upload.checksum_algorithm
        for item in requested:
            part = upload.parts.get(item["PartNumber"])
            listed = (
                integrity.listed_part_checksum(algorithm, item["PartNumber"], item)
                if algorithm is not None
                else None
            )
            if (
                part is None
                or item.get("ETag", "").strip('"') != part.blob.md5
                or (
                    listed is not None
                    and upload.part_checksum(part) != {f"Checksum{algorithm}": listed}
                )
            ):
                raise AWSError(
                    "InvalidPart",
                    "One or more of the specified parts could not be found. The part may not "
                    "have been uploaded, or the specified entity tag may not match the part's "
                    "entity tag.",
                    fields={
                        "UploadId": upload.upload_id,
                        "PartNumber": item["PartNumber"],
                        "ETag": item.get("ETag", ""),
                    },
                )
            chosen.append(part)
        for part in chosen[:-1]:
            if part.blob.size < MIN_PART_SIZE:
                raise AWSError(
                    "EntityTooSmall",
                    "Your proposed upload is smaller than the minimum allowed size",
                    fields={
                        "ProposedSize": part.blob.size,
                        "MinSizeAllowed": MIN_PART_SIZE,
                        "PartNumber": part.number,
                        "ETag": part.etag,
                    },
                )
        digest = hashlib.md5(b"".join(bytes.fromhex(p.blob.md5) for p in chosen)).hexdigest()
        bucket = self._bucket(call, params)
        blob = Blob.concat([p.blob for p in chosen], f"{digest}-{len(chosen)}")
        checksum = integrity.completed_checksum(
            algorithm,
            upload.checksum_type,
            [(p.checksum[1] if p.checksum else "", p.blob.size) for p in chosen],
            params,
        )
        obj = S3Object(
            upload.key,
            blob,
            now(call.world.clock),
            **upload.attributes,
            parts=[p.blob.size for p in chosen],
            checksum=checksum,
            part_checksums=[p.checksum[1] for p in chosen if p.checksum] if algorithm else None,
        )
        bucket.objects.add(obj, bucket.versioning)
        del self.uploads[upload.upload_id]
        return {
            "Location": f"https://{bucket.name}.s3.{bucket.region}.amazonaws.com/{upload.key}",
            "Bucket": bucket.name,
            "Key": upload.key,
            "ETag": obj.etag,
            **checksum.written_members(),
            "VersionId": bucket.shown_version_id(obj),
            **encryption_members(upload.attributes),
        }

    @operation("AbortMultipartUpload")
    def abort_multipart_upload(self, call: Call, params: Params) -> Result:
        upload = self._upload(call, params)
        del self.uploads[upload.upload_id]
        return Answer(None, status=204)

    @operation("ListParts")
    def list_parts(self, call: Call, params: Params) -> Result:
        upload = self._upload(call, params)
        marker, limit, page, truncated = part_page(upload.parts, params)
        result: dict[str, Any] = {
            "Bucket": upload.bucket,
            "Key": upload.key,
            "UploadId": upload.upload_id,
            "PartNumberMarker": marker,
            "MaxParts": limit,
            "IsTruncated": truncated,
            "Parts": [
                {
                    "PartNumber": n,
                    "LastModified": upload.parts[n].last_modified,
                    "ETag": upload.parts[n].etag,
                    "Size": upload.parts[n].blob.size,
                    **upload.part_checksum(upload.parts[n]),
                }
                for n in page
            ]
            or None,
            "Initiator": upload.principal(),
            "Owner": upload.principal(),
            "StorageClass": upload.storage_class,
            **upload.checksum_members(),
        }
        if truncated:
            result["NextPartNumberMarker"] = page[-1]
        return result

    @operation("ListMultipartUploads")
    def list_multipart_uploads(self, call: Call, params: Params) -> Result:
        bucket = self._bucket(call, params)
        prefix = params.get("Prefix") or ""
        delimiter = params.get("Delimiter") or ""
        key_marker = params.get("KeyMarker") or ""
        id_marker = params.get("UploadIdMarker") or ""
        limit = min(params.get("MaxUploads") or MAX_LISTED, MAX_LISTED)
        candidates = sorted(
            (
                u
                for u in self.uploads.values()
                if u.bucket == bucket.name and u.key.startswith(prefix)
            ),
            key=lambda u: (u.key, u.initiated, u.upload_id),
        )
        uploads: list[Upload] = []
        prefixes: list[str] = []
        truncated = False
        for upload in candidates:
            if key_marker and (
                upload.key < key_marker
                or (upload.key == key_marker and (not id_marker or upload.upload_id <= id_marker))
            ):
                continue
            cut = upload.key.find(delimiter, len(prefix)) if delimiter else -1
            common = upload.key[: cut + len(delimiter)] if cut >= 0 else None
            if common is not None and common in prefixes:
                continue
            if len(uploads) + len(prefixes) == limit:
                truncated = True
                break
            if common is not None:
                prefixes.append(common)
            else:
                uploads.append(upload)
        result: dict[str, Any] = {
            "Bucket": bucket.name,
            "KeyMarker": key_marker,
            "UploadIdMarker": id_marker,
            "Prefix": prefix,
            "Delimiter": params.get("Delimiter"),
            "MaxUploads": limit,
            "IsTruncated": truncated,
            "Uploads": [
                {
                    "UploadId": u.upload_id,
                    "Key": u.key,
                    "Initiated": u.initiated,
                    "StorageClass": u.storage_class,
                    "Owner": u.principal(),
                    "Initiator": u.principal(),
                }
                for u in uploads
            ]
            or None,
            "CommonPrefixes": [{"Prefix": p} for p in prefixes] or None,
        }
        if truncated and uploads:
            result["NextKeyMarker"] = uploads[-1].key
            result["NextUploadIdMarker"] = uploads[-1].upload_id
        return result


def _copy_range(header: str | None, source: S3Object) -> tuple[int, int] | None:
    if header is None:
        return None
    text = header.strip()
    first_text, _, last_text = text.removeprefix("bytes=").partition("-")
    if not text.startswith("bytes=") or not first_text.isdigit() or not last_text.isdigit():
        raise errors.invalid_argument(
            "The x-amz-copy-source-range value must be of the form bytes=first-last where first "
            "and last are the zero-based offsets of the first and last bytes to copy",
            "x-amz-copy-source-range",
            header,
        )
    first, last = int(first_text), int(last_text)
    if first > last or last >= source.size:
        raise errors.invalid_argument(
            f"Range specified is not valid for source object of size: {source.size}",
            "x-amz-copy-source-range",
            header,
        )
    return first, last
