"""SNS topics: create, attributes, list, delete, tags, data protection, permissions."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import add_identity, current_world, error_of

ARN = "arn:aws:sns:us-east-1:123456789012:"


def test_create_topic_answers_its_arn_and_attributes(sns: Any) -> None:
    arn = sns.create_topic(Name="orders")["TopicArn"]
    assert arn == ARN + "orders"
    found = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    policy = json.loads(found.pop("Policy"))
    effective = json.loads(found.pop("EffectiveDeliveryPolicy"))
    assert found == {
        "DisplayName": "",
        "Owner": "123456789012",
        "TopicArn": arn,
        "SubscriptionsConfirmed": "0",
        "SubscriptionsPending": "0",
        "SubscriptionsDeleted": "0",
    }
    (statement,) = policy["Statement"]
    assert statement["Resource"] == arn
    assert statement["Condition"] == {"StringEquals": {"AWS:SourceOwner": "123456789012"}}
    assert "SNS:Publish" in statement["Action"]
    assert effective["http"]["defaultHealthyRetryPolicy"]["numRetries"] == 3


def test_fifo_topics_need_the_suffix_and_the_attribute(sns: Any) -> None:
    arn = sns.create_topic(Name="o.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    found = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert found["FifoTopic"] == "true"
    assert found["ContentBasedDeduplication"] == "false"
    with pytest.raises(sns.exceptions.InvalidParameterException) as raised:
        sns.create_topic(Name="plain", Attributes={"FifoTopic": "true"})
    assert error_of(raised)[1].startswith("Invalid parameter: Fifo Topic names must end with .fifo")
    with pytest.raises(ClientError) as raised:
        sns.create_topic(Name="x.fifo")
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: Topic Name")


@pytest.mark.parametrize("name", ["", "a b", "a" * 257, "ü", "x.y"])
def test_bad_topic_names_are_refused(sns: Any, name: str) -> None:
    with pytest.raises(ClientError) as raised:
        sns.create_topic(Name=name)
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: Topic Name")
    assert sns.list_topics()["Topics"] == []


def test_create_is_idempotent_with_the_same_attributes_and_tags(sns: Any) -> None:
    tags = [{"Key": "team", "Value": "a"}]
    first = sns.create_topic(Name="t", Attributes={"DisplayName": "T"}, Tags=tags)
    again = sns.create_topic(Name="t", Attributes={"DisplayName": "T"}, Tags=tags)
    bare = sns.create_topic(Name="t")
    assert first["TopicArn"] == again["TopicArn"] == bare["TopicArn"]
    assert len(sns.list_topics()["Topics"]) == 1


def test_create_with_different_attributes_or_tags_is_refused(sns: Any) -> None:
    sns.create_topic(Name="t", Attributes={"DisplayName": "T"}, Tags=[{"Key": "k", "Value": "v"}])
    with pytest.raises(ClientError) as raised:
        sns.create_topic(Name="t", Attributes={"DisplayName": "U"})
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: Topic already exists with different attributes",
    )
    with pytest.raises(ClientError) as raised:
        sns.create_topic(Name="t", Tags=[{"Key": "k", "Value": "w"}])
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: Tags Reason: Topic already exists with different tags",
    )


@pytest.mark.parametrize(
    ("name", "value", "detail"),
    [
        ("Colour", "blue", "AttributeName"),
        ("DisplayName", "x" * 101, "DisplayName"),
        ("Policy", "{not json", "Policy Error: null"),
        ("SignatureVersion", "3", "SignatureVersion"),
        ("TracingConfig", "Sometimes", "TracingConfig"),
        ("MaximumMessageSize", "1023", "MaximumMessageSize"),
        ("SQSSuccessFeedbackSampleRate", "101", "SQSSuccessFeedbackSampleRate"),
    ],
)
def test_attribute_values_are_checked(sns: Any, name: str, value: str, detail: str) -> None:
    with pytest.raises(ClientError) as raised:
        sns.create_topic(Name="t", Attributes={name: value})
    assert error_of(raised) == ("InvalidParameter", f"Invalid parameter: {detail}")
    arn = sns.create_topic(Name="t")["TopicArn"]
    with pytest.raises(ClientError):
        sns.set_topic_attributes(TopicArn=arn, AttributeName=name, AttributeValue=value)


def test_fifo_only_attributes_are_refused_on_standard_topics(sns: Any) -> None:
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.create_topic(Name="t", Attributes={"ContentBasedDeduplication": "true"})
    arn = sns.create_topic(
        Name="t.fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"}
    )["TopicArn"]
    attributes = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attributes["ContentBasedDeduplication"] == "true"


def test_archive_policy_is_not_served() -> None:
    with hookmock.aws():
        sns = boto3.client("sns", region_name="us-east-1")
        arn = sns.create_topic(Name="t.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
        with pytest.raises(hookmock.HookmockError, match="ArchivePolicy"):
            sns.set_topic_attributes(
                TopicArn=arn, AttributeName="ArchivePolicy", AttributeValue="{}"
            )


def test_set_topic_attributes(sns: Any) -> None:
    arn = sns.create_topic(Name="t")["TopicArn"]
    sns.set_topic_attributes(TopicArn=arn, AttributeName="DisplayName", AttributeValue="Hi")
    policy = {"http": {"defaultHealthyRetryPolicy": {"numRetries": 7}}}
    sns.set_topic_attributes(
        TopicArn=arn, AttributeName="DeliveryPolicy", AttributeValue=json.dumps(policy)
    )
    found = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
    assert found["DisplayName"] == "Hi"
    assert json.loads(found["DeliveryPolicy"]) == policy
    effective = json.loads(found["EffectiveDeliveryPolicy"])["http"]
    assert effective["defaultHealthyRetryPolicy"]["numRetries"] == 7
    assert effective["defaultHealthyRetryPolicy"]["minDelayTarget"] == 20
    with pytest.raises(ClientError) as raised:
        sns.set_topic_attributes(TopicArn=arn, AttributeName="FifoTopic", AttributeValue="true")
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: AttributeName")


def test_missing_and_malformed_topics(sns: Any) -> None:
    with pytest.raises(sns.exceptions.NotFoundException) as raised:
        sns.get_topic_attributes(TopicArn=ARN + "nope")
    assert error_of(raised) == ("NotFound", "Topic does not exist")
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    for bad in ("nope", "arn:aws:sqs:us-east-1:123456789012:q", ARN.replace("east", "west") + "t"):
        with pytest.raises(ClientError) as raised:
            sns.get_topic_attributes(TopicArn=bad)
        assert error_of(raised) == ("InvalidParameter", "Invalid parameter: TopicArn")


def test_list_topics_pages_by_100(sns: Any) -> None:
    for number in range(250):
        sns.create_topic(Name=f"t{number:03d}")
    first = sns.list_topics()
    assert len(first["Topics"]) == 100
    second = sns.list_topics(NextToken=first["NextToken"])
    third = sns.list_topics(NextToken=second["NextToken"])
    assert "NextToken" not in third
    arns = [t["TopicArn"] for page in (first, second, third) for t in page["Topics"]]
    assert arns == [ARN + f"t{n:03d}" for n in range(250)]
    paged = sns.get_paginator("list_topics").paginate().build_full_result()
    assert len(paged["Topics"]) == 250
    with pytest.raises(ClientError) as raised:
        sns.list_topics(NextToken="garbage")
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: NextToken")


def test_delete_topic_is_idempotent(sns: Any) -> None:
    arn = sns.create_topic(Name="t")["TopicArn"]
    sns.delete_topic(TopicArn=arn)
    sns.delete_topic(TopicArn=arn)
    assert sns.list_topics()["Topics"] == []
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.get_topic_attributes(TopicArn=arn)


def test_topics_are_per_region(sns: Any) -> None:
    sns.create_topic(Name="t")
    west = boto3.client("sns", region_name="us-west-2")
    assert west.list_topics()["Topics"] == []
    assert west.create_topic(Name="t")["TopicArn"] == "arn:aws:sns:us-west-2:123456789012:t"


def test_tags(sns: Any) -> None:
    arn = sns.create_topic(Name="t", Tags=[{"Key": "a", "Value": "1"}])["TopicArn"]
    sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "3"}])
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "a", "Value": "3"},
        {"Key": "b", "Value": "2"},
    ]
    sns.untag_resource(ResourceArn=arn, TagKeys=["a", "missing"])
    assert sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]


def test_tag_limits_and_missing_resources(sns: Any) -> None:
    arn = sns.create_topic(Name="t")["TopicArn"]
    many = [{"Key": f"k{n}", "Value": ""} for n in range(51)]
    with pytest.raises(sns.exceptions.TagLimitExceededException):
        sns.tag_resource(ResourceArn=arn, Tags=many)
    with pytest.raises(sns.exceptions.TagLimitExceededException):
        sns.create_topic(Name="u", Tags=many)
    sns.tag_resource(ResourceArn=arn, Tags=many[:50])
    assert len(sns.list_tags_for_resource(ResourceArn=arn)["Tags"]) == 50
    with pytest.raises(sns.exceptions.ResourceNotFoundException) as raised:
        sns.list_tags_for_resource(ResourceArn=ARN + "nope")
    assert error_of(raised) == ("ResourceNotFound", "Resource does not exist")
    with pytest.raises(ClientError) as raised:
        sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "k" * 129, "Value": ""}])
    assert raised.value.response["Error"]["Code"] == "InvalidParameter"
    assert "failed to satisfy constraint" in error_of(raised)[1]


def test_data_protection_policy(sns: Any) -> None:
    arn = sns.create_topic(Name="t")["TopicArn"]
    assert sns.get_data_protection_policy(ResourceArn=arn)["DataProtectionPolicy"] == ""
    policy = json.dumps({"Name": "p", "Version": "2021-06-01", "Statement": []})
    sns.put_data_protection_policy(ResourceArn=arn, DataProtectionPolicy=policy)
    assert sns.get_data_protection_policy(ResourceArn=arn)["DataProtectionPolicy"] == policy
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.put_data_protection_policy(ResourceArn=arn, DataProtectionPolicy="{")
    with pytest.raises(sns.exceptions.ResourceNotFoundException):
        sns.get_data_protection_policy(ResourceArn=ARN + "nope")


def test_permissions_change_the_policy_and_open_the_topic_to_other_accounts(sns: Any) -> None:
    arn = sns.create_topic(Name="t")["TopicArn"]
    add_identity(current_world(), "AKIDOTHER", "222222222222")
    other = boto3.client(
        "sns",
        region_name="us-east-1",
        aws_access_key_id="AKIDOTHER",
        aws_secret_access_key="secret",
    )
    with pytest.raises(other.exceptions.AuthorizationErrorException):
        other.get_topic_attributes(TopicArn=arn)
    sns.add_permission(
        TopicArn=arn,
        Label="share",
        AWSAccountId=["222222222222"],
        ActionName=["GetTopicAttributes", "Publish"],
    )
    policy = json.loads(other.get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"])
    statement = policy["Statement"][-1]
    assert statement == {
        "Sid": "share",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
        "Action": ["SNS:GetTopicAttributes", "SNS:Publish"],
        "Resource": arn,
    }
    with pytest.raises(ClientError) as raised:
        sns.add_permission(
            TopicArn=arn, Label="share", AWSAccountId=["222222222222"], ActionName=["Publish"]
        )
    assert error_of(raised) == ("InvalidParameter", "Invalid parameter: Statement already exists")
    with pytest.raises(ClientError) as raised:
        sns.add_permission(TopicArn=arn, Label="x", AWSAccountId=["2"], ActionName=["Fly"])
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: Policy statement action out of service scope!",
    )
    sns.remove_permission(TopicArn=arn, Label="share")
    with pytest.raises(other.exceptions.AuthorizationErrorException):
        other.get_topic_attributes(TopicArn=arn)
    statements = json.loads(sns.get_topic_attributes(TopicArn=arn)["Attributes"]["Policy"])
    assert [s["Sid"] for s in statements["Statement"]] == ["__default_statement_ID"]
