"""SNS's errors, worded as SNS words them: most are InvalidParameter with an
``Invalid parameter: ...`` message."""

from __future__ import annotations

from hookmock.backends._core import Call
from hookmock.shapes import AWSError


def invalid_parameter(call: Call, detail: str) -> AWSError:
    return call.error("InvalidParameterException", f"Invalid parameter: {detail}")


def invalid_attributes(call: Call, reason: str) -> AWSError:
    return invalid_parameter(call, f"Attributes Reason: {reason}")


def invalid_parameter_value(call: Call, message: str) -> AWSError:
    """ParameterValueInvalid: what SNS answers for bad message attributes."""
    return call.error("InvalidParameterValueException", message)


def topic_not_found(call: Call) -> AWSError:
    return call.error("NotFoundException", "Topic does not exist")


def subscription_not_found(call: Call) -> AWSError:
    return call.error("NotFoundException", "Subscription does not exist")


def resource_not_found(call: Call) -> AWSError:
    return call.error("ResourceNotFoundException", "Resource does not exist")


def not_authorized(call: Call, action: str, resource: str) -> AWSError:
    return call.error(
        "AuthorizationErrorException",
        f"User: {call.principal.arn} is not authorized to perform: SNS:{action} on resource: "
        f"{resource}",
    )
