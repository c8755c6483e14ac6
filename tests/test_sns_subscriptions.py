"""SNS subscriptions: subscribe per protocol, confirm, unsubscribe, list, attributes."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock
from hookmock.backends.sns import notifications

from helpers import add_identity, current_world, error_of

QUEUE = "arn:aws:sqs:us-east-1:123456789012:q"


@pytest.fixture
def topic(sns: Any) -> str:
    return str(sns.create_topic(Name="t")["TopicArn"])


def token_for(topic: str, endpoint: str) -> str:
    sent = [n for n in notifications(current_world(), topic) if n.endpoint == endpoint]
    assert sent[-1].kind == "SubscriptionConfirmation"
    return str(json.loads(sent[-1].body)["Token"])


def test_sqs_subscriptions_are_confirmed_at_once(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    assert arn.startswith(topic + ":")
    assert len(arn) == len(topic) + 1 + 36
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == [
        {
            "SubscriptionArn": arn,
            "Owner": "123456789012",
            "Protocol": "sqs",
            "Endpoint": QUEUE,
            "TopicArn": topic,
        }
    ]
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes == {
        "SubscriptionArn": arn,
        "TopicArn": topic,
        "Owner": "123456789012",
        "Protocol": "sqs",
        "Endpoint": QUEUE,
        "RawMessageDelivery": "false",
        "PendingConfirmation": "false",
        "ConfirmationWasAuthenticated": "true",
        "SubscriptionPrincipal": "arn:aws:iam::123456789012:root",
    }
    counts = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert (counts["SubscriptionsConfirmed"], counts["SubscriptionsPending"]) == ("1", "0")


def test_subscribing_twice_answers_the_same_arn(sns: Any, topic: str) -> None:
    first = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    again = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    assert first == again
    assert len(sns.list_subscriptions()["Subscriptions"]) == 1
    with pytest.raises(ClientError) as raised:
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=QUEUE,
            Attributes={"RawMessageDelivery": "true"},
        )
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Subscription already exists with different "
        "attributes",
    )


def test_http_subscriptions_wait_for_confirmation(sns: Any, topic: str) -> None:
    endpoint = "https://example.com/hook"
    answer = sns.subscribe(TopicArn=topic, Protocol="https", Endpoint=endpoint)
    assert answer["SubscriptionArn"] == "pending confirmation"
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert listed[0]["SubscriptionArn"] == "PendingConfirmation"
    counts = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert (counts["SubscriptionsConfirmed"], counts["SubscriptionsPending"]) == ("0", "1")
    (sent,) = notifications(current_world(), topic)
    document = json.loads(sent.body)
    assert document["Type"] == "SubscriptionConfirmation"
    assert document["TopicArn"] == topic
    assert document["Token"] in document["SubscribeURL"]
    arn = sns.subscribe(
        TopicArn=topic, Protocol="https", Endpoint=endpoint, ReturnSubscriptionArn=True
    )["SubscriptionArn"]
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["PendingConfirmation"] == "true"
    assert attributes["ConfirmationWasAuthenticated"] == "false"
    assert "EffectiveDeliveryPolicy" in attributes
    confirmed = sns.confirm_subscription(
        TopicArn=topic, Token=document["Token"], AuthenticateOnUnsubscribe="true"
    )
    assert confirmed["SubscriptionArn"] == arn
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["PendingConfirmation"] == "false"
    assert attributes["ConfirmationWasAuthenticated"] == "true"
    assert sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == arn


def test_confirm_subscription_checks_token_and_topic(sns: Any, topic: str) -> None:
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="a@example.com")
    token = token_for(topic, "a@example.com")
    other = sns.create_topic(Name="other")["TopicArn"]
    for arn, bad in ((topic, "0" * 256), (other, token)):
        with pytest.raises(ClientError) as raised:
            sns.confirm_subscription(TopicArn=arn, Token=bad)
        assert error_of(raised) == ("InvalidParameter", "Invalid parameter: Token")
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.confirm_subscription(TopicArn=topic + "x", Token=token)


@pytest.mark.parametrize(
    ("protocol", "endpoint", "detail"),
    [
        ("sqs", "https://sqs.us-east-1.amazonaws.com/123456789012/q", "SQS endpoint ARN"),
        ("sqs", None, "SQS endpoint ARN"),
        ("http", "https://example.com", "Endpoint must match the specified protocol"),
        ("https", "http://example.com", "Endpoint must match the specified protocol"),
        ("email", "not-an-address", "Email address"),
        ("email-json", "a@b", "Email address"),
        ("lambda", "arn:aws:sqs:us-east-1:123456789012:q", "Endpoint"),
        ("sms", "call me", "Endpoint"),
        ("application", "arn:aws:lambda:us-east-1:123456789012:function:f", "Endpoint"),
        (
            "carrier-pigeon",
            "coop",
            "Amazon SNS does not support this protocol string: carrier-pigeon",
        ),
    ],
)
def test_endpoints_are_checked_per_protocol(
    sns: Any, topic: str, protocol: str, endpoint: str | None, detail: str
) -> None:
    params = {"TopicArn": topic, "Protocol": protocol}
    if endpoint is not None:
        params["Endpoint"] = endpoint
    with pytest.raises(ClientError) as raised:
        sns.subscribe(**params)
    assert error_of(raised) == ("InvalidParameter", f"Invalid parameter: {detail}")
    assert sns.list_subscriptions()["Subscriptions"] == []


@pytest.mark.parametrize(
    ("protocol", "endpoint"),
    [
        ("lambda", "arn:aws:lambda:us-east-1:123456789012:function:f"),
        ("sms", "+15555550100"),
        ("application", "arn:aws:sns:us-east-1:123456789012:endpoint/GCM/app/1234"),
    ],
)
def test_other_protocols_are_confirmed_at_once(
    sns: Any, topic: str, protocol: str, endpoint: str
) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=endpoint)["SubscriptionArn"]
    assert arn.startswith(topic)


def test_firehose_subscriptions_need_a_role(sns: Any, topic: str) -> None:
    stream = "arn:aws:firehose:us-east-1:123456789012:deliverystream/s"
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.subscribe(TopicArn=topic, Protocol="firehose", Endpoint=stream)
    role = "arn:aws:iam::123456789012:role/sns"
    arn = sns.subscribe(
        TopicArn=topic,
        Protocol="firehose",
        Endpoint=stream,
        Attributes={"SubscriptionRoleArn": role, "RawMessageDelivery": "true"},
    )["SubscriptionArn"]
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["SubscriptionRoleArn"] == role
    assert attributes["RawMessageDelivery"] == "true"


def test_fifo_topics_and_queues_pair_up(sns: Any, topic: str) -> None:
    fifo_queue = QUEUE + ".fifo"
    with pytest.raises(ClientError) as raised:
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=fifo_queue)
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be "
        "subscribed to standard SNS topics",
    )
    fifo = sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    sns.subscribe(TopicArn=fifo, Protocol="sqs", Endpoint=fifo_queue)
    sns.subscribe(TopicArn=fifo, Protocol="sqs", Endpoint=QUEUE)
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.subscribe(TopicArn=fifo, Protocol="https", Endpoint="https://example.com")


def test_set_subscription_attributes(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="RawMessageDelivery", AttributeValue="True"
    )
    redrive = json.dumps({"deadLetterTargetArn": QUEUE + "-dlq"})
    sns.set_subscription_attributes(
        SubscriptionArn=arn, AttributeName="RedrivePolicy", AttributeValue=redrive
    )
    attributes = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attributes["RawMessageDelivery"] == "true"
    assert attributes["RedrivePolicy"] == redrive
    for name, value in (
        ("RawMessageDelivery", "yes"),
        ("RedrivePolicy", "{"),
        ("DeliveryPolicy", "{}"),
        ("FilterPolicyScope", "Everything"),
        ("SubscriptionRoleArn", "arn:aws:iam::123456789012:role/r"),
        ("Colour", "blue"),
    ):
        with pytest.raises(sns.exceptions.InvalidParameterException):
            sns.set_subscription_attributes(
                SubscriptionArn=arn, AttributeName=name, AttributeValue=value
            )
    email = sns.subscribe(
        TopicArn=topic, Protocol="email", Endpoint="a@example.com", ReturnSubscriptionArn=True
    )["SubscriptionArn"]
    with pytest.raises(ClientError) as raised:
        sns.set_subscription_attributes(
            SubscriptionArn=email, AttributeName="RawMessageDelivery", AttributeValue="true"
        )
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Delivery protocol [email] does not support raw "
        "message delivery.",
    )


def test_unsubscribe(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    sns.unsubscribe(SubscriptionArn=arn)
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsDeleted"] == "1"
    with pytest.raises(sns.exceptions.NotFoundException) as raised:
        sns.get_subscription_attributes(SubscriptionArn=arn)
    assert error_of(raised) == ("NotFound", "Subscription does not exist")
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.unsubscribe(SubscriptionArn=arn)
    with pytest.raises(ClientError) as raised:
        sns.unsubscribe(SubscriptionArn="nonsense")
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: SubscriptionArn")


def test_delete_topic_deletes_its_subscriptions(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    sns.delete_topic(TopicArn=topic)
    assert sns.list_subscriptions()["Subscriptions"] == []
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.get_subscription_attributes(SubscriptionArn=arn)


def test_listing_pages_by_100(sns: Any, topic: str) -> None:
    for number in range(130):
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=f"{QUEUE}{number}")
    first = sns.list_subscriptions_by_topic(TopicArn=topic)
    assert len(first["Subscriptions"]) == 100
    rest = sns.list_subscriptions_by_topic(TopicArn=topic, NextToken=first["NextToken"])
    assert len(rest["Subscriptions"]) == 30
    assert "NextToken" not in rest
    everything = sns.get_paginator("list_subscriptions").paginate().build_full_result()
    assert len(everything["Subscriptions"]) == 130
    other = sns.create_topic(Name="other")["TopicArn"]
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.list_subscriptions_by_topic(TopicArn=other, NextToken=first["NextToken"])


def test_another_account_subscribes_its_queue_when_the_policy_allows() -> None:
    with hookmock.aws() as world:
        sns = boto3.client("sns", region_name="us-east-1")
        topic = sns.create_topic(Name="t")["TopicArn"]
        add_identity(world, "AKIDOTHER", "222222222222")
        other = boto3.client(
            "sns",
            region_name="us-east-1",
            aws_access_key_id="AKIDOTHER",
            aws_secret_access_key="secret",
        )
        queue = "arn:aws:sqs:us-east-1:222222222222:theirs"
        with pytest.raises(other.exceptions.AuthorizationErrorException):
            other.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)
        sns.add_permission(
            TopicArn=topic, Label="s", AWSAccountId=["222222222222"], ActionName=["Subscribe"]
        )
        arn = other.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
        assert other.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == arn
        assert other.list_subscriptions()["Subscriptions"][0]["Owner"] == "222222222222"
        assert sns.list_subscriptions()["Subscriptions"] == []
        assert len(sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]) == 1


def test_redrive_policy_takes_only_a_dead_letter_target(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    policy = json.dumps({"deadLetterTargetArn": QUEUE + "-dlq", "maxReceiveCount": 3})
    with pytest.raises(ClientError) as raised:
        sns.set_subscription_attributes(
            SubscriptionArn=arn, AttributeName="RedrivePolicy", AttributeValue=policy
        )
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: RedrivePolicy: invalid JSON. Attribute maxReceiveCount is unknown.",
    )
    assert "RedrivePolicy" not in sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
