"""SNS delivery: SQS queues of the same world receive at once; other protocols are recorded."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

import hookmock
from hookmock.backends.sns import notifications

from helpers import add_identity, current_world

ACCOUNT = "123456789012"


@pytest.fixture
def clients() -> Iterator[tuple[Any, Any]]:
    with hookmock.aws():
        yield (
            boto3.client("sns", region_name="us-east-1"),
            boto3.client("sqs", region_name="us-east-1"),
        )


def queue(sqs: Any, name: str, **attributes: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    return url, arn["QueueArn"]


def receive(sqs: Any, url: str) -> list[dict[str, Any]]:
    found = sqs.receive_message(
        QueueUrl=url,
        MaxNumberOfMessages=10,
        AttributeNames=["All"],
        MessageAttributeNames=["All"],
    )
    return list(found.get("Messages", []))


def test_sqs_receives_the_json_envelope(clients: tuple[Any, Any]) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    topic = sns.create_topic(Name="t")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
    message_id = sns.publish(
        TopicArn=topic,
        Message="hello",
        Subject="Greeting",
        MessageAttributes={
            "colour": {"DataType": "String", "StringValue": "blue"},
            "size": {"DataType": "Number", "StringValue": "3"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\xff"},
        },
    )["MessageId"]
    (message,) = receive(sqs, url)
    assert message["Attributes"]["SenderId"]
    assert "MessageAttributes" not in message
    body = json.loads(message["Body"])
    signature = base64.b64decode(body.pop("Signature"))
    assert len(signature) == 256
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", body.pop("Timestamp"))
    assert body.pop("SigningCertURL").startswith("https://sns.us-east-1.amazonaws.com/")
    assert body.pop("UnsubscribeURL") == (
        "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + subscription
    )
    assert body == {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": topic,
        "Subject": "Greeting",
        "Message": "hello",
        "SignatureVersion": "1",
        "MessageAttributes": {
            "colour": {"Type": "String", "Value": "blue"},
            "size": {"Type": "Number", "Value": "3"},
            "blob": {"Type": "Binary", "Value": "AP8="},
        },
    }


def test_raw_delivery_carries_attributes_over(clients: tuple[Any, Any]) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={"RawMessageDelivery": "true"},
    )
    sns.publish(
        TopicArn=topic,
        Message="raw body",
        MessageAttributes={
            "colour": {"DataType": "String", "StringValue": "blue"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x01"},
        },
    )
    (message,) = receive(sqs, url)
    assert message["Body"] == "raw body"
    assert message["MessageAttributes"] == {
        "colour": {"DataType": "String", "StringValue": "blue"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x01"},
    }


def test_json_structure_picks_the_sqs_message(clients: tuple[Any, Any]) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="a@example.com")
    sns.publish(
        TopicArn=topic,
        Message=json.dumps({"default": "for everyone", "sqs": "for queues"}),
        MessageStructure="json",
    )
    (message,) = receive(sqs, url)
    assert json.loads(message["Body"])["Message"] == "for queues"


def test_fifo_topic_to_fifo_queue_keeps_group_deduplication_and_order(
    clients: tuple[Any, Any],
) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q.fifo", FifoQueue="true")
    standard_url, standard_arn = queue(sqs, "plain")
    topic = sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"}
    )
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=standard_arn)
    answers = [
        sns.publish(
            TopicArn=topic, Message=f"m{n}", MessageGroupId="g", MessageDeduplicationId=f"d{n}"
        )
        for n in range(3)
    ]
    sns.publish(TopicArn=topic, Message="dup", MessageGroupId="g", MessageDeduplicationId="d0")
    received = receive(sqs, url)
    assert [m["Body"] for m in received] == ["m0", "m1", "m2"]
    assert [m["Attributes"]["MessageGroupId"] for m in received] == ["g"] * 3
    assert [m["Attributes"]["MessageDeduplicationId"] for m in received] == ["d0", "d1", "d2"]
    envelopes = [json.loads(m["Body"]) for m in receive(sqs, standard_url)]
    assert [e["Message"] for e in envelopes] == ["m0", "m1", "m2"]
    assert [e["SequenceNumber"] for e in envelopes] == [a["SequenceNumber"] for a in answers]


def test_queues_in_other_regions_receive(clients: tuple[Any, Any]) -> None:
    sns, _ = clients
    west = boto3.client("sqs", region_name="us-west-2")
    url, arn = queue(west, "far")
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    sns.publish(TopicArn=topic, Message="across")
    (message,) = receive(west, url)
    assert json.loads(message["Body"])["Message"] == "across"


def test_another_accounts_queue_confirms_then_receives(clients: tuple[Any, Any]) -> None:
    sns, _ = clients
    add_identity(current_world(), "AKIDOTHER", "222222222222")
    their_sqs = boto3.client(
        "sqs",
        region_name="us-east-1",
        aws_access_key_id="AKIDOTHER",
        aws_secret_access_key="secret",
    )
    url, arn = queue(their_sqs, "theirs")
    topic = sns.create_topic(Name="t")["TopicArn"]
    assert sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"] == (
        "pending confirmation"
    )
    sns.publish(TopicArn=topic, Message="too early")
    (confirmation,) = receive(their_sqs, url)
    document = json.loads(confirmation["Body"])
    assert document["Type"] == "SubscriptionConfirmation"
    their_sqs.delete_message(QueueUrl=url, ReceiptHandle=confirmation["ReceiptHandle"])
    sns.confirm_subscription(TopicArn=topic, Token=document["Token"])
    sns.publish(TopicArn=topic, Message="now")
    (message,) = receive(their_sqs, url)
    assert json.loads(message["Body"])["Message"] == "now"


def test_deleted_queues_miss_out_and_dead_letter_queues_catch_it(
    clients: tuple[Any, Any],
) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    dlq_url, dlq_arn = queue(sqs, "dlq")
    topic = sns.create_topic(Name="t")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
    sqs.delete_queue(QueueUrl=url)
    sns.publish(TopicArn=topic, Message="lost")
    assert receive(sqs, dlq_url) == []
    sns.set_subscription_attributes(
        SubscriptionArn=subscription,
        AttributeName="RedrivePolicy",
        AttributeValue=json.dumps({"deadLetterTargetArn": dlq_arn}),
    )
    sns.publish(TopicArn=topic, Message="rescued")
    (message,) = receive(sqs, dlq_url)
    assert json.loads(message["Body"])["Message"] == "rescued"


def test_other_protocols_are_recorded_not_delivered(clients: tuple[Any, Any]) -> None:
    sns, _ = clients
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="a@example.com")
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://example.com/hook")
    lam = sns.subscribe(
        TopicArn=topic,
        Protocol="lambda",
        Endpoint="arn:aws:lambda:us-east-1:123456789012:function:f",
    )["SubscriptionArn"]
    sns.publish(TopicArn=topic, Message="before confirmation", Subject="S")
    sent = notifications(current_world(), topic)
    assert [(n.protocol, n.kind) for n in sent] == [
        ("email", "SubscriptionConfirmation"),
        ("https", "SubscriptionConfirmation"),
        ("lambda", "Notification"),
    ]
    assert sent[2].subscription_arn == lam
    assert json.loads(sent[2].body)["Message"] == "before confirmation"
    token = json.loads(sent[0].body)["Token"]
    sns.confirm_subscription(TopicArn=topic, Token=token)
    sns.publish(TopicArn=topic, Message="after")
    latest = notifications(current_world(), topic)[3:]
    assert [(n.protocol, n.body) for n in latest if n.protocol == "email"] == [("email", "after")]
    assert not any(n.delivered for n in latest)


def test_signature_version_2_topics(clients: tuple[Any, Any]) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    topic = sns.create_topic(Name="t", Attributes={"SignatureVersion": "2"})["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    sns.publish(TopicArn=topic, Message="m")
    (message,) = receive(sqs, url)
    assert json.loads(message["Body"])["SignatureVersion"] == "2"
