"""Subscription attributes: which a protocol takes, how SNS checks them, what it reports."""

from __future__ import annotations

import json
from collections.abc import Mapping

from hookmock._errors import FeatureNotImplemented
from hookmock.backends._core import Call
from hookmock.backends.sns import arns, errors, topic_attributes
from hookmock.backends.sns.models import FIREHOSE, HTTP, HTTPS, SQS, Subscription, Topic

RAW_PROTOCOLS = frozenset({SQS, HTTP, HTTPS, FIREHOSE})
DELIVERY_POLICY_PROTOCOLS = frozenset({HTTP, HTTPS})
NAMES = frozenset(
    {
        "DeliveryPolicy",
        "FilterPolicy",
        "FilterPolicyScope",
        "RawMessageDelivery",
        "RedrivePolicy",
        "SubscriptionRoleArn",
    }
)


def _raw(call: Call, protocol: str, value: str) -> str:
    if value.lower() not in ("true", "false"):
        raise errors.invalid_attributes(
            call, f"RawMessageDelivery: Invalid value [{value}]. Must be true or false."
        )
    if protocol not in RAW_PROTOCOLS and value.lower() == "true":
        raise errors.invalid_attributes(
            call, f"Delivery protocol [{protocol}] does not support raw message delivery."
        )
    return value.lower()


def _delivery_policy(call: Call, protocol: str, value: str) -> str:
    if value == "":
        return ""
    if protocol not in DELIVERY_POLICY_PROTOCOLS:
        raise errors.invalid_attributes(
            call, f"Delivery protocol [{protocol}] does not support delivery policies."
        )
    if topic_attributes.json_object(value) is None:
        raise errors.invalid_parameter(call, "DeliveryPolicy: Invalid JSON")
    return value


def _redrive_policy(call: Call, topic: Topic, value: str) -> str:
    if value == "":
        return ""
    document = topic_attributes.json_object(value)
    for key in document or {}:
        if key != "deadLetterTargetArn":
            raise errors.invalid_parameter(
                call, f"RedrivePolicy: invalid JSON. Attribute {key} is unknown."
            )
    target = document.get("deadLetterTargetArn") if document is not None else None
    parsed = arns.parse(target) if isinstance(target, str) else None
    if parsed is None or parsed.service != "sqs":
        raise errors.invalid_parameter(call, "RedrivePolicy: Invalid RedrivePolicy syntax")
    if topic.fifo and not parsed.resource.endswith(".fifo"):
        raise errors.invalid_parameter(
            call,
            "RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.",
        )
    return value


def _scope(call: Call, value: str) -> str:
    if value not in ("MessageAttributes", "MessageBody"):
        raise errors.invalid_attributes(
            call,
            f"FilterPolicyScope: Invalid value [{value}]. Please use either MessageBody or "
            "MessageAttributes",
        )
    return value


def _role(call: Call, protocol: str, value: str) -> str:
    parsed = arns.parse(value)
    if protocol != FIREHOSE:
        raise errors.invalid_attributes(
            call, f"Delivery protocol [{protocol}] does not support SubscriptionRoleArn."
        )
    if parsed is None or parsed.service != "iam" or not parsed.resource.startswith("role/"):
        raise errors.invalid_parameter(call, "SubscriptionRoleArn")
    return value


def checked(call: Call, topic: Topic, protocol: str, given: Mapping[str, str]) -> dict[str, str]:
    """``given`` subscription attributes, each checked for ``protocol`` and normalized."""
    result: dict[str, str] = {}
    for name, value in given.items():
        if name == "ReplayPolicy":
            raise FeatureNotImplemented(
                "sns", call.operation_model.name, "ReplayPolicy (message archiving and replay)"
            )
        if name not in NAMES:
            raise errors.invalid_parameter(call, "AttributeName")
        if name == "RawMessageDelivery":
            result[name] = _raw(call, protocol, value)
        elif name == "DeliveryPolicy":
            result[name] = _delivery_policy(call, protocol, value)
        elif name == "RedrivePolicy":
            result[name] = _redrive_policy(call, topic, value)
        elif name == "FilterPolicyScope":
            result[name] = _scope(call, value)
        elif name == "SubscriptionRoleArn":
            result[name] = _role(call, protocol, value)
        else:
            result[name] = value  # parsed with the scope by the subscription's owner
    return result


def every_attribute(subscription: Subscription, topic: Topic) -> dict[str, str]:
    """What GetSubscriptionAttributes reports."""
    values = {
        "SubscriptionArn": subscription.arn,
        "TopicArn": subscription.topic_arn,
        "Owner": subscription.owner,
        "Protocol": subscription.protocol,
        "Endpoint": subscription.endpoint,
        "RawMessageDelivery": "false",
        "PendingConfirmation": "true" if subscription.pending else "false",
        "ConfirmationWasAuthenticated": "true" if subscription.authenticated else "false",
        "SubscriptionPrincipal": subscription.principal_arn,
    }
    values.update({k: v for k, v in subscription.attributes.items() if v != ""})
    if "FilterPolicy" in values:
        values.setdefault("FilterPolicyScope", "MessageAttributes")
    elif values.get("FilterPolicyScope") == "MessageAttributes":
        del values["FilterPolicyScope"]
    if subscription.protocol in DELIVERY_POLICY_PROTOCOLS:
        effective = json.loads(topic_attributes.effective_delivery_policy(topic))["http"]
        own = topic_attributes.json_object(values.get("DeliveryPolicy", "")) or {}
        topic_attributes.merge(effective, own)
        values["EffectiveDeliveryPolicy"] = topic_attributes.compact(effective)
    return values
