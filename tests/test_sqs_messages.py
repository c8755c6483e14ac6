"""SQS messages: send, receive, delete, visibility, delays, batches, long polling."""

from __future__ import annotations

import hashlib
import struct
import threading
import time
import types
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import attributes, error_of


def documented_md5(attributes: dict[str, dict[str, Any]]) -> str:
    """MD5OfMessageAttributes as the SQS developer guide spells it out."""
    data = b""
    for name in sorted(attributes):
        value = attributes[name]
        for text in (name, value["DataType"]):
            data += struct.pack("!I", len(text.encode())) + text.encode()
        if "BinaryValue" in value:
            data += b"\x02" + struct.pack("!I", len(value["BinaryValue"])) + value["BinaryValue"]
        else:
            raw = value["StringValue"].encode()
            data += b"\x01" + struct.pack("!I", len(raw)) + raw
    return hashlib.md5(data).hexdigest()


@pytest.fixture
def queue(sqs: Any) -> str:
    return str(sqs.create_queue(QueueName="q")["QueueUrl"])


def counts(sqs: Any, url: str) -> tuple[int, int, int]:
    found = attributes(
        sqs,
        url,
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
    )
    return (
        int(found["ApproximateNumberOfMessages"]),
        int(found["ApproximateNumberOfMessagesNotVisible"]),
        int(found["ApproximateNumberOfMessagesDelayed"]),
    )


def test_send_receive_delete(sqs: Any, queue: str) -> None:
    message_attributes = {
        "colour": {"DataType": "String", "StringValue": "blue"},
        "size": {"DataType": "Number.int", "StringValue": "12"},
        "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
    }
    sent = sqs.send_message(
        QueueUrl=queue,
        MessageBody="hello",
        MessageAttributes=message_attributes,
        MessageSystemAttributes={
            "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5e1b4151-5ac6c58f"}
        },
    )
    assert sent["MD5OfMessageBody"] == hashlib.md5(b"hello").hexdigest()
    assert sent["MD5OfMessageAttributes"] == documented_md5(message_attributes)
    assert "MD5OfMessageSystemAttributes" in sent
    (got,) = sqs.receive_message(
        QueueUrl=queue, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"]
    )["Messages"]
    assert got["MessageId"] == sent["MessageId"]
    assert got["Body"] == "hello"
    assert got["MessageAttributes"] == message_attributes
    assert got["MD5OfMessageAttributes"] == documented_md5(message_attributes)
    system = got["Attributes"]
    assert system["SenderId"] == "123456789012"
    assert system["ApproximateReceiveCount"] == "1"
    assert system["AWSTraceHeader"] == "Root=1-5e1b4151-5ac6c58f"
    assert abs(int(system["SentTimestamp"]) / 1000 - time.time()) < 5
    assert counts(sqs, queue) == (0, 1, 0)
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=got["ReceiptHandle"])
    assert counts(sqs, queue) == (0, 0, 0)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)


def test_attribute_selection_by_name_and_prefix(sqs: Any, queue: str) -> None:
    sqs.send_message(
        QueueUrl=queue,
        MessageBody="x",
        MessageAttributes={
            "app.id": {"DataType": "String", "StringValue": "1"},
            "app.kind": {"DataType": "String", "StringValue": "2"},
            "other": {"DataType": "String", "StringValue": "3"},
        },
    )
    (got,) = sqs.receive_message(
        QueueUrl=queue, MessageAttributeNames=["app.*"], AttributeNames=["SentTimestamp"]
    )["Messages"]
    assert sorted(got["MessageAttributes"]) == ["app.id", "app.kind"]
    assert got["MD5OfMessageAttributes"] == documented_md5(got["MessageAttributes"])
    assert list(got["Attributes"]) == ["SentTimestamp"]


def test_visibility_timeout_returns_the_message(sqs: Any, queue: str) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    first = sqs.receive_message(QueueUrl=queue, VisibilityTimeout=10)["Messages"][0]
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    hookmock.clock().advance(10)
    (again,) = sqs.receive_message(QueueUrl=queue, AttributeNames=["All"])["Messages"]
    assert again["MessageId"] == first["MessageId"]
    assert again["ReceiptHandle"] != first["ReceiptHandle"]
    assert again["Attributes"]["ApproximateReceiveCount"] == "2"
    assert again["Attributes"]["ApproximateFirstReceiveTimestamp"] < str(
        int((time.time() + 10) * 1000)
    )


