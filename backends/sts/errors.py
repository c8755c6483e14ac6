"""STS's errors, worded as STS words them.

Wordings not confirmed against AWS documentation or AWS-published answers (best
guesses, to correct when a real response is seen): an invalid RoleArn
("{arn} is invalid"); duplicate session tag keys (IAM's message, sent as
ValidationError); passing a tag over an inherited transitive tag; changing the
source identity in a chain (AccessDenied naming sts:SetSourceIdentity); a federated
user calling AssumeRole; "Not authorized to perform sts:AssumeRoleWithSAML"; the
web identity token's malformed-JWT, missing-claim and "Token expired" messages; the
SAML assertion's parse, RoleSessionName and expiry messages; the
InvalidAuthorizationMessageException message. PackedPolicySize is an approximation
(see limits.PACKED_BUDGET).
"""

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
