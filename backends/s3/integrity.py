"""Flexible checksums as S3 applies them: what a request declares and sends, checked
against the bytes received, and what an object keeps.

botocore decides a request's algorithm before ``before-call`` (CRC32 by default,
recorded in the request context) but computes the value only when it sends the
request, which an answered call never does: S3's side computes it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from hookmock._errors import FeatureNotImplemented
from hookmock.backends._core import Call, Params
from hookmock.backends.s3 import checksums
from hookmock.backends.s3.blob import Blob
from hookmock.shapes import AWSError

if TYPE_CHECKING:
    from hookmock.backends.s3.models import S3Object

DEFAULT_ALGORITHM = "CRC64NVME"
"""What S3 computes for objects uploaded without a checksum."""
_NOT_VALUES = frozenset({"ChecksumAlgorithm", "ChecksumMode", "ChecksumType"})


@attrs.define(eq=False)
class ObjectChecksum:
    algorithm: str
    type: str
    """FULL_OBJECT, or COMPOSITE for a checksum of part checksums (``<b64>-<parts>``)."""
    value: str | None = None
    """None until first asked for: S3's default checksum is computed lazily."""

    def resolve(self, blob: Blob) -> str:
        if self.value is None:
            self.value = blob_checksum(self.algorithm, blob)
        return self.value

    def members(self, blob: Blob) -> dict[str, Any]:
        """Checksum<ALG> and ChecksumType, as GetObject and HeadObject send them."""
        return {f"Checksum{self.algorithm}": self.resolve(blob), "ChecksumType": self.type}

    def written_members(self) -> dict[str, Any]:
        """What a write answers with: the checksum it computed, nothing for S3's lazy default."""
        if self.value is None:
            return {}
        return {f"Checksum{self.algorithm}": self.value, "ChecksumType": self.type}


def blob_checksum(algorithm: str, blob: Blob) -> str:
    with blob.open() as reader:
        return checksums.compute(algorithm, iter(lambda: reader.read(1 << 20), b""))


def invalid_request(message: str) -> AWSError:
    return AWSError("InvalidRequest", message)


def declared_algorithm(call: Call, params: Params) -> str | None:
    """The algorithm a request names: its ChecksumAlgorithm, else botocore's default."""
    given = params.get("ChecksumAlgorithm")
    if given is not None:
        return str(given).upper()
    checksum_context = call.context.get("checksum")
    chosen = (
        checksum_context.get("request_algorithm") if isinstance(checksum_context, Mapping) else None
    )
    if isinstance(chosen, Mapping) and chosen.get("algorithm"):
        return str(chosen["algorithm"]).upper()
    return None


def sent_checksum(call: Call, params: Params) -> tuple[str | None, str | None]:
    """(algorithm, base64 value) of the x-amz-checksum-* a request carries, checked for form."""
    sent = [
        (name.removeprefix("Checksum"), value)
        for name, value in params.items()
        if name.startswith("Checksum") and name not in _NOT_VALUES and value
    ]
    if len(sent) > 1:
        raise invalid_request(
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed."
        )
    declared = declared_algorithm(call, params)
    if not sent:
        return _supported(call, declared), None
    algorithm, value = sent[0]
    _supported(call, algorithm)
    if params.get("ChecksumAlgorithm") is not None and declared != algorithm:
        raise invalid_request("Value for x-amz-sdk-checksum-algorithm header is invalid.")
    if not checksums.is_valid_b64_digest(algorithm, value):
        raise invalid_request(f"Value for x-amz-checksum-{algorithm.lower()} header is invalid.")
    return algorithm, value


def _supported(call: Call, algorithm: str | None) -> str | None:
    if algorithm is not None and algorithm not in checksums.ALGORITHMS:
        raise FeatureNotImplemented("s3", call.operation_model.name, f"{algorithm} checksums")
    return algorithm


def checked(algorithm: str, sent: str | None, blob: Blob) -> str:
    """The checksum of ``blob``; BadDigest when the request sent another value."""
    computed = blob_checksum(algorithm, blob)
    if sent is not None and sent != computed:
        raise bad_digest(algorithm)
    return computed


def bad_digest(algorithm: str) -> AWSError:
    return AWSError(
        "BadDigest", f"The {algorithm} you specified did not match the calculated checksum."
    )


