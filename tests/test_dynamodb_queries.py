"""DynamoDB Query and Scan through boto3: key conditions, indexes, paging, filters, segments."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

import hookmock

from helpers import code_of, create_pk_sk_table


@pytest.fixture
def table() -> Any:
    """Table 'q': pk (S) / sk (N), a GSI on g (S, KEYS_ONLY) and an LSI on l (S, ALL)."""
    with hookmock.aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_pk_sk_table(
            client,
            "q",
            "g",
            "l",
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
            LocalSecondaryIndexes=[
                {
                    "IndexName": "by-l",
                    "KeySchema": [
                        {"AttributeName": "pk", "KeyType": "HASH"},
                        {"AttributeName": "l", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
        )
        resource = boto3.resource("dynamodb", region_name="us-east-1").Table("q")
        with resource.batch_writer() as batch:
            for sk in range(20):
                item = {"pk": "p", "sk": sk, "l": f"l{19 - sk:02}", "even": sk % 2 == 0}
                if sk < 3:
                    item["g"] = "g"
                batch.put_item(Item=item)
            batch.put_item(Item={"pk": "other", "sk": 0})
        yield resource


def sks(response: dict[str, Any]) -> list[int]:
    return [int(item["sk"]) for item in response["Items"]]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Key("sk").eq(3), [3]),
        (Key("sk").lt(3), [0, 1, 2]),
        (Key("sk").lte(3), [0, 1, 2, 3]),
        (Key("sk").gt(17), [18, 19]),
        (Key("sk").gte(17), [17, 18, 19]),
        (Key("sk").between(5, 7), [5, 6, 7]),
    ],
)
def test_sort_key_conditions(table: Any, condition: Any, expected: list[int]) -> None:
    assert sks(table.query(KeyConditionExpression=Key("pk").eq("p") & condition)) == expected


def test_begins_with_on_a_string_sort_key(table: Any) -> None:
    found = table.query(
        IndexName="by-l", KeyConditionExpression=Key("pk").eq("p") & Key("l").begins_with("l1")
    )
    assert [item["l"] for item in found["Items"]] == [f"l1{i}" for i in range(10)]


def test_descending_order_and_paging(table: Any) -> None:
    first = table.query(KeyConditionExpression=Key("pk").eq("p"), ScanIndexForward=False, Limit=3)
    assert sks(first) == [19, 18, 17]
    assert first["LastEvaluatedKey"] == {"pk": "p", "sk": 17}
    second = table.query(
        KeyConditionExpression=Key("pk").eq("p"),
        ScanIndexForward=False,
        Limit=3,
        ExclusiveStartKey=first["LastEvaluatedKey"],
    )
    assert sks(second) == [16, 15, 14]
    client = table.meta.client
    pages = client.get_paginator("query").paginate(
        TableName="q",
        KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": "p"},  # the resource's client serializes values
        PaginationConfig={"PageSize": 7},
    )
    assert [int(i["sk"]) for page in pages for i in page["Items"]] == list(range(20))


def test_filter_applies_after_the_limit(table: Any) -> None:
    found = table.query(
        KeyConditionExpression=Key("pk").eq("p"), FilterExpression=Attr("even").eq(True), Limit=4
    )
    assert sks(found) == [0, 2]
    assert (found["Count"], found["ScannedCount"]) == (2, 4)


def test_count_and_projection(table: Any) -> None:
    counted = table.query(KeyConditionExpression=Key("pk").eq("p"), Select="COUNT")
    assert counted["Count"] == 20
    assert "Items" not in counted
    projected = table.query(
        KeyConditionExpression=Key("pk").eq("p") & Key("sk").eq(1), ProjectionExpression="l"
    )
    assert projected["Items"] == [{"l": "l18"}]


def test_global_index_projects_keys_only(table: Any) -> None:
    found = table.query(IndexName="by-g", KeyConditionExpression=Key("g").eq("g"))
    assert sorted(sks(found)) == [0, 1, 2]
    assert set(found["Items"][0]) == {"pk", "sk", "g"}
    assert "LastEvaluatedKey" not in found


def test_index_page_key_has_index_and_table_keys(table: Any) -> None:
    found = table.query(IndexName="by-g", KeyConditionExpression=Key("g").eq("g"), Limit=1)
    assert set(found["LastEvaluatedKey"]) == {"pk", "sk", "g"}
    rest = table.query(
        IndexName="by-g",
        KeyConditionExpression=Key("g").eq("g"),
        ExclusiveStartKey=found["LastEvaluatedKey"],
    )
    assert len(rest["Items"]) == 2


def error(call: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    assert code_of(raised)[0] == "ValidationException"
    return str(raised.value.response["Error"]["Message"])


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        (
            {"KeyConditionExpression": Key("sk").eq(1)},
            "Query condition missed key schema element: pk",
        ),
        (
            {"KeyConditionExpression": Key("pk").eq("p") | Key("sk").eq(1)},
            "Invalid operator used in KeyConditionExpression: OR",
        ),
        (
            {"KeyConditionExpression": Key("pk").eq("p") & Key("sk").gt(1) & Key("sk").lt(5)},
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one "
            "condition per key",
        ),
        (
            {"KeyConditionExpression": Key("pk").eq(1)},
            "One or more parameter values were invalid: Condition parameter type does not match "
            "schema type",
        ),
        (
            {"KeyConditionExpression": Key("pk").eq("p") & Key("other").eq(1)},
            "Query key condition not supported",
        ),
        (
            {
                "IndexName": "by-g",
                "KeyConditionExpression": Key("g").eq("g"),
                "ConsistentRead": True,
            },
            "Consistent reads are not supported on global secondary indexes",
        ),
        (
            {"IndexName": "nope", "KeyConditionExpression": Key("pk").eq("p")},
            "The table does not have the specified index: nope",
        ),
        (
            {
                "KeyConditionExpression": Key("pk").eq("p"),
                "Select": "ALL_ATTRIBUTES",
                "ProjectionExpression": "l",
            },
            "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
        ),
        (
            {"KeyConditionExpression": Key("pk").eq("p"), "Select": "ALL_PROJECTED_ATTRIBUTES"},
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
        ),
        (
            {
                "KeyConditionExpression": Key("pk").eq("p"),
                "ExclusiveStartKey": {"pk": "other", "sk": 0},
            },
            "The provided starting key is outside query boundaries based on provided conditions",
        ),
        (
            {"KeyConditionExpression": Key("pk").eq("p"), "ExclusiveStartKey": {"pk": "p"}},
            "The provided starting key is invalid: The provided key element does not match the "
            "schema",
        ),
    ],
)
def test_query_errors(table: Any, kwargs: dict[str, Any], text: str) -> None:
    assert error(table.query, **kwargs) == text


def test_scan_pages_cover_every_item_once(table: Any) -> None:
    seen: list[tuple[str, int]] = []
    start: dict[str, Any] = {}
    while True:
        page = table.scan(Limit=6, **start)
        seen += [(i["pk"], int(i["sk"])) for i in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
    assert sorted(seen) == sorted([("p", sk) for sk in range(20)] + [("other", 0)])


def test_parallel_scan_segments_partition_the_table(table: Any) -> None:
    found: list[tuple[str, int]] = []
    for segment in range(3):
        page = table.scan(Segment=segment, TotalSegments=3)
        found += [(i["pk"], int(i["sk"])) for i in page["Items"]]
    assert len(found) == 21
    assert len(set(found)) == 21


def test_scan_errors(table: Any) -> None:
    assert error(table.scan, Segment=0) == (
        "The TotalSegments parameter is required but was not present in the request when "
        "Segment parameter is present"
    )
    assert error(table.scan, Segment=3, TotalSegments=3) == (
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: 3 is not less than TotalSegments: 3"
    )


def test_scan_an_index(table: Any) -> None:
    found = table.scan(IndexName="by-g")
    assert sorted(sks(found)) == [0, 1, 2]
