"""Authentication and authorization failures, as each service sends them."""

from __future__ import annotations

from hookmock._policy import Decision
from hookmock.shapes.errors import AWSError

_QUERY_MESSAGE_INVALID_TOKEN = "The security token included in the request is invalid."
_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. Consult the service "
    "documentation for details."
)


def unknown_key(service: str) -> AWSError:
    """An access key that is not issued, or not active."""
    if service == "s3":
        return AWSError(
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
            403,
        )
    if service in ("dynamodb", "dynamodbstreams"):
        return AWSError("UnrecognizedClientException", _QUERY_MESSAGE_INVALID_TOKEN, 400)
    return AWSError("InvalidClientTokenId", _QUERY_MESSAGE_INVALID_TOKEN, 403)


def bad_signature(service: str) -> AWSError:
    """Signed with another secret than the key's."""
    if service == "s3":
        return AWSError(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. "
            "Check your key and signing method.",
            403,
        )
    if service in ("dynamodb", "dynamodbstreams"):
        return AWSError("InvalidSignatureException", _SIGNATURE, 400)
    return AWSError("SignatureDoesNotMatch", _SIGNATURE, 403)


def _reason(decision: Decision, action: str) -> str:
    source = decision.source or "identity-based policy"
    article = "an" if source[0] in "aeiou" else "a"
    if decision.verdict == "explicitDeny":
        return f"with an explicit deny in {article} {source}"
    return f"because no {source} allows the {action} action"


def access_denied(
    service: str, caller_arn: str, action: str, resource: str, decision: Decision
) -> AWSError:
    """The service's access denied error, worded as AWS's enhanced messages are:
    who, what, on which resource, and which kind of policy denied."""
    if service == "sns":
        # SNS names actions with an upper-case prefix in its messages.
        action = "SNS:" + action.split(":", 1)[1]
    where = f'"{resource}"' if service == "s3" else resource
    message = (
        f"User: {caller_arn} is not authorized to perform: {action} on resource: {where} "
        f"{_reason(decision, action)}"
    )
    if service == "s3":
        return AWSError("AccessDenied", message, 403)
    if service in ("dynamodb", "dynamodbstreams"):
        return AWSError("AccessDeniedException", message, 400)
    if service == "sns":
        return AWSError("AuthorizationError", message, 403, shape="AuthorizationErrorException")
    return AWSError("AccessDenied", message, 403)
