"""Fan-out: what each subscription of a topic receives for a published message.

SQS subscriptions receive into the queue's own account and region of the same
world, at once. Every other protocol is recorded on the topic (``Topic.sent``)
as the document SNS would have sent: hookmock has nothing to deliver it to.
sms subscriptions are also texted as a Publish to a phone number is, from the
topic owner's account (opt-outs and the SMS sandbox apply).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from hookmock._world import World
from hookmock.backends import service
from hookmock.backends.sns import arns, envelope, texting
from hookmock.backends.sns.models import EMAIL, SMS, SQS, Notification, Subscription, Topic

SNS_SENDER_ID = "AIDAIT2UOQQY3AUEKVGXU"
"""The SenderId SQS reports for messages SNS delivered."""
_PLAIN = frozenset({EMAIL, SMS})


@attrs.frozen
class Published:
    """One message as published to a topic, checked and ready to fan out."""

    message_id: str
    message: str
    per_protocol: Mapping[str, str] | None
    subject: str | None
    attributes: Mapping[str, Mapping[str, Any]]
    sent_at: float
    region: str
    partition: str
    group_id: str | None = None
    deduplication_id: str | None = None
    sequence_number: str | None = None

    def message_for(self, protocol: str) -> str:
        if self.per_protocol is None:
            return self.message
        return self.per_protocol.get(protocol, self.message)


def fan_out(world: World, topic: Topic, published: Published) -> None:
    rendered: dict[str, envelope.Notification] = {}
    for subscription in topic.subscriptions.values():
        if subscription.pending:
            continue
        message = published.message_for(subscription.protocol)
        matcher = subscription.filter
        if matcher is not None and not matcher.matches(published.attributes, message):
            continue
        if subscription.raw or subscription.protocol in _PLAIN:
            body = message
        else:
            document = rendered.get(message)
            if document is None:
                document = rendered[message] = render(topic, published, message)
            body = document.for_subscription(subscription.arn)
        deliver(world, topic, subscription, published, body)


def render(topic: Topic, published: Published, message: str) -> envelope.Notification:
    return envelope.notification(
        message_id=published.message_id,
        topic_arn=topic.arn,
        message=message,
        subject=published.subject,
        sent_at=published.sent_at,
        attributes=published.attributes,
        sequence_number=published.sequence_number,
        signature_version=topic.attributes.get("SignatureVersion", "1"),
        region=published.region,
        partition=published.partition,
    )


def deliver(
    world: World, topic: Topic, subscription: Subscription, published: Published, body: str
) -> None:
    """``body`` to one subscription: into its queue, or onto the topic's record."""
    if subscription.protocol == SMS:
        text(world, topic, subscription, published, body)
    if subscription.protocol != SQS:
        topic.sent.append(
            Notification(
                subscription.arn,
                subscription.protocol,
                subscription.endpoint,
                "Notification",
                body,
                published.message_id,
                delivered=False,
                message_attributes={k: dict(v) for k, v in published.attributes.items()},
            )
        )
        return
    entry: dict[str, Any] = {"MessageBody": body}
    if subscription.raw and published.attributes:
        entry["MessageAttributes"] = sqs_attributes(published.attributes)
    if published.group_id is not None:
        entry["MessageGroupId"] = published.group_id
    if topic.fifo and subscription.endpoint.endswith(".fifo"):
        entry["MessageDeduplicationId"] = published.deduplication_id
    if not to_queue(world, subscription.endpoint, entry):
        dead_letter(world, subscription, entry)


def text(
    world: World, topic: Topic, subscription: Subscription, published: Published, body: str
) -> None:
    from hookmock.backends.sns.backend import SERVICE

    owner = world.backend(SERVICE, topic.account_id, topic.region)
    texting.text(
        owner.sms,
        texting.normalized(subscription.endpoint),
        body,
        published.attributes,
        published.message_id,
        published.sent_at,
        topic.arn,
    )


def sqs_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """SNS message attributes as SQS message attributes (raw message delivery)."""
    result: dict[str, dict[str, Any]] = {}
    for name, attribute in attributes.items():
        binary = attribute.get("BinaryValue")
        value = (
            {"BinaryValue": binary}
            if binary is not None
            else {"StringValue": attribute["StringValue"]}
        )
        result[name] = {"DataType": attribute["DataType"], **value}
    return result


def to_queue(world: World, queue_arn: str, entry: Mapping[str, Any]) -> bool:
    """Send ``entry`` to the queue ``queue_arn`` names; False where it cannot."""
    parsed = arns.parse(queue_arn)
    sqs = service("sqs")
    if parsed is None or sqs is None:
        return False
    backend = world.backend(sqs, parsed.account, parsed.region)
    delivered: bool = backend.deliver(parsed.resource, entry, SNS_SENDER_ID)
    return delivered


def dead_letter(world: World, subscription: Subscription, entry: dict[str, Any]) -> None:
    """A failed delivery goes to the subscription's dead-letter queue, if it has one."""
    policy = subscription.attributes.get("RedrivePolicy")
    if not policy:
        return
    from hookmock.backends.sns.topic_attributes import json_object

    target = (json_object(policy) or {}).get("deadLetterTargetArn")
    if isinstance(target, str):
        if not target.endswith(".fifo"):
            entry = {k: v for k, v in entry.items() if k != "MessageDeduplicationId"}
        to_queue(world, target, entry)


def send_confirmation(
    world: World,
    topic: Topic,
    subscription: Subscription,
    kind: str,
    sent_at: float,
    partition: str,
) -> None:
    """A SubscriptionConfirmation (or UnsubscribeConfirmation) to the endpoint."""
    token = subscription.token or ""
    message_id = str(uuid.uuid4())
    body = envelope.confirmation(
        kind=kind,
        message_id=message_id,
        topic_arn=topic.arn,
        token=token,
        sent_at=sent_at,
        signature_version=topic.attributes.get("SignatureVersion", "1"),
        region=topic.region,
        partition=partition,
    )
    delivered = False
    if subscription.protocol == SQS:
        entry: dict[str, Any] = {"MessageBody": body}
        if subscription.endpoint.endswith(".fifo"):
            entry.update(MessageGroupId=message_id, MessageDeduplicationId=message_id)
        delivered = to_queue(world, subscription.endpoint, entry)
    topic.sent.append(
        Notification(
            subscription.arn,
            subscription.protocol,
            subscription.endpoint,
            kind,
            body,
            message_id,
            delivered=delivered,
        )
    )
