"""S3's errors, worded as S3 words them."""

from __future__ import annotations

import http.client
from typing import Any

from hookmock.shapes import AWSError


def no_such_bucket(bucket: str) -> AWSError:
    return AWSError(
        "NoSuchBucket", "The specified bucket does not exist", 404, fields={"BucketName": bucket}
    )


def no_such_key(key: str) -> AWSError:
    return AWSError("NoSuchKey", "The specified key does not exist.", 404, fields={"Key": key})


def invalid_bucket_name(bucket: str) -> AWSError:
    return AWSError(
        "InvalidBucketName", "The specified bucket is not valid.", fields={"BucketName": bucket}
    )


def precondition_failed(condition: str) -> AWSError:
    return AWSError(
        "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold",
        412,
        fields={"Condition": condition},
    )


def not_modified() -> AWSError:
    return status_only(304)


def status_only(status: int) -> AWSError:
    """An error S3 sends without a body (HEAD requests, 304): botocore then
    names it by its status, e.g. Code '404', Message 'Not Found'."""
    return AWSError(str(status), http.client.responses.get(status, ""), status)


def invalid_argument(message: str, name: str, value: Any) -> AWSError:
    return AWSError(
        "InvalidArgument",
        message,
        fields={"ArgumentName": name, "ArgumentValue": "" if value is None else str(value)},
    )


def invalid_request(message: str) -> AWSError:
    return AWSError("InvalidRequest", message)


def no_such_version(key: str, version_id: str) -> AWSError:
    return AWSError(
        "NoSuchVersion",
        "The specified version does not exist.",
        404,
        fields={"Key": key, "VersionId": version_id},
    )


def invalid_version_id(version_id: str) -> AWSError:
    return invalid_argument("Invalid version id specified", "versionId", version_id)


def method_not_allowed(method: str, resource_type: str) -> AWSError:
    return AWSError(
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
        405,
        fields={"Method": method, "ResourceType": resource_type},
    )


def malformed_xml() -> AWSError:
    return AWSError(
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
    )