def test_change_visibility(sqs: Any, queue: str) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="x")
    handle = sqs.receive_message(QueueUrl=queue)["Messages"][0]["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=0)
    handle = sqs.receive_message(QueueUrl=queue)["Messages"][0]["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=600)
    hookmock.clock().advance(300)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue)
    with pytest.raises(ClientError) as raised:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=43000)
    assert error_of(raised) == (
        "InvalidParameterValue",
        "Value 43000 for parameter VisibilityTimeout is invalid. Reason: Total "
        "VisibilityTimeout for the message is beyond the limit [43200 seconds]",
    )
    sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
    with pytest.raises(ClientError) as raised:
        sqs.change_message_visibility(QueueUrl=queue, ReceiptHandle=handle, VisibilityTimeout=5)
    assert error_of(raised) == (
        "InvalidParameterValue",
        f"Value {handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist "
        "or is not available for visibility timeout change.",
    )


def test_receipt_handles_are_checked(sqs: Any, queue: str) -> None:
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as raised:
        sqs.delete_message(QueueUrl=queue, ReceiptHandle="made-up")
    assert error_of(raised) == (
        "ReceiptHandleIsInvalid",
        "The input receipt handle 'made-up' is not a valid receipt handle.",
    )
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    sqs.send_message(QueueUrl=other, MessageBody="x")
    handle = sqs.receive_message(QueueUrl=other)["Messages"][0]["ReceiptHandle"]
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
        sqs.delete_message(QueueUrl=queue, ReceiptHandle=handle)
    sqs.delete_message(QueueUrl=other, ReceiptHandle=handle)
    sqs.delete_message(QueueUrl=other, ReceiptHandle=handle)  # deleting twice succeeds


def test_delays_per_queue_and_per_message(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="slow", Attributes={"DelaySeconds": "30"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="queue delay")
    sqs.send_message(QueueUrl=url, MessageBody="own delay", DelaySeconds=60)
    sqs.send_message(QueueUrl=url, MessageBody="no delay", DelaySeconds=0)
    assert counts(sqs, url) == (1, 0, 2)
    hookmock.clock().advance(30)
    assert counts(sqs, url) == (2, 0, 1)
    hookmock.clock().advance(30)
    bodies = sorted(
        m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    )
    assert bodies == ["no delay", "own delay", "queue delay"]
    with pytest.raises(ClientError) as raised:
        sqs.send_message(QueueUrl=url, MessageBody="x", DelaySeconds=901)
    assert error_of(raised)[0] == "InvalidParameterValue"


def test_retention_period_expires_messages(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="old")
    hookmock.clock().advance(30)
    sqs.send_message(QueueUrl=url, MessageBody="new")
    hookmock.clock().advance(30)
    assert [
        m["Body"] for m in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    ] == ["new"]


def test_bad_messages(sqs: Any, queue: str) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        (
            {"MessageBody": "x" * 1048577},
            "One or more parameters are invalid. Reason: Message must be shorter than 1048576 "
            "bytes.",
        ),
        (
            {
                "MessageBody": "x",
                "MessageAttributes": {
                    f"a{n}": {"DataType": "String", "StringValue": "v"} for n in range(11)
                },
            },
            "Number of message attributes [11] exceeds the allowed maximum [10].",
        ),
        (
            {
                "MessageBody": "x",
                "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "ten"}},
            },
            "Could not cast message (user) attribute 'n' value to number.",
        ),
        (
            {
                "MessageBody": "x",
                "MessageAttributes": {"t": {"DataType": "Date", "StringValue": "1"}},
            },
            "You must use only the following supported type prefixes: Binary, Number, String.",
        ),
        (
            {
                "MessageBody": "x",
                "MessageAttributes": {"AWS.x": {"DataType": "String", "StringValue": "1"}},
            },
            "Message (user) attribute name 'AWS.x' is invalid.",
        ),
        ({"MessageBody": "x", "MessageDeduplicationId": "d"}, "not valid for this queue type"),
    ]
    for params, message in cases:
        with pytest.raises(ClientError) as raised:
            sqs.send_message(QueueUrl=queue, **params)
        assert error_of(raised)[0] == "InvalidParameterValue"
        assert message in error_of(raised)[1]
    with pytest.raises(ClientError) as raised:
        sqs.send_message(QueueUrl=queue, MessageBody="")
    assert error_of(raised) == (
        "MissingParameter",
        "The request must contain the parameter MessageBody.",
    )
    assert counts(sqs, queue) == (0, 0, 0)


