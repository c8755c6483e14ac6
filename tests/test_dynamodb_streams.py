"""DynamoDB Streams through boto3: change records written by table operations."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

import hookmock


@pytest.fixture
def clients() -> Any:
    with hookmock.aws():
        ddb = boto3.client("dynamodb", region_name="eu-west-1")
        ddb.create_table(
            TableName="tbl",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        yield ddb, boto3.client("dynamodbstreams", region_name="eu-west-1")


def records(streams: Any, arn: str, kind: str = "TRIM_HORIZON") -> list[dict[str, Any]]:
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind)[
        "ShardIterator"
    ]
    return list(streams.get_records(ShardIterator=iterator)["Records"])


def test_insert_modify_remove_records(clients: Any) -> None:
    ddb, streams = clients
    key = {"id": {"S": "a"}}
    ddb.put_item(TableName="tbl", Item={**key, "v": {"N": "1"}})
    ddb.put_item(TableName="tbl", Item={**key, "v": {"N": "1"}})  # no change: no record
    ddb.update_item(
        TableName="tbl",
        Key=key,
        UpdateExpression="SET v = :two",
        ExpressionAttributeValues={":two": {"N": "2"}},
    )
    ddb.delete_item(TableName="tbl", Key=key)
    arn = ddb.describe_table(TableName="tbl")["Table"]["LatestStreamArn"]
    found = records(streams, arn)
    assert [r["eventName"] for r in found] == ["INSERT", "MODIFY", "REMOVE"]
    modify = found[1]["dynamodb"]
    assert modify["Keys"] == key
    assert modify["OldImage"]["v"] == {"N": "1"}
    assert modify["NewImage"]["v"] == {"N": "2"}
    assert found[2]["dynamodb"]["OldImage"]["v"] == {"N": "2"}
    assert "NewImage" not in found[2]["dynamodb"]
    assert found[0]["awsRegion"] == "eu-west-1"
    sequence = [r["dynamodb"]["SequenceNumber"] for r in found]
    assert sequence == sorted(sequence)


def test_latest_iterator_and_paging(clients: Any) -> None:
    ddb, streams = clients
    arn = streams.list_streams(TableName="tbl")["Streams"][0]["StreamArn"]
    ddb.put_item(TableName="tbl", Item={"id": {"S": "before"}})
    assert records(streams, arn, "LATEST") == []
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")[
        "ShardIterator"
    ]
    for n in range(3):
        ddb.put_item(TableName="tbl", Item={"id": {"S": f"after{n}"}})
    page = streams.get_records(ShardIterator=iterator, Limit=2)
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in page["Records"]] == ["after0", "after1"]
    rest = streams.get_records(ShardIterator=page["NextShardIterator"])
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in rest["Records"]] == ["after2"]
    first = streams.get_records(ShardIterator=iterator)["Records"][0]
    after = streams.get_shard_iterator(
        StreamArn=arn,
        ShardId=shard,
        ShardIteratorType="AFTER_SEQUENCE_NUMBER",
        SequenceNumber=first["dynamodb"]["SequenceNumber"],
    )["ShardIterator"]
    assert len(streams.get_records(ShardIterator=after)["Records"]) == 2


def test_describe_list_and_disable(clients: Any) -> None:
    ddb, streams = clients
    listed = streams.list_streams()["Streams"]
    assert [s["TableName"] for s in listed] == ["tbl"]
    arn = listed[0]["StreamArn"]
    description = streams.describe_stream(StreamArn=arn)["StreamDescription"]
    assert description["StreamStatus"] == "ENABLED"
    assert description["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert description["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    ddb.update_table(TableName="tbl", StreamSpecification={"StreamEnabled": False})
    ddb.put_item(TableName="tbl", Item={"id": {"S": "unlogged"}})
    assert streams.describe_stream(StreamArn=arn)["StreamDescription"]["StreamStatus"] == "DISABLED"
    assert records(streams, arn) == []


def test_stream_errors(clients: Any) -> None:
    _, streams = clients
    with pytest.raises(streams.exceptions.ResourceNotFoundException):
        streams.describe_stream(
            StreamArn="arn:aws:dynamodb:eu-west-1:123456789012:table/x/stream/y"
        )
    with pytest.raises(streams.exceptions.ClientError) as raised:
        streams.get_records(ShardIterator="not-an-iterator")
    assert raised.value.response["Error"]["Code"] == "ValidationException"


def test_iterators_expire_after_fifteen_minutes(clients: Any) -> None:
    _, streams = clients
    arn = streams.list_streams()["Streams"][0]["StreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    hookmock.clock().advance(15 * 60 + 1)
    with pytest.raises(streams.exceptions.ExpiredIteratorException):
        streams.get_records(ShardIterator=iterator)
