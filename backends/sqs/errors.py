"""SQS's errors, worded as SQS words them.

SQS speaks JSON but stays compatible with its query-protocol past: each
modeled error also carries its legacy code (``AWS.SimpleQueueService.*``),
which is what botocore reports as ``Error.Code``.
"""

from __future__ import annotations

from typing import Any

from hookmock.backends._core import Call
from hookmock.shapes import AWSError

_LEGACY = "AWS.SimpleQueueService."

_QUERY_CODES = {
    "QueueDoesNotExist": _LEGACY + "NonExistentQueue",
    "QueueDeletedRecently": _LEGACY + "QueueDeletedRecently",
    "QueueNameExists": "QueueAlreadyExists",
    "PurgeQueueInProgress": _LEGACY + "PurgeQueueInProgress",
    "BatchEntryIdsNotDistinct": _LEGACY + "BatchEntryIdsNotDistinct",
    "BatchRequestTooLong": _LEGACY + "BatchRequestTooLong",
    "EmptyBatchRequest": _LEGACY + "EmptyBatchRequest",
    "InvalidBatchEntryId": _LEGACY + "InvalidBatchEntryId",
    "TooManyEntriesInBatchRequest": _LEGACY + "TooManyEntriesInBatchRequest",
    "UnsupportedOperation": _LEGACY + "UnsupportedOperation",
}


def modeled(call: Call, shape: str, message: str, **fields: Any) -> AWSError:
    """The modeled error ``shape`` with its legacy query code."""
    return call.error(shape, message, query_code=_QUERY_CODES.get(shape), **fields)


def invalid_parameter(message: str) -> AWSError:
    """SQS's unmodeled InvalidParameterValue."""
    return AWSError("InvalidParameterValue", message)


def invalid_value(name: str, value: Any, reason: str) -> AWSError:
    return invalid_parameter(f"Value {value} for parameter {name} is invalid. Reason: {reason}")


def missing_parameter(name: str) -> AWSError:
    return AWSError("MissingParameter", f"The request must contain the parameter {name}.")


def no_queue(call: Call) -> AWSError:
    return modeled(call, "QueueDoesNotExist", "The specified queue does not exist.")


def invalid_attribute_value(call: Call, name: str) -> AWSError:
    return modeled(call, "InvalidAttributeValue", f"Invalid value for the parameter {name}.")


def unknown_attribute(call: Call, name: str) -> AWSError:
    return modeled(call, "InvalidAttributeName", f"Unknown Attribute {name}.")


def invalid_receipt_handle(call: Call, handle: str) -> AWSError:
    return modeled(
        call,
        "ReceiptHandleIsInvalid",
        f"The input receipt handle '{handle}' is not a valid receipt handle.",
    )
