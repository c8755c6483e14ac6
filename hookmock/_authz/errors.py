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


def invalid_token(service: str) -> AWSError:
    """Temporary credentials sent without their session token, or with another."""
    if service == "s3":
        return AWSError(
            "InvalidToken", "The provided token is malformed or otherwise invalid.", 400
        )
    return unknown_key(service)


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


def _json_family(service: str) -> bool:
    return service in ("dynamodb", "dynamodbstreams")


def missing_authentication(service: str) -> AWSError:
    """A request that carries no signature at all."""
    if service == "s3":
        return AWSError("AccessDenied", "Access Denied", 403)
    if _json_family(service):
        return AWSError(
            "MissingAuthenticationTokenException", "Request is missing Authentication Token", 400
        )
    return AWSError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)


def incomplete_signature(service: str, message: str) -> AWSError:
    """A signature that lacks a part AWS needs to check it."""
    if service == "s3":
        return AWSError("AuthorizationHeaderMalformed", message, 400)
    if _json_family(service):
        return AWSError("IncompleteSignatureException", message, 400)
    return AWSError("IncompleteSignature", message, 400)


def skewed(service: str, request_time: str, now: str, bound: str, later: bool) -> AWSError:
    """A request signed more than 15 minutes away from the service's clock."""
    if service == "s3":
        return AWSError(
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
            403,
            fields={
                "RequestTime": request_time,
                "ServerTime": now,
                "MaxAllowedSkewMilliseconds": 900000,
            },
        )
    if later:
        message = (
            f"Signature not yet current: {request_time} is still later than {bound} "
            f"({now} + 15 min.)"
        )
    else:
        message = f"Signature expired: {request_time} is now earlier than {bound} ({now} - 15 min.)"
    if _json_family(service):
        return AWSError("InvalidSignatureException", message, 400)
    return AWSError("SignatureDoesNotMatch", message, 403)


def presigned_expired(service: str, request_time: str, now: str, bound: str) -> AWSError:
    """A presigned URL used after its expiry."""
    if service == "s3":
        return AWSError("AccessDenied", "Request has expired", 403)
    return skewed(service, request_time, now, bound, later=False)


def bad_presigned_expiry(service: str, message: str) -> AWSError:
    """``X-Amz-Expires`` missing, not a number or beyond a week."""
    if service == "s3":
        return AWSError("AuthorizationQueryParametersError", message, 400)
    return incomplete_signature(service, message)


def payload_hash_mismatch(service: str) -> AWSError:
    """``x-amz-content-sha256`` that is not the body's SHA-256."""
    if service == "s3":
        return AWSError(
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            400,
        )
    return bad_signature(service)
