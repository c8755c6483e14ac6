"""Dead-letter queues and message move tasks."""

from __future__ import annotations

import json
import types
from typing import Any

import pytest
from botocore.exceptions import ClientError

import hookmock

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


@pytest.fixture
def frozen_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real time stands still, so only clock.advance moves a rate-limited task."""
    monkeypatch.setattr("hookmock._clock.time", types.SimpleNamespace(time=lambda: 1.7e9))


def dead_lettered(sqs: Any, pair: tuple[str, str], count: int) -> None:
    source, _ = pair
    for n in range(count):
        sqs.send_message(QueueUrl=source, MessageBody=f"m{n}")
    for _ in range(3):
        while sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10).get("Messages"):
            pass


@pytest.mark.usefixtures("frozen_real_time")
def test_rate_limited_task_moves_as_the_clock_advances(sqs: Any, pair: tuple[str, str]) -> None:
    source, dead = pair
    dead_lettered(sqs, pair, 5)
    handle = sqs.start_message_move_task(
        SourceArn=arn_of(sqs, dead), MaxNumberOfMessagesPerSecond=2
    )["TaskHandle"]
    (task,) = sqs.list_message_move_tasks(SourceArn=arn_of(sqs, dead))["Results"]
    assert (task["Status"], task["TaskHandle"]) == ("RUNNING", handle)
    assert (
        task["ApproximateNumberOfMessagesMoved"],
        task["ApproximateNumberOfMessagesToMove"],
    ) == (
        0,
        5,
    )
    hookmock.clock().advance(1)
    moved = sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)["Messages"]
    assert len(moved) == 2
    hookmock.clock().advance(2)
    (task,) = sqs.list_message_move_tasks(SourceArn=arn_of(sqs, dead))["Results"]
    assert (task["Status"], task["ApproximateNumberOfMessagesMoved"]) == ("COMPLETED", 5)
    assert "TaskHandle" not in task
    assert attributes(sqs, dead, "ApproximateNumberOfMessages") == {
        "ApproximateNumberOfMessages": "0"
    }


@pytest.mark.usefixtures("frozen_real_time")
def test_cancel_stops_a_running_task(sqs: Any, pair: tuple[str, str]) -> None:
    _, dead = pair
    dead_lettered(sqs, pair, 4)
    dead_arn = arn_of(sqs, dead)
    handle = sqs.start_message_move_task(SourceArn=dead_arn, MaxNumberOfMessagesPerSecond=1)[
        "TaskHandle"
    ]
    with pytest.raises(ClientError) as raised:
        sqs.start_message_move_task(SourceArn=dead_arn)
    assert error_of(raised)[0] == "AWS.SimpleQueueService.UnsupportedOperation"
    hookmock.clock().advance(1)
    assert sqs.cancel_message_move_task(TaskHandle=handle)["ApproximateNumberOfMessagesMoved"] == 1
    hookmock.clock().advance(60)
    (task,) = sqs.list_message_move_tasks(SourceArn=dead_arn)["Results"]
    assert (task["Status"], task["ApproximateNumberOfMessagesMoved"]) == ("CANCELLED", 1)
    assert attributes(sqs, dead, "ApproximateNumberOfMessages") == {
        "ApproximateNumberOfMessages": "3"
    }
    with pytest.raises(sqs.exceptions.ResourceNotFoundException):
        sqs.cancel_message_move_task(TaskHandle=handle)
    second = sqs.start_message_move_task(SourceArn=dead_arn)["TaskHandle"]
    assert second != handle
    listed = sqs.list_message_move_tasks(SourceArn=dead_arn, MaxResults=10)["Results"]
    assert [t["Status"] for t in listed] == ["COMPLETED", "CANCELLED"]


def test_cancel_rejects_unknown_and_finished_tasks(sqs: Any, pair: tuple[str, str]) -> None:
    _, dead = pair
    dead_lettered(sqs, pair, 1)
    handle = sqs.start_message_move_task(SourceArn=arn_of(sqs, dead))["TaskHandle"]
    for bad in (handle, "not-a-handle", handle[:-4] + "AAAA"):
        with pytest.raises(sqs.exceptions.ResourceNotFoundException):
            sqs.cancel_message_move_task(TaskHandle=bad)
