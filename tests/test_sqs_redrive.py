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


def dead_letter_after(sqs: Any, source: str, body: str | None, seconds: int) -> None:
    """Send ``body`` (if given) to ``source`` and dead-letter what it holds ``seconds`` later."""
    if body is not None:
        sqs.send_message(QueueUrl=source, MessageBody=body, **fifo_params(source, body))
    hookmock.clock().advance(seconds)
    for _ in range(3):
        sqs.receive_message(QueueUrl=source, VisibilityTimeout=0)


def fifo_params(url: str, body: str) -> dict[str, str]:
    return {"MessageGroupId": body, "MessageDeduplicationId": body} if ".fifo" in url else {}


def test_a_standard_dead_letter_queue_keeps_the_original_enqueue_time(sqs: Any) -> None:
    dead = sqs.create_queue(QueueName="dead", Attributes={"MessageRetentionPeriod": "120"})
    dead_url = dead["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dead_url), "maxReceiveCount": 1})
    source = sqs.create_queue(QueueName="source", Attributes={"RedrivePolicy": policy})
    sqs.send_message(QueueUrl=source["QueueUrl"], MessageBody="old")
    hookmock.clock().advance(50)
    sqs.send_message(QueueUrl=dead_url, MessageBody="fresh")
    dead_letter_after(sqs, source["QueueUrl"], None, 50)
    assert counts_of(sqs, dead_url) == "2"
    hookmock.clock().advance(30)  # "old" was sent 130 s ago, "fresh" 80 s ago
    got = sqs.receive_message(QueueUrl=dead_url, MaxNumberOfMessages=10)
    assert [m["Body"] for m in got["Messages"]] == ["fresh"]


def counts_of(sqs: Any, url: str) -> str:
    return attributes(sqs, url, "ApproximateNumberOfMessages")["ApproximateNumberOfMessages"]


def test_a_fifo_dead_letter_queue_restarts_retention(sqs: Any) -> None:
    fifo = {"FifoQueue": "true"}
    dead = sqs.create_queue(
        QueueName="dead.fifo", Attributes={**fifo, "MessageRetentionPeriod": "120"}
    )["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dead), "maxReceiveCount": 1})
    source = sqs.create_queue(
        QueueName="source.fifo", Attributes={**fifo, "RedrivePolicy": policy}
    )["QueueUrl"]
    dead_letter_after(sqs, source, "old", 100)
    hookmock.clock().advance(30)
    got = sqs.receive_message(QueueUrl=dead, MessageSystemAttributeNames=["All"])["Messages"]
    assert [m["Body"] for m in got] == ["old"]
    assert got[0]["Attributes"]["MessageDeduplicationId"] == got[0]["MessageId"]
    hookmock.clock().advance(100)
    assert "Messages" not in sqs.receive_message(QueueUrl=dead)


def redrive_to(sqs: Any, dead: str) -> dict[str, str]:
    return {
        "RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": arn_of(sqs, dead), "maxReceiveCount": 1}
        )
    }


def test_dead_letter_source_queues_follow_redrive_policies(sqs: Any) -> None:
    dead = sqs.create_queue(QueueName="dead")["QueueUrl"]
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    urls = [
        sqs.create_queue(QueueName=f"s{n}", Attributes=redrive_to(sqs, dead))["QueueUrl"]
        for n in range(4)
    ]
    plain = sqs.create_queue(QueueName="s9")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=plain, Attributes=redrive_to(sqs, dead))
    sqs.set_queue_attributes(QueueUrl=urls[0], Attributes=redrive_to(sqs, other))
    sqs.set_queue_attributes(QueueUrl=urls[1], Attributes={"RedrivePolicy": ""})
    sqs.delete_queue(QueueUrl=urls[2])
    expected = [urls[3], plain]
    assert sqs.list_dead_letter_source_queues(QueueUrl=dead)["queueUrls"] == expected
    assert sqs.list_dead_letter_source_queues(QueueUrl=other)["queueUrls"] == [urls[0]]
    first = sqs.list_dead_letter_source_queues(QueueUrl=dead, MaxResults=1)
    assert first["queueUrls"] == [urls[3]]
    rest = sqs.list_dead_letter_source_queues(
        QueueUrl=dead, MaxResults=1, NextToken=first["NextToken"]
    )
    assert rest["queueUrls"] == [plain]
    assert "NextToken" not in rest
    with pytest.raises(ClientError) as raised:  # a token lists one dead-letter queue's sources
        sqs.list_dead_letter_source_queues(
            QueueUrl=other, MaxResults=1, NextToken=first["NextToken"]
        )
    assert error_of(raised) == ("InvalidParameterValue", "Invalid NextToken value.")
    for bad in (0, 1001):
        with pytest.raises(ClientError) as raised:
            sqs.list_dead_letter_source_queues(QueueUrl=dead, MaxResults=bad)
        assert error_of(raised) == (
            "InvalidParameterValue",
            f"Value {bad} for parameter MaxResults is invalid. Reason: MaxResults must be an "
            "integer between 1 and 1000.",
        )


def test_without_max_results_one_page_of_a_thousand_sources(sqs: Any) -> None:
    dead = sqs.create_queue(QueueName="dead")["QueueUrl"]
    policy = redrive_to(sqs, dead)
    for n in range(1001):
        sqs.create_queue(QueueName=f"s{n:04}", Attributes=policy)
    answer = sqs.list_dead_letter_source_queues(QueueUrl=dead)
    assert len(answer["queueUrls"]) == 1000
    assert "NextToken" not in answer
    pages = sqs.get_paginator("list_dead_letter_source_queues").paginate(
        QueueUrl=dead, PaginationConfig={"PageSize": 600}
    )
    assert [len(page["queueUrls"]) for page in pages] == [600, 401]


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