def object_checksum(call: Call, params: Params, blob: Blob) -> ObjectChecksum:
    """What a PutObject stores: the checksum it sent or asked for, else S3's default."""
    algorithm, sent = sent_checksum(call, params)
    if algorithm is None:
        return ObjectChecksum(DEFAULT_ALGORITHM, "FULL_OBJECT")
    return ObjectChecksum(algorithm, "FULL_OBJECT", checked(algorithm, sent, blob))


# --- multipart uploads -----------------------------------------------------------------


def upload_settings(params: Params) -> tuple[str | None, str | None]:
    """(algorithm, type) a CreateMultipartUpload asks for, with S3's default type."""
    algorithm = params.get("ChecksumAlgorithm")
    kind = params.get("ChecksumType")
    if algorithm is None:
        if kind is not None:
            raise invalid_request(
                "The x-amz-checksum-type header can only be used with the "
                "x-amz-checksum-algorithm header."
            )
        return None, None
    algorithm = str(algorithm).upper()
    if kind is None:
        kind = "FULL_OBJECT" if algorithm not in checksums.COMPOSITE_ALGORITHMS else "COMPOSITE"
    allowed = (
        checksums.FULL_OBJECT_ALGORITHMS
        if kind == "FULL_OBJECT"
        else checksums.COMPOSITE_ALGORITHMS
    )
    if algorithm not in allowed:
        raise invalid_request(
            f"The {kind} checksum type cannot be used with the {algorithm.lower()} checksum "
            "algorithm."
        )
    return algorithm, kind


def part_checksum(
    call: Call, params: Params, upload_algorithm: str | None, blob: Blob
) -> tuple[str, str] | None:
    """(algorithm, value) of an uploaded part: the upload's algorithm must be the one sent."""
    algorithm, sent = sent_checksum(call, params)
    if upload_algorithm is not None and algorithm != upload_algorithm:
        actual = "null" if algorithm is None else algorithm.lower()
        raise invalid_request(
            "Checksum Type mismatch occurred, expected checksum Type: "
            f"{upload_algorithm.lower()}, actual checksum Type: {actual}"
        )
    if algorithm is None:
        return None
    return algorithm, checked(algorithm, sent, blob)


def copied_part_checksum(upload_algorithm: str | None, blob: Blob) -> tuple[str, str] | None:
    if upload_algorithm is None:
        return None
    return upload_algorithm, checked(upload_algorithm, None, blob)


def listed_part_checksum(algorithm: str, number: int, item: Params) -> str:
    """A part's checksum as CompleteMultipartUpload lists it, checked for presence and
    form (the caller answers InvalidPart when it differs from the stored one)."""
    value = item.get(f"Checksum{algorithm}")
    if value is None:
        raise invalid_request(
            f"The upload was created using a {algorithm.lower()} checksum. The complete "
            "request must include the checksum for each part. It was missing for part "
            f"{number} in the request."
        )
    if not checksums.is_valid_b64_digest(algorithm, value):
        raise AWSError("InvalidArgument", "Invalid Base64 or multiple checksums present in request")
    return str(value)


def completed_checksum(
    algorithm: str | None,
    kind: str | None,
    parts: list[tuple[str, int]],
    params: Params,
) -> ObjectChecksum:
    """The checksum of an object assembled from parts of (checksum, size)."""
    if algorithm is None or kind is None:
        return ObjectChecksum(DEFAULT_ALGORITHM, "FULL_OBJECT")
    if kind == "COMPOSITE":
        value = checksums.combine_composite(algorithm, [checksum for checksum, _ in parts])
    else:
        value = checksums.combine_full_object(algorithm, parts)
        sent = params.get(f"Checksum{algorithm}")
        if sent is not None and sent != value:
            raise bad_digest(algorithm)
    return ObjectChecksum(algorithm, kind, value)


def copied_checksum(requested: str | None, source: S3Object) -> ObjectChecksum:
    """A copy's checksum: the algorithm asked for, else the source's, over the whole copy."""
    if requested is not None:
        algorithm = str(requested).upper()
        return ObjectChecksum(algorithm, "FULL_OBJECT", checked(algorithm, None, source.blob))
    original = source.checksum
    if original is None:
        return ObjectChecksum(DEFAULT_ALGORITHM, "FULL_OBJECT")
    if original.type == "FULL_OBJECT":
        return ObjectChecksum(original.algorithm, "FULL_OBJECT", original.value)
    return ObjectChecksum(
        original.algorithm, "FULL_OBJECT", checked(original.algorithm, None, source.blob)
    )
