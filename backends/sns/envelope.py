"""The JSON documents SNS sends to endpoints: notifications and (un)subscribe confirmations.

Signatures have AWS's shape (base64 of a 2048-bit RSA signature) but are
derived from the message, not signed with a key: nothing can verify them
against the certificate at SigningCertURL.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import attrs

_SIGNED_FIELDS = (
    "Message",
    "MessageId",
    "Subject",
    "SubscribeURL",
    "Timestamp",
    "Token",
    "TopicArn",
    "Type",
)
_CERTIFICATE = "SimpleNotificationService-" + hashlib.md5(b"hookmock").hexdigest() + ".pem"


def timestamp(seconds: float) -> str:
    """ISO 8601 in UTC with milliseconds, as SNS writes it: 2012-05-02T00:54:06.655Z."""
    moment = dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def host(region: str, partition: str) -> str:
    suffix = "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com"
    return f"https://sns.{region}.{suffix}"


def _signature(document: Mapping[str, Any], version: str) -> str:
    canonical = "".join(
        f"{name}\n{document[name]}\n" for name in _SIGNED_FIELDS if name in document
    ).encode()
    seed = (hashlib.sha256 if version == "2" else hashlib.sha1)(canonical).digest()
    return base64.b64encode(hashlib.shake_256(seed).digest(256)).decode()


def _sign(document: dict[str, Any], version: str, region: str, partition: str) -> None:
    document["SignatureVersion"] = version
    document["Signature"] = _signature(document, version)
    document["SigningCertURL"] = f"{host(region, partition)}/{_CERTIFICATE}"


def document_text(document: Mapping[str, Any]) -> str:
    """The document laid out as SNS lays it out: one top-level member per line,
    ``"Name" : value``, message attributes one per line."""
    return "{\n" + ",\n".join(_member(name, value) for name, value in document.items()) + "\n}"


def _member(name: str, value: Any) -> str:
    if isinstance(value, Mapping):
        inner = ",\n".join(f"    {_text(key)} : {_compact(item)}" for key, item in value.items())
        return f"  {_text(name)} : {{\n{inner}\n  }}"
    text = _text(value) if isinstance(value, str) else _compact(value)
    return f"  {_text(name)} : {text}"


_text = json.encoder.encode_basestring
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def envelope_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Message attributes as a notification carries them: {"Type": ..., "Value": ...}."""
    result: dict[str, Any] = {}
    for name, attribute in attributes.items():
        binary = attribute.get("BinaryValue")
        value = (
            base64.b64encode(binary).decode() if binary is not None else attribute["StringValue"]
        )
        result[name] = {"Type": attribute["DataType"], "Value": value}
    return result


@attrs.frozen
class Notification:
    """A notification's text for every subscription but its UnsubscribeURL: the
    signature covers no subscription-specific field, so fan-out renders once."""

    head: str
    tail: str
    host: str

    def for_subscription(self, subscription_arn: str) -> str:
        url = f"{self.host}/?Action=Unsubscribe&SubscriptionArn={quote(subscription_arn, safe=':')}"
        return f"{self.head},\n{_member('UnsubscribeURL', url)}{self.tail}"


def notification(
    *,
    message_id: str,
    topic_arn: str,
    message: str,
    subject: str | None,
    sent_at: float,
    attributes: Mapping[str, Mapping[str, Any]],
    sequence_number: str | None,
    signature_version: str,
    region: str,
    partition: str,
) -> Notification:
    document: dict[str, Any] = {"Type": "Notification", "MessageId": message_id}
    if sequence_number is not None:
        document["SequenceNumber"] = sequence_number
    document["TopicArn"] = topic_arn
    if subject is not None:
        document["Subject"] = subject
    document["Message"] = message
    document["Timestamp"] = timestamp(sent_at)
    _sign(document, signature_version, region, partition)
    head = "{\n" + ",\n".join(_member(name, value) for name, value in document.items())
    tail = "\n}"
    if attributes:
        tail = f",\n{_member('MessageAttributes', envelope_attributes(attributes))}\n}}"
    return Notification(head, tail, host(region, partition))


def confirmation(
    *,
    kind: str,
    message_id: str,
    topic_arn: str,
    token: str,
    sent_at: float,
    signature_version: str,
    region: str,
    partition: str,
) -> str:
    """A SubscriptionConfirmation or UnsubscribeConfirmation document."""
    if kind == "SubscriptionConfirmation":
        message = (
            f"You have chosen to subscribe to the topic {topic_arn}.\n"
            "To confirm the subscription, visit the SubscribeURL included in this message."
        )
    else:
        message = (
            f"You have chosen to deactivate subscription to the topic {topic_arn}.\n"
            "To cancel this operation and restore the subscription, visit the SubscribeURL "
            "included in this message."
        )
    document: dict[str, Any] = {
        "Type": kind,
        "MessageId": message_id,
        "Token": token,
        "TopicArn": topic_arn,
        "Message": message,
        "SubscribeURL": (
            f"{host(region, partition)}/?Action=ConfirmSubscription&TopicArn="
            f"{quote(topic_arn, safe=':')}&Token={token}"
        ),
        "Timestamp": timestamp(sent_at),
    }
    _sign(document, signature_version, region, partition)
    return document_text(document)
