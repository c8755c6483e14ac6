"""FIFO queues: groups in order, deduplication, sequence numbers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import attributes, error_of


@pytest.fixture
def fifo(sqs: Any) -> str:
    return str(
        sqs.create_queue(
            QueueName="q.fifo",
            Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"},
        )["QueueUrl"]
    )


def bodies(answer: dict[str, Any]) -> list[str]:
    return [m["Body"] for m in answer.get("Messages", [])]


def test_a_group_is_delivered_in_order_one_batch_at_a_time(sqs: Any, fifo: str) -> None:
    for n in range(4):
        sqs.send_message(QueueUrl=fifo, MessageBody=f"a{n}", MessageGroupId="a")
    sqs.send_message(QueueUrl=fifo, MessageBody="b0", MessageGroupId="b")
    first = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=2)
    assert bodies(first) == ["a0", "a1"]
    assert bodies(sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)) == ["b0"]
    assert bodies(sqs.receive_message(QueueUrl=fifo)) == []
    for message in first["Messages"]:
        sqs.delete_message(QueueUrl=fifo, ReceiptHandle=message["ReceiptHandle"])
    assert bodies(sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)) == ["a2", "a3"]


def test_a_group_comes_back_in_order_after_its_visibility_timeout(sqs: Any, fifo: str) -> None:
    for n in range(3):
        sqs.send_message(QueueUrl=fifo, MessageBody=str(n), MessageGroupId="g")
    handle = sqs.receive_message(QueueUrl=fifo)["Messages"][0]["ReceiptHandle"]
    hookmock.clock().advance(30)
    assert bodies(sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)) == ["0", "1", "2"]
    with pytest.raises(ClientError) as raised:
        sqs.delete_message(QueueUrl=fifo, ReceiptHandle=handle)
    assert error_of(raised) == (
        "InvalidParameterValue",
        f"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle "
        "has expired.",
    )


def test_deduplication_within_five_minutes(sqs: Any, fifo: str) -> None:
    first = sqs.send_message(QueueUrl=fifo, MessageBody="same", MessageGroupId="g")
    again = sqs.send_message(QueueUrl=fifo, MessageBody="same", MessageGroupId="g")
    assert again["MessageId"] == first["MessageId"]
    assert again["SequenceNumber"] == first["SequenceNumber"]
    explicit = sqs.send_message(
        QueueUrl=fifo, MessageBody="same", MessageGroupId="g", MessageDeduplicationId="other"
    )
    assert explicit["MessageId"] != first["MessageId"]
    assert int(explicit["SequenceNumber"]) > int(first["SequenceNumber"])
    assert attributes(sqs, fifo, "ApproximateNumberOfMessages") == {
        "ApproximateNumberOfMessages": "2"
    }
    hookmock.clock().advance(300)
    later = sqs.send_message(QueueUrl=fifo, MessageBody="same", MessageGroupId="g")
    assert later["MessageId"] != first["MessageId"]


def test_deduplication_scope_per_group(sqs: Any) -> None:
    url = sqs.create_queue(
        QueueName="g.fifo",
        Attributes={
            "FifoQueue": "true",
            "DeduplicationScope": "messageGroup",
            "FifoThroughputLimit": "perMessageGroupId",
        },
    )["QueueUrl"]
    one = sqs.send_message(
        QueueUrl=url, MessageBody="x", MessageGroupId="a", MessageDeduplicationId="d"
    )
    two = sqs.send_message(
        QueueUrl=url, MessageBody="x", MessageGroupId="b", MessageDeduplicationId="d"
    )
    assert one["MessageId"] != two["MessageId"]


def test_high_throughput_settings_are_checked(sqs: Any) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(
            QueueName="h.fifo",
            Attributes={"FifoQueue": "true", "FifoThroughputLimit": "perMessageGroupId"},
        )
    assert error_of(raised)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(
            QueueName="h.fifo", Attributes={"FifoQueue": "true", "DeduplicationScope": "everywhere"}
        )
    assert error_of(raised) == (
        "InvalidAttributeValue",
        "Invalid value for the parameter DeduplicationScope.",
    )


def test_fifo_send_rules(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="plain.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    with pytest.raises(ClientError) as raised:
        sqs.send_message(QueueUrl=url, MessageBody="x", MessageDeduplicationId="d")
    assert error_of(raised) == (
        "MissingParameter",
        "The request must contain the parameter MessageGroupId.",
    )
    with pytest.raises(ClientError) as raised:
        sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g")
    assert error_of(raised) == (
        "InvalidParameterValue",
        "The queue should either have ContentBasedDeduplication enabled or "
        "MessageDeduplicationId provided explicitly",
    )
    with pytest.raises(ClientError) as raised:
        sqs.send_message(
            QueueUrl=url,
            MessageBody="x",
            MessageGroupId="g",
            MessageDeduplicationId="d",
            DelaySeconds=5,
        )
    assert error_of(raised)[0] == "InvalidParameterValue"


@pytest.mark.parametrize("name", ["MessageGroupId", "MessageDeduplicationId"])
@pytest.mark.parametrize("value", ["g g", "x" * 129, "é", ""])
def test_fifo_ids_are_printable_ascii(sqs: Any, fifo: str, name: str, value: str) -> None:
    params = {"MessageGroupId": "g", "MessageDeduplicationId": "d", name: value}
    with pytest.raises(ClientError) as raised:
        sqs.send_message(QueueUrl=fifo, MessageBody="x", **params)
    assert error_of(raised) == (
        "InvalidParameterValue",
        f"Value {value} for parameter {name} is invalid. Reason: {name} can only include "
        "alphanumeric and punctuation characters. 1 to 128 in length.",
    )
    sqs.send_message(QueueUrl=fifo, MessageBody="x", **{**params, name: "!~" * 64})


def test_received_fifo_attributes(sqs: Any, fifo: str) -> None:
    sent = sqs.send_message(QueueUrl=fifo, MessageBody="x", MessageGroupId="g")
    (got,) = sqs.receive_message(QueueUrl=fifo, MessageSystemAttributeNames=["All"])["Messages"]
    assert got["Attributes"]["MessageGroupId"] == "g"
    assert got["Attributes"]["SequenceNumber"] == sent["SequenceNumber"]
    assert len(got["Attributes"]["MessageDeduplicationId"]) == 64


def test_a_retried_receive_attempt_returns_the_same_messages(sqs: Any, fifo: str) -> None:
    for n in range(2):
        sqs.send_message(QueueUrl=fifo, MessageBody=f"a{n}", MessageGroupId="a")
    first = sqs.receive_message(
        QueueUrl=fifo, MaxNumberOfMessages=10, ReceiveRequestAttemptId="try-1"
    )
    again = sqs.receive_message(
        QueueUrl=fifo,
        MaxNumberOfMessages=10,
        ReceiveRequestAttemptId="try-1",
        MessageSystemAttributeNames=["ApproximateReceiveCount"],
    )
    assert [m["ReceiptHandle"] for m in again["Messages"]] == [
        m["ReceiptHandle"] for m in first["Messages"]
    ]
    assert [m["Attributes"]["ApproximateReceiveCount"] for m in again["Messages"]] == ["1", "1"]
    assert bodies(sqs.receive_message(QueueUrl=fifo, ReceiveRequestAttemptId="try-2")) == []


def test_a_receive_attempt_lapses_once_its_messages_change(sqs: Any, fifo: str) -> None:
    sqs.send_message(QueueUrl=fifo, MessageBody="a0", MessageGroupId="a")
    sqs.send_message(QueueUrl=fifo, MessageBody="b0", MessageGroupId="b")
    (first,) = sqs.receive_message(QueueUrl=fifo, ReceiveRequestAttemptId="x")["Messages"]
    sqs.delete_message(QueueUrl=fifo, ReceiptHandle=first["ReceiptHandle"])
    (second,) = sqs.receive_message(QueueUrl=fifo, ReceiveRequestAttemptId="x")["Messages"]
    assert second["Body"] == "b0"
    sqs.change_message_visibility(
        QueueUrl=fifo, ReceiptHandle=second["ReceiptHandle"], VisibilityTimeout=600
    )
    assert bodies(sqs.receive_message(QueueUrl=fifo, ReceiveRequestAttemptId="x")) == []


def test_a_retried_receive_attempt_restarts_the_visibility_timeout(sqs: Any, fifo: str) -> None:
    sqs.send_message(QueueUrl=fifo, MessageBody="a0", MessageGroupId="a")
    receive = {"QueueUrl": fifo, "VisibilityTimeout": 30, "ReceiveRequestAttemptId": "x"}
    assert bodies(sqs.receive_message(**receive)) == ["a0"]
    hookmock.clock().advance(20)
    assert bodies(sqs.receive_message(**receive)) == ["a0"]
    hookmock.clock().advance(20)  # 40 s after the first receive, 20 s after the retry
    assert bodies(sqs.receive_message(QueueUrl=fifo)) == []
    assert bodies(sqs.receive_message(**receive)) == ["a0"]  # still the same attempt
    hookmock.clock().advance(31)
    assert bodies(sqs.receive_message(QueueUrl=fifo)) == ["a0"]


def test_a_receive_attempt_lasts_five_minutes(sqs: Any, fifo: str) -> None:
    sqs.set_queue_attributes(QueueUrl=fifo, Attributes={"VisibilityTimeout": "900"})
    sqs.send_message(QueueUrl=fifo, MessageBody="a0", MessageGroupId="a")
    assert bodies(sqs.receive_message(QueueUrl=fifo, ReceiveRequestAttemptId="x")) == ["a0"]
    hookmock.clock().advance(299)
    assert bodies(sqs.receive_message(QueueUrl=fifo, ReceiveRequestAttemptId="x")) == ["a0"]
    hookmock.clock().advance(2)
    assert bodies(sqs.receive_message(QueueUrl=fifo, ReceiveRequestAttemptId="x")) == []


@pytest.mark.parametrize("attempt", ["has space", "é", "x" * 129])
def test_a_receive_attempt_id_is_printable_ascii(sqs: Any, fifo: str, attempt: str) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.receive_message(QueueUrl=fifo, ReceiveRequestAttemptId=attempt)
    assert error_of(raised)[0] == "InvalidParameterValue"


def test_a_whole_group_moves_to_the_dead_letter_queue_in_order(sqs: Any) -> None:
    fifo = {"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    dead = sqs.create_queue(QueueName="dead.fifo", Attributes=fifo)["QueueUrl"]
    dead_arn = attributes(sqs, dead, "QueueArn")["QueueArn"]
    policy = json.dumps({"deadLetterTargetArn": dead_arn, "maxReceiveCount": 1})
    source = sqs.create_queue(
        QueueName="source.fifo", Attributes={**fifo, "RedrivePolicy": policy}
    )["QueueUrl"]
    for n in range(12):
        sqs.send_message(QueueUrl=source, MessageBody=f"m{n}", MessageGroupId="g")
    first = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10, VisibilityTimeout=0)
    assert bodies(first) == [f"m{n}" for n in range(10)]
    sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)  # moves the ten received
    moved = sqs.receive_message(QueueUrl=dead, MaxNumberOfMessages=10)
    assert bodies(moved) == [f"m{n}" for n in range(10)]
    rest = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)
    assert bodies(rest) == ["m10", "m11"]
