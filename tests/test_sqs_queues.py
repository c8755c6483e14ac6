"""SQS queues: create, find, list, delete, purge, attributes, tags, permissions."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import hookmock
from hookmock.shapes.paginate import encode_token

from helpers import add_identity, attributes, current_world, error_of

URL = "https://sqs.us-east-1.amazonaws.com/123456789012/"


def test_create_queue_answers_its_url_and_defaults(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    assert url == URL + "jobs"
    assert sqs.get_queue_url(QueueName="jobs")["QueueUrl"] == url
    found = attributes(sqs, url)
    assert found.pop("CreatedTimestamp") == found.pop("LastModifiedTimestamp")
    assert found == {
        "QueueArn": "arn:aws:sqs:us-east-1:123456789012:jobs",
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "0",
        "ApproximateNumberOfMessagesDelayed": "0",
        "DelaySeconds": "0",
        "MaximumMessageSize": "1048576",
        "MessageRetentionPeriod": "345600",
        "ReceiveMessageWaitTimeSeconds": "0",
        "VisibilityTimeout": "30",
        "SqsManagedSseEnabled": "true",
    }


def test_create_is_idempotent_with_the_same_attributes(sqs: Any) -> None:
    first = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})
    again = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})
    bare = sqs.create_queue(QueueName="q")
    assert first["QueueUrl"] == again["QueueUrl"] == bare["QueueUrl"]


def test_create_with_different_attributes_is_refused(sqs: Any) -> None:
    sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})
    with pytest.raises(sqs.exceptions.QueueNameExists) as raised:
        sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "61"})
    assert error_of(raised) == (
        "QueueAlreadyExists",
        "A queue already exists with the same name and a different value for attribute "
        "VisibilityTimeout",
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("VisibilityTimeout", "43201"),
        ("DelaySeconds", "-1"),
        ("MessageRetentionPeriod", "59"),
        ("MaximumMessageSize", "1023"),
        ("MaximumMessageSize", "1048577"),
        ("DelaySeconds", "²"),
        ("DelaySeconds", "٣"),
        ("DelaySeconds", "+5"),
        ("VisibilityTimeout", "3.0"),
        ("ReceiveMessageWaitTimeSeconds", "twenty"),
        ("Policy", "{not json"),
    ],
)
def test_create_checks_attribute_values(sqs: Any, name: str, value: str) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={name: value})
    assert error_of(raised) == ("InvalidAttributeValue", f"Invalid value for the parameter {name}.")
    assert "QueueUrls" not in sqs.list_queues()


def test_unknown_attribute_names_are_refused(sqs: Any) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={"Colour": "blue"})
    assert error_of(raised) == ("InvalidAttributeName", "Unknown Attribute Colour.")
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="q", Attributes={"ContentBasedDeduplication": "true"})
    assert error_of(raised) == (
        "InvalidAttributeName",
        "Unknown Attribute ContentBasedDeduplication.",
    )


@pytest.mark.parametrize("name", ["", "a" * 81, "has space", "dots.are.not.ok", "plain.fifo"])
def test_queue_names(sqs: Any, name: str) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName=name)
    assert error_of(raised) == (
        "InvalidParameterValue",
        "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    )


def test_fifo_names_end_in_fifo(sqs: Any) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="orders", Attributes={"FifoQueue": "true"})
    assert error_of(raised)[0] == "InvalidParameterValue"
    assert "must end with .fifo suffix" in error_of(raised)[1]
    url = sqs.create_queue(QueueName="o" * 75 + ".fifo", Attributes={"FifoQueue": "true"})
    assert attributes(sqs, url["QueueUrl"], "FifoQueue", "DeduplicationScope") == {
        "FifoQueue": "true",
        "DeduplicationScope": "messageQueue",
    }


@pytest.mark.parametrize("flag", ["false", "no", ""])
def test_fifo_queue_attribute_is_only_true(sqs: Any, flag: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidAttributeName) as raised:
        sqs.create_queue(QueueName="q", Attributes={"FifoQueue": flag})
    assert error_of(raised) == ("InvalidAttributeName", "Unknown Attribute FifoQueue.")
    assert "QueueUrls" not in sqs.list_queues()


def test_missing_queue(sqs: Any) -> None:
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as raised:
        sqs.get_queue_url(QueueName="nope")
    assert error_of(raised) == (
        "AWS.SimpleQueueService.NonExistentQueue",
        "The specified queue does not exist.",
    )
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.send_message(QueueUrl=URL + "nope", MessageBody="x")
    with pytest.raises(ClientError) as raised:
        sqs.send_message(QueueUrl="nope", MessageBody="x")
    assert error_of(raised) == (
        "InvalidAddress",
        "The address nope is not valid for this endpoint.",
    )


@pytest.mark.parametrize(
    ("url", "root"),
    [
        ("https://example.com/123456789012/q", "https://example.com/"),
        (
            "https://sqs.us-east-2.amazonaws.com/123456789012/q",
            "https://sqs.us-east-2.amazonaws.com/",
        ),
        (
            "https://eu-west-1.queue.amazonaws.com/123456789012/q",
            "https://eu-west-1.queue.amazonaws.com/",
        ),
    ],
)
def test_a_queue_url_of_another_endpoint_is_refused(sqs: Any, url: str, root: str) -> None:
    sqs.create_queue(QueueName="q")
    with pytest.raises(sqs.exceptions.InvalidAddress) as raised:
        sqs.send_message(QueueUrl=url, MessageBody="x")
    assert error_of(raised) == (
        "InvalidAddress",
        f"The address {root} is not valid for this endpoint.",
    )


@pytest.mark.parametrize(
    "host", ["sqs.us-east-1.amazonaws.com", "us-east-1.queue.amazonaws.com", "queue.amazonaws.com"]
)
def test_queue_urls_of_this_region_in_current_and_legacy_forms(sqs: Any, host: str) -> None:
    sqs.create_queue(QueueName="q")
    sqs.send_message(QueueUrl=f"https://{host}/123456789012/q", MessageBody="x")


def test_a_client_with_its_own_endpoint_uses_urls_of_that_endpoint(sqs: Any) -> None:
    for config in (Config(use_fips_endpoint=True), Config(use_dualstack_endpoint=True), None):
        client = boto3.client(
            "sqs",
            region_name="us-east-1",
            config=config,
            endpoint_url=None if config else "http://localhost:4566",
        )
        url = client.create_queue(QueueName="q")["QueueUrl"]
        endpoint = client.meta.endpoint_url
        client.send_message(QueueUrl=url, MessageBody="issued")
        client.send_message(QueueUrl=f"{endpoint}/123456789012/q", MessageBody="own")
    west = boto3.client("sqs", region_name="eu-west-1")
    with pytest.raises(west.exceptions.InvalidAddress):
        west.send_message(QueueUrl=url, MessageBody="x")


def test_list_queues_by_prefix_and_pages(sqs: Any) -> None:
    for name in ["b-2", "a-1", "b-1", "c", "b-3"]:
        sqs.create_queue(QueueName=name)
    assert sqs.list_queues(QueueNamePrefix="b-")["QueueUrls"] == [
        URL + "b-1",
        URL + "b-2",
        URL + "b-3",
    ]
    assert "QueueUrls" not in sqs.list_queues(QueueNamePrefix="z")
    first = sqs.list_queues(MaxResults=2)
    assert first["QueueUrls"] == [URL + "a-1", URL + "b-1"]
    second = sqs.list_queues(MaxResults=2, NextToken=first["NextToken"])
    assert second["QueueUrls"] == [URL + "b-2", URL + "b-3"]
    third = sqs.list_queues(MaxResults=2, NextToken=second["NextToken"])
    assert third["QueueUrls"] == [URL + "c"]
    assert "NextToken" not in third
    pages = sqs.get_paginator("list_queues").paginate(PaginationConfig={"PageSize": 3})
    assert [len(page["QueueUrls"]) for page in pages] == [3, 2]
    with pytest.raises(ClientError) as raised:
        sqs.list_queues(MaxResults=1001)
    assert error_of(raised)[0] == "InvalidParameterValue"
    with pytest.raises(ClientError) as raised:
        sqs.list_queues(MaxResults=2, NextToken="garbage")
    assert error_of(raised) == ("InvalidParameterValue", "Invalid NextToken value.")
    by_prefix = sqs.list_queues(MaxResults=1, QueueNamePrefix="b-")
    assert sqs.list_queues(MaxResults=1, QueueNamePrefix="b-", NextToken=by_prefix["NextToken"])[
        "QueueUrls"
    ] == [URL + "b-2"]
    for other_prefix in ("", "c", "b"):  # a token belongs to its prefix's listing
        with pytest.raises(ClientError) as raised:
            sqs.list_queues(
                MaxResults=1, QueueNamePrefix=other_prefix, NextToken=by_prefix["NextToken"]
            )
        assert error_of(raised) == ("InvalidParameterValue", "Invalid NextToken value.")


@pytest.mark.parametrize("position", [5, {"a": 1}, None, ["a"]])
def test_forged_tokens_are_refused(sqs: Any, position: Any) -> None:
    dead = sqs.create_queue(QueueName="dead")["QueueUrl"]
    dead_arn = attributes(sqs, dead, "QueueArn")["QueueArn"]
    sqs.create_queue(QueueName="q")
    for method, scope, kwargs in [
        (sqs.list_queues, "", {"MaxResults": 1}),
        (sqs.list_dead_letter_source_queues, dead_arn, {"QueueUrl": dead, "MaxResults": 1}),
    ]:
        operation = sqs.meta.method_to_api_mapping[method.__name__]
        with pytest.raises(ClientError) as raised:
            method(NextToken=encode_token(operation, scope, position), **kwargs)
        assert error_of(raised) == ("InvalidParameterValue", "Invalid NextToken value.")


def test_deleted_queue_name_waits_a_minute(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="q")
    with pytest.raises(sqs.exceptions.QueueDeletedRecently) as raised:
        sqs.create_queue(QueueName="q")
    assert error_of(raised) == (
        "AWS.SimpleQueueService.QueueDeletedRecently",
        "You must wait 60 seconds after deleting a queue before you can create another with "
        "the same name.",
    )
    hookmock.clock().advance(60)
    assert sqs.create_queue(QueueName="q")["QueueUrl"] == url


def test_purge_empties_the_queue_once_a_minute(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    for n in range(3):
        sqs.send_message(QueueUrl=url, MessageBody=str(n))
    sqs.receive_message(QueueUrl=url)
    sqs.purge_queue(QueueUrl=url)
    assert attributes(
        sqs, url, "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"
    ) == {
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "0",
    }
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress) as raised:
        sqs.purge_queue(QueueUrl=url)
    assert error_of(raised) == (
        "AWS.SimpleQueueService.PurgeQueueInProgress",
        "Only one PurgeQueue operation on q is allowed every 60 seconds.",
    )
    hookmock.clock().advance(60)
    sqs.purge_queue(QueueUrl=url)


def test_set_queue_attributes(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    hookmock.clock().advance(5)
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "7", "Policy": ""})
    found = attributes(sqs, url, "DelaySeconds", "CreatedTimestamp", "LastModifiedTimestamp")
    assert found["DelaySeconds"] == "7"
    assert int(found["LastModifiedTimestamp"]) - int(found["CreatedTimestamp"]) >= 5
    with pytest.raises(ClientError) as raised:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"DelaySeconds": "901"})
    assert error_of(raised) == (
        "InvalidAttributeValue",
        "Invalid value for the parameter DelaySeconds.",
    )
    with pytest.raises(ClientError) as raised:
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Nope"])
    assert error_of(raised) == ("InvalidAttributeName", "Unknown Attribute Nope.")


def test_kms_and_sqs_managed_encryption(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q", Attributes={"KmsMasterKeyId": "alias/aws/sqs"})[
        "QueueUrl"
    ]
    assert attributes(
        sqs, url, "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"
    ) == {
        "KmsMasterKeyId": "alias/aws/sqs",
        "KmsDataKeyReusePeriodSeconds": "300",
        "SqsManagedSseEnabled": "false",
    }
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"SqsManagedSseEnabled": "true"})
    assert attributes(sqs, url, "KmsMasterKeyId", "SqsManagedSseEnabled") == {
        "SqsManagedSseEnabled": "true"
    }


def test_tags(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q", tags={"team": "a"})["QueueUrl"]
    sqs.tag_queue(QueueUrl=url, Tags={"env": "test"})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "a", "env": "test"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["team", "env"])
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)
    with pytest.raises(ClientError) as raised:
        sqs.tag_queue(QueueUrl=url, Tags={f"k{n}": "v" for n in range(51)})
    assert error_of(raised) == ("InvalidParameterValue", "Too many tags added for queue q.")


@pytest.mark.parametrize(
    ("tags", "parameter", "value"),
    [
        ({"": "v"}, "TagKey", ""),
        ({"k" * 129: "v"}, "TagKey", "k" * 129),
        ({"k!": "v"}, "TagKey", "k!"),
        ({"AWS:team": "v"}, "TagKey", "AWS:team"),
        ({"k": "v" * 257}, "TagValue", "v" * 257),
        ({"k": "a#b"}, "TagValue", "a#b"),
    ],
)
def test_tag_keys_and_values_are_checked(
    sqs: Any, tags: dict[str, str], parameter: str, value: str
) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    for call in (
        lambda: sqs.tag_queue(QueueUrl=url, Tags=tags),
        lambda: sqs.create_queue(QueueName="other", tags=tags),
    ):
        with pytest.raises(ClientError) as raised:
            call()
        code, message = error_of(raised)
        assert code == "InvalidParameterValue"
        assert message.startswith(f"Value {value} for parameter {parameter} is invalid.")
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)
    assert sqs.list_queues()["QueueUrls"] == [url]
    fine = {"k" * 128: "v" * 256, "Team Name_1.:/=+-@": "", "ключ": "значение"}
    sqs.tag_queue(QueueUrl=url, Tags=fine)
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == fine


def test_create_queue_with_too_many_tags_names_the_queue(sqs: Any) -> None:
    with pytest.raises(ClientError) as raised:
        sqs.create_queue(QueueName="crowded", tags={f"k{n}": "v" for n in range(51)})
    assert error_of(raised) == ("InvalidParameterValue", "Too many tags added for queue crowded.")


def test_permissions_show_in_policy_and_open_the_queue_to_another_account(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="shared")["QueueUrl"]
    add_identity(current_world(), "AKIAOTHERACCOUNT0001", "210987654321")
    other = boto3.client(
        "sqs",
        region_name="us-east-1",
        aws_access_key_id="AKIAOTHERACCOUNT0001",
        aws_secret_access_key="secret",
    )
    with pytest.raises(ClientError) as raised:
        other.send_message(QueueUrl=url, MessageBody="hi")
    assert error_of(raised) == (
        "AccessDenied",
        "Access to the resource https://sqs.us-east-1.amazonaws.com/ is denied.",
    )
    sqs.add_permission(
        QueueUrl=url, Label="send", AWSAccountIds=["210987654321"], Actions=["SendMessage"]
    )
    policy = json.loads(attributes(sqs, url, "Policy")["Policy"])
    assert policy["Statement"] == [
        {
            "Sid": "send",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
            "Action": "SQS:SendMessage",
            "Resource": "arn:aws:sqs:us-east-1:123456789012:shared",
        }
    ]
    other.send_message(QueueUrl=url, MessageBody="hi")
    with pytest.raises(ClientError):
        other.receive_message(QueueUrl=url)
    with pytest.raises(ClientError) as raised:
        sqs.add_permission(
            QueueUrl=url, Label="send", AWSAccountIds=["210987654321"], Actions=["SendMessage"]
        )
    assert error_of(raised) == (
        "InvalidParameterValue",
        "Value send for parameter Label is invalid. Reason: Already exists.",
    )
    sqs.remove_permission(QueueUrl=url, Label="send")
    assert "Policy" not in attributes(sqs, url)
    with pytest.raises(ClientError) as raised:
        sqs.remove_permission(QueueUrl=url, Label="send")
    assert error_of(raised)[0] == "InvalidParameterValue"


def other_account(key: str) -> Any:
    """An SQS client of account 210987654321."""
    add_identity(current_world(), key, "210987654321")
    return boto3.client(
        "sqs", region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key="secret"
    )


def open_to_all(sqs: Any, url: str, *statements: dict[str, Any]) -> None:
    everything = {"Effect": "Allow", "Principal": "*", "Action": "sqs:*"}
    policy = {"Statement": [*statements, everything] if statements else [everything]}
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps(policy)})


DENIED = ("AccessDenied", "Access to the resource https://sqs.us-east-1.amazonaws.com/ is denied.")


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("tag_queue", {"Tags": {"a": "b"}}),
        ("untag_queue", {"TagKeys": ["a"]}),
        ("list_queue_tags", {}),
        ("set_queue_attributes", {"Attributes": {"DelaySeconds": "1"}}),
        ("set_queue_attributes", {"Attributes": {"Policy": ""}}),
        (
            "add_permission",
            {"Label": "x", "AWSAccountIds": ["210987654321"], "Actions": ["*"]},
        ),
        ("remove_permission", {"Label": "x"}),
        ("delete_queue", {}),
    ],
)
def test_owner_only_actions_refuse_other_accounts_whatever_the_policy(
    sqs: Any, method: str, kwargs: dict[str, Any]
) -> None:
    url = sqs.create_queue(QueueName="shared", tags={"a": "b"})["QueueUrl"]
    open_to_all(sqs, url, {"Sid": "x", "Effect": "Allow", "Principal": "*", "Action": "*"})
    other = other_account("AKIAOTHERACCOUNT0003")
    with pytest.raises(ClientError) as raised:
        getattr(other, method)(QueueUrl=url, **kwargs)
    assert error_of(raised) == DENIED
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"a": "b"}
    assert "Policy" in attributes(sqs, url)
    other.purge_queue(QueueUrl=url)  # cross-account permissions do apply to PurgeQueue


def test_policy_deny_wins_and_actions_match_wildcards_in_any_case(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="shared")["QueueUrl"]
    other = other_account("AKIAOTHERACCOUNT0004")
    deny = {"Effect": "Deny", "Principal": "*", "Action": "SQS:receive*"}
    open_to_all(sqs, url, deny)
    other.send_message(QueueUrl=url, MessageBody="hi")
    with pytest.raises(ClientError) as raised:
        other.receive_message(QueueUrl=url)
    assert error_of(raised) == DENIED
    send_only = {"Effect": "Allow", "Principal": {"AWS": "210987654321"}, "Action": "sqs:Send*"}
    sqs.set_queue_attributes(
        QueueUrl=url, Attributes={"Policy": json.dumps({"Statement": [send_only]})}
    )
    other.send_message(QueueUrl=url, MessageBody="hi")
    with pytest.raises(ClientError):
        other.get_queue_attributes(QueueUrl=url)


def test_a_statement_with_a_condition_is_not_applied(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="shared")["QueueUrl"]
    other = other_account("AKIAOTHERACCOUNT0005")
    conditional = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "sqs:SendMessage",
        "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:1:t"}},
    }
    sqs.set_queue_attributes(
        QueueUrl=url, Attributes={"Policy": json.dumps({"Statement": [conditional]})}
    )
    with pytest.raises(ClientError) as raised:
        other.send_message(QueueUrl=url, MessageBody="hi")
    assert error_of(raised) == DENIED


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"Label": "bad label!"},
            "Value bad label! for parameter Label is invalid. Reason: Can only include "
            "alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
        ),
        (
            {"Label": "L" * 81},
            f"Value {'L' * 81} for parameter Label is invalid. Reason: Can only include "
            "alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
        ),
        (
            {"AWSAccountIds": ["abc"]},
            "Value [abc] for parameter PrincipalId is invalid. Reason: Unable to verify principal.",
        ),
        (
            {"Actions": ["Bogus"]},
            "Value SQS:Bogus for parameter ActionName is invalid. Reason: Please refer to the "
            "appropriate WSDL for a list of valid actions.",
        ),
        (
            {"Actions": ["TagQueue"]},
            "Value SQS:TagQueue for parameter ActionName is invalid. Reason: Only the queue "
            "owner is allowed to invoke this action.",
        ),
    ],
)
def test_add_permission_checks_its_parameters(
    sqs: Any, kwargs: dict[str, Any], message: str
) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    params = {"Label": "L", "AWSAccountIds": ["210987654321"], "Actions": ["SendMessage"]}
    with pytest.raises(ClientError) as raised:
        sqs.add_permission(QueueUrl=url, **{**params, **kwargs})
    assert error_of(raised) == ("InvalidParameterValue", message)
    assert "Policy" not in attributes(sqs, url)


def test_add_permission_grants_at_most_seven_actions(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    actions = [
        "SendMessage",
        "ReceiveMessage",
        "DeleteMessage",
        "ChangeMessageVisibility",
        "GetQueueAttributes",
        "GetQueueUrl",
        "ListDeadLetterSourceQueues",
        "PurgeQueue",
    ]
    with pytest.raises(sqs.exceptions.OverLimit) as raised:
        sqs.add_permission(QueueUrl=url, Label="L", AWSAccountIds=["210987654321"], Actions=actions)
    assert error_of(raised) == ("OverLimit", "8 Actions were found, maximum allowed is 7.")
    sqs.add_permission(QueueUrl=url, Label="L", AWSAccountIds=["210987654321"], Actions=actions[:7])


@pytest.mark.parametrize("action", ["sqs:Bogus", "SQS:sendmessages", ["sqs:SendMessage", "sqs:x"]])
def test_a_policy_names_only_sqs_actions(sqs: Any, action: Any) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    statement = {"Effect": "Allow", "Principal": "*", "Action": action}
    with pytest.raises(sqs.exceptions.InvalidAttributeValue) as raised:
        sqs.set_queue_attributes(
            QueueUrl=url, Attributes={"Policy": json.dumps({"Statement": [statement]})}
        )
    assert error_of(raised) == ("InvalidAttributeValue", "Invalid value for the parameter Policy.")
    for fine in ("sqs:Send*", "SQS:receivemessage", "*", "sns:Publish"):
        statement["Action"] = fine
        policy = json.dumps({"Statement": [statement]})
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})


def test_get_queue_url_of_another_account(sqs: Any) -> None:
    add_identity(current_world(), "AKIAOTHERACCOUNT0002", "210987654321")
    other = boto3.client(
        "sqs",
        region_name="us-east-1",
        aws_access_key_id="AKIAOTHERACCOUNT0002",
        aws_secret_access_key="secret",
    )
    theirs = other.create_queue(QueueName="theirs")["QueueUrl"]
    other.add_permission(
        QueueUrl=theirs, Label="all", AWSAccountIds=["123456789012"], Actions=["*"]
    )
    found = sqs.get_queue_url(QueueName="theirs", QueueOwnerAWSAccountId="210987654321")
    assert found["QueueUrl"] == theirs
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName="theirs")


def test_resource_api(sqs: Any) -> None:
    resource = boto3.resource("sqs", region_name="us-east-1")
    queue = resource.create_queue(QueueName="res", Attributes={"DelaySeconds": "3"})
    assert queue.attributes["DelaySeconds"] == "3"
    assert [q.url for q in resource.queues.all()] == [queue.url]
    assert resource.get_queue_by_name(QueueName="res").url == queue.url
    queue.delete()
    assert list(resource.queues.all()) == []
