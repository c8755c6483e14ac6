"""SQS, SNS, DynamoDB, IAM and STS over HTTP, and who the caller is."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import botocore.session
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from server_clients import Clients, clients_for

from hookmock import backends


@pytest.fixture
def aws(hookmock_server: str) -> Clients:
    return clients_for(hookmock_server)


def test_sts_caller_is_the_default_accounts_root(aws: Clients) -> None:
    identity = aws("sts").get_caller_identity()
    assert identity["Account"] == "123456789012"
    assert identity["Arn"] == "arn:aws:iam::123456789012:root"


def test_keys_issued_by_iam_sign_as_their_user(aws: Clients) -> None:
    iam = aws("iam")
    iam.create_user(UserName="alice")
    issued = iam.create_access_key(UserName="alice")["AccessKey"]
    as_alice = aws("sts", key=issued["AccessKeyId"]).get_caller_identity()
    assert as_alice["Arn"] == "arn:aws:iam::123456789012:user/alice"
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["alice"]
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.create_user(UserName="alice")


def test_sqs_region_comes_from_the_signature(aws: Clients) -> None:
    west = aws("sqs", region="eu-west-1")
    east = aws("sqs", region="us-east-1")
    url = west.create_queue(QueueName="jobs")["QueueUrl"]
    assert (
        ":eu-west-1:"
        in west.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
    )
    assert "QueueUrls" not in east.list_queues()
    west.send_message(
        QueueUrl=url,
        MessageBody="hello",
        MessageAttributes={"n": {"DataType": "Number", "StringValue": "7"}},
    )
    got = west.receive_message(QueueUrl=url, MessageAttributeNames=["All"])["Messages"]
    assert [m["Body"] for m in got] == ["hello"]
    assert got[0]["MessageAttributes"]["n"]["StringValue"] == "7"
    west.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
    with pytest.raises(east.exceptions.QueueDoesNotExist):
        east.get_queue_url(QueueName="jobs")


def test_sns_delivers_to_sqs(aws: Clients) -> None:
    sns, sqs = aws("sns"), aws("sqs")
    topic = sns.create_topic(Name="events")["TopicArn"]
    url = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)
    sns.publish(TopicArn=topic, Message="ping", Subject="s")
    body = json.loads(sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"])
    assert body["Message"] == "ping"
    assert body["TopicArn"] == topic
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.publish(TopicArn=topic + "-gone", Message="x")


def test_dynamodb_items_queries_and_errors(aws: Clients) -> None:
    ddb = aws("dynamodb")
    ddb.create_table(
        TableName="t",
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    for i in range(30):
        ddb.put_item(
            TableName="t", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "b": {"B": b"\x00"}}
        )
    pages = ddb.get_paginator("query").paginate(
        TableName="t",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": {"S": "p"}},
        PaginationConfig={"PageSize": 7},
    )
    items = [item for page in pages for item in page["Items"]]
    assert [int(i["sk"]["N"]) for i in items] == list(range(30))
    assert items[0]["b"] == {"B": b"\x00"}
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
        ddb.put_item(
            TableName="t",
            Item={"pk": {"S": "p"}, "sk": {"N": "1"}},
            ConditionExpression="attribute_not_exists(pk)",
        )
    with pytest.raises(ddb.exceptions.ResourceNotFoundException):
        ddb.describe_table(TableName="missing")


def test_server_side_validation_errors(aws: Clients) -> None:
    with pytest.raises(ClientError) as raised:
        aws("iam").create_user(UserName="bad name!")
    assert raised.value.response["Error"]["Code"] == "ValidationError"


def _unimplemented_without_required_params() -> tuple[str, str]:
    """A served service's operation that has no backend and needs no parameters."""
    for name in ("iam", "sns", "sqs", "sts", "s3", "dynamodb"):
        spec = backends.service(name)
        assert spec is not None
        model = botocore.session.get_session().get_service_model(name)
        for operation in model.operation_names:
            shape = model.operation_model(operation).input_shape
            if operation not in spec.operations and (shape is None or not shape.required_members):
                return name, operation
    raise AssertionError("every parameterless operation is implemented")


def test_an_operation_without_backend_is_501_not_implemented(aws: Clients) -> None:
    service, operation = _unimplemented_without_required_params()
    with pytest.raises(ClientError) as raised:
        getattr(aws(service), xform_name(operation))()
    error = raised.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert error["Error"]["Code"] == "NotImplemented"
    assert f"hookmock does not implement {service}:{operation}" in error["Error"]["Message"]


def test_concurrent_clients_lose_nothing(aws: Clients) -> None:
    sqs = aws("sqs")
    url = sqs.create_queue(QueueName="busy")["QueueUrl"]

    def send(worker: int) -> None:
        client = aws("sqs")
        for i in range(10):
            client.send_message(QueueUrl=url, MessageBody=f"{worker}-{i}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(send, range(8)))
    received: set[str] = set()
    while True:
        batch = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not batch:
            break
        received.update(m["Body"] for m in batch)
    assert received == {f"{w}-{i}" for w in range(8) for i in range(10)}


def test_a_long_poll_is_woken_by_a_send_from_another_client(aws: Clients) -> None:
    sqs = aws("sqs")
    url = sqs.create_queue(QueueName="waiting")["QueueUrl"]
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(sqs.receive_message, QueueUrl=url, WaitTimeSeconds=10)
        time.sleep(0.5)  # the receive is waiting on the server by now
        assert not waiting.done()
        aws("sqs").send_message(QueueUrl=url, MessageBody="wake up")
        assert [m["Body"] for m in waiting.result(timeout=15)["Messages"]] == ["wake up"]


def test_dynamodb_streams_share_the_signing_name_of_dynamodb(aws: Clients) -> None:
    """DynamoDB Streams signs as "dynamodb": its X-Amz-Target tells them apart."""
    ddb, streams = aws("dynamodb"), aws("dynamodbstreams")
    ddb.create_table(
        TableName="streamed",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    )
    ddb.put_item(TableName="streamed", Item={"pk": {"S": "x"}})
    arn = streams.list_streams()["Streams"][0]["StreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    assert [(r["eventName"], r["dynamodb"]["NewImage"]) for r in records] == [
        ("INSERT", {"pk": {"S": "x"}})
    ]


def test_assumed_role_credentials_act_as_the_role_over_http(aws: Clients) -> None:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = aws("iam").create_role(RoleName="worker", AssumeRolePolicyDocument=json.dumps(trust))
    issued = aws("sts").assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="s1")
    credentials = issued["Credentials"]
    identity = aws("sts", key=credentials["AccessKeyId"]).get_caller_identity()
    assert identity["Arn"] == "arn:aws:sts::123456789012:assumed-role/worker/s1"