def test_messages_up_to_one_mebibyte(sqs: Any, queue: str) -> None:
    body = "x" * (1048576 - 10)
    sqs.send_message(QueueUrl=queue, MessageBody=body)
    answer = sqs.send_message_batch(
        QueueUrl=queue, Entries=[{"Id": "a", "MessageBody": "y" * 500_000}]
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["a"]
    got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=2)["Messages"]
    assert sorted(len(m["Body"]) for m in got) == [500_000, 1048566]


@pytest.mark.parametrize(("body", "code"), [("a\x07b", "7"), ("\ufffe", "FFFE"), ("\x00", "0")])
def test_a_body_outside_xml_characters_is_refused(
    sqs: Any, queue: str, body: str, code: str
) -> None:
    message = (
        f"Invalid binary character '#x{code}' was found in the message body, the set of allowed "
        "characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]."
    )
    with pytest.raises(sqs.exceptions.InvalidMessageContents) as raised:
        sqs.send_message(QueueUrl=queue, MessageBody=body)
    assert error_of(raised) == ("InvalidMessageContents", message)
    answer = sqs.send_message_batch(QueueUrl=queue, Entries=[{"Id": "a", "MessageBody": body}])
    assert answer["Failed"] == [
        {"Id": "a", "SenderFault": True, "Code": "InvalidMessageContents", "Message": message}
    ]
    assert counts(sqs, queue) == (0, 0, 0)


@pytest.mark.parametrize(
    "number",
    ["1_0", "1e400", "1" * 39, "1e-129", "1.5e126", " 1", "1.", ".5", "0x10", "NaN", "٣"],
)
def test_number_attributes_out_of_range_or_form_are_refused(
    sqs: Any, queue: str, number: str
) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.send_message(
            QueueUrl=queue,
            MessageBody="x",
            MessageAttributes={"n": {"DataType": "Number", "StringValue": number}},
        )
    assert error_of(raised) == (
        "InvalidParameterValue",
        "Could not cast message (user) attribute 'n' value to number.",
    )


@pytest.mark.parametrize(
    "number", ["0", "-0.0", "+12", "1" * 38, "1" + "0" * 100, "1e-128", "-1E+126", "3.25e-5"]
)
def test_number_attributes_within_range_are_sent(sqs: Any, queue: str, number: str) -> None:
    sqs.send_message(
        QueueUrl=queue,
        MessageBody="x",
        MessageAttributes={"n": {"DataType": "Number.float", "StringValue": number}},
    )
    (got,) = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"])["Messages"]
    assert got["MessageAttributes"]["n"]["StringValue"] == number


def test_receive_parameters_are_checked(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=11)
    assert error_of(raised) == (
        "InvalidParameterValue",
        "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and "
        "10, if provided.",
    )
    with pytest.raises(ClientError) as raised:
        sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=21)
    assert error_of(raised)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as raised:
        sqs.receive_message(QueueUrl=queue, AttributeNames=["Colour"])
    assert error_of(raised) == ("InvalidAttributeName", "Unknown Attribute Colour.")


def test_send_batch(sqs: Any, queue: str) -> None:
    answer = sqs.send_message_batch(
        QueueUrl=queue,
        Entries=[
            {"Id": "a", "MessageBody": "one"},
            {"Id": "b", "MessageBody": "two", "DelaySeconds": 5},
            {"Id": "c", "MessageBody": "\x01"},
            {"Id": "d", "MessageBody": "x", "MessageAttributes": {"a": {"DataType": "String"}}},
        ],
    )
    assert [entry["Id"] for entry in answer["Successful"]] == ["a", "b"]
    assert answer["Successful"][0]["MD5OfMessageBody"] == hashlib.md5(b"one").hexdigest()
    assert [f["Id"] for f in answer["Failed"]] == ["c", "d"]
    assert [(f["Code"], f["SenderFault"]) for f in answer["Failed"]] == [
        ("InvalidMessageContents", True),
        ("InvalidParameterValue", True),
    ]
    assert answer["Failed"][1]["Message"] == (
        "The message (user) attribute 'a' must contain a non-empty value of type 'String'."
    )
    assert counts(sqs, queue) == (1, 0, 1)