@pytest.mark.parametrize("count", ["Infinity", "5.7", "true", '"٣"', '"5.0"', "[1]", '" 5"'])
def test_max_receive_count_is_a_whole_number(sqs: Any, count: str) -> None:
    target = arn_of(sqs, sqs.create_queue(QueueName="dead")["QueueUrl"])
    policy = f'{{"deadLetterTargetArn":"{target}","maxReceiveCount":{count}}}'
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": policy})
    assert error_of(raised) == (
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for "
        "maxReceiveCount: must be between 1 and 1000.",
    )


def test_max_receive_count_may_be_a_digit_string(sqs: Any) -> None:
    target = arn_of(sqs, sqs.create_queue(QueueName="dead")["QueueUrl"])
    policy = json.dumps({"deadLetterTargetArn": target, "maxReceiveCount": "5"})
    url = sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": policy})["QueueUrl"]
    stored = json.loads(attributes(sqs, url, "RedrivePolicy")["RedrivePolicy"])
    assert stored == {"deadLetterTargetArn": target, "maxReceiveCount": 5}


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
    sent = {sqs.send_message(QueueUrl=source, MessageBody=body)["MessageId"] for body in "ab"}
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
    assert not sent & {m["MessageId"] for m in got}  # redriven messages are new messages


def test_a_redriven_message_starts_its_retention_again(sqs: Any) -> None:
    dead = sqs.create_queue(QueueName="dead")["QueueUrl"]
    policy = json.dumps({"deadLetterTargetArn": arn_of(sqs, dead), "maxReceiveCount": 1})
    source = sqs.create_queue(
        QueueName="source", Attributes={"RedrivePolicy": policy, "MessageRetentionPeriod": "120"}
    )["QueueUrl"]
    dead_letter_after(sqs, source, "old", 100)
    sqs.start_message_move_task(SourceArn=arn_of(sqs, dead))
    hookmock.clock().advance(100)
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=source)["Messages"]] == ["old"]


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


def test_a_queue_cannot_be_its_own_dead_letter_queue(sqs: Any) -> None:
    arn = "arn:aws:sqs:us-east-1:123456789012:q"
    policy = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 1}, separators=(",", ":"))
    reason = f"Value {policy} for parameter RedrivePolicy is invalid. Reason: A queue cannot be "
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": policy})
    assert error_of(raised) == ("InvalidParameterValue", reason + "its own dead-letter queue.")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    with pytest.raises(ClientError) as raised:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": policy})
    assert error_of(raised) == ("InvalidParameterValue", reason + "its own dead-letter queue.")
    assert "RedrivePolicy" not in attributes(sqs, url)


def test_a_move_task_needs_another_destination_of_the_same_type(
    sqs: Any, pair: tuple[str, str]
) -> None:
    _, dead = pair
    dead_arn = arn_of(sqs, dead)
    fifo = sqs.create_queue(QueueName="f.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    for destination, reason in [
        (dead_arn, "The destination queue must be different from the source queue."),
        (arn_of(sqs, fifo), "The destination queue must be the same type of queue as the source."),
    ]:
        with pytest.raises(ClientError) as raised:
            sqs.start_message_move_task(SourceArn=dead_arn, DestinationArn=destination)
        assert error_of(raised) == (
            "InvalidParameterValue",
            f"Value {destination} for parameter DestinationArn is invalid. Reason: {reason}",
        )
    assert "Results" not in sqs.list_message_move_tasks(SourceArn=dead_arn)


@pytest.mark.parametrize(
    ("policy", "reason"),
    [
        ("{}", "Redrive policy does not contain mandatory attribute: maxReceiveCount."),
        (
            '{"maxReceiveCount":3}',
            "Redrive policy does not contain mandatory attribute: deadLetterTargetArn.",
        ),
        (
            '{"MaxReceiveCount":"4","DeadLetterTargetArn":"x"}',
            "Redrive policy does not contain mandatory attribute: maxReceiveCount.",
        ),
        (
            '{"deadLetterTargetArn":"TARGET","maxReceiveCount":3,"colour":"blue"}',
            "Only following attributes are supported: [deadLetterTargetArn, maxReceiveCount].",
        ),
    ],
)
def test_redrive_policy_names_only_its_two_members(sqs: Any, policy: str, reason: str) -> None:
    policy = policy.replace("TARGET", arn_of(sqs, sqs.create_queue(QueueName="dead")["QueueUrl"]))
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    with pytest.raises(ClientError) as raised:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": policy})
    assert error_of(raised) == (
        "InvalidParameterValue",
        f"Value {policy} for parameter RedrivePolicy is invalid. Reason: {reason}",
    )
    assert "RedrivePolicy" not in attributes(sqs, url)


@pytest.mark.parametrize(
    ("policy", "reason"),
    [
        (
            '{"redrivePermission":"allowAll","maxReceiveCount":1}',
            "Only following attributes are supported: [redrivePermission, sourceQueueArns].",
        ),
        (
            '{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:1:a",7]}',
            "sourceQueueArns must contain only queue ARNs, as strings.",
        ),
        (
            '{"redrivePermission":"byQueue","sourceQueueArns":[null]}',
            "sourceQueueArns must contain only queue ARNs, as strings.",
        ),
    ],
)
def test_redrive_allow_policy_members_are_checked(sqs: Any, policy: str, reason: str) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="dead", Attributes={"RedriveAllowPolicy": policy})
    assert error_of(raised) == (
        "InvalidParameterValue",
        f"Value {policy} for parameter RedriveAllowPolicy is invalid. Reason: {reason}",
    )
    assert sqs.list_queues().get("QueueUrls", []) == []
