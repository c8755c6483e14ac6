"""DynamoDB's expression language through boto3: conditions, updates, projections, errors."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import code_of

KEY = {"pk": {"S": "a"}, "sk": {"N": "1"}}
ITEM = {
    **KEY,
    "name": {"S": "widget"},
    "n": {"N": "5"},
    "tags": {"SS": ["red", "blue"]},
    "doc": {"M": {"parts": {"L": [{"N": "1"}, {"M": {"deep": {"S": "x"}}}]}, "b": {"B": b"ab"}}},
    "flag": {"BOOL": True},
}


@pytest.fixture
def item(ddb: Any) -> Any:
    ddb.put_item(TableName="t", Item=ITEM)
    return ddb


def holds(ddb: Any, expression: str, values: dict[str, Any] | None = None, **names: str) -> bool:
    """Whether the condition holds for the stored item (a conditional no-op update)."""
    kwargs: dict[str, Any] = {"ConditionExpression": expression}
    used = {ref: value for ref, value in (values or {}).items() if ref in expression}
    if used:
        kwargs["ExpressionAttributeValues"] = used
    if names:
        kwargs["ExpressionAttributeNames"] = {f"#{k}": v for k, v in names.items()}
    try:
        ddb.update_item(TableName="t", Key=KEY, **kwargs)
    except ddb.exceptions.ConditionalCheckFailedException:
        return False
    return True


def invalid(ddb: Any, **kwargs: Any) -> str:
    with pytest.raises(ClientError) as raised:
        ddb.update_item(TableName="t", Key=KEY, **kwargs)
    assert code_of(raised)[0] == "ValidationException"
    return str(raised.value.response["Error"]["Message"])


N = {":five": {"N": "5"}, ":one": {"N": "1"}, ":nine": {"N": "9"}}


@pytest.mark.parametrize(
    ("expression", "values", "expected"),
    [
        ("n = :five", N, True),
        ("n <> :five", N, False),
        ("n BETWEEN :one AND :nine", N, True),
        ("n IN (:one, :nine)", N, False),
        ("n IN (:one, :five)", N, True),
        ("absent <> :five", N, True),
        ("absent = :five", N, False),
        ("n < :one OR n > :one AND NOT n = :nine", N, True),
        ("(n < :one OR n > :one) AND n = :nine", N, False),
        ("attribute_exists(doc.parts[1].deep)", None, True),
        ("attribute_not_exists(doc.parts[2])", None, True),
        ("attribute_type(tags, :t)", {":t": {"S": "SS"}}, True),
        ("begins_with(#n, :p)", {":p": {"S": "wid"}}, True),
        ("begins_with(doc.b, :p)", {":p": {"B": b"a"}}, True),
        ("contains(tags, :c)", {":c": {"S": "red"}}, True),
        ("contains(#n, :c)", {":c": {"S": "dge"}}, True),
        ("contains(doc.parts, :one)", N, True),
        ("size(tags) = :two", {":two": {"N": "2"}}, True),
        ("size(doc) > :one", N, True),
        ("flag = :t", {":t": {"BOOL": True}}, True),
        ("n > :s", {":s": {"S": "1"}}, False),
    ],
)
def test_conditions(item: Any, expression: str, values: Any, expected: bool) -> None:
    names = {"n": "name"} if "#n" in expression else {}
    assert holds(item, expression, values, **names) is expected


def update(ddb: Any, expression: str, values: dict[str, Any] | None = None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"UpdateExpression": expression, "ReturnValues": "ALL_NEW"}
    if values:
        kwargs["ExpressionAttributeValues"] = values
    return dict(ddb.update_item(TableName="t", Key=KEY, **kwargs)["Attributes"])


def test_set_reads_the_item_as_it_was(item: Any) -> None:
    after = update(item, "SET a = n, n = :one", {":one": {"N": "1"}})
    assert (after["a"], after["n"]) == ({"N": "5"}, {"N": "1"})


def test_nested_set_remove_and_list_positions(item: Any) -> None:
    after = update(
        item,
        "SET doc.parts[0] = :x, doc.parts[9] = :y, doc.added = :x REMOVE doc.b",
        {":x": {"S": "x"}, ":y": {"S": "y"}},
    )
    assert after["doc"]["M"]["parts"]["L"] == [{"S": "x"}, {"M": {"deep": {"S": "x"}}}, {"S": "y"}]
    assert "b" not in after["doc"]["M"]
    after = update(item, "REMOVE doc.parts[0], doc.parts[2]")
    assert after["doc"]["M"]["parts"]["L"] == [{"M": {"deep": {"S": "x"}}}]


def test_add_and_delete_on_sets(item: Any) -> None:
    after = update(item, "ADD tags :t", {":t": {"SS": ["green", "red"]}})
    assert sorted(after["tags"]["SS"]) == ["blue", "green", "red"]
    after = update(item, "DELETE tags :t", {":t": {"SS": ["green", "red", "blue"]}})
    assert "tags" not in after
    after = update(item, "ADD fresh :t", {":t": {"NS": ["1"]}})
    assert after["fresh"] == {"NS": ["1"]}


def test_arithmetic_keeps_precision(item: Any) -> None:
    after = update(item, "SET n = n - :d", {":d": {"N": "0.000000000000000000000000000000000001"}})
    assert after["n"] == {"N": "4.999999999999999999999999999999999999"}


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        (
            {"UpdateExpression": "SET a = = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
            'Invalid UpdateExpression: Syntax error; token: "=", near: "= = :v"',
        ),
        (
            {"UpdateExpression": "SET a = :v,", "ExpressionAttributeValues": {":v": {"N": "1"}}},
            'Invalid UpdateExpression: Syntax error; token: "<EOF>", near: ","',
        ),
        (
            {"UpdateExpression": "ADD hits : incr"},
            'Invalid UpdateExpression: Syntax error; token: ":", near: "hits : incr"',
        ),
        (
            {"UpdateExpression": "SET name = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: "
            "name",
        ),
        (
            {"UpdateExpression": "SET a = :v"},
            "Invalid UpdateExpression: An expression attribute value used in expression is not "
            "defined; attribute value: :v",
        ),
        (
            {"UpdateExpression": "SET #a = :v", "ExpressionAttributeValues": {":v": {"N": "1"}}},
            "Invalid UpdateExpression: An expression attribute name used in the document path is "
            "not defined; attribute name: #a",
        ),
        (
            {
                "UpdateExpression": "SET a = :v",
                "ExpressionAttributeValues": {":v": {"N": "1"}, ":w": {"N": "2"}},
            },
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}",
        ),
        (
            {
                "UpdateExpression": "SET a = :v, a.b = :v",
                "ExpressionAttributeValues": {":v": {"N": "1"}},
            },
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or "
            "rewrite one of these paths; path one: [a], path two: [a, b]",
        ),
        (
            {
                "UpdateExpression": "SET a[0] = :v, a.b = :v",
                "ExpressionAttributeValues": {":v": {"N": "1"}},
            },
            "Invalid UpdateExpression: Two document paths conflict with each other; must remove "
            "or rewrite one of these paths; path one: [a, [0]], path two: [a, b]",
        ),
        (
            {
                "UpdateExpression": "SET a = :v SET b = :v",
                "ExpressionAttributeValues": {":v": {"N": "1"}},
            },
            'Invalid UpdateExpression: The "SET" section can only be used once in an update '
            "expression;",
        ),
        (
            {"UpdateExpression": "ADD a :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: "
            "ADD, operand type: STRING",
        ),
        (
            {"UpdateExpression": "SET a = b + :v", "ExpressionAttributeValues": {":v": {"S": "x"}}},
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator "
            "or function: +, operand type: S",
        ),
        (
            {"UpdateExpression": "SET a = absent"},
            "Invalid UpdateExpression: The provided expression refers to an attribute that does "
            "not exist in the item",
        ),
        (
            {
                "UpdateExpression": "SET nope.deeper = :v",
                "ExpressionAttributeValues": {":v": {"N": "1"}},
            },
            "The document path provided in the update expression is invalid for update",
        ),
        (
            {"UpdateExpression": "SET a = size(n)"},
            "Invalid UpdateExpression: The function is not allowed to be used this way in an "
            "expression; function: size",
        ),
        (
            {"UpdateExpression": ""},
            "Invalid UpdateExpression: The expression can not be empty;",
        ),
        (
            {
                "ConditionExpression": "attribute_exists(:v)",
                "ExpressionAttributeValues": {":v": {"N": "1"}},
            },
            "Invalid ConditionExpression: Operator or function requires a document path; operator "
            "or function: attribute_exists",
        ),
        (
            {"ConditionExpression": "begins_with(a)"},
            "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
            "operator or function: begins_with, number of operands: 1",
        ),
        (
            {"ConditionExpression": "nope(a)"},
            "Invalid ConditionExpression: Invalid function name; function: nope",
        ),
        (
            {
                "ConditionExpression": "attribute_type(a, :t)",
                "ExpressionAttributeValues": {":t": {"S": "X"}},
            },
            "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: "
            "{B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
        ),
        (
            {
                "ConditionExpression": "n BETWEEN :hi AND :lo",
                "ExpressionAttributeValues": {":hi": {"N": "5"}, ":lo": {"N": "1"}},
            },
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater "
            "than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound "
            "operand: AttributeValue: {N:1}",
        ),
        (
            {
                "ConditionExpression": "a = :v",
                "ExpressionAttributeValues": {":v": {"N": "1"}},
                "Expected": {},
            },
            "Can not use both expression and non-expression parameters in the same request: "
            "Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
        ),
        (
            {"ExpressionAttributeNames": {"#a": "a"}},
            "ExpressionAttributeNames can only be specified when using expressions",
        ),
        (
            {"ConditionExpression": "a = !!!"},
            'Invalid ConditionExpression: Syntax error; token: "!", near: "= !!"',
        ),
    ],
)
def test_expression_errors(item: Any, kwargs: dict[str, Any], text: str) -> None:
    assert invalid(item, **kwargs) == text
    assert item.get_item(TableName="t", Key=KEY)["Item"] == ITEM


def test_projection_overlap(item: Any) -> None:
    with pytest.raises(ClientError) as raised:
        item.get_item(TableName="t", Key=KEY, ProjectionExpression="doc, doc.b")
    assert raised.value.response["Error"]["Message"] == (
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove "
        "or rewrite one of these paths; path one: [doc], path two: [doc, b]"
    )
