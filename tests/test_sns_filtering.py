"""SNS subscription filter policies through boto3: validation and delivery."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import error_of


@pytest.fixture
def setup() -> Iterator[tuple[Any, Any, str, str, str]]:
    """(sns, sqs, topic ARN, queue URL, queue ARN)."""
    with hookmock.aws():
        sns = boto3.client("sns", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        arn = "arn:aws:sqs:us-east-1:123456789012:q"
        topic = sns.create_topic(Name="t")["TopicArn"]
        yield sns, sqs, topic, url, arn


def bodies(sqs: Any, url: str) -> list[str]:
    found = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    return [json.loads(m["Body"])["Message"] for m in found]


def test_attribute_policy_filters_delivery(setup: tuple[Any, Any, str, str, str]) -> None:
    sns, sqs, topic, url, arn = setup
    policy = json.dumps({"colour": ["blue", {"prefix": "gr"}], "size": [{"numeric": [">", 2]}]})
    subscription = sns.subscribe(
        TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"FilterPolicy": policy}
    )["SubscriptionArn"]
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert attributes["FilterPolicy"] == policy
    assert attributes["FilterPolicyScope"] == "MessageAttributes"

    def publish(message: str, colour: str, size: str) -> None:
        sns.publish(
            TopicArn=topic,
            Message=message,
            MessageAttributes={
                "colour": {"DataType": "String", "StringValue": colour},
                "size": {"DataType": "Number", "StringValue": size},
            },
        )

    publish("blue big", "blue", "3")
    publish("green big", "green", "10")
    publish("blue small", "blue", "1")
    publish("red big", "red", "5")
    sns.publish(TopicArn=topic, Message="no attributes")
    assert bodies(sqs, url) == ["blue big", "green big"]
    sns.set_subscription_attributes(
        SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=""
    )
    sns.publish(TopicArn=topic, Message="unfiltered")
    assert bodies(sqs, url) == ["unfiltered"]


def test_body_policy_filters_delivery(setup: tuple[Any, Any, str, str, str]) -> None:
    sns, sqs, topic, url, arn = setup
    sns.subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=arn,
        Attributes={
            "FilterPolicyScope": "MessageBody",
            "FilterPolicy": json.dumps({"order": {"status": ["paid"]}}),
        },
    )
    sns.publish(TopicArn=topic, Message=json.dumps({"order": {"status": "paid", "id": 1}}))
    sns.publish(TopicArn=topic, Message=json.dumps({"order": {"status": "open", "id": 2}}))
    sns.publish(TopicArn=topic, Message="not json")
    assert [json.loads(b)["order"]["id"] for b in bodies(sqs, url)] == [1]


def test_rejected_policies(setup: tuple[Any, Any, str, str, str]) -> None:
    sns, _, topic, _, arn = setup
    with pytest.raises(ClientError) as raised:
        sns.subscribe(
            TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"FilterPolicy": "{"}
        )
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON.",
    )
    assert sns.list_subscriptions()["Subscriptions"] == []
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
    with pytest.raises(ClientError) as raised:
        sns.set_subscription_attributes(
            SubscriptionArn=subscription,
            AttributeName="FilterPolicy",
            AttributeValue=json.dumps({"colour": "blue"}),
        )
    assert error_of(raised) == (
        "InvalidParameter",
        'Invalid parameter: FilterPolicy: "colour" must be an object or an array',
    )
    nested = json.dumps({"order": {"status": ["paid"]}})
    with pytest.raises(ClientError) as raised:
        sns.set_subscription_attributes(
            SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=nested
        )
    assert error_of(raised)[1] == (
        "Invalid parameter: Filter policy scope MessageAttributes does not support nested "
        "filter policy"
    )
    sns.set_subscription_attributes(
        SubscriptionArn=subscription,
        AttributeName="FilterPolicyScope",
        AttributeValue="MessageBody",
    )
    sns.set_subscription_attributes(
        SubscriptionArn=subscription, AttributeName="FilterPolicy", AttributeValue=nested
    )
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.set_subscription_attributes(
            SubscriptionArn=subscription,
            AttributeName="FilterPolicyScope",
            AttributeValue="MessageAttributes",
        )
    attributes = sns.get_subscription_attributes(SubscriptionArn=subscription)["Attributes"]
    assert (attributes["FilterPolicy"], attributes["FilterPolicyScope"]) == (nested, "MessageBody")
