"""Dead-letter queues and message move tasks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import attributes, error_of


def arn_of(sqs: Any, url: str) -> str:
    return attributes(sqs, url, "QueueArn")["QueueArn"]


@pytest.fixture
def pair(sqs: Any) -> tuple[str, str]:
    dead = sqs.create_queue(QueueName="dead")["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dead), "maxReceiveCount": 2})
    source = sqs.create_queue(
        QueueName="source", Attributes={"RedrivePolicy": policy, "VisibilityTimeout": "0"}
    )["QueueUrl"]
    return source, dead


def test_messages_move_after_max_receive_count(sqs: Any, pair: tuple[str, str]) -> None:
    source, dead = pair
    sent = sqs.send_message(QueueUrl=source, MessageBody="poison")
    assert len(sqs.receive_message(QueueUrl=source)["Messages"]) == 1
    assert len(sqs.receive_message(QueueUrl=source)["Messages"]) == 1
    assert "Messages" not in sqs.receive_message(QueueUrl=source)
    (moved,) = sqs.receive_message(QueueUrl=dead, MessageSystemAttributeNames=["All"])["Messages"]
    assert moved["MessageId"] == sent["MessageId"]
    assert moved["Attributes"]["DeadLetterQueueSourceArn"] == arn_of(sqs, source)
    assert sqs.list_dead_letter_source_queues(QueueUrl=dead)["queueUrls"] == [source]


def test_redrive_policy_is_checked(sqs: Any) -> None:
    missing = "arn:aws:sqs:us-east-1:123456789012:nowhere"
    policy = json.dumps(
        {"deadLetterTargetArn": missing, "maxReceiveCount": 3}, separators=(",", ":")
    )
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": policy})
    assert error_of(raised) == (
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: Dead letter target "
        "does not exist.",
    )
    sqs.create_queue(QueueName="nowhere")
    bad = json.dumps({"deadLetterTargetArn": missing, "maxReceiveCount": 1001})
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": bad})
    assert error_of(raised)[0] == "InvalidParameterValue"
    fifo = sqs.create_queue(QueueName="d.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    mixed = json.dumps({"deadLetterTargetArn": arn_of(sqs, fifo), "maxReceiveCount": 1})
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": mixed})
    assert "same type of queue" in error_of(raised)[1]


def test_redrive_allow_policy_refuses_sources(sqs: Any) -> None:
    dead = sqs.create_queue(
        QueueName="dead", Attributes={"RedriveAllowPolicy": '{"redrivePermission":"denyAll"}'}
    )["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dead), "maxReceiveCount": 1})
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": policy})
    assert error_of(raised)[0] == "InvalidParameterValue"


def test_move_task_returns_messages_to_their_source(sqs: Any, pair: tuple[str, str]) -> None:
    source, dead = pair
    for body in ("a", "b"):
        sqs.send_message(QueueUrl=source, MessageBody=body)
    for _ in range(3):
        sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)
    assert attributes(sqs, dead, "ApproximateNumberOfMessages") == {
        "ApproximateNumberOfMessages": "2"
    }
    handle = sqs.start_message_move_task(SourceArn=arn_of(sqs, dead))["TaskHandle"]
    assert handle
    (task,) = sqs.list_message_move_tasks(SourceArn=arn_of(sqs, dead))["Results"]
    assert task["Status"] == "COMPLETED"
    assert task["ApproximateNumberOfMessagesMoved"] == 2
    got = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in got) == ["a", "b"]


def test_move_task_errors(sqs: Any, pair: tuple[str, str]) -> None:
    source, _ = pair
    with pytest.raises(ClientError) as raised:
        sqs.start_message_move_task(SourceArn=arn_of(sqs, source))
    assert error_of(raised) == (
        "InvalidParameterValue",
        "Source queue must be configured as a Dead Letter Queue.",
    )
    with pytest.raises(sqs.exceptions.ResourceNotFoundException):
        sqs.start_message_move_task(SourceArn="arn:aws:sqs:us-east-1:123456789012:none")
