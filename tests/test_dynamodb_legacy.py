"""DynamoDB's legacy parameters through boto3: Expected, AttributeUpdates,
KeyConditions, QueryFilter, ScanFilter, ConditionalOperator, AttributesToGet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import create_pk_sk_table, error_of

EQ_A = {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}


def key(sk: int = 1, pk: str = "a") -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def get(ddb: Any, sk: int = 1) -> dict[str, Any] | None:
    found = ddb.get_item(TableName="t", Key=key(sk), ConsistentRead=True).get("Item")
    return None if found is None else dict(found)


def invalid(detail: str) -> str:
    return f"One or more parameter values were invalid: {detail}"


def validation_message(raised: pytest.ExceptionInfo[ClientError]) -> str:
    code, text = error_of(raised)
    assert code == "ValidationException"
    return text


@pytest.fixture
def filled(ddb: Any) -> Any:
    """Three items in partition "a" whose attributes the comparison operators tell apart."""
    ddb.put_item(
        TableName="t",
        Item={
            **key(1),
            "v": {"S": "apple"},
            "n": {"N": "5"},
            "tags": {"SS": ["x", "y"]},
            "l": {"L": [{"S": "x"}, {"N": "1"}]},
        },
    )
    ddb.put_item(TableName="t", Item={**key(2), "v": {"S": "banana"}, "n": {"N": "10"}})
    ddb.put_item(TableName="t", Item={**key(3), "n": {"N": "1"}, "tags": {"SS": ["z"]}})
    return ddb


def sks(answer: dict[str, Any]) -> set[int]:
    return {int(item["sk"]["N"]) for item in answer["Items"]}


FILTER_CASES = [
    ("v", "EQ", [{"S": "apple"}], {1}),
    ("v", "NE", [{"S": "apple"}], {2, 3}),
    ("n", "LE", [{"N": "5"}], {1, 3}),
    ("n", "LT", [{"N": "5"}], {3}),
    ("n", "GE", [{"N": "5.0"}], {1, 2}),
    ("n", "GT", [{"N": "5"}], {2}),
    ("v", "NOT_NULL", [], {1, 2}),
    ("v", "NULL", [], {3}),
    ("v", "CONTAINS", [{"S": "an"}], {2}),
    ("tags", "CONTAINS", [{"S": "x"}], {1}),
    ("l", "CONTAINS", [{"N": "1"}], {1}),
    ("tags", "NOT_CONTAINS", [{"S": "x"}], {2, 3}),
    ("v", "BEGINS_WITH", [{"S": "ap"}], {1}),
    ("n", "IN", [{"N": "1"}, {"N": "10"}], {2, 3}),
    ("n", "BETWEEN", [{"N": "2"}, {"N": "10"}], {1, 2}),
    ("tags", "EQ", [{"SS": ["y", "x"]}], {1}),
    ("l", "EQ", [{"L": [{"S": "x"}, {"N": "1"}]}], {1}),
    ("n", "LT", [{"S": "5"}], set()),  # another type never matches
]


@pytest.mark.parametrize(("name", "operator", "listed", "expected"), FILTER_CASES)
def test_scan_filter_operators(
    filled: Any, name: str, operator: str, listed: list[Any], expected: set[int]
) -> None:
    condition: dict[str, Any] = {"ComparisonOperator": operator}
    if listed:
        condition["AttributeValueList"] = listed
    answer = filled.scan(TableName="t", ScanFilter={name: condition})
    assert sks(answer) == expected
    assert answer["ScannedCount"] == 3


@pytest.mark.parametrize(("name", "operator", "listed", "expected"), FILTER_CASES)
def test_query_filter_operators(
    filled: Any, name: str, operator: str, listed: list[Any], expected: set[int]
) -> None:
    condition: dict[str, Any] = {"ComparisonOperator": operator}
    if listed:
        condition["AttributeValueList"] = listed
    answer = filled.query(TableName="t", KeyConditions={"pk": EQ_A}, QueryFilter={name: condition})
    assert sks(answer) == expected
    assert answer["ScannedCount"] == 3


def test_filters_join_with_conditional_operator(filled: Any) -> None:
    either = {
        "v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "apple"}]},
        "n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "5"}]},
    }
    assert sks(filled.scan(TableName="t", ScanFilter=either, ConditionalOperator="OR")) == {1, 2}
    assert sks(filled.scan(TableName="t", ScanFilter=either)) == set()
    both = {
        "v": {"ComparisonOperator": "NOT_NULL"},
        "n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "5"}]},
    }
    assert sks(filled.scan(TableName="t", ScanFilter=both, ConditionalOperator="AND")) == {2}


FILTER_ERRORS = [
    (
        {"v": {"ComparisonOperator": "EQ"}},
        invalid("Invalid number of argument(s) for the EQ ComparisonOperator"),
    ),
    (
        {"v": {"ComparisonOperator": "NULL", "AttributeValueList": [{"S": "a"}]}},
        invalid("Invalid number of argument(s) for the NULL ComparisonOperator"),
    ),
    (
        {"v": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "1"}]}},
        invalid("Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    ),
    (
        {"v": {"ComparisonOperator": "IN"}},
        invalid("Invalid number of argument(s) for the IN ComparisonOperator"),
    ),
    (
        {"v": {"ComparisonOperator": "LE", "AttributeValueList": [{"SS": ["a"]}]}},
        invalid("ComparisonOperator LE is not valid for SS AttributeValue type"),
    ),
    (
        {"v": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"N": "1"}]}},
        invalid("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"),
    ),
    (
        {"v": {"ComparisonOperator": "CONTAINS", "AttributeValueList": [{"L": []}]}},
        invalid("ComparisonOperator CONTAINS is not valid for L AttributeValue type"),
    ),
    (
        {"v": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}, {"S": "1"}]}},
        invalid("AttributeValues inside AttributeValueList must be of same type"),
    ),
    (
        {"v": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "5"}, {"N": "1"}]}},
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper bound",
    ),
    (
        {"v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "x"}]}},
        "A value provided cannot be converted into a number",
    ),
    (
        {"v": {"ComparisonOperator": "EQ", "AttributeValueList": [{"SS": []}]}},
        invalid("An string set  may not be empty"),
    ),
]


@pytest.mark.parametrize(("given", "text"), FILTER_ERRORS)
def test_scan_filter_errors(ddb: Any, given: dict[str, Any], text: str) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.scan(TableName="t", ScanFilter=given)
    assert validation_message(raised) == text


@pytest.mark.parametrize(("given", "text"), FILTER_ERRORS[:3])
def test_query_filter_errors(ddb: Any, given: dict[str, Any], text: str) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.query(TableName="t", KeyConditions={"pk": EQ_A}, QueryFilter=given)
    assert validation_message(raised) == text


def test_unknown_comparison_operator_is_refused(ddb: Any) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.scan(TableName="t", ScanFilter={"v": {"ComparisonOperator": "LIKE"}})
    assert validation_message(raised).startswith(
        "1 validation error detected: Value 'LIKE' at 'scanFilter.v.member.comparisonOperator' "
        "failed to satisfy constraint: Member must satisfy enum value set: "
    )


@pytest.mark.parametrize(
    ("params", "text"),
    [
        (
            {"ScanFilter": {"v": {"ComparisonOperator": "NULL"}}, "ConditionalOperator": "OR"},
            "ConditionalOperator can only be used when Filter or Expected has two or more elements",
        ),
        (
            {"ConditionalOperator": "OR"},
            "ConditionalOperator cannot be used without Filter or Expected",
        ),
        (
            {
                "ScanFilter": {"v": {"ComparisonOperator": "NULL"}},
                "FilterExpression": "attribute_exists(v)",
            },
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {ScanFilter} Expression parameters: {FilterExpression}",
        ),
        (
            {
                "AttributesToGet": ["v"],
                "ScanFilter": {"v": {"ComparisonOperator": "NULL"}},
                "ProjectionExpression": "v",
            },
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {AttributesToGet, ScanFilter} Expression parameters: "
            "{ProjectionExpression}",
        ),
        (
            {
                "ScanFilter": {"v": {"ComparisonOperator": "NULL"}},
                "ExpressionAttributeValues": {":v": {"S": "a"}},
            },
            "ExpressionAttributeValues can only be specified when using expressions",
        ),
    ],
)
def test_scan_legacy_parameter_errors(ddb: Any, params: dict[str, Any], text: str) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.scan(TableName="t", **params)
    assert validation_message(raised) == text


# --- KeyConditions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "2"}]}, [2]),
        ({"ComparisonOperator": "LE", "AttributeValueList": [{"N": "2"}]}, [1, 2]),
        ({"ComparisonOperator": "LT", "AttributeValueList": [{"N": "2"}]}, [1]),
        ({"ComparisonOperator": "GE", "AttributeValueList": [{"N": "2"}]}, [2, 3]),
        ({"ComparisonOperator": "GT", "AttributeValueList": [{"N": "2"}]}, [3]),
        (
            {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"N": "2"}, {"N": "3"}]},
            [2, 3],
        ),
        (None, [1, 2, 3]),
    ],
)
def test_key_conditions_on_the_sort_key(
    filled: Any, condition: dict[str, Any] | None, expected: list[int]
) -> None:
    filled.put_item(TableName="t", Item=key(1, pk="other"))
    conditions = {"pk": EQ_A} if condition is None else {"pk": EQ_A, "sk": condition}
    answer = filled.query(TableName="t", KeyConditions=conditions)
    assert [int(item["sk"]["N"]) for item in answer["Items"]] == expected
    backwards = filled.query(TableName="t", KeyConditions=conditions, ScanIndexForward=False)
    assert [int(item["sk"]["N"]) for item in backwards["Items"]] == expected[::-1]


def test_key_conditions_begins_with_on_an_index() -> None:
    with hookmock.aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        ddb.create_table(
            TableName="words",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[
                {"AttributeName": "id", "AttributeType": "S"},
                {"AttributeName": "group", "AttributeType": "S"},
                {"AttributeName": "word", "AttributeType": "S"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-group",
                    "KeySchema": [
                        {"AttributeName": "group", "KeyType": "HASH"},
                        {"AttributeName": "word", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        for number, word in enumerate(["apple", "apricot", "banana", "avocado"]):
            ddb.put_item(
                TableName="words",
                Item={"id": {"S": str(number)}, "group": {"S": "g"}, "word": {"S": word}},
            )
        answer = ddb.query(
            TableName="words",
            IndexName="by-group",
            KeyConditions={
                "group": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "g"}]},
                "word": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "ap"}]},
            },
        )
        assert [item["word"]["S"] for item in answer["Items"]] == ["apple", "apricot"]
        with pytest.raises(ClientError) as raised:
            ddb.query(
                TableName="words",
                IndexName="by-group",
                KeyConditions={
                    "group": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "g"}]}
                },
                QueryFilter={"word": {"ComparisonOperator": "NOT_NULL"}},
            )
        assert validation_message(raised) == (
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: word"
        )


@pytest.mark.parametrize(
    ("conditions", "text"),
    [
        ({}, "Conditions can be of length 1 or 2 only"),
        (
            {"pk": EQ_A, "sk": {"ComparisonOperator": "NULL"}, "x": {"ComparisonOperator": "NULL"}},
            "Conditions can be of length 1 or 2 only",
        ),
        (
            {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}, {"S": "b"}]}},
            invalid("Invalid number of argument(s) for the EQ ComparisonOperator"),
        ),
        (
            {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"SS": ["a"]}]}},
            invalid("Condition parameter type does not match schema type"),
        ),
        (
            {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}},
            invalid("Condition parameter type does not match schema type"),
        ),
        ({"sk": {"ComparisonOperator": "NULL"}}, "Query condition missed key schema element: pk"),
        (
            {"pk": EQ_A, "x": {"ComparisonOperator": "NULL"}},
            "Query condition missed key schema element: sk",
        ),
        (
            {"pk": {"ComparisonOperator": "NOT_NULL"}},
            "Attempted conditional constraint is not an indexable operation",
        ),
        (
            {"pk": EQ_A, "sk": {"ComparisonOperator": "IN", "AttributeValueList": [{"N": "1"}]}},
            "Attempted conditional constraint is not an indexable operation",
        ),
        (
            {"pk": {"ComparisonOperator": "GT", "AttributeValueList": [{"S": "a"}]}},
            "Query key condition not supported",
        ),
        (
            {
                "pk": EQ_A,
                "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "1"}]},
            },
            invalid("Condition parameter type does not match schema type"),
        ),
    ],
)
def test_key_conditions_errors(ddb: Any, conditions: dict[str, Any], text: str) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.query(TableName="t", KeyConditions=conditions)
    assert validation_message(raised) == text


def test_key_conditions_go_with_expressions_but_not_with_key_condition_expression(
    filled: Any,
) -> None:
    answer = filled.query(
        TableName="t",
        KeyConditions={"pk": EQ_A},
        FilterExpression="n > :five",
        ProjectionExpression="sk",
        ExpressionAttributeValues={":five": {"N": "5"}},
    )
    assert answer["Items"] == [{"sk": {"N": "2"}}]
    with pytest.raises(ClientError) as raised:
        filled.query(
            TableName="t",
            KeyConditions={"pk": EQ_A},
            KeyConditionExpression="pk = :a",
            ExpressionAttributeValues={":a": {"S": "a"}},
        )
    assert validation_message(raised) == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {KeyConditions} Expression parameters: "
        "{KeyConditionExpression}"
    )


def test_query_filter_and_filter_expression_refuse_key_attributes(ddb: Any) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.query(
            TableName="t",
            KeyConditions={"pk": EQ_A},
            QueryFilter={"sk": {"ComparisonOperator": "NOT_NULL"}},
        )
    assert validation_message(raised) == (
        "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk"
    )
    with pytest.raises(ClientError) as raised:
        ddb.query(
            TableName="t",
            KeyConditionExpression="pk = :a",
            FilterExpression="sk > :one OR size(pk) > :one",
            ExpressionAttributeValues={":a": {"S": "a"}, ":one": {"N": "1"}},
        )
    assert validation_message(raised) == (
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: pk"
    )


def test_attributes_to_get_with_legacy_query(filled: Any) -> None:
    answer = filled.query(
        TableName="t",
        KeyConditions={"pk": EQ_A},
        QueryFilter={"v": {"ComparisonOperator": "NOT_NULL"}},
        AttributesToGet=["v", "missing"],
    )
    assert answer["Items"] == [{"v": {"S": "apple"}}, {"v": {"S": "banana"}}]
    with pytest.raises(ClientError) as raised:
        filled.get_item(TableName="t", Key=key(), AttributesToGet=["v", "v"])
    assert validation_message(raised) == invalid("Duplicate value in attribute name: v")


# --- Expected ----------------------------------------------------------------------------


def test_expected_exists_and_value_forms(ddb: Any) -> None:
    ddb.put_item(TableName="t", Item={**key(), "v": {"N": "1"}}, Expected={"pk": {"Exists": False}})
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as raised:
        ddb.put_item(
            TableName="t",
            Item=key(),
            Expected={"pk": {"Exists": False}},
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert raised.value.response["Item"]["v"] == {"N": "1"}
    ddb.put_item(
        TableName="t", Item={**key(), "v": {"N": "2"}}, Expected={"v": {"Value": {"N": "1.0"}}}
    )
    ddb.put_item(
        TableName="t",
        Item={**key(), "v": {"N": "3"}},
        Expected={"v": {"Value": {"N": "2"}, "Exists": True}},
    )
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
        ddb.put_item(TableName="t", Item=key(), Expected={"v": {"Value": {"S": "3"}}})
    assert get(ddb) == {**key(), "v": {"N": "3"}}


@pytest.mark.parametrize(("name", "operator", "listed", "expected"), FILTER_CASES)
def test_expected_operators_on_delete(
    filled: Any, name: str, operator: str, listed: list[Any], expected: set[int]
) -> None:
    condition: dict[str, Any] = {"ComparisonOperator": operator}
    if listed:
        condition["AttributeValueList"] = listed
    deleted = set()
    for sk in (1, 2, 3):
        try:
            filled.delete_item(TableName="t", Key=key(sk), Expected={name: condition})
        except filled.exceptions.ConditionalCheckFailedException:
            continue
        deleted.add(sk)
    assert deleted == expected
    assert {sk for sk in (1, 2, 3) if get(filled, sk) is None} == expected


def test_expected_value_with_comparison_operator_and_conditional_operator(filled: Any) -> None:
    expected = {
        "n": {"ComparisonOperator": "GT", "Value": {"N": "7"}},
        "v": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "ap"}]},
    }
    with pytest.raises(filled.exceptions.ConditionalCheckFailedException):
        filled.delete_item(TableName="t", Key=key(1), Expected=expected)
    filled.delete_item(TableName="t", Key=key(1), Expected=expected, ConditionalOperator="OR")
    assert get(filled, 1) is None


@pytest.mark.parametrize(
    ("expected", "text"),
    [
        ({"v": {}}, invalid("Value must be provided when Exists is null for Attribute: v")),
        (
            {"v": {"Exists": True}},
            invalid("Value must be provided when Exists is true for Attribute: v"),
        ),
        (
            {"v": {"Exists": False, "Value": {"S": "a"}}},
            invalid("Value cannot be used when Exists is false for Attribute: v"),
        ),
        (
            {"v": {"Value": {"S": "a"}, "AttributeValueList": [{"S": "a"}]}},
            invalid("Value and AttributeValueList cannot be used together for Attribute: v"),
        ),
        (
            {"v": {"ComparisonOperator": "NULL", "Exists": False}},
            invalid("Exists and ComparisonOperator cannot be used together for Attribute: v"),
        ),
        (
            {"v": {"ComparisonOperator": "EQ"}},
            invalid(
                "Value or AttributeValueList must be used with ComparisonOperator: EQ for "
                "Attribute: v"
            ),
        ),
        (
            {"v": {"AttributeValueList": [{"S": "a"}]}},
            invalid(
                "AttributeValueList can only be used with a ComparisonOperator for Attribute: v"
            ),
        ),
        (
            {"v": {"ComparisonOperator": "NOT_NULL", "Value": {"S": "a"}}},
            invalid("Invalid number of argument(s) for the NOT_NULL ComparisonOperator"),
        ),
        (
            {"v": {"ComparisonOperator": "GT", "Value": {"BOOL": True}}},
            invalid("ComparisonOperator GT is not valid for BOOL AttributeValue type"),
        ),
    ],
)
def test_expected_errors(ddb: Any, expected: dict[str, Any], text: str) -> None:
    for call in (
        lambda: ddb.put_item(TableName="t", Item=key(), Expected=expected),
        lambda: ddb.delete_item(TableName="t", Key=key(), Expected=expected),
        lambda: ddb.update_item(TableName="t", Key=key(), Expected=expected),
    ):
        with pytest.raises(ClientError) as raised:
            call()
        assert validation_message(raised) == text
    assert get(ddb) is None


@pytest.mark.parametrize(
    ("params", "text"),
    [
        (
            {"Expected": {"v": {"Exists": False}}, "ConditionExpression": "attribute_exists(v)"},
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
        ),
        (
            {"Expected": {"v": {"Exists": False}}, "ConditionalOperator": "AND"},
            "ConditionalOperator can only be used when Filter or Expected has two or more elements",
        ),
        (
            {"ConditionalOperator": "AND"},
            "ConditionalOperator cannot be used without Filter or Expected",
        ),
        (
            {"Expected": {"v": {"Exists": False}}, "ExpressionAttributeNames": {"#v": "v"}},
            "ExpressionAttributeNames can only be specified when using expressions",
        ),
    ],
)
def test_expected_parameter_errors(ddb: Any, params: dict[str, Any], text: str) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.put_item(TableName="t", Item=key(), **params)
    assert validation_message(raised) == text


# --- AttributeUpdates --------------------------------------------------------------------


def update(ddb: Any, updates: dict[str, Any], sk: int = 1, **kwargs: Any) -> dict[str, Any]:
    answer: dict[str, Any] = ddb.update_item(
        TableName="t", Key=key(sk), AttributeUpdates=updates, **kwargs
    )
    return answer


def test_attribute_updates_put_add_delete(ddb: Any) -> None:
    update(
        ddb,
        {
            "s": {"Value": {"S": "x"}},  # PUT is the default action
            "count": {"Action": "ADD", "Value": {"N": "3"}},  # starts from 0
            "tags": {"Action": "ADD", "Value": {"SS": ["a", "b"]}},
            "l": {"Action": "PUT", "Value": {"L": [{"N": "1"}]}},
        },
    )
    assert get(ddb) == {
        **key(),
        "s": {"S": "x"},
        "count": {"N": "3"},
        "tags": {"SS": ["a", "b"]},
        "l": {"L": [{"N": "1"}]},
    }
    answer = update(
        ddb,
        {
            "count": {"Action": "ADD", "Value": {"N": "-1.5"}},
            "tags": {"Action": "ADD", "Value": {"SS": ["b", "c"]}},
            "l": {"Action": "ADD", "Value": {"L": [{"S": "two"}]}},
            "s": {"Action": "DELETE"},
        },
        ReturnValues="UPDATED_NEW",
    )
    assert answer["Attributes"] == {
        "count": {"N": "1.5"},
        "tags": {"SS": ["a", "b", "c"]},
        "l": {"L": [{"N": "1"}, {"S": "two"}]},
    }
    answer = update(
        ddb,
        {"tags": {"Action": "DELETE", "Value": {"SS": ["a", "c", "zzz"]}}},
        ReturnValues="ALL_OLD",
    )
    assert answer["Attributes"]["tags"] == {"SS": ["a", "b", "c"]}
    assert get(ddb)["tags"] == {"SS": ["b"]}  # type: ignore[index]
    update(ddb, {"tags": {"Action": "DELETE", "Value": {"SS": ["b"]}}})
    assert "tags" not in get(ddb)  # type: ignore[operator]  # an emptied set goes


def test_attribute_updates_on_a_missing_item(ddb: Any) -> None:
    update(ddb, {"gone": {"Action": "DELETE"}, "set": {"Action": "DELETE", "Value": {"NS": ["1"]}}})
    assert get(ddb) is None  # DELETE alone creates nothing
    update(ddb, {"n": {"Action": "ADD", "Value": {"NS": ["1", "2"]}}}, sk=2)
    assert get(ddb, 2) == {**key(2), "n": {"NS": ["1", "2"]}}
    update(ddb, {}, sk=3)
    assert get(ddb, 3) == key(3)


def test_attribute_updates_with_expected_and_streams() -> None:
    with hookmock.aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        create_pk_sk_table(
            ddb,
            "t",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        update(ddb, {"v": {"Value": {"N": "1"}}}, Expected={"pk": {"Exists": False}})
        with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
            update(ddb, {"v": {"Value": {"N": "2"}}}, Expected={"pk": {"Exists": False}})
        answer = update(
            ddb,
            {"v": {"Action": "ADD", "Value": {"N": "1"}}},
            Expected={"v": {"ComparisonOperator": "LE", "AttributeValueList": [{"N": "1"}]}},
            ReturnValues="UPDATED_OLD",
            ReturnConsumedCapacity="TOTAL",
        )
        assert answer["Attributes"] == {"v": {"N": "1"}}
        assert answer["ConsumedCapacity"]["CapacityUnits"] == 1.0
        streams = boto3.client("dynamodbstreams", region_name="us-east-1")
        arn = ddb.describe_table(TableName="t")["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator)["Records"]
        assert [r["eventName"] for r in records] == ["INSERT", "MODIFY"]
        assert records[1]["dynamodb"]["NewImage"]["v"] == {"N": "2"}


@pytest.mark.parametrize(
    ("updates", "text"),
    [
        (
            {"v": {"Action": "PUT"}},
            invalid("Only DELETE action is allowed when no attribute value is specified"),
        ),
        (
            {"v": {"Action": "ADD"}},
            invalid("Only DELETE action is allowed when no attribute value is specified"),
        ),
        (
            {"v": {"Action": "DELETE", "Value": {"S": "a"}}},
            invalid("DELETE action with value is not supported for the type S"),
        ),
        (
            {"v": {"Action": "ADD", "Value": {"M": {}}}},
            invalid("ADD action is not supported for the type M"),
        ),
        (
            {"v": {"Action": "ADD", "Value": {"BOOL": True}}},
            invalid("ADD action is not supported for the type BOOL"),
        ),
        (
            {"sk": {"Value": {"N": "2"}}},
            invalid("Cannot update attribute sk. This attribute is part of the key"),
        ),
        ({"v": {"Value": {"SS": []}}}, invalid("An string set  may not be empty")),
        (
            {"n": {"Action": "ADD", "Value": {"NS": ["1"]}}},
            "Type mismatch for attribute to update",
        ),
        (
            {"tags": {"Action": "DELETE", "Value": {"NS": ["1"]}}},
            "Type mismatch for attribute to update",
        ),
        (
            {"tags": {"Action": "ADD", "Value": {"N": "1"}}},
            "Type mismatch for attribute to update",
        ),
        (
            {"v": {"Action": "ADD", "Value": {"L": [{"N": "1"}]}}},
            "Type mismatch for attribute to update",
        ),
    ],
)
def test_attribute_updates_errors(filled: Any, updates: dict[str, Any], text: str) -> None:
    before = get(filled)
    with pytest.raises(ClientError) as raised:
        update(filled, updates)
    assert validation_message(raised) == text
    assert get(filled) == before


def test_attribute_updates_with_update_expression_is_refused(ddb: Any) -> None:
    with pytest.raises(ClientError) as raised:
        update(
            ddb,
            {"v": {"Value": {"N": "1"}}},
            UpdateExpression="SET v = :v",
            ConditionExpression="attribute_not_exists(v)",
            ExpressionAttributeValues={":v": {"N": "1"}},
        )
    assert validation_message(raised) == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributeUpdates} Expression parameters: "
        "{UpdateExpression, ConditionExpression}"
    )


def test_attribute_updates_respect_index_key_types(ddb: Any) -> None:
    ddb.update_table(
        TableName="t",
        AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[
            {
                "Create": {
                    "IndexName": "by-g",
                    "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            }
        ],
    )
    with pytest.raises(ClientError) as raised:
        update(ddb, {"g": {"Value": {"N": "1"}}})
    assert validation_message(raised) == invalid(
        "Type mismatch for Index Key g Expected: S Actual: N IndexName: by-g"
    )
    update(ddb, {"g": {"Value": {"S": "G"}}})
    found = ddb.query(
        TableName="t",
        IndexName="by-g",
        KeyConditions={"g": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "G"}]}},
    )
    assert found["Items"] == [{**key(), "g": {"S": "G"}}]


# --- the boto3 resource ------------------------------------------------------------------


def test_resource_table_with_legacy_parameters(filled: Any) -> None:
    table = boto3.resource("dynamodb", region_name="us-east-1").Table("t")
    table.update_item(
        Key={"pk": "a", "sk": 2},
        AttributeUpdates={
            "n": {"Action": "ADD", "Value": 5},
            "tags": {"Action": "ADD", "Value": {"p", "q"}},
        },
        Expected={"v": {"Value": "banana"}},
    )
    item = table.get_item(Key={"pk": "a", "sk": 2}, AttributesToGet=["n", "tags"])["Item"]
    assert item == {"n": Decimal(15), "tags": {"p", "q"}}
    queried = table.query(
        KeyConditions={
            "pk": {"ComparisonOperator": "EQ", "AttributeValueList": ["a"]},
            "sk": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [2, 3]},
        },
        QueryFilter={"n": {"ComparisonOperator": "GE", "AttributeValueList": [10]}},
    )
    assert [i["sk"] for i in queried["Items"]] == [Decimal(2)]
    scanned = table.scan(
        ScanFilter={
            "tags": {"ComparisonOperator": "CONTAINS", "AttributeValueList": ["z"]},
            "v": {"ComparisonOperator": "EQ", "AttributeValueList": ["apple"]},
        },
        ConditionalOperator="OR",
    )
    assert sorted(i["sk"] for i in scanned["Items"]) == [Decimal(1), Decimal(3)]
    with pytest.raises(ClientError) as raised:
        table.put_item(Item={"pk": "a", "sk": 1}, Expected={"pk": {"Exists": False}})
    assert error_of(raised)[0] == "ConditionalCheckFailedException"