@pytest.mark.parametrize(
    ("entries", "code", "message"),
    [
        (
            [],
            "AWS.SimpleQueueService.EmptyBatchRequest",
            "There should be at least one SendMessageBatchRequestEntry in the request.",
        ),
        (
            [{"Id": str(n), "MessageBody": "x"} for n in range(11)],
            "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            "Maximum number of entries per request are 10. You have sent 11.",
        ),
        (
            [{"Id": "a", "MessageBody": "x"}, {"Id": "a", "MessageBody": "y"}],
            "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
            "Id a repeated.",
        ),
        (
            [{"Id": "no spaces", "MessageBody": "x"}],
            "AWS.SimpleQueueService.InvalidBatchEntryId",
            "A batch entry id can only contain alphanumeric characters, hyphens and underscores. "
            "It can be at most 80 letters long.",
        ),
        (
            [{"Id": str(n), "MessageBody": "x" * 400_000} for n in range(3)],
            "AWS.SimpleQueueService.BatchRequestTooLong",
            "Batch requests cannot be longer than 1048576 bytes. You have sent 1200000 bytes.",
        ),
    ],
)
def test_send_batch_errors(
    sqs: Any, queue: str, entries: list[dict[str, Any]], code: str, message: str
) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.send_message_batch(QueueUrl=queue, Entries=entries)
    assert error_of(raised) == (code, message)
    assert counts(sqs, queue) == (0, 0, 0)


def test_delete_and_change_visibility_batches(sqs: Any, queue: str) -> None:
    for n in range(3):
        sqs.send_message(QueueUrl=queue, MessageBody=str(n))
    got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10)["Messages"]
    changed = sqs.change_message_visibility_batch(
        QueueUrl=queue,
        Entries=[
            {"Id": "a", "ReceiptHandle": got[0]["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "b", "ReceiptHandle": "junk", "VisibilityTimeout": 0},
        ],
    )
    assert [e["Id"] for e in changed["Successful"]] == ["a"]
    assert changed["Failed"][0]["Code"] == "ReceiptHandleIsInvalid"
    deleted = sqs.delete_message_batch(
        QueueUrl=queue,
        Entries=[{"Id": f"m{n}", "ReceiptHandle": m["ReceiptHandle"]} for n, m in enumerate(got)],
    )
    assert [e["Id"] for e in deleted["Successful"]] == ["m0", "m1", "m2"]
    assert deleted["Failed"] == []
    with pytest.raises(sqs.exceptions.EmptyBatchRequest) as raised:
        sqs.delete_message_batch(QueueUrl=queue, Entries=[])
    assert error_of(raised)[1] == (
        "There should be at least one DeleteMessageBatchRequestEntry in the request."
    )


def test_standard_queue_receives_in_batches_of_up_to_ten(sqs: Any, queue: str) -> None:
    for n in range(25):
        sqs.send_message(QueueUrl=queue, MessageBody=str(n))
    seen = []
    while True:
        got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10).get("Messages", [])
        if not got:
            break
        assert len(got) <= 10
        seen += [m["Body"] for m in got]
    assert sorted(seen, key=int) == [str(n) for n in range(25)]


def test_resource_messages(sqs: Any) -> None:
    queue = boto3.resource("sqs", region_name="us-east-1").create_queue(QueueName="r")
    queue.send_messages(Entries=[{"Id": "1", "MessageBody": "a"}, {"Id": "2", "MessageBody": "b"}])
    messages = queue.receive_messages(MaxNumberOfMessages=10, MessageAttributeNames=["All"])
    assert sorted(m.body for m in messages) == ["a", "b"]
    for message in messages:
        message.change_visibility(VisibilityTimeout=100)
        message.delete()
    assert queue.attributes["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_long_poll_returns_when_a_message_arrives(sqs: Any, queue: str) -> None:
    sender = boto3.client("sqs", region_name="us-east-1")

    def send_later() -> None:
        time.sleep(0.2)
        sender.send_message(QueueUrl=queue, MessageBody="late")

    thread = threading.Thread(target=send_later)
    start = time.monotonic()
    thread.start()
    got = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=10)["Messages"]
    thread.join()
    assert [m["Body"] for m in got] == ["late"]
    assert time.monotonic() - start < 5


def test_long_poll_returns_at_once_when_messages_wait(sqs: Any, queue: str) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="ready")
    start = time.monotonic()
    assert sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20)["Messages"]
    assert time.monotonic() - start < 5


