"""DynamoDB item operations through boto3: PutItem, GetItem, UpdateItem, DeleteItem."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from helpers import code_of


def message(raised: pytest.ExceptionInfo[ClientError]) -> str:
    assert code_of(raised)[0] == "ValidationException"
    return str(raised.value.response["Error"]["Message"])


def key(pk: str = "a", sk: int = 1) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def put(ddb: Any, pk: str = "a", sk: int = 1, **attributes: Any) -> None:
    ddb.put_item(TableName="t", Item={**key(pk, sk), **attributes})


def get(ddb: Any, pk: str = "a", sk: int = 1, **kwargs: Any) -> dict[str, Any] | None:
    found = ddb.get_item(TableName="t", Key=key(pk, sk), **kwargs).get("Item")
    return None if found is None else dict(found)


def test_put_get_round_trip_of_every_type(ddb: Any) -> None:
    item = {
        "s": {"S": "text é"},
        "n": {"N": "1.50"},
        "b": {"B": b"\x00\x01"},
        "ss": {"SS": ["x", "y"]},
        "ns": {"NS": ["1", "2.0"]},
        "bs": {"BS": [b"1"]},
        "m": {"M": {"inner": {"L": [{"BOOL": True}, {"NULL": True}]}}},
        "empty": {"S": ""},
    }
    put(ddb, **item)
    found = get(ddb)
    assert found is not None
    assert found["n"] == {"N": "1.5"}  # numbers come back canonical
    assert found["ns"] == {"NS": ["1", "2"]}
    assert found["m"] == item["m"]
    assert found["b"] == {"B": b"\x00\x01"}
    assert found["empty"] == {"S": ""}


def test_get_missing_item_and_projection(ddb: Any) -> None:
    assert get(ddb) is None
    put(ddb, a={"M": {"b": {"S": "x"}, "c": {"S": "y"}}}, l={"L": [{"N": "0"}, {"N": "1"}]})
    found = get(ddb, ProjectionExpression="a.c, #l[1]", ExpressionAttributeNames={"#l": "l"})
    assert found == {"a": {"M": {"c": {"S": "y"}}}, "l": {"L": [{"N": "1"}]}}
    assert get(ddb, AttributesToGet=["pk"]) == {"pk": {"S": "a"}}


def test_put_returns_old_item_and_consumed_capacity(ddb: Any) -> None:
    put(ddb, v={"S": "old"})
    answer = ddb.put_item(
        TableName="t",
        Item={**key(), "v": {"S": "new"}},
        ReturnValues="ALL_OLD",
        ReturnConsumedCapacity="TOTAL",
    )
    assert answer["Attributes"]["v"] == {"S": "old"}
    assert answer["ConsumedCapacity"] == {"TableName": "t", "CapacityUnits": 1.0}


def test_conditional_put(ddb: Any) -> None:
    put(ddb, v={"N": "1"})
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as raised:
        ddb.put_item(
            TableName="t",
            Item=key(),
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert raised.value.response["Error"]["Message"] == "The conditional request failed"
    assert raised.value.response["Item"]["v"] == {"N": "1"}
    assert get(ddb)["v"] == {"N": "1"}  # type: ignore[index]
    ddb.put_item(
        TableName="t",
        Item={**key(), "v": {"N": "2"}},
        ConditionExpression="v = :one",
        ExpressionAttributeValues={":one": {"N": "1.0"}},
    )
    assert get(ddb)["v"] == {"N": "2"}  # type: ignore[index]


@pytest.mark.parametrize(
    ("item", "text"),
    [
        (
            {"pk": {"S": "a"}},
            "One or more parameter values were invalid: Missing the key sk in the item",
        ),
        (
            {"pk": {"N": "1"}, "sk": {"N": "1"}},
            "One or more parameter values were invalid: Type mismatch for key pk expected: S "
            "actual: N",
        ),
        (
            {"pk": {"S": ""}, "sk": {"N": "1"}},
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty string value. Key: pk",
        ),
        (
            {**key(), "s": {"SS": []}},
            "One or more parameter values were invalid: An string set  may not be empty",
        ),
        (
            {**key(), "s": {"SS": ["a", "a"]}},
            "One or more parameter values were invalid: Input collection [a, a] contains "
            "duplicates.",
        ),
        (
            {**key(), "n": {"N": "1" * 39}},
            "Attempting to store more than 38 significant digits in a Number",
        ),
        (
            {**key(), "n": {"N": "1E+126"}},
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range",
        ),
        ({**key(), "n": {"N": "abc"}}, "A value provided cannot be converted into a number"),
        (
            {**key(), "big": {"S": "x" * 400 * 1024}},
            "Item size has exceeded the maximum allowed size",
        ),
    ],
)
def test_put_item_validation(ddb: Any, item: dict[str, Any], text: str) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.put_item(TableName="t", Item=item)
    assert message(raised) == text
    assert ddb.scan(TableName="t")["Count"] == 0


@pytest.mark.parametrize(
    "bad_key",
    [{"pk": {"S": "a"}}, {"pk": {"S": "a"}, "sk": {"S": "1"}}, {**key(), "x": {"S": "y"}}],
)
def test_key_must_match_the_schema(ddb: Any, bad_key: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.get_item(TableName="t", Key=bad_key)
    assert message(raised) == "The provided key element does not match the schema"


def test_missing_table(ddb: Any) -> None:
    with pytest.raises(ddb.exceptions.ResourceNotFoundException) as raised:
        ddb.get_item(TableName="nope", Key=key())
    assert raised.value.response["Error"]["Message"] == "Requested resource not found"


def test_delete_item(ddb: Any) -> None:
    put(ddb, v={"S": "x"})
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
        ddb.delete_item(TableName="t", Key=key(), ConditionExpression="attribute_not_exists(v)")
    gone = ddb.delete_item(TableName="t", Key=key(), ReturnValues="ALL_OLD")
    assert gone["Attributes"]["v"] == {"S": "x"}
    assert get(ddb) is None
    assert "Attributes" not in ddb.delete_item(TableName="t", Key=key(), ReturnValues="ALL_OLD")


def test_update_creates_and_counts(ddb: Any) -> None:
    for _ in range(3):
        ddb.update_item(
            TableName="t",
            Key=key(),
            UpdateExpression="ADD hits :one SET seen = list_append(if_not_exists(seen, :none), :l)",
            ExpressionAttributeValues={
                ":one": {"N": "1"},
                ":none": {"L": []},
                ":l": {"L": [{"S": "x"}]},
            },
        )
    found = get(ddb)
    assert found is not None
    assert found["hits"] == {"N": "3"}
    assert found["seen"] == {"L": [{"S": "x"}] * 3}


@pytest.mark.parametrize(
    ("returning", "expected"),
    [
        ("NONE", None),
        ("ALL_OLD", {**key(), "a": {"N": "1"}, "b": {"S": "keep"}}),
        ("ALL_NEW", {**key(), "a": {"N": "2"}, "b": {"S": "keep"}}),
        ("UPDATED_OLD", {"a": {"N": "1"}}),
        ("UPDATED_NEW", {"a": {"N": "2"}}),
    ],
)
def test_update_return_values(ddb: Any, returning: str, expected: Any) -> None:
    put(ddb, a={"N": "1"}, b={"S": "keep"})
    answer = ddb.update_item(
        TableName="t",
        Key=key(),
        UpdateExpression="SET a = a + :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
        ReturnValues=returning,
    )
    assert answer.get("Attributes") == expected


def test_update_cannot_change_the_key(ddb: Any) -> None:
    put(ddb)
    with pytest.raises(ClientError) as raised:
        ddb.update_item(
            TableName="t",
            Key=key(),
            UpdateExpression="SET pk = :v",
            ExpressionAttributeValues={":v": {"S": "b"}},
        )
    assert message(raised) == (
        "One or more parameter values were invalid: Cannot update attribute pk. "
        "This attribute is part of the key"
    )


def test_failed_update_leaves_the_item_as_it_was(ddb: Any) -> None:
    put(ddb, s={"S": "text"}, n={"N": "1"})
    with pytest.raises(ClientError) as raised:
        ddb.update_item(
            TableName="t",
            Key=key(),
            UpdateExpression="SET n = :two ADD s :one",
            ExpressionAttributeValues={":two": {"N": "2"}, ":one": {"N": "1"}},
        )
    assert message(raised) == "An operand in the update expression has an incorrect data type"
    assert get(ddb) == {**key(), "s": {"S": "text"}, "n": {"N": "1"}}


def test_resource_api_round_trip(ddb: Any) -> None:
    table = boto3.resource("dynamodb", region_name="us-east-1").Table("t")
    table.put_item(Item={"pk": "r", "sk": 2, "price": Decimal("9.99"), "tags": {"a"}})
    table.update_item(
        Key={"pk": "r", "sk": 2},
        UpdateExpression="SET price = price - :d ADD tags :t",
        ExpressionAttributeValues={":d": Decimal("0.99"), ":t": {"b"}},
    )
    item = table.get_item(Key={"pk": "r", "sk": 2})["Item"]
    assert item["price"] == Decimal("9")
    assert item["tags"] == {"a", "b"}


def test_changing_a_read_item_leaves_the_stored_item_as_it_was(ddb: Any) -> None:
    nested = {"M": {"l": {"L": [{"SS": ["a"]}, {"M": {"n": {"N": "1"}}}]}}}
    put(ddb, tags={"SS": ["x"]}, doc=nested)
    for read in (
        ddb.get_item(TableName="t", Key=key())["Item"],
        ddb.query(
            TableName="t",
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "a"}},
        )["Items"][0],
    ):
        read["tags"]["SS"].append("y")
        read["doc"]["M"]["l"]["L"][0]["SS"].append("b")
        read["doc"]["M"]["l"]["L"][1]["M"]["n"]["N"] = "2"
        read["doc"]["M"]["extra"] = {"S": "e"}
        read["pk"]["S"] = "changed"
    assert get(ddb) == {**key(), "tags": {"SS": ["x"]}, "doc": nested}


def test_sizes_follow_every_write_of_an_item(ddb: Any) -> None:
    """Reads count capacity by the size of the item as it is now, and the table's
    size is the sum of its items', through puts, replacements, updates and deletes."""

    def read_units() -> float:
        answer = ddb.query(
            TableName="t",
            KeyConditionExpression="pk = :p",
            ExpressionAttributeValues={":p": {"S": "a"}},
            ReturnConsumedCapacity="TOTAL",
            ConsistentRead=True,
        )
        return float(answer["ConsumedCapacity"]["CapacityUnits"])

    def table_bytes() -> int:
        return int(ddb.describe_table(TableName="t")["Table"]["TableSizeBytes"])

    put(ddb, data={"S": "x" * 5000})
    assert read_units() == 2.0
    small = table_bytes()
    put(ddb, data={"S": "x" * 9000})
    assert read_units() == 3.0
    assert table_bytes() == small + 4000
    ddb.update_item(
        TableName="t",
        Key=key(),
        UpdateExpression="SET #d = :d",
        ExpressionAttributeNames={"#d": "data"},
        ExpressionAttributeValues={":d": {"S": "x"}},
    )
    assert read_units() == 1.0
    assert table_bytes() == small - 4999
    ddb.delete_item(TableName="t", Key=key())
    assert table_bytes() == 0
