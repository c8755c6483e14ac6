"""Topic attributes: which exist, how SNS checks a value, defaults and computed ones."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from hookmock._errors import FeatureNotImplemented
from hookmock.backends._core import Call
from hookmock.backends.sns import errors
from hookmock.backends.sns.models import Topic

DEFAULT_MAX_MESSAGE_SIZE = 262144
MAX_MESSAGE_SIZE = 1048576
DEFAULT_ACTIONS = (
    "SNS:GetTopicAttributes",
    "SNS:SetTopicAttributes",
    "SNS:AddPermission",
    "SNS:RemovePermission",
    "SNS:DeleteTopic",
    "SNS:Subscribe",
    "SNS:ListSubscriptionsByTopic",
    "SNS:Publish",
)
DEFAULT_HTTP_POLICY: dict[str, Any] = {
    "defaultHealthyRetryPolicy": {
        "minDelayTarget": 20,
        "maxDelayTarget": 20,
        "numRetries": 3,
        "numMaxDelayRetries": 0,
        "numNoDelayRetries": 0,
        "numMinDelayRetries": 0,
        "backoffFunction": "linear",
    },
    "disableSubscriptionOverrides": False,
    "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"},
}

Check = Callable[[Call, str, str, Topic | None], str]


def compact(document: Any) -> str:
    return json.dumps(document, separators=(",", ":"))


def default_policy(arn: str, account_id: str) -> str:
    return compact(
        {
            "Version": "2008-10-17",
            "Id": "__default_policy_ID",
            "Statement": [
                {
                    "Sid": "__default_statement_ID",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": list(DEFAULT_ACTIONS),
                    "Resource": arn,
                    "Condition": {"StringEquals": {"AWS:SourceOwner": account_id}},
                }
            ],
        }
    )


def json_object(text: str) -> dict[str, Any] | None:
    try:
        parsed = json.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None


def _text(limit: int) -> Check:
    def check(call: Call, name: str, value: str, topic: Topic | None) -> str:
        if len(value) > limit:
            raise errors.invalid_parameter(call, name)
        return value

    return check


def _one_of(*allowed: str) -> Check:
    def check(call: Call, name: str, value: str, topic: Topic | None) -> str:
        if value not in allowed:
            raise errors.invalid_parameter(call, name)
        return value

    return check


def _integer(low: int, high: int) -> Check:
    def check(call: Call, name: str, value: str, topic: Topic | None) -> str:
        if not value.isdigit() or not low <= int(value) <= high:
            raise errors.invalid_parameter(call, name)
        return str(int(value))

    return check


def _boolean(call: Call, name: str, value: str, topic: Topic | None) -> str:
    if value.lower() not in ("true", "false"):
        raise errors.invalid_parameter(call, name)
    return value.lower()


def _policy(call: Call, name: str, value: str, topic: Topic | None) -> str:
    document = json_object(value)
    if document is None or not isinstance(document.get("Statement"), (list, dict)):
        raise errors.invalid_parameter(call, "Policy Error: null")
    return value


def _delivery_policy(call: Call, name: str, value: str, topic: Topic | None) -> str:
    if value == "":
        return ""
    document = json_object(value)
    if document is None or not all(isinstance(v, dict) for v in document.values()):
        raise errors.invalid_parameter(call, "DeliveryPolicy: Invalid JSON")
    return value


def _tracing(call: Call, name: str, value: str, topic: Topic | None) -> str:
    if value not in ("PassThrough", "Active"):
        raise errors.invalid_parameter(call, name)
    if value == "Active" and topic is not None and topic.fifo:
        raise errors.invalid_parameter(
            call, "TracingConfig: Active tracing is only supported on standard topics"
        )
    return value


SETTABLE: dict[str, Check] = {
    "DisplayName": _text(100),
    "Policy": _policy,
    "DeliveryPolicy": _delivery_policy,
    "KmsMasterKeyId": _text(2048),
    "SignatureVersion": _one_of("1", "2"),
    "TracingConfig": _tracing,
    "MaximumMessageSize": _integer(1024, MAX_MESSAGE_SIZE),
}
for _endpoint in ("HTTP", "Firehose", "Lambda", "Application", "SQS"):
    SETTABLE[f"{_endpoint}SuccessFeedbackRoleArn"] = _text(2048)
    SETTABLE[f"{_endpoint}FailureFeedbackRoleArn"] = _text(2048)
    SETTABLE[f"{_endpoint}SuccessFeedbackSampleRate"] = _integer(0, 100)
FIFO_ONLY: dict[str, Check] = {
    "ContentBasedDeduplication": _boolean,
    "FifoThroughputScope": _one_of("Topic", "MessageGroup"),
}
FIFO_DEFAULTS = {"ContentBasedDeduplication": "false", "FifoThroughputScope": "Topic"}


def checked_one(call: Call, name: str, value: str, topic: Topic | None, *, fifo: bool) -> str:
    if name == "ArchivePolicy":
        raise FeatureNotImplemented(
            "sns", call.operation_model.name, "ArchivePolicy (message archiving and replay)"
        )
    check = SETTABLE.get(name)
    if check is None and name in FIFO_ONLY:
        if not fifo:
            raise errors.invalid_parameter(call, f"{name}: only FIFO topics support this attribute")
        check = FIFO_ONLY[name]
    if check is None:
        raise errors.invalid_parameter(call, "AttributeName")
    return check(call, name, value, topic)


def checked(
    call: Call, given: Mapping[str, str], topic: Topic | None, *, fifo: bool
) -> dict[str, str]:
    return {name: checked_one(call, name, value, topic, fifo=fifo) for name, value in given.items()}


def effective_delivery_policy(topic: Topic) -> str:
    """The topic's DeliveryPolicy over the system defaults (AWS reports the http part)."""
    http = json.loads(compact(DEFAULT_HTTP_POLICY))
    given = json_object(topic.attributes.get("DeliveryPolicy") or "") or {}
    merge(http, given.get("http") or {})
    return compact({"http": http})


def merge(into: dict[str, Any], given: Mapping[str, Any]) -> None:
    for key, value in given.items():
        if isinstance(value, Mapping) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value


def every_attribute(topic: Topic) -> dict[str, str]:
    """What GetTopicAttributes reports for ``topic``."""
    values = {"DisplayName": "", **topic.attributes}
    values.update(
        Owner=topic.account_id,
        TopicArn=topic.arn,
        SubscriptionsConfirmed=str(len(topic.subscriptions) - topic.pending_subscriptions),
        SubscriptionsPending=str(topic.pending_subscriptions),
        SubscriptionsDeleted=str(topic.deleted_subscriptions),
        EffectiveDeliveryPolicy=effective_delivery_policy(topic),
    )
    if topic.fifo:
        values["FifoTopic"] = "true"
    if values.get("DeliveryPolicy") == "":
        del values["DeliveryPolicy"]
    if values.get("KmsMasterKeyId") == "":
        del values["KmsMasterKeyId"]
    return values