def test_long_poll_wakes_when_the_clock_makes_a_message_visible(sqs: Any, queue: str) -> None:
    sqs.send_message(QueueUrl=queue, MessageBody="delayed", DelaySeconds=900)
    clock = hookmock.clock()
    timer = threading.Timer(0.2, clock.advance, args=(900,))
    timer.start()
    got = sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=10)["Messages"]
    timer.join()
    assert [m["Body"] for m in got] == ["delayed"]


def test_long_poll_ends_on_time_while_the_queue_is_busy(sqs: Any, queue: str) -> None:
    """Wake-ups that bring no message (here: attribute changes) don't extend the wait."""
    stop = threading.Event()
    poker = boto3.client("sqs", region_name="us-east-1")

    def poke() -> None:
        while not stop.is_set():
            poker.set_queue_attributes(QueueUrl=queue, Attributes={"DelaySeconds": "0"})
            time.sleep(0.05)

    answers: list[dict[str, Any]] = []
    receiver = threading.Thread(
        target=lambda: answers.append(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1))
    )
    busy = threading.Thread(target=poke)
    busy.start()
    receiver.start()
    receiver.join(10)
    stop.set()
    busy.join()
    assert not receiver.is_alive()
    receiver.join()
    assert "Messages" not in answers[0]


def test_advancing_the_clock_past_the_wait_ends_a_long_poll(sqs: Any, queue: str) -> None:
    answers: list[dict[str, Any]] = []
    receiver = threading.Thread(
        target=lambda: answers.append(sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=20))
    )
    receiver.start()
    timer = threading.Timer(0.2, hookmock.clock().advance, args=(21,))
    timer.start()
    receiver.join(10)
    alive = receiver.is_alive()
    timer.join()
    receiver.join()
    assert not alive
    assert "Messages" not in answers[0]


def test_a_long_poll_ends_when_real_time_is_frozen(
    sqs: Any, queue: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("hookmock._clock.time", types.SimpleNamespace(time=lambda: 1.7e9))
    assert "Messages" not in sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=1)


@pytest.mark.parametrize(
    ("attribute", "message"),
    [
        (
            {"DataType": "String", "BinaryValue": b"x"},
            "The message (user) attribute 'a' with type 'String' must use field 'String'.",
        ),
        (
            {"DataType": "Number.int", "StringValue": "1", "BinaryValue": b"1"},
            "The message (user) attribute 'a' with type 'Number' must use field 'String'.",
        ),
        (
            {"DataType": "Binary", "StringValue": "x"},
            "The message (user) attribute 'a' with type 'Binary' must use field 'Binary'.",
        ),
        (
            {"DataType": "String." + "x" * 250, "StringValue": "v"},
            "The type of message (user) attribute 'a' is invalid. The type must be at most 256 "
            "characters long.",
        ),
    ],
)
def test_attribute_value_fields_match_their_type(
    sqs: Any, queue: str, attribute: dict[str, Any], message: str
) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.send_message(QueueUrl=queue, MessageBody="x", MessageAttributes={"a": attribute})
    assert error_of(raised) == ("InvalidParameterValue", message)
    assert counts(sqs, queue) == (0, 0, 0)


def test_a_type_of_256_characters_is_allowed(sqs: Any, queue: str) -> None:
    data_type = "String." + "x" * 249
    sqs.send_message(
        QueueUrl=queue,
        MessageBody="x",
        MessageAttributes={"a": {"DataType": data_type, "StringValue": "v"}},
    )
    (message,) = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["All"])["Messages"]
    assert message["MessageAttributes"]["a"]["DataType"] == data_type
