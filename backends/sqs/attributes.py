"""Queue attributes: which exist, their ranges and defaults, and how SQS checks a value."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from hookmock.backends._core import Call
from hookmock.backends.sqs import errors

MAX_MESSAGE_SIZE = 1048576
"""1 MiB: SQS's ceiling for a message, and a batch's total."""

Check = Callable[[Call, str, str], str]


_INTEGER = re.compile(r"-?[0-9]+")
"""ASCII digits only: str.isdigit and int() also take other scripts' digits."""


def _integer(low: int, high: int) -> Check:
    def check(call: Call, name: str, value: str) -> str:
        if not _INTEGER.fullmatch(value) or not low <= int(value) <= high:
            raise errors.invalid_attribute_value(call, name)
        return str(int(value))

    return check


def _boolean(call: Call, name: str, value: str) -> str:
    if value.lower() not in ("true", "false"):
        raise errors.invalid_attribute_value(call, name)
    return value.lower()


def _one_of(*allowed: str) -> Check:
    def check(call: Call, name: str, value: str) -> str:
        if value not in allowed:
            raise errors.invalid_attribute_value(call, name)
        return value

    return check


def _text(call: Call, name: str, value: str) -> str:
    return value


def _json_object(call: Call, name: str, value: str) -> Any:
    try:
        parsed = json.loads(value) if value else None
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise errors.invalid_attribute_value(call, name)
    return parsed


def compact(document: Mapping[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"))


def _policy(call: Call, name: str, value: str) -> str:
    """A JSON policy whose statements name only actions SQS has (an ``sqs:`` action
    without wildcards must be one of SQS's operations)."""
    if value == "":
        return ""
    document = _json_object(call, name, value)
    statements = document.get("Statement")
    if not isinstance(statements, (list, dict)):
        raise errors.invalid_attribute_value(call, name)
    known = {op.lower() for op in call.operation_model.service_model.operation_names}
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict):
            continue
        for key in ("Action", "NotAction"):
            actions = statement.get(key, [])
            for action in actions if isinstance(actions, list) else [actions]:
                if not isinstance(action, str):
                    continue
                service, _, operation = action.lower().partition(":")
                exact = not any(c in operation for c in "*?")
                if service == "sqs" and exact and operation not in known:
                    raise errors.invalid_attribute_value(call, name)
    return value


REDRIVE_POLICY_KEYS = ("deadLetterTargetArn", "maxReceiveCount")
REDRIVE_ALLOW_POLICY_KEYS = ("redrivePermission", "sourceQueueArns")


def _only(name: str, value: str, document: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    if not set(document) <= set(keys):
        raise errors.invalid_value(
            name, value, f"Only following attributes are supported: [{', '.join(keys)}]."
        )


def _redrive_policy(call: Call, name: str, value: str) -> str:
    """deadLetterTargetArn and maxReceiveCount (1 to 1000); the target is checked by the backend."""
    if value == "":
        return ""
    document = _json_object(call, name, value)
    target, count = document.get("deadLetterTargetArn"), document.get("maxReceiveCount")
    if not isinstance(target, str) or count is None:
        # AWS names maxReceiveCount first when both are missing ("Value {} ...").
        raise errors.invalid_value(
            name,
            value,
            "Redrive policy does not contain mandatory attribute: "
            + ("maxReceiveCount." if count is None else "deadLetterTargetArn."),
        )
    _only(name, value, document, REDRIVE_POLICY_KEYS)
    if isinstance(count, str) and _INTEGER.fullmatch(count):
        count = int(count)
    elif isinstance(count, bool) or not isinstance(count, int):
        count = 0
    if not 1 <= count <= 1000:
        raise errors.invalid_value(
            name, value, "Invalid value for maxReceiveCount: must be between 1 and 1000."
        )
    return compact({"deadLetterTargetArn": target, "maxReceiveCount": count})


def _redrive_allow_policy(call: Call, name: str, value: str) -> str:
    document = _json_object(call, name, value)
    _only(name, value, document, REDRIVE_ALLOW_POLICY_KEYS)
    permission = document.get("redrivePermission")
    sources = document.get("sourceQueueArns")
    if permission not in ("allowAll", "denyAll", "byQueue"):
        raise errors.invalid_value(name, value, "Invalid value for redrivePermission.")
    if permission == "byQueue":
        if not isinstance(sources, list) or not 1 <= len(sources) <= 10:
            raise errors.invalid_value(
                name, value, "sourceQueueArns must list 1 to 10 queues when byQueue is set."
            )
        if not all(isinstance(source, str) for source in sources):
            raise errors.invalid_value(
                name, value, "sourceQueueArns must contain only queue ARNs, as strings."
            )
    elif sources is not None:
        raise errors.invalid_value(
            name, value, "sourceQueueArns may only be given when redrivePermission is byQueue."
        )
    return compact(document)


SETTABLE: dict[str, Check] = {
    "DelaySeconds": _integer(0, 900),
    "MaximumMessageSize": _integer(1024, MAX_MESSAGE_SIZE),
    "MessageRetentionPeriod": _integer(60, 1209600),
    "Policy": _policy,
    "ReceiveMessageWaitTimeSeconds": _integer(0, 20),
    "VisibilityTimeout": _integer(0, 43200),
    "RedrivePolicy": _redrive_policy,
    "RedriveAllowPolicy": _redrive_allow_policy,
    "KmsMasterKeyId": _text,
    "KmsDataKeyReusePeriodSeconds": _integer(60, 86400),
    "SqsManagedSseEnabled": _boolean,
}
FIFO_ONLY: dict[str, Check] = {
    "ContentBasedDeduplication": _boolean,
    "DeduplicationScope": _one_of("messageQueue", "messageGroup"),
    "FifoThroughputLimit": _one_of("perQueue", "perMessageGroupId"),
}
COMPUTED = (
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
)
READABLE = frozenset((*SETTABLE, *FIFO_ONLY, *COMPUTED, "FifoQueue"))

DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": str(MAX_MESSAGE_SIZE),
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
    "SqsManagedSseEnabled": "true",
}
FIFO_DEFAULTS = {
    "FifoQueue": "true",
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "messageQueue",
    "FifoThroughputLimit": "perQueue",
}


def checked(call: Call, given: Mapping[str, str], *, fifo: bool) -> dict[str, str]:
    """``given`` attributes with each value checked and normalized. Empty strings
    clear Policy and RedrivePolicy."""
    result: dict[str, str] = {}
    for name, value in given.items():
        check = SETTABLE.get(name) or (FIFO_ONLY.get(name) if fifo else None)
        if check is None:
            raise errors.unknown_attribute(call, name)
        result[name] = check(call, name, value)
    if result.get("KmsMasterKeyId") and result.get("SqsManagedSseEnabled") == "true":
        raise errors.invalid_parameter(
            "You can use one type of server-side encryption (SSE) at one time. You can either "
            "enable KMS SSE or SQS SSE."
        )
    return result


def check_combination(values: Mapping[str, str]) -> None:
    """Rules across a queue's final attributes (after defaults, or after a change)."""
    limit = values.get("FifoThroughputLimit")
    if limit == "perMessageGroupId" and values.get("DeduplicationScope") != "messageGroup":
        raise errors.invalid_value(
            "FifoThroughputLimit",
            limit,
            "The perMessageGroupId value is allowed only when the value for "
            "DeduplicationScope is messageGroup.",
        )
