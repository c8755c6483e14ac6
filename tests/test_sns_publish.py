"""SNS Publish and PublishBatch: targets, messages, subjects, attributes, FIFO rules."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import error_of


@pytest.fixture
def topic(sns: Any) -> str:
    return str(sns.create_topic(Name="t")["TopicArn"])


@pytest.fixture
def fifo(sns: Any) -> str:
    return str(sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "true"})["TopicArn"])


def test_publish_answers_a_message_id(sns: Any, topic: str) -> None:
    first = sns.publish(TopicArn=topic, Message="hello")["MessageId"]
    second = sns.publish(TargetArn=topic, Message="hello", Subject="Hi there!")["MessageId"]
    assert len(first) == 36
    assert first != second


def test_exactly_one_target(sns: Any, topic: str) -> None:
    with pytest.raises(ClientError) as raised:
        sns.publish(Message="x")
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter",
    )
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(TopicArn=topic, TargetArn=topic, Message="x")
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.publish(TopicArn=topic + "x", Message="x")
    with pytest.raises(ClientError) as raised:
        sns.publish(TargetArn="nope", Message="x")
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: TargetArn")


def test_message_rules(sns: Any, topic: str) -> None:
    with pytest.raises(ClientError) as raised:
        sns.publish(TopicArn=topic, Message="")
    assert error_of(raised) == ("InvalidParameter", "Empty message")
    with pytest.raises(ClientError) as raised:
        sns.publish(TopicArn=topic, Message="x" * 262145)
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: Message too long")
    sns.publish(TopicArn=topic, Message="x" * 262144)
    attribute = {"a": {"DataType": "String", "StringValue": "v"}}
    with pytest.raises(ClientError):
        sns.publish(TopicArn=topic, Message="x" * 262140, MessageAttributes=attribute)
    sns.set_topic_attributes(
        TopicArn=topic, AttributeName="MaximumMessageSize", AttributeValue="1024"
    )
    with pytest.raises(ClientError):
        sns.publish(TopicArn=topic, Message="x" * 1025)


@pytest.mark.parametrize("subject", ["", "line\nbreak", "tab\there", "x" * 100, "ünïcode", " lead"])
def test_subject_rules(sns: Any, topic: str, subject: str) -> None:
    with pytest.raises(ClientError) as raised:
        sns.publish(TopicArn=topic, Message="x", Subject=subject)
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: Subject")


def test_json_message_structure(sns: Any, topic: str) -> None:
    message = json.dumps({"default": "d", "sqs": "s", "email": 3})
    sns.publish(TopicArn=topic, Message=message, MessageStructure="json")
    for bad, detail in (
        ("not json", "JSON message body failed to parse"),
        ("[1]", "JSON message body failed to parse"),
        ('{"default": "a", "default": "b"}', "JSON message body failed to parse"),
        (json.dumps({"sqs": "s"}), "No default entry in JSON message body"),
        (json.dumps({"default": 1}), "No default entry in JSON message body"),
    ):
        with pytest.raises(ClientError) as raised:
            sns.publish(TopicArn=topic, Message=bad, MessageStructure="json")
        assert error_of(raised) == (
            "InvalidParameter",
            f"Invalid parameter: Message Structure - {detail}",
        )


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        (
            {"a": {"DataType": "Text", "StringValue": "v"}},
            "The message attribute 'a' has an invalid message attribute type, the set of "
            "supported type prefixes is Binary, Number, and String.",
        ),
        (
            {"a": {"DataType": "String", "StringValue": ""}},
            "The message attribute 'a' must contain non-empty message attribute value for "
            "message attribute type 'String'.",
        ),
        (
            {"n": {"DataType": "Number", "StringValue": "twelve"}},
            "Could not cast message attribute 'n' value to number.",
        ),
        (
            {"b": {"DataType": "Binary", "StringValue": "x"}},
            "The message attribute 'b' with type 'Binary' must use field 'Binary'.",
        ),
        (
            {"AWS.mine": {"DataType": "String", "StringValue": "v"}},
            "Message attribute names starting with 'AWS.' or 'Amazon.' are reserved for use by "
            "Amazon.",
        ),
        (
            {"a..b": {"DataType": "String", "StringValue": "v"}},
            "The message attribute name 'a..b' is invalid.",
        ),
    ],
)
def test_message_attribute_rules(
    sns: Any, topic: str, attributes: dict[str, Any], message: str
) -> None:
    with pytest.raises(sns.exceptions.InvalidParameterValueException) as raised:
        sns.publish(TopicArn=topic, Message="x", MessageAttributes=attributes)
    assert error_of(raised) == ("ParameterValueInvalid", message)


def test_valid_message_attributes(sns: Any, topic: str) -> None:
    sns.publish(
        TopicArn=topic,
        Message="x",
        MessageAttributes={
            "s": {"DataType": "String", "StringValue": "v"},
            "n": {"DataType": "Number", "StringValue": "-1.5e10"},
            "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
            "l": {"DataType": "String.Array", "StringValue": '["a", 1, true, null]'},
            "c": {"DataType": "String.custom", "StringValue": "v"},
            "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
        },
    )
    with pytest.raises(sns.exceptions.InvalidParameterValueException):
        sns.publish(
            TopicArn=topic,
            Message="x",
            MessageAttributes={"l": {"DataType": "String.Array", "StringValue": '{"a": 1}'}},
        )


def test_fifo_publish_needs_a_group_and_deduplication(sns: Any, fifo: str) -> None:
    with pytest.raises(ClientError) as raised:
        sns.publish(TopicArn=fifo, Message="x")
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: The MessageGroupId parameter is required for FIFO topics",
    )
    with pytest.raises(ClientError) as raised:
        sns.publish(TopicArn=fifo, Message="x", MessageGroupId="g")
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or "
        "MessageDeduplicationId provided explicitly",
    )
    first = sns.publish(TopicArn=fifo, Message="x", MessageGroupId="g", MessageDeduplicationId="1")
    second = sns.publish(TopicArn=fifo, Message="y", MessageGroupId="g", MessageDeduplicationId="2")
    assert len(first["SequenceNumber"]) == 20
    assert int(second["SequenceNumber"]) > int(first["SequenceNumber"])


def test_fifo_deduplication_lasts_five_minutes() -> None:
    with hookmock.aws():
        sns = boto3.client("sns", region_name="us-east-1")
        fifo = sns.create_topic(
            Name="t.fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"}
        )["TopicArn"]
        first = sns.publish(TopicArn=fifo, Message="same", MessageGroupId="g")
        again = sns.publish(TopicArn=fifo, Message="same", MessageGroupId="h")
        assert (again["MessageId"], again["SequenceNumber"]) == (
            first["MessageId"],
            first["SequenceNumber"],
        )
        hookmock.clock().advance(301)
        later = sns.publish(TopicArn=fifo, Message="same", MessageGroupId="g")
        assert later["MessageId"] != first["MessageId"]


def test_standard_topics_refuse_deduplication_ids(sns: Any, topic: str) -> None:
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.publish(TopicArn=topic, Message="x", MessageDeduplicationId="d")
    assert "SequenceNumber" not in sns.publish(TopicArn=topic, Message="x", MessageGroupId="g")


def test_publish_batch(sns: Any, topic: str) -> None:
    answer = sns.publish_batch(
        TopicArn=topic,
        PublishBatchRequestEntries=[
            {"Id": "one", "Message": "a"},
            {"Id": "two", "Message": ""},
            {"Id": "three", "Message": "c", "Subject": "bad\nsubject"},
        ],
    )
    assert [s["Id"] for s in answer["Successful"]] == ["one"]
    assert answer["Failed"] == [
        {"Id": "two", "Code": "InvalidParameter", "Message": "Empty message", "SenderFault": True},
        {
            "Id": "three",
            "Code": "InvalidParameter",
            "Message": "Invalid parameter: Subject",
            "SenderFault": True,
        },
    ]


def test_publish_batch_fifo_answers_sequence_numbers(sns: Any, fifo: str) -> None:
    answer = sns.publish_batch(
        TopicArn=fifo,
        PublishBatchRequestEntries=[
            {"Id": str(n), "Message": "m", "MessageGroupId": "g", "MessageDeduplicationId": str(n)}
            for n in range(3)
        ],
    )
    numbers = [int(s["SequenceNumber"]) for s in answer["Successful"]]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == 3


def test_publish_batch_request_errors(sns: Any, topic: str) -> None:
    def batch(entries: list[dict[str, str]]) -> Any:
        return sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=entries)

    with pytest.raises(sns.exceptions.EmptyBatchRequestException):
        batch([])
    with pytest.raises(sns.exceptions.TooManyEntriesInBatchRequestException):
        batch([{"Id": str(n), "Message": "m"} for n in range(11)])
    with pytest.raises(sns.exceptions.BatchEntryIdsNotDistinctException):
        batch([{"Id": "a", "Message": "m"}, {"Id": "a", "Message": "n"}])
    with pytest.raises(sns.exceptions.InvalidBatchEntryIdException):
        batch([{"Id": "no spaces", "Message": "m"}])
    with pytest.raises(sns.exceptions.BatchRequestTooLongException):
        batch([{"Id": str(n), "Message": "x" * 30000} for n in range(10)])
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.publish_batch(
            TopicArn=topic + "x", PublishBatchRequestEntries=[{"Id": "a", "Message": "m"}]
        )
