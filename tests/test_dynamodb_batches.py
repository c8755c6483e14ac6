"""DynamoDB batch and transaction operations through boto3."""

from __future__ import annotations

import threading
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import code_of, create_pk_sk_table


def key(pk: str, sk: int = 1) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def put_request(pk: str, sk: int = 1, **attributes: Any) -> dict[str, Any]:
    return {"PutRequest": {"Item": {**key(pk, sk), **attributes}}}


def validation(raised: pytest.ExceptionInfo[ClientError]) -> str:
    assert code_of(raised)[0] == "ValidationException"
    return str(raised.value.response["Error"]["Message"])


def test_batch_write_and_get(ddb: Any) -> None:
    ddb.batch_write_item(
        RequestItems={"t": [put_request(str(i), v={"N": str(i)}) for i in range(25)]}
    )
    ddb.batch_write_item(RequestItems={"t": [{"DeleteRequest": {"Key": key("0")}}]})
    answer = ddb.batch_get_item(
        RequestItems={"t": {"Keys": [key("0"), key("1"), key("2")], "ProjectionExpression": "v"}},
        ReturnConsumedCapacity="TOTAL",
    )
    assert sorted(i["v"]["N"] for i in answer["Responses"]["t"]) == ["1", "2"]
    assert answer["UnprocessedKeys"] == {}
    assert answer["ConsumedCapacity"][0]["TableName"] == "t"


def test_batch_limits(ddb: Any) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.batch_write_item(RequestItems={"t": [put_request(str(i)) for i in range(26)]})
    assert validation(raised).startswith("1 validation error detected: Value '[")
    assert "Member must have length less than or equal to 25" in validation(raised)
    create_pk_sk_table(ddb, "u")
    with pytest.raises(ClientError) as raised:
        ddb.batch_write_item(
            RequestItems={
                "t": [put_request(str(i)) for i in range(13)],
                "u": [put_request(str(i)) for i in range(13)],
            }
        )
    assert validation(raised) == "Too many items requested for the BatchWriteItem call"
    with pytest.raises(ClientError) as raised:
        ddb.batch_get_item(
            RequestItems={
                "t": {"Keys": [key(str(i)) for i in range(51)]},
                "u": {"Keys": [key(str(i)) for i in range(50)]},
            }
        )
    assert validation(raised) == "Too many items requested for the BatchGetItem call"
    assert ddb.scan(TableName="t")["Count"] == 0


def test_batch_duplicates_and_bad_keys(ddb: Any) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.batch_write_item(
            RequestItems={"t": [put_request("a"), {"DeleteRequest": {"Key": key("a")}}]}
        )
    assert validation(raised) == "Provided list of item keys contains duplicates"
    with pytest.raises(ClientError) as raised:
        ddb.batch_get_item(RequestItems={"t": {"Keys": [key("a"), key("a")]}})
    assert validation(raised) == "Provided list of item keys contains duplicates"
    with pytest.raises(ClientError) as raised:
        ddb.batch_write_item(RequestItems={"t": [{"PutRequest": {"Item": {"pk": {"S": "a"}}}}]})
    assert validation(raised) == "The provided key element does not match the schema"
    with pytest.raises(ddb.exceptions.ResourceNotFoundException):
        ddb.batch_get_item(RequestItems={"nope": {"Keys": [key("a")]}})
    assert ddb.scan(TableName="t")["Count"] == 0


def test_batch_writer_from_threads(ddb: Any) -> None:
    table = boto3.resource("dynamodb", region_name="us-east-1").Table("t")

    def write(prefix: str) -> None:
        with table.batch_writer() as batch:
            for i in range(60):
                batch.put_item(Item={"pk": f"{prefix}{i}", "sk": 1})

    threads = [threading.Thread(target=write, args=(p,)) for p in "abcd"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert table.scan(Select="COUNT")["Count"] == 240


def test_transact_write_applies_all(ddb: Any) -> None:
    ddb.put_item(TableName="t", Item={**key("a"), "n": {"N": "1"}})
    ddb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": "t", "Item": {**key("b"), "n": {"N": "2"}}}},
            {
                "Update": {
                    "TableName": "t",
                    "Key": key("a"),
                    "UpdateExpression": "SET n = n + :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}},
                }
            },
            {
                "ConditionCheck": {
                    "TableName": "t",
                    "Key": key("c"),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            },
        ]
    )
    got = ddb.transact_get_items(
        TransactItems=[
            {"Get": {"TableName": "t", "Key": key("a")}},
            {"Get": {"TableName": "t", "Key": key("b")}},
            {"Get": {"TableName": "t", "Key": key("c")}},
        ]
    )["Responses"]
    assert [r.get("Item", {}).get("n") for r in got] == [{"N": "2"}, {"N": "2"}, None]


def test_transact_write_cancels_all_with_reasons_in_order(ddb: Any) -> None:
    ddb.put_item(TableName="t", Item={**key("a"), "n": {"N": "1"}})
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as raised:
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": "t", "Item": key("b")}},
                {
                    "Delete": {
                        "TableName": "t",
                        "Key": key("a"),
                        "ConditionExpression": "n = :two",
                        "ExpressionAttributeValues": {":two": {"N": "2"}},
                        "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                    }
                },
            ]
        )
    response = raised.value.response
    assert response["Error"]["Message"] == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[None, ConditionalCheckFailed]"
    )
    reasons = response["CancellationReasons"]
    assert reasons[0] == {"Code": "None"}
    assert reasons[1]["Code"] == "ConditionalCheckFailed"
    assert reasons[1]["Item"]["n"] == {"N": "1"}
    assert ddb.scan(TableName="t")["Count"] == 1  # the Put did not happen


def test_transaction_touching_one_item_twice(ddb: Any) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.transact_write_items(
            TransactItems=[
                {"Put": {"TableName": "t", "Item": key("a")}},
                {"Delete": {"TableName": "t", "Key": key("a")}},
            ]
        )
    assert (
        validation(raised) == "Transaction request cannot include multiple operations on one item"
    )


def test_transaction_idempotency_token(ddb: Any) -> None:
    items = [
        {
            "Update": {
                "TableName": "t",
                "Key": key("a"),
                "UpdateExpression": "ADD n :one",
                "ExpressionAttributeValues": {":one": {"N": "1"}},
            }
        }
    ]
    for _ in range(2):
        ddb.transact_write_items(TransactItems=items, ClientRequestToken="token-1")
    assert ddb.get_item(TableName="t", Key=key("a"))["Item"]["n"] == {"N": "1"}
    with pytest.raises(ddb.exceptions.IdempotentParameterMismatchException):
        ddb.transact_write_items(
            TransactItems=[{"Put": {"TableName": "t", "Item": key("z")}}],
            ClientRequestToken="token-1",
        )


def test_idempotency_tokens_expire_with_the_world_clock(ddb: Any) -> None:
    put = [{"Put": {"TableName": "t", "Item": key("a")}}]
    ddb.transact_write_items(TransactItems=put, ClientRequestToken="token-2")
    hookmock.clock().advance(601)
    other = [{"Put": {"TableName": "t", "Item": key("b")}}]
    ddb.transact_write_items(TransactItems=other, ClientRequestToken="token-2")
    assert ddb.scan(TableName="t")["Count"] == 2
