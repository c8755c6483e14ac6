"""SNS delivering to SQS under access control: the queue's policy must allow
``sns.amazonaws.com`` to ``sqs:SendMessage``, in the same account and across
accounts; without access control SNS delivers as before."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from sts_helpers import root_of

import hookmock
from hookmock.backends.sns import notifications

from helpers import current_world

ACCOUNT = "123456789012"
OTHER = "222222222222"


def queue(sqs: Any, name: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    return url, arn["QueueArn"]


def sns_may_send(sqs: Any, url: str, arn: str, **condition: Any) -> None:
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": arn,
    }
    if condition:
        statement["Condition"] = condition
    policy = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})


def bodies(sqs: Any, url: str) -> list[str]:
    found = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    for message in found:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return [json.loads(m["Body"])["Message"] for m in found]


@pytest.fixture
def clients() -> Iterator[tuple[Any, Any]]:
    with hookmock.aws(iam=True):
        yield (
            boto3.client("sns", region_name="us-east-1"),
            boto3.client("sqs", region_name="us-east-1"),
        )


def test_a_queue_without_a_policy_receives_nothing(clients: tuple[Any, Any]) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    sns.publish(TopicArn=topic, Message="refused")
    assert bodies(sqs, url) == []
    sns_may_send(sqs, url, arn, ArnEquals={"aws:SourceArn": topic})
    sns.publish(TopicArn=topic, Message="allowed")
    assert bodies(sqs, url) == ["allowed"]


def test_the_policy_conditions_name_the_topic_and_its_owner(clients: tuple[Any, Any]) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    topic = sns.create_topic(Name="t")["TopicArn"]
    other_topic = sns.create_topic(Name="other")["TopicArn"]
    for name in (topic, other_topic):
        sns.subscribe(TopicArn=name, Protocol="sqs", Endpoint=arn)
    sns_may_send(sqs, url, arn, ArnEquals={"aws:SourceArn": topic})
    sns.publish(TopicArn=other_topic, Message="other topic")
    sns.publish(TopicArn=topic, Message="this topic")
    assert bodies(sqs, url) == ["this topic"]
    sns_may_send(sqs, url, arn, StringEquals={"aws:SourceAccount": OTHER})
    sns.publish(TopicArn=topic, Message="wrong owner")
    assert bodies(sqs, url) == []
    sns_may_send(sqs, url, arn, StringEquals={"aws:SourceAccount": ACCOUNT})
    sns.publish(TopicArn=other_topic, Message="any topic of the account")
    assert bodies(sqs, url) == ["any topic of the account"]


def test_an_explicit_deny_in_the_queue_policy_wins(clients: tuple[Any, Any]) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    allow = {"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": arn}
    deny = {
        "Effect": "Deny",
        "Principal": {"Service": "sns.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": arn,
    }
    policy = json.dumps({"Version": "2012-10-17", "Statement": [allow, deny]})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    sns.publish(TopicArn=topic, Message="denied")
    assert bodies(sqs, url) == []


def test_a_refused_delivery_goes_to_the_subscriptions_dead_letter_queue(
    clients: tuple[Any, Any],
) -> None:
    sns, sqs = clients
    url, arn = queue(sqs, "q")
    dlq_url, dlq_arn = queue(sqs, "dlq")
    topic = sns.create_topic(Name="t")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"]
    sns.set_subscription_attributes(
        SubscriptionArn=subscription,
        AttributeName="RedrivePolicy",
        AttributeValue=json.dumps({"deadLetterTargetArn": dlq_arn}),
    )
    sns.publish(TopicArn=topic, Message="nowhere")
    assert bodies(sqs, dlq_url) == []  # the dead-letter queue needs SNS allowed too
    sns_may_send(sqs, dlq_url, dlq_arn, ArnEquals={"aws:SourceArn": topic})
    sns.publish(TopicArn=topic, Message="rescued")
    assert bodies(sqs, url) == []
    assert bodies(sqs, dlq_url) == ["rescued"]


def test_without_access_control_queues_receive_without_a_policy() -> None:
    with hookmock.aws():
        sns = boto3.client("sns", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        url, arn = queue(sqs, "q")
        topic = sns.create_topic(Name="t")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        sns.publish(TopicArn=topic, Message="as before")
        assert bodies(sqs, url) == ["as before"]


def test_unchecked_calls_deliver_as_without_access_control() -> None:
    with hookmock.set_initial_no_auth_action_count(5), hookmock.aws():
        sns = boto3.client("sns", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        url, arn = queue(sqs, "q")  # calls 1 and 2
        topic = sns.create_topic(Name="t")["TopicArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
        sns.publish(TopicArn=topic, Message="unchecked")  # call 5
        sns.publish(TopicArn=topic, Message="checked")
        assert bodies(sqs, url) == ["unchecked"]


# --- across accounts ----------------------------------------------------------------------


def test_queue_owner_subscribes_to_another_accounts_topic(clients: tuple[Any, Any]) -> None:
    sns, _ = clients
    topic = sns.create_topic(Name="t")["TopicArn"]
    sns.add_permission(
        TopicArn=topic, Label="other", AWSAccountId=[OTHER], ActionName=["Subscribe"]
    )
    keys = root_of(OTHER)
    their_sqs = boto3.client("sqs", region_name="us-east-1", **keys)
    their_sns = boto3.client("sns", region_name="us-east-1", **keys)
    url, arn = queue(their_sqs, "theirs")
    subscribed = their_sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    assert subscribed["SubscriptionArn"].startswith(topic + ":")
    sns.publish(TopicArn=topic, Message="no policy")
    assert bodies(their_sqs, url) == []
    sns_may_send(their_sqs, url, arn, ArnEquals={"aws:SourceArn": topic})
    sns.publish(TopicArn=topic, Message="delivered across accounts")
    assert bodies(their_sqs, url) == ["delivered across accounts"]


def test_topic_owner_subscribes_another_accounts_queue(clients: tuple[Any, Any]) -> None:
    sns, _ = clients
    their_sqs = boto3.client("sqs", region_name="us-east-1", **root_of(OTHER))
    closed_url, closed_arn = queue(their_sqs, "closed")
    url, arn = queue(their_sqs, "open")
    sns_may_send(their_sqs, url, arn, StringEquals={"aws:SourceAccount": ACCOUNT})
    topic = sns.create_topic(Name="t")["TopicArn"]
    for endpoint in (closed_arn, arn):
        pending = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=endpoint)
        assert pending["SubscriptionArn"] == "pending confirmation"
    sent = {n.endpoint: n.delivered for n in notifications(current_world(), topic)}
    assert sent == {closed_arn: False, arn: True}
    assert their_sqs.receive_message(QueueUrl=closed_url).get("Messages", []) == []
    (message,) = their_sqs.receive_message(QueueUrl=url)["Messages"]
    their_sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    document = json.loads(message["Body"])
    assert document["Type"] == "SubscriptionConfirmation"
    sns.confirm_subscription(TopicArn=topic, Token=document["Token"])
    sns.publish(TopicArn=topic, Message="confirmed")
    assert bodies(their_sqs, url) == ["confirmed"]
