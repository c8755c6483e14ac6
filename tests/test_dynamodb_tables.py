"""DynamoDB tables through boto3: create, describe, list, update, delete and table settings."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import code_of

KEYS = [{"AttributeName": "id", "KeyType": "HASH"}]
DEFS = [{"AttributeName": "id", "AttributeType": "S"}]


def create(client: Any, name: str = "t", **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("KeySchema", KEYS)
    kwargs.setdefault("AttributeDefinitions", DEFS)
    if "ProvisionedThroughput" not in kwargs:
        kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
    return dict(client.create_table(TableName=name, **kwargs)["TableDescription"])


def error(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return code_of(raised)[0], raised.value.response["Error"]["Message"]


@pytest.fixture
def client() -> Any:
    with hookmock.aws():
        yield boto3.client("dynamodb", region_name="eu-west-1")


def test_create_describe_and_waiters(client: Any) -> None:
    made = create(client, Tags=[{"Key": "team", "Value": "a"}])
    assert made["TableStatus"] == "ACTIVE"
    assert made["TableArn"] == "arn:aws:dynamodb:eu-west-1:123456789012:table/t"
    client.get_waiter("table_exists").wait(TableName="t", WaiterConfig={"Delay": 60})
    table = client.describe_table(TableName="t")["Table"]
    assert table["KeySchema"] == KEYS
    assert table["AttributeDefinitions"] == DEFS
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert table["ItemCount"] == 0
    tags = client.list_tags_of_resource(ResourceArn=made["TableArn"])["Tags"]
    assert tags == [{"Key": "team", "Value": "a"}]


def test_provisioned_table_reports_its_throughput(client: Any) -> None:
    made = create(client, ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3})
    assert made["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert made["ProvisionedThroughput"]["WriteCapacityUnits"] == 3
    assert "BillingModeSummary" not in made


def test_create_existing_table(client: Any) -> None:
    create(client)
    with pytest.raises(ClientError) as raised:
        create(client)
    assert error(raised) == ("ResourceInUseException", "Table already exists: t")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"KeySchema": [{"AttributeName": "id", "KeyType": "RANGE"}]},
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type",
        ),
        (
            {"KeySchema": [{"AttributeName": "other", "KeyType": "HASH"}]},
            "One or more parameter values were invalid: Some index key attributes are not "
            "defined in AttributeDefinitions. Keys: [other], AttributeDefinitions: [id]",
        ),
        (
            {
                "AttributeDefinitions": [
                    {"AttributeName": "id", "AttributeType": "S"},
                    {"AttributeName": "x", "AttributeType": "S"},
                ]
            },
            "One or more parameter values were invalid: Some AttributeDefinitions are not used. "
            "AttributeDefinitions: [id, x], keys used: [id]",
        ),
        (
            {"BillingMode": "PROVISIONED"},
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits "
            "must both be specified when BillingMode is PROVISIONED",
        ),
        (
            {
                "BillingMode": "PAY_PER_REQUEST",
                "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            },
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
            "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
        ),
        (
            {
                "LocalSecondaryIndexes": [
                    {"IndexName": "lsi", "KeySchema": KEYS, "Projection": {"ProjectionType": "ALL"}}
                ]
            },
            "One or more parameter values were invalid: Table KeySchema does not have a range "
            "key, which is required when specifying a LocalSecondaryIndex",
        ),
    ],
)
def test_create_table_validation(client: Any, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as raised:
        create(client, **kwargs)
    assert error(raised) == ("ValidationException", message)
    assert client.list_tables()["TableNames"] == []


def test_describe_missing_table(client: Any) -> None:
    with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
        client.describe_table(TableName="nope")
    assert error(raised)[1] == "Requested resource not found: Table: nope not found"


def test_list_tables_pages_by_name(client: Any) -> None:
    for name in ["c-table", "a-table", "b-table"]:
        create(client, name)
    first = client.list_tables(Limit=2)
    assert first["TableNames"] == ["a-table", "b-table"]
    assert first["LastEvaluatedTableName"] == "b-table"
    rest = client.list_tables(ExclusiveStartTableName="b-table")
    assert rest["TableNames"] == ["c-table"]
    assert "LastEvaluatedTableName" not in rest
    pages = client.get_paginator("list_tables").paginate(PaginationConfig={"PageSize": 1})
    assert [n for page in pages for n in page["TableNames"]] == ["a-table", "b-table", "c-table"]


def test_delete_table(client: Any) -> None:
    create(client)
    gone = client.delete_table(TableName="t")["TableDescription"]
    assert gone["TableStatus"] == "DELETING"
    client.get_waiter("table_not_exists").wait(TableName="t", WaiterConfig={"Delay": 60})
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.delete_table(TableName="t")


def test_deletion_protection(client: Any) -> None:
    create(client, DeletionProtectionEnabled=True)
    with pytest.raises(ClientError) as raised:
        client.delete_table(TableName="t")
    assert error(raised) == (
        "ResourceInUseException",
        "Resource cannot be deleted as it is currently protected against deletion. "
        "Disable deletion protection first.",
    )
    client.update_table(TableName="t", DeletionProtectionEnabled=False)
    client.delete_table(TableName="t")


def test_update_table_adds_a_global_index_over_existing_items(client: Any) -> None:
    create(client)
    client.put_item(TableName="t", Item={"id": {"S": "1"}, "g": {"S": "x"}})
    client.put_item(TableName="t", Item={"id": {"S": "2"}})
    client.update_table(
        TableName="t",
        AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            }
        ],
    )
    table = client.describe_table(TableName="t")["Table"]
    (index,) = table["GlobalSecondaryIndexes"]
    assert (index["IndexName"], index["IndexStatus"], index["ItemCount"]) == ("by-g", "ACTIVE", 1)
    found = client.query(
        TableName="t",
        IndexName="by-g",
        KeyConditionExpression="g = :g",
        ExpressionAttributeValues={":g": {"S": "x"}},
    )
    assert found["Items"] == [{"id": {"S": "1"}, "g": {"S": "x"}}]
    client.update_table(
        TableName="t", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "by-g"}}]
    )
    assert "GlobalSecondaryIndexes" not in client.describe_table(TableName="t")["Table"]


def test_update_table_billing_mode(client: Any) -> None:
    create(client)
    updated = client.update_table(
        TableName="t",
        BillingMode="PROVISIONED",
        ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
    )["TableDescription"]
    assert updated["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert updated["ProvisionedThroughput"]["ReadCapacityUnits"] == 2


def test_tags(client: Any) -> None:
    arn = create(client)["TableArn"]
    client.tag_resource(
        ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    )
    client.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert client.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_tags_of_resource(ResourceArn=arn.replace(":table/t", ":table/other"))


def test_time_to_live(client: Any) -> None:
    create(client)
    assert client.describe_time_to_live(TableName="t")["TimeToLiveDescription"] == {
        "TimeToLiveStatus": "DISABLED"
    }
    spec = {"Enabled": True, "AttributeName": "expires"}
    assert (
        client.update_time_to_live(TableName="t", TimeToLiveSpecification=spec)[
            "TimeToLiveSpecification"
        ]
        == spec
    )
    described = client.describe_time_to_live(TableName="t")["TimeToLiveDescription"]
    assert described == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    with pytest.raises(ClientError) as raised:
        client.update_time_to_live(TableName="t", TimeToLiveSpecification=spec)
    assert error(raised) == ("ValidationException", "TimeToLive is already enabled")


def test_continuous_backups(client: Any) -> None:
    create(client)
    before = client.describe_continuous_backups(TableName="t")["ContinuousBackupsDescription"]
    assert before["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    after = client.update_continuous_backups(
        TableName="t",
        PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
    )["ContinuousBackupsDescription"]
    assert after["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    with pytest.raises(client.exceptions.TableNotFoundException):
        client.describe_continuous_backups(TableName="nope")


def test_limits_and_endpoints(client: Any) -> None:
    limits = client.describe_limits()
    assert limits["TableMaxReadCapacityUnits"] == 40000
    (endpoint,) = client.describe_endpoints()["Endpoints"]
    assert endpoint["Address"] == "dynamodb.eu-west-1.amazonaws.com"


def test_stream_and_sse_settings_are_described(client: Any) -> None:
    made = create(
        client,
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        SSESpecification={"Enabled": True},
    )
    assert made["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert made["LatestStreamArn"].startswith(made["TableArn"] + "/stream/")
    assert made["SSEDescription"]["Status"] == "ENABLED"
    assert made["SSEDescription"]["KMSMasterKeyArn"].endswith(":alias/aws/dynamodb")


def test_tables_are_per_region_and_account(client: Any) -> None:
    create(client)
    other = boto3.client("dynamodb", region_name="us-west-2")
    assert other.list_tables()["TableNames"] == []
