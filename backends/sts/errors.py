"""STS's errors, worded as STS words them."""

from __future__ import annotations

from hookmock.backends._core import Call
from hookmock.shapes import AWSError
from hookmock.shapes.protocols import validation_error_code
from hookmock.shapes.validate import Violation, validation_message


def validation(call: Call, message: str) -> AWSError:
    """STS's ValidationError, for rules the model cannot state."""
    return AWSError(validation_error_code(call.operation_model.service_model), message)


def violation(call: Call, path: str, value: object, constraint: str) -> AWSError:
    """A ValidationError worded as AWS words a failed model constraint."""
    return validation(call, validation_message([Violation(path, value, constraint)]))


def access_denied(message: str) -> AWSError:
    """STS's AccessDenied (not in its model: every AWS query service may send it)."""
    return AWSError("AccessDenied", message, 403)


def not_authorized(caller_arn: str, action: str, resource: str) -> AWSError:
    return access_denied(
        f"User: {caller_arn} is not authorized to perform: {action} on resource: {resource}"
    )


def invalid_identity_token(call: Call, message: str) -> AWSError:
    return call.error("InvalidIdentityTokenException", message)


def expired_token(call: Call, message: str) -> AWSError:
    return call.error("ExpiredTokenException", message)


def packed_policy_too_large(call: Call, message: str) -> AWSError:
    return call.error("PackedPolicyTooLargeException", message)
