"""What a call signed with temporary credentials gets once they have expired."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hookmock._world import Principal
from hookmock.shapes.errors import AWSError, modeled_error

EXPIRED = "The security token included in the request is expired"
S3_EXPIRED = "The provided token has expired."


def has_expired(principal: Principal, now: dt.datetime) -> bool:
    """Whether ``principal`` signs with temporary credentials past their Expiration."""
    return principal.session is not None and principal.session.expiration <= now


def expired_token_error(service_model: Any) -> AWSError:
    """The error a service sends for a call signed with expired temporary credentials:
    the service's own modeled ExpiredTokenException where it has one (STS), S3's
    ExpiredToken, and the common error of JSON and query services otherwise."""
    if "ExpiredTokenException" in service_model.shape_names:
        return modeled_error(service_model, "ExpiredTokenException", EXPIRED)
    if service_model.service_name == "s3":
        return AWSError("ExpiredToken", S3_EXPIRED, 400)
    if service_model.protocol in ("json", "rest-json", "smithy-rpc-v2-cbor"):
        return AWSError("ExpiredTokenException", EXPIRED, 400)
    return AWSError("ExpiredToken", EXPIRED, 400)
