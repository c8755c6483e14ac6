"""Facts about a service's wire protocol family that decide how its errors look."""

from __future__ import annotations

from typing import Any

JSON_FAMILY = frozenset({"json", "rest-json", "smithy-rpc-v2-cbor"})

# Services whose generic input-validation error is not their protocol's default.
_VALIDATION_CODE_OVERRIDES = {
    "s3": "InvalidArgument",
    "s3control": "InvalidRequest",
    "route53": "InvalidInput",
    "cloudfront": "InvalidArgument",
}


def protocol_of(service_model: Any) -> str:
    """The protocol botocore uses for this service (newer botocore picks among several)."""
    resolved = getattr(service_model, "resolved_protocol", None)
    return str(resolved or service_model.protocol)


def validation_error_code(service_model: Any) -> str:
    """The error code AWS sends when a request fails the model's constraints."""
    override = _VALIDATION_CODE_OVERRIDES.get(service_model.service_name)
    if override:
        return override
    protocol = protocol_of(service_model)
    if protocol == "query":
        return "ValidationError"
    if protocol == "ec2":
        return "InvalidParameterValue"
    return "ValidationException"
