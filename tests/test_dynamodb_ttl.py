"""DynamoDB time to live through boto3: expired items are deleted once the
world clock passes their TTL, at the next call that touches their table."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

import hookmock

from helpers import create_pk_sk_table

YEAR = 365 * 24 * 3600


@pytest.fixture
def ddb() -> Any:
    """Table 't' (pk S / sk N) with a stream, a global index on 'g', TTL on 'expires'."""
    with hookmock.aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_pk_sk_table(
            client,
            "t",
            "g",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"},
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
        )
        client.update_time_to_live(
            TableName="t", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"}
        )
        yield client


def now() -> int:
    return int(hookmock.clock().time())


def key(sk: int) -> dict[str, Any]:
    return {"pk": {"S": "a"}, "sk": {"N": str(sk)}}


def put(ddb: Any, sk: int, expires: dict[str, Any] | None, **extra: Any) -> None:
    item = {**key(sk), **extra}
    if expires is not None:
        item["expires"] = expires
    ddb.put_item(TableName="t", Item=item)


def present(ddb: Any) -> list[int]:
    items = ddb.scan(TableName="t", ConsistentRead=True)["Items"]
    return sorted(int(item["sk"]["N"]) for item in items)


def stream_records(ddb: Any) -> list[dict[str, Any]]:
    streams = boto3.client("dynamodbstreams", region_name="us-east-1")
    arn = ddb.describe_table(TableName="t")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(
        StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    return list(streams.get_records(ShardIterator=iterator)["Records"])


def test_items_expire_when_the_clock_passes_their_ttl(ddb: Any) -> None:
    put(ddb, 1, {"N": str(now() + 3600)})
    put(ddb, 2, {"N": str(now() + 7200)})
    put(ddb, 3, None)
    hookmock.clock().advance(3000)
    assert present(ddb) == [1, 2, 3]
    hookmock.clock().advance(700)
    assert ddb.get_item(TableName="t", Key=key(1)).get("Item") is None
    assert present(ddb) == [2, 3]
    assert ddb.describe_table(TableName="t")["Table"]["ItemCount"] == 2
    hookmock.clock().advance(3600)
    assert present(ddb) == [3]


def test_expiry_writes_a_service_remove_record(ddb: Any) -> None:
    put(ddb, 1, {"N": str(now() + 10)}, v={"S": "old"})
    put(ddb, 2, None)
    ddb.delete_item(TableName="t", Key=key(2))
    hookmock.clock().advance(11)
    records = stream_records(ddb)  # the stream read itself sees the deletion
    assert [r["eventName"] for r in records] == ["INSERT", "INSERT", "REMOVE", "REMOVE"]
    assert "userIdentity" not in records[2]
    expired = records[3]
    assert expired["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
    assert expired["dynamodb"]["Keys"] == key(1)
    assert expired["dynamodb"]["OldImage"]["v"] == {"S": "old"}


def test_expired_items_leave_their_indexes(ddb: Any) -> None:
    put(ddb, 1, {"N": str(now() + 10)}, g={"S": "G"})
    put(ddb, 2, {"N": str(now() + 1000)}, g={"S": "G"})
    hookmock.clock().advance(60)
    found = ddb.query(
        TableName="t",
        IndexName="by-g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "G"}},
    )
    assert [item["sk"]["N"] for item in found["Items"]] == ["2"]


@pytest.mark.parametrize(
    "expires",
    [
        {"S": "1"},  # not a number
        {"NS": ["1"]},
        {"N": "NOW-6Y"},  # more than five years in the past when written
    ],
)
def test_values_ttl_ignores(ddb: Any, expires: dict[str, Any]) -> None:
    if expires == {"N": "NOW-6Y"}:
        expires = {"N": str(now() - 6 * YEAR)}
    put(ddb, 1, expires)
    hookmock.clock().advance(10 * YEAR)
    assert present(ddb) == [1]


def test_a_ttl_already_past_deletes_at_the_next_call(ddb: Any) -> None:
    put(ddb, 1, {"N": str(now() - 4 * YEAR)})
    put(ddb, 2, {"N": f"{now() - 1}.5"})
    assert present(ddb) == []


def test_rewriting_the_ttl_moves_or_cancels_expiry(ddb: Any) -> None:
    put(ddb, 1, {"N": str(now() + 10)})
    put(ddb, 2, {"N": str(now() + 10)})
    put(ddb, 3, {"N": str(now() + 10)})
    ddb.update_item(
        TableName="t",
        Key=key(1),
        UpdateExpression="SET expires = expires + :day",
        ExpressionAttributeValues={":day": {"N": "86400"}},
    )
    ddb.update_item(TableName="t", Key=key(2), UpdateExpression="REMOVE expires")
    ddb.update_item(
        TableName="t", Key=key(3), AttributeUpdates={"expires": {"Value": {"S": "never"}}}
    )
    hookmock.clock().advance(3600)
    assert present(ddb) == [1, 2, 3]
    hookmock.clock().advance(86400)
    assert present(ddb) == [2, 3]


def test_enabling_and_disabling_ttl(ddb: Any) -> None:
    ddb.update_time_to_live(
        TableName="t", TimeToLiveSpecification={"Enabled": False, "AttributeName": "expires"}
    )
    put(ddb, 1, {"N": str(now() - 10)}, other={"N": str(now() - 10)})
    hookmock.clock().advance(60)
    assert present(ddb) == [1]  # disabled: nothing expires
    ddb.update_time_to_live(
        TableName="t", TimeToLiveSpecification={"Enabled": True, "AttributeName": "other"}
    )
    assert present(ddb) == []  # items already there are indexed when TTL is enabled


def test_expiry_through_the_resource_and_batches(ddb: Any) -> None:
    table = boto3.resource("dynamodb", region_name="us-east-1").Table("t")
    table.put_item(Item={"pk": "a", "sk": 1, "expires": now() + 30})
    with table.batch_writer() as batch:
        batch.put_item(Item={"pk": "a", "sk": 2, "expires": now() + 90})
    hookmock.clock().advance(60)
    assert "Item" not in table.get_item(Key={"pk": "a", "sk": 1})
    answer = ddb.batch_get_item(RequestItems={"t": {"Keys": [key(1), key(2)]}})
    assert [item["sk"]["N"] for item in answer["Responses"]["t"]] == ["2"]


def test_partiql_reads_and_writes_see_expiry(ddb: Any) -> None:
    put(ddb, 1, {"N": str(now() + 60)})
    put(ddb, 2, {"N": str(now() + 600)})
    hookmock.clock().advance(120)
    selected = ddb.execute_statement(Statement="SELECT sk FROM \"t\" WHERE pk = 'a'")["Items"]
    assert [item["sk"]["N"] for item in selected] == ["2"]
    ddb.execute_statement(Statement="INSERT INTO \"t\" VALUE {'pk': 'a', 'sk': 1}")
    assert present(ddb) == [1, 2]
