"""DynamoDB's PartiQL operations through boto3: ExecuteStatement,
BatchExecuteStatement and ExecuteTransaction."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError

import hookmock

from helpers import code_of, error_of

MALFORMED = "Statement wasn't well formed, can't be processed: "
INCOMPLETE_KEY = "Where clause does not contain a mandatory equality on all key attributes"


def run(ddb: Any, statement: str, *parameters: dict[str, Any], **kwargs: Any) -> Any:
    if parameters:
        kwargs["Parameters"] = list(parameters)
    return ddb.execute_statement(Statement=statement, **kwargs)


def items(ddb: Any, statement: str, *parameters: dict[str, Any], **kwargs: Any) -> list[Any]:
    return list(run(ddb, statement, *parameters, **kwargs)["Items"])


def refused(ddb: Any, statement: str, *parameters: dict[str, Any], **kwargs: Any) -> str:
    """The ValidationException message ``statement`` gets."""
    with pytest.raises(ClientError) as raised:
        run(ddb, statement, *parameters, **kwargs)
    code, message = error_of(raised)
    assert code == "ValidationException", message
    return message


def fill(ddb: Any) -> None:
    """Items a/1..a/3 and b/1, each with v = 10 * sk."""
    for pk, sk in (("a", 1), ("a", 2), ("a", 3), ("b", 1)):
        run(ddb, f"INSERT INTO t VALUE {{'pk': '{pk}', 'sk': {sk}, 'v': {10 * sk}}}")


def keys(found: list[Any]) -> list[tuple[str, int]]:
    return [(i["pk"]["S"], int(i["sk"]["N"])) for i in found]


# --- INSERT -----------------------------------------------------------------------------


def test_insert_writes_every_literal_type(ddb: Any) -> None:
    answer = run(
        ddb,
        """INSERT INTO "t" VALUE {'pk': 'a', 'sk': 1, 's': 'it''s', 'n': -1.50, 'e': 15E-1,
           'yes': true, 'nothing': null, 'l': [1, 'two', [3]], 'm': {'k': {'deep': 'x'}},
           'ss': <<'b', 'a'>>, 'ns': <<1, 2.5>>}""",
    )
    assert answer["Items"] == []
    item = ddb.get_item(TableName="t", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})["Item"]
    assert item == {
        "pk": {"S": "a"},
        "sk": {"N": "1"},
        "s": {"S": "it's"},
        "n": {"N": "-1.5"},
        "e": {"N": "1.5"},
        "yes": {"BOOL": True},
        "nothing": {"NULL": True},
        "l": {"L": [{"N": "1"}, {"S": "two"}, {"L": [{"N": "3"}]}]},
        "m": {"M": {"k": {"M": {"deep": {"S": "x"}}}}},
        "ss": {"SS": ["b", "a"]},
        "ns": {"NS": ["1", "2.5"]},
    }


def test_insert_with_parameters(ddb: Any) -> None:
    run(
        ddb,
        "INSERT INTO t VALUE {'pk': ?, 'sk': ?, 'b': ?, 'nested': {'list': [?]}, 'q': '?'}",
        {"S": "p"},
        {"N": "7"},
        {"B": b"\x00\x01"},
        {"SS": ["x"]},
    )
    item = ddb.get_item(TableName="t", Key={"pk": {"S": "p"}, "sk": {"N": "7"}})["Item"]
    assert item["b"] == {"B": b"\x00\x01"}
    assert item["nested"] == {"M": {"list": {"L": [{"SS": ["x"]}]}}}
    assert item["q"] == {"S": "?"}  # a ? inside a string is text


def test_parameters_must_cover_every_question_mark(ddb: Any) -> None:
    mismatch = "Number of parameters in request and statement don't match."
    statement = "INSERT INTO t VALUE {'pk': ?, 'sk': ?}"
    assert refused(ddb, statement, {"S": "a"}) == mismatch
    assert refused(ddb, "SELECT * FROM t WHERE pk = ?") == mismatch
    # Values beyond the statement's ? are not used.
    run(ddb, statement, {"S": "a"}, {"N": "1"}, {"N": "2"})
    assert items(ddb, "SELECT * FROM t WHERE pk = 'a'", {"S": "unused"}) == [
        {"pk": {"S": "a"}, "sk": {"N": "1"}}
    ]
    assert refused(ddb, statement, {"S": "a"}, {"N": "x"}) == (
        "A value provided cannot be converted into a number"
    )


def test_insert_of_an_existing_key_is_a_duplicate(ddb: Any) -> None:
    run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'v': 1}")
    with pytest.raises(ddb.exceptions.DuplicateItemException) as raised:
        run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'v': 2}")
    assert error_of(raised) == ("DuplicateItemException", "Duplicate primary key exists in table")
    found = items(ddb, "SELECT v FROM t WHERE pk = 'a' AND sk = 1")
    assert found == [{"v": {"N": "1"}}]


def test_insert_checks_the_item(ddb: Any) -> None:
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a'}") == (
        "Key attribute should be present in the item: Key sk"
    )
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': '1'}") == (
        "Key attribute's data type should match its data type in table's schema: Key sk"
    )
    assert refused(ddb, "INSERT INTO t VALUE ?", {"S": "x"}).startswith(
        "Unsupported format in item expression."
    )
    assert refused(ddb, "INSERT INTO t VALUE [1]").startswith(
        "Unsupported format in item expression."
    )
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1} RETURNING ALL OLD *") == (
        "RETURNING is not supported in INSERT"
    )
    assert refused(ddb, "INSERT INTO t VALUES {'pk': 'a', 'sk': 1}").startswith(
        "Unsupported operation: Inserting multiple items in a single statement is not supported"
    )
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'pk': 'b'}") == (
        "Duplicate keys in tuple. Key: pk under root"
    )
    assert refused(ddb, "INSERT INTO t VALUE {'pk': '', 'sk': 1}").endswith(
        "The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"
    )
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 's': <<>>}") == (
        "Empty bags are not supported"
    )
    bags = "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags"
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 's': <<1, 'x'>>}") == bags
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 's': <<?>>}", {"S": "x"}) == bags
    assert items(ddb, "SELECT * FROM t") == []


def test_number_literals_name_where_they_break_the_limits(ddb: Any) -> None:
    overflow = (
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )
    assert refused(ddb, "SELECT * FROM t WHERE pk = 1e126") == f"{overflow} under root"
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'm': {'x': 1e126}}") == (
        f"{overflow} under root.x"
    )
    assert refused(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'l': [1, 1e126]}") == (
        f"{overflow} under root[1]"
    )
    assert refused(ddb, "UPDATE t SET a = 1e-131 WHERE pk = 'a' AND sk = 1").startswith(
        "Number underflow."
    )


# --- SELECT -----------------------------------------------------------------------------


def test_select_projects_paths_under_their_last_name(ddb: Any) -> None:
    run(
        ddb,
        "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'm': {'k': [5, 6], 'z': 'zed'}, 'l': ['x']}",
    )
    found = items(ddb, "SELECT m.k[1], l[0], m.z, \"missing\" FROM t WHERE pk = 'a'")
    assert found == [{"k[1]": {"N": "6"}, "l[0]": {"S": "x"}, "z": {"S": "zed"}}]
    assert refused(ddb, "SELECT m.z, z FROM t") == "Duplicate identifiers in select clause: z"
    assert refused(ddb, "SELECT *, pk FROM t") == (
        "Other attributes should not be present in the projection when '*' is used."
    )
    assert refused(ddb, "SELECT pk AS p FROM t") == "Aliasing is not supported"


def test_select_by_partition_key_and_sort_key_range(ddb: Any) -> None:
    fill(ddb)
    select = "SELECT * FROM t WHERE "
    assert keys(items(ddb, select + "pk = 'a'")) == [("a", 1), ("a", 2), ("a", 3)]
    assert keys(items(ddb, select + "'a' = pk AND sk > 1")) == [("a", 2), ("a", 3)]
    assert keys(items(ddb, select + "pk = 'a' AND sk >= 2")) == [("a", 2), ("a", 3)]
    assert keys(items(ddb, select + "pk = 'a' AND sk < 2")) == [("a", 1)]
    assert keys(items(ddb, select + "pk = 'a' AND 2 >= sk")) == [("a", 1), ("a", 2)]
    assert keys(items(ddb, select + "pk = 'a' AND sk = 3")) == [("a", 3)]
    assert keys(items(ddb, select + "pk = 'a' AND sk BETWEEN 2 AND 3")) == [("a", 2), ("a", 3)]
    assert keys(items(ddb, select + "pk = 'a' AND sk BETWEEN 3 AND 2")) == []
    assert keys(items(ddb, select + "pk = 'a' AND sk <> 2")) == [("a", 1), ("a", 3)]
    assert keys(items(ddb, select + "pk = 'a' AND sk = '2'")) == []
    assert keys(items(ddb, select + "pk = 1")) == []
    assert keys(items(ddb, select + "pk = ? AND sk = ?", {"S": "a"}, {"N": "2"})) == [("a", 2)]
    both = sorted(keys(items(ddb, select + "pk IN ['a', 'b'] AND sk = 1")))
    assert both == [("a", 1), ("b", 1)]
    either = sorted(keys(items(ddb, select + "pk = 'b' OR pk = 'a' AND sk = 3")))
    assert either == [("a", 3), ("b", 1)]


def test_select_scans_without_a_partition_key_condition(ddb: Any) -> None:
    fill(ddb)
    assert sorted(keys(items(ddb, "SELECT * FROM t"))) == [("a", 1), ("a", 2), ("a", 3), ("b", 1)]
    assert sorted(keys(items(ddb, "SELECT * FROM t WHERE v > 10"))) == [("a", 2), ("a", 3)]
    found = items(ddb, "SELECT * FROM t WHERE sk = 1 OR v = 30")
    assert sorted(keys(found)) == [("a", 1), ("a", 3), ("b", 1)]
    assert keys(items(ddb, "SELECT * FROM t WHERE NOT (pk = 'a')")) == [("b", 1)]
    assert sorted(keys(items(ddb, "SELECT * FROM t WHERE v IN [20, 30]"))) == [("a", 2), ("a", 3)]
    found = items(ddb, "SELECT * FROM t WHERE v NOT IN (10, 20) AND pk <> 'b'")
    assert keys(found) == [("a", 3)]


def test_select_functions_and_type_tests(ddb: Any) -> None:
    run(
        ddb,
        "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 's': 'hello', 'tags': <<'x', 'y'>>, "
        "'n': null, 'l': [1, 2, 3], 'm': {'inner': true}}",
    )
    run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 2, 's': 'world', 'n': 5}")
    select = "SELECT sk FROM t WHERE pk = 'a' AND "

    def matching(condition: str, *parameters: dict[str, Any]) -> list[int]:
        return [int(i["sk"]["N"]) for i in items(ddb, select + condition, *parameters)]

    assert matching("begins_with(s, 'he')") == [1]
    assert matching('BEGINS_WITH("s", ?)', {"S": "wo"}) == [2]
    assert matching("contains(s, 'orl')") == [2]
    assert matching("contains(tags, 'y')") == [1]
    assert matching("contains(l, 2)") == [1]
    assert matching("attribute_type(n, 'NULL')") == [1]
    assert matching("attribute_type(n, 'N')") == [2]
    assert matching("size(l) = 3") == [1]
    assert matching("size(s) >= 5") == [1, 2]
    assert matching("tags IS MISSING") == [2]
    assert matching("tags IS NOT MISSING") == [1]
    assert matching("n IS NULL") == [1]
    assert matching("n IS NOT NULL") == [2]
    assert matching("m IS STRUCT AND m.inner = true") == [1]
    assert matching("attribute_exists(m.inner)") == [1]
    assert matching("attribute_not_exists(m)") == [2]
    assert matching("l[0] = 1 AND l[2] = 3") == [1]
    assert matching("l = [1, 2, 3]") == [1]
    assert matching("m = {'inner': true}") == [1]
    assert matching("tags = <<'y', 'x'>>") == [1]
    assert refused(ddb, select + "attribute_type(n, 'X')").startswith(
        "Invalid attribute type name found; type: X"
    )
    assert refused(ddb, select + "tags = MISSING") == "MISSING must be compared using IS operator"
    assert refused(ddb, select + "n IS INT4").startswith(
        "Unsupported data type for IS operator: INT4."
    )
    assert refused(ddb, select + "n IS FOO") == f"{MALFORMED}Expected type name"
    assert refused(ddb, select + "upper(s) = 'X'") == "Unrecognized function: upper"


def test_quoted_names(ddb: Any) -> None:
    ddb.put_item(
        TableName="t",
        Item={
            "pk": {"S": "a"},
            "sk": {"N": "1"},
            "a.b": {"N": "1"},
            "#x": {"N": "2"},
            "select": {"N": "3"},
        },
    )
    found = items(ddb, 'SELECT "a.b", "#x", "select" FROM "t" WHERE "#x" = 2 AND "a.b" = 1')
    assert found == [{"a.b": {"N": "1"}, "#x": {"N": "2"}, "select": {"N": "3"}}]
    assert refused(ddb, "SELECT * FROM t WHERE select = 3") == f"{MALFORMED}Unexpected keyword"


def test_select_through_an_index() -> None:
    with hookmock.aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        ddb.create_table(
            TableName="orders",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[
                {"AttributeName": "id", "AttributeType": "S"},
                {"AttributeName": "customer", "AttributeType": "S"},
                {"AttributeName": "total", "AttributeType": "N"},
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "by-customer",
                    "KeySchema": [
                        {"AttributeName": "customer", "KeyType": "HASH"},
                        {"AttributeName": "total", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                }
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        for number, customer, total in (("1", "c1", 30), ("2", "c1", 10), ("3", "c2", 20)):
            run(
                ddb,
                "INSERT INTO orders VALUE {'id': ?, 'customer': ?, 'total': ?, 'note': 'n'}",
                {"S": number},
                {"S": customer},
                {"N": str(total)},
            )
        found = items(
            ddb,
            'SELECT * FROM "orders"."by-customer" WHERE customer = \'c1\' ORDER BY total DESC',
            ReturnConsumedCapacity="INDEXES",
        )
        # The index projects the keys only.
        assert found == [
            {"id": {"S": "1"}, "customer": {"S": "c1"}, "total": {"N": "30"}},
            {"id": {"S": "2"}, "customer": {"S": "c1"}, "total": {"N": "10"}},
        ]
        answer = run(ddb, 'SELECT id FROM "orders"."by-customer" WHERE total > 15', Limit=1)
        assert len(answer["Items"]) <= 1
        assert "NextToken" in answer
        rest = run(
            ddb,
            'SELECT id FROM "orders"."by-customer" WHERE total > 15',
            NextToken=answer["NextToken"],
        )
        ids = sorted(i["id"]["S"] for i in answer["Items"] + rest["Items"])
        assert ids == ["1", "3"]
        assert refused(ddb, 'SELECT * FROM "orders"."nope"') == (
            "The table does not have the specified index: nope"
        )
        assert refused(ddb, 'SELECT * FROM "orders"."by-customer"', ConsistentRead=True) == (
            "Strongly consistent read is not supported on Global Secondary Indexes"
        )
        assert refused(ddb, 'UPDATE "orders"."by-customer" SET a = 1 WHERE id = \'1\'') == (
            "This operation is not supported on an index"
        )


def test_select_pages_with_limit_and_next_token(ddb: Any) -> None:
    for sk in range(10):
        run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': ?, 'v': ?}", {"N": str(sk)}, {"N": "1"})
    for statement in ("SELECT sk FROM t WHERE pk = 'a'", "SELECT sk FROM t WHERE v = 1"):
        seen: list[int] = []
        token = None
        pages = 0
        while True:
            kwargs: dict[str, Any] = {"Limit": 3}
            if token is not None:
                kwargs["NextToken"] = token
            answer = run(ddb, statement, **kwargs)
            pages += 1
            seen += [int(i["sk"]["N"]) for i in answer["Items"]]
            token = answer.get("NextToken")
            if token is None:
                break
        assert sorted(seen) == list(range(10))
        assert pages == 4
    # Limit counts the items read, not the items that match.
    answer = run(ddb, "SELECT sk FROM t WHERE v = 2", Limit=5)
    assert answer["Items"] == []
    assert "NextToken" in answer
    first = run(ddb, "SELECT sk FROM t WHERE pk = 'a'", Limit=2)
    assert refused(ddb, "SELECT sk FROM t WHERE pk = 'b'", NextToken=first["NextToken"]) == (
        "NextToken does not match request"
    )
    assert refused(ddb, "SELECT sk FROM t WHERE pk = 'a'", NextToken="garbage") == (
        "Invalid NextToken"
    )


def test_a_page_ends_at_one_megabyte(ddb: Any) -> None:
    big = "x" * 100_000
    for sk in range(15):
        run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': ?, 'big': ?}", {"N": str(sk)}, {"S": big})
    first = run(ddb, "SELECT sk FROM t WHERE pk = 'a'")
    assert 0 < len(first["Items"]) < 15
    rest = run(ddb, "SELECT sk FROM t WHERE pk = 'a'", NextToken=first["NextToken"])
    assert len(first["Items"]) + len(rest["Items"]) == 15
    assert "NextToken" not in rest


def test_order_by(ddb: Any) -> None:
    fill(ddb)
    found = items(ddb, "SELECT * FROM t WHERE pk = 'a' ORDER BY sk DESC")
    assert keys(found) == [("a", 3), ("a", 2), ("a", 1)]
    found = items(ddb, "SELECT * FROM t WHERE pk IN ['a', 'b'] ORDER BY pk DESC, sk ASC")
    assert keys(found) == [("b", 1), ("a", 1), ("a", 2), ("a", 3)]
    found = items(ddb, "SELECT * FROM t WHERE pk = 'b' OR pk = 'a' ORDER BY pk")
    assert keys(found) == [("a", 1), ("a", 2), ("a", 3), ("b", 1)]
    answer = run(ddb, "SELECT * FROM t WHERE pk = 'a' ORDER BY sk DESC", Limit=2)
    assert keys(answer["Items"]) == [("a", 3), ("a", 2)]
    rest = run(
        ddb, "SELECT * FROM t WHERE pk = 'a' ORDER BY sk DESC", NextToken=answer["NextToken"]
    )
    assert keys(rest["Items"]) == [("a", 1)]
    assert refused(ddb, "SELECT * FROM t ORDER BY sk") == (
        "Must have WHERE clause in the statement when using ORDER BY clause."
    )
    assert refused(ddb, "SELECT * FROM t WHERE v = 1 ORDER BY sk") == (
        "Must have at least one non-optional hash key condition in WHERE clause when using "
        "ORDER BY clause."
    )
    assert refused(ddb, "SELECT * FROM t WHERE pk = 'a' ORDER BY v") == (
        "Variable reference v in ORDER BY clause must be part of the primary key"
    )
    assert refused(ddb, "SELECT * FROM t WHERE pk IN ['a', 'b'] ORDER BY sk") == (
        "Must have hash key in ORDER BY clause when more than one hash key condition specified "
        "in WHERE clause."
    )


def test_select_consumed_capacity_and_consistency(ddb: Any) -> None:
    fill(ddb)
    answer = run(ddb, "SELECT * FROM t WHERE pk = 'a'", ReturnConsumedCapacity="TOTAL")
    assert answer["ConsumedCapacity"] == {"TableName": "t", "CapacityUnits": 0.5}
    answer = run(ddb, "SELECT * FROM t", ReturnConsumedCapacity="INDEXES", ConsistentRead=True)
    assert answer["ConsumedCapacity"] == {
        "TableName": "t",
        "CapacityUnits": 1.0,
        "Table": {"CapacityUnits": 1.0},
    }
    assert "ConsumedCapacity" not in run(ddb, "SELECT * FROM t")


# --- UPDATE and DELETE ------------------------------------------------------------------


def test_update_actions(ddb: Any) -> None:
    run(
        ddb,
        "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'n': 1, 'l': [1], 'm': {'x': 1}, "
        "'ss': <<'a', 'b'>>, 'gone': 'soon'}",
    )
    run(
        ddb,
        "UPDATE t SET n = n + 5, l = list_append(l, [2, 3]) SET m.y = 'new' "
        "SET ss = set_add(ss, <<'c'>>) REMOVE gone WHERE pk = 'a' AND sk = 1",
    )
    run(ddb, "UPDATE t SET ss = SET_DELETE(ss, <<'a'>>) SET n = n - 1 WHERE pk = 'a' AND sk = 1")
    item = ddb.get_item(TableName="t", Key={"pk": {"S": "a"}, "sk": {"N": "1"}})["Item"]
    assert item["n"] == {"N": "5"}
    assert item["l"] == {"L": [{"N": "1"}, {"N": "2"}, {"N": "3"}]}
    assert item["m"] == {"M": {"x": {"N": "1"}, "y": {"S": "new"}}}
    assert sorted(item["ss"]["SS"]) == ["b", "c"]
    assert "gone" not in item
    run(ddb, "UPDATE t SET tags = ? WHERE pk = ? AND sk = ?", {"NS": ["1"]}, {"S": "a"}, {"N": "1"})
    assert refused(ddb, "UPDATE t SET ss = set_add(other, <<'x'>>) WHERE pk = 'a' AND sk = 1") == (
        "The first argument to SET_ADD must equal the assignment value"
    )
    assert refused(ddb, "UPDATE t SET ss = set_add(ss, 'x') WHERE pk = 'a' AND sk = 1") == (
        "The second argument to SET_ADD must be a value with type SET"
    )
    assert refused(ddb, "UPDATE t SET sk = 2 WHERE pk = 'a' AND sk = 1") == (
        "One or more parameter values were invalid: Cannot update attribute sk. "
        "This attribute is part of the key"
    )


def test_update_returning(ddb: Any) -> None:
    run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'v': 1, 'w': 1}")
    where = " WHERE pk = 'a' AND sk = 1 RETURNING "
    old = items(ddb, "UPDATE t SET v = 2" + where + "ALL OLD *")
    assert old == [{"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"N": "1"}, "w": {"N": "1"}}]
    assert items(ddb, "UPDATE t SET v = 3" + where + "MODIFIED OLD *") == [{"v": {"N": "2"}}]
    assert items(ddb, "UPDATE t SET v = 4" + where + "MODIFIED NEW *") == [{"v": {"N": "4"}}]
    new = items(ddb, "UPDATE t SET v = 5" + where + "ALL NEW *")
    assert new == [{"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"N": "5"}, "w": {"N": "1"}}]
    assert items(ddb, "UPDATE t SET v = 6 WHERE pk = 'a' AND sk = 1") == []
    assert refused(ddb, "UPDATE t SET v = 7" + where + "ALL OLD") == (
        "Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause"
    )


def test_update_needs_the_item_and_its_full_key(ddb: Any) -> None:
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException):
        run(ddb, "UPDATE t SET v = 1 WHERE pk = 'a' AND sk = 1")
    assert items(ddb, "SELECT * FROM t") == []
    assert refused(ddb, "UPDATE t SET v = 1 WHERE pk = 'a'") == INCOMPLETE_KEY
    assert refused(ddb, "UPDATE t SET v = 1 WHERE pk = 'a' OR sk = 1") == INCOMPLETE_KEY
    assert refused(ddb, "UPDATE t SET v = 1 WHERE pk = 'a' AND sk > 1") == INCOMPLETE_KEY
    assert refused(ddb, "UPDATE t SET v = 1") == INCOMPLETE_KEY
    assert refused(ddb, "UPDATE t SET v = 1 WHERE pk = 'a' AND sk = '1'") == (
        "Key attribute's data type should match its data type in table's schema: Key sk"
    )
    assert refused(ddb, "UPDATE t SET v = 1 WHERE pk = 'a' AND sk = 1 AND sk = 2") == (
        "Multiple conditions on same key sk. Only single item Update/Insert/Delete are supported"
    )


def test_update_condition_failure_returns_the_item_when_asked(ddb: Any) -> None:
    run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'v': 1}")
    statement = "UPDATE t SET v = 2 WHERE pk = 'a' AND sk = 1 AND v = 5"
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as raised:
        run(ddb, statement)
    assert "Item" not in raised.value.response
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as raised:
        run(ddb, statement, ReturnValuesOnConditionCheckFailure="ALL_OLD")
    assert error_of(raised) == (
        "ConditionalCheckFailedException",
        "The conditional request failed",
    )
    assert raised.value.response["Item"] == {"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"N": "1"}}
    run(ddb, "UPDATE t SET v = 2 WHERE pk = 'a' AND sk = 1 AND v = 1 AND w IS MISSING")
    assert items(ddb, "SELECT v FROM t") == [{"v": {"N": "2"}}]


def test_delete(ddb: Any) -> None:
    fill(ddb)
    assert items(ddb, "DELETE FROM t WHERE pk = 'a' AND sk = 1") == []
    old = items(ddb, 'DELETE FROM "t" WHERE "pk" = \'a\' AND "sk" = 2 RETURNING ALL OLD *')
    assert old == [{"pk": {"S": "a"}, "sk": {"N": "2"}, "v": {"N": "20"}}]
    # No such item: nothing to delete, no error.
    assert items(ddb, "DELETE FROM t WHERE pk = 'zz' AND sk = 1") == []
    with pytest.raises(ddb.exceptions.ConditionalCheckFailedException) as raised:
        run(
            ddb,
            "DELETE FROM t WHERE pk = 'a' AND sk = 3 AND v = 1",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert raised.value.response["Item"]["v"] == {"N": "30"}
    assert sorted(keys(items(ddb, "SELECT * FROM t"))) == [("a", 3), ("b", 1)]
    assert refused(ddb, "DELETE FROM t WHERE pk = 'a'") == INCOMPLETE_KEY
    assert refused(ddb, "DELETE FROM t WHERE pk = 'a' AND sk = 3 RETURNING ALL NEW *") == (
        "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in "
        "DELETE statements."
    )


def test_writes_report_consumed_capacity_and_reach_streams() -> None:
    with hookmock.aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        streams = boto3.client("dynamodbstreams", region_name="us-east-1")
        arn = ddb.create_table(
            TableName="s",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )["TableDescription"]["LatestStreamArn"]
        answer = run(ddb, "INSERT INTO s VALUE {'id': 'a', 'v': 1}", ReturnConsumedCapacity="TOTAL")
        assert answer["ConsumedCapacity"] == {"TableName": "s", "CapacityUnits": 1.0}
        run(ddb, "UPDATE s SET v = 2 WHERE id = 'a'")
        run(ddb, "DELETE FROM s WHERE id = 'a'")
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator)["Records"]
        assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]


# --- statements DynamoDB refuses ------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("SELECT * FROM t WHERE", f"{MALFORMED}Unexpected term"),
        ("SELECT * FROM t WHERE NOT", f"{MALFORMED}Unexpected term"),
        ("SELECT * FROM", f"{MALFORMED}Expected identifier for simple path"),
        (
            "SELECT * FROM t WHERE pk = 'a' AND",
            f"{MALFORMED}Missing right-hand side expression of infix operator",
        ),
        (
            "SELECT * FROM t WHERE pk = 'a' OR",
            f"{MALFORMED}Missing right-hand side expression of infix operator",
        ),
        ("SELECT * FROM t WHERE ORDER BY pk", f"{MALFORMED}Unexpected keyword"),
        ("SELECT * FROM t WHERE IS NULL", f"{MALFORMED}Unexpected operator"),
        ("SELECT * FROM t WHERE pk = 1 foo", f"{MALFORMED}Unexpected token after expression"),
        ("SELECT * FROM t WHERE pk = 1)", f"{MALFORMED}Unexpected token after expression"),
        (
            "SELECT * FROM t ORDER BY pk WHERE pk = 1",
            f"{MALFORMED}Unexpected token after expression",
        ),
        (
            "DELETE FROM t WHERE pk = 'a' AND sk = 1 ORDER BY pk",
            f"{MALFORMED}Unexpected token after expression",
        ),
        ("SELECT * FROM t WHERE pk = 'a' /* open", MALFORMED),
        ("SELECT * FROM t WHERE pk = 'open", MALFORMED),
        ("SELECT * FROM t WHERE pk = 1 # note", MALFORMED),
        ("DELETE FROM", f"{MALFORMED}Expected identifier for simple path"),
        ("DELETE FROM WHERE pk = 'a'", f"{MALFORMED}Expected identifier for simple path"),
        ("SELECT * FROM t AS x", "Aliasing is not supported"),
        ("UPDATE t x SET a = 1 WHERE pk = 'a' AND sk = 1", "Aliasing is not supported"),
        ("DELETE FROM t x WHERE pk = 'a' AND sk = 1", "Aliasing is not supported"),
        (
            "INSERT INTO t x VALUE {'pk': 'a', 'sk': 1}",
            f"{MALFORMED}Unexpected token after expression",
        ),
        ("SELECT * FROM t WHERE pk = 'a' LIMIT 1", "Unsupported clause: LIMIT"),
        ("SELECT * FROM t.i.j", "A path may contain at most 2 components in the FROM clause"),
        (
            "SELECT * FROM t WHERE pk",
            "WHERE clause must contain an expression that resolves to a boolean",
        ),
        (
            "SELECT * FROM t WHERE pk IN []",
            "IN operator must have a left hand argument of type "
            "Variable Reference and right hand argument of type Seq with at least one member",
        ),
        ("UPSERT INTO t VALUE {'pk': 'a'}", f"{MALFORMED}Unexpected term"),
        ("SELECT * FROM t; SELECT * FROM t", f"{MALFORMED}Unexpected token after expression"),
        ("   ", f"{MALFORMED}Unexpected term"),
        (
            "EXISTS(SELECT * FROM t WHERE pk = 'a' AND sk = 1)",
            "EXISTS can only be used in ExecuteTransaction write requests.",
        ),
    ],
)
def test_refused_statements(ddb: Any, statement: str, message: str) -> None:
    assert refused(ddb, statement) == message


def test_comments_semicolon_and_lower_case_are_accepted(ddb: Any) -> None:
    fill(ddb)
    found = items(ddb, "select pk -- the key\n from /* table */ t where pk = 'b';")
    assert found == [{"pk": {"S": "b"}}]


def test_missing_table(ddb: Any) -> None:
    for statement in (
        "SELECT * FROM nope",
        "INSERT INTO nope VALUE {'pk': 'a', 'sk': 1}",
        "UPDATE nope SET v = 1 WHERE pk = 'a' AND sk = 1",
        "DELETE FROM nope WHERE pk = 'a' AND sk = 1",
    ):
        with pytest.raises(ddb.exceptions.ResourceNotFoundException) as raised:
            run(ddb, statement)
        assert error_of(raised) == ("ResourceNotFoundException", "Requested resource not found")


def test_bad_input_is_refused_before_it_reaches_the_backend(ddb: Any) -> None:
    with pytest.raises(ParamValidationError):
        ddb.execute_statement(Statement="")
    with pytest.raises(ClientError) as raised:
        run(ddb, "SELECT * FROM t WHERE pk = '" + "x" * 8200 + "'")
    assert code_of(raised) == ("ValidationException", 400)
    assert "Member must have length less than or equal to 8192" in error_of(raised)[1]


# --- BatchExecuteStatement ------------------------------------------------------------------


def test_batch_writes_answer_each_statement(ddb: Any) -> None:
    run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'v': 1}")
    answer = ddb.batch_execute_statement(
        Statements=[
            {"Statement": "INSERT INTO t VALUE {'pk': 'b', 'sk': 1}"},
            {"Statement": "INSERT INTO t VALUE {'pk': 'a', 'sk': 1}"},
            {
                "Statement": "UPDATE t SET v = 2 WHERE pk = ? AND sk = ? AND v = 9",
                "Parameters": [{"S": "a"}, {"N": "1"}],
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            },
            {"Statement": "UPDATE t SET v = 3 WHERE pk = 'a' AND sk = 1"},
            {"Statement": "DELETE FROM nope WHERE pk = 'a' AND sk = 1"},
            {"Statement": "DELETE FROM t WHERE pk = 'a'"},
            {"Statement": "UPDATE t SET v = ? WHERE pk = 'a' AND sk = 1"},
            {"Statement": "INSERT INTO t VALUE"},
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    responses = answer["Responses"]
    assert responses[0] == {"TableName": "t"}
    assert responses[1]["Error"] == {
        "Code": "DuplicateItem",
        "Message": "Duplicate primary key exists in table",
    }
    assert responses[2]["Error"] == {
        "Code": "ConditionalCheckFailed",
        "Message": "The conditional request failed",
        "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"N": "1"}},
    }
    assert responses[3] == {"TableName": "t"}
    assert responses[4]["Error"] == {
        "Code": "ResourceNotFound",
        "Message": "Requested resource not found",
    }
    assert responses[5]["Error"] == {"Code": "ValidationError", "Message": INCOMPLETE_KEY}
    assert responses[6]["Error"] == {
        "Code": "ValidationError",
        "Message": "Number of parameters in request and statement don't match.",
    }
    assert responses[7]["Error"] == {
        "Code": "ValidationError",
        "Message": f"{MALFORMED}Unexpected term",
    }
    assert answer["ConsumedCapacity"][0]["TableName"] == "t"
    assert items(ddb, "SELECT v FROM t WHERE pk = 'a' AND sk = 1") == [{"v": {"N": "3"}}]
    assert keys(items(ddb, "SELECT * FROM t WHERE pk = 'b'")) == [("b", 1)]


def test_batch_reads_are_by_full_key(ddb: Any) -> None:
    fill(ddb)
    answer = ddb.batch_execute_statement(
        Statements=[
            {"Statement": "SELECT v FROM t WHERE pk = 'a' AND sk = 2", "ConsistentRead": True},
            {"Statement": "SELECT * FROM t WHERE pk = 'a' AND sk = 9"},
            {"Statement": "SELECT * FROM t WHERE pk = 'a' AND sk = 1 AND v = 99"},
            {"Statement": "SELECT * FROM t WHERE pk = 'a'"},
            {"Statement": "SELECT * FROM t WHERE pk = ? AND sk = ?", "Parameters": [{"S": "b"}]},
        ]
    )
    responses = answer["Responses"]
    assert responses[0] == {"TableName": "t", "Item": {"v": {"N": "20"}}}
    assert responses[1] == {"TableName": "t"}
    assert responses[2] == {"TableName": "t"}
    assert responses[3]["Error"] == {
        "Code": "ValidationError",
        "Message": "Only single item select is supported",
    }
    assert responses[4]["Error"]["Code"] == "ValidationError"


def test_batch_refuses_reads_with_writes_and_too_many_statements(ddb: Any) -> None:
    with pytest.raises(ClientError) as raised:
        ddb.batch_execute_statement(
            Statements=[
                {"Statement": "SELECT * FROM t WHERE pk = 'a' AND sk = 1"},
                {"Statement": "INSERT INTO t VALUE {'pk': 'a', 'sk': 1}"},
            ]
        )
    assert error_of(raised) == (
        "ValidationException",
        "Read and write requests together in the same batch is not supported.",
    )
    assert items(ddb, "SELECT * FROM t") == []
    with pytest.raises(ClientError) as raised:
        ddb.batch_execute_statement(
            Statements=[{"Statement": "SELECT * FROM t WHERE pk = 'a' AND sk = 1"}] * 26
        )
    assert "Member must have length less than or equal to 25" in error_of(raised)[1]
    answer = ddb.batch_execute_statement(
        Statements=[{"Statement": "EXISTS(SELECT * FROM t WHERE pk = 'a' AND sk = 1)"}]
    )
    assert answer["Responses"][0]["Error"] == {
        "Code": "ValidationError",
        "Message": "EXISTS can only be used in ExecuteTransaction write requests.",
    }


# --- ExecuteTransaction ---------------------------------------------------------------------


def test_transaction_of_writes(ddb: Any) -> None:
    fill(ddb)
    answer = ddb.execute_transaction(
        TransactStatements=[
            {"Statement": "EXISTS(SELECT * FROM t WHERE pk = 'a' AND sk = 1 AND v = 10)"},
            {
                "Statement": "INSERT INTO t VALUE {'pk': ?, 'sk': ?}",
                "Parameters": [{"S": "c"}, {"N": "1"}],
            },
            {"Statement": "UPDATE t SET v = v + 1 WHERE pk = 'a' AND sk = 2"},
            {"Statement": "DELETE FROM t WHERE pk = 'b' AND sk = 1"},
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    # Two write units a statement, the condition check included, as TransactWriteItems meters.
    assert answer["ConsumedCapacity"] == [{"TableName": "t", "CapacityUnits": 8.0}]
    assert sorted(keys(items(ddb, "SELECT * FROM t"))) == [("a", 1), ("a", 2), ("a", 3), ("c", 1)]
    assert items(ddb, "SELECT v FROM t WHERE pk = 'a' AND sk = 2") == [{"v": {"N": "21"}}]


def test_transaction_is_cancelled_whole_with_reasons_in_order(ddb: Any) -> None:
    fill(ddb)
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as raised:
        ddb.execute_transaction(
            TransactStatements=[
                {"Statement": "INSERT INTO t VALUE {'pk': 'new', 'sk': 1}"},
                {
                    "Statement": "EXISTS(SELECT * FROM t WHERE pk = 'a' AND sk = 1 AND v = 99)",
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                },
                {"Statement": "INSERT INTO t VALUE {'pk': 'a', 'sk': 2}"},
                {"Statement": "UPDATE t SET v = 1 WHERE pk = 'missing' AND sk = 1"},
                {"Statement": "DELETE FROM t WHERE pk = 'b' AND sk = 1"},
            ]
        )
    response = raised.value.response
    assert response["Error"]["Message"] == (
        "Transaction cancelled, please refer cancellation reasons for specific reasons "
        "[None, ConditionalCheckFailed, DuplicateItem, ConditionalCheckFailed, None]"
    )
    reasons = response["CancellationReasons"]
    assert reasons[0] == {"Code": "None"}
    assert reasons[1] == {
        "Code": "ConditionalCheckFailed",
        "Message": "The conditional request failed",
        "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "v": {"N": "10"}},
    }
    assert reasons[2] == {
        "Code": "DuplicateItem",
        "Message": "Duplicate primary key exists in table",
    }
    assert reasons[3] == {
        "Code": "ConditionalCheckFailed",
        "Message": "The conditional request failed",
    }
    assert sorted(keys(items(ddb, "SELECT * FROM t"))) == [("a", 1), ("a", 2), ("a", 3), ("b", 1)]


def test_transaction_refusals(ddb: Any) -> None:
    def refusal(*statements: str) -> str:
        with pytest.raises(ClientError) as raised:
            ddb.execute_transaction(TransactStatements=[{"Statement": s} for s in statements])
        code, message = error_of(raised)
        assert code == "ValidationException", message
        return message

    assert (
        refusal(
            "INSERT INTO t VALUE {'pk': 'a', 'sk': 1}",
            "UPDATE t SET v = 1 WHERE pk = 'a' AND sk = 1",
        )
        == "Transaction request cannot include multiple operations on one item"
    )
    assert (
        refusal(
            "SELECT * FROM t WHERE pk = 'a' AND sk = 1",
            "INSERT INTO t VALUE {'pk': 'b', 'sk': 1}",
        )
        == "ExecuteTransaction API does not support both read and write operations in the same "
        "request."
    )
    assert refusal("SELECT * FROM t WHERE pk = 'a'") == (
        "Select statements within ExecuteTransaction must specify the primary key in the where "
        "clause."
    )
    assert refusal("INSERT INTO t VALUE {'pk': 'a', 'sk': 1}", "SELECT * FROM t WHERE") == (
        f"Validation failed in TransactStatements[1]: {MALFORMED}Unexpected term"
    )
    assert refusal('SELECT * FROM "t"."i" WHERE pk = \'a\' AND sk = 1') == (
        "Reads on indices are not supported within transactions."
    )
    assert refusal("EXISTS(SELECT * FROM t WHERE v = 1)") == (
        "EXISTS() must contain a single item read with additional condition"
    )
    assert refusal("DELETE FROM t WHERE pk = 'a' AND sk = 1 RETURNING ALL OLD *") == (
        "RETURNING is not supported in ExecuteTransaction"
    )
    with pytest.raises(ClientError) as raised:
        ddb.execute_transaction(
            TransactStatements=[
                {"Statement": f"INSERT INTO t VALUE {{'pk': 'a', 'sk': {i}}}"} for i in range(101)
            ]
        )
    assert "Member must have length less than or equal to 100" in error_of(raised)[1]
    with pytest.raises(ddb.exceptions.ResourceNotFoundException):
        ddb.execute_transaction(
            TransactStatements=[{"Statement": "DELETE FROM nope WHERE pk = 'a' AND sk = 1"}]
        )
    assert items(ddb, "SELECT * FROM t") == []


def test_exists_with_the_key_alone_asks_for_the_item(ddb: Any) -> None:
    fill(ddb)
    exists = "EXISTS(SELECT * FROM t WHERE pk = ? AND sk = 1)"
    insert = {"Statement": "INSERT INTO t VALUE {'pk': 'new', 'sk': 1}"}
    with pytest.raises(ddb.exceptions.TransactionCanceledException) as raised:
        ddb.execute_transaction(
            TransactStatements=[{"Statement": exists, "Parameters": [{"S": "zz"}]}, insert]
        )
    assert [r["Code"] for r in raised.value.response["CancellationReasons"]] == [
        "ConditionalCheckFailed",
        "None",
    ]
    ddb.execute_transaction(
        TransactStatements=[{"Statement": exists, "Parameters": [{"S": "b"}]}, insert]
    )
    assert keys(items(ddb, "SELECT * FROM t WHERE pk = 'new'")) == [("new", 1)]


def test_transaction_of_reads(ddb: Any) -> None:
    fill(ddb)
    answer = ddb.execute_transaction(
        TransactStatements=[
            {"Statement": "SELECT v FROM t WHERE pk = 'a' AND sk = 1"},
            {"Statement": "SELECT * FROM t WHERE pk = 'zz' AND sk = 1"},
            {
                "Statement": "SELECT * FROM t WHERE pk = ? AND sk = ?",
                "Parameters": [{"S": "b"}, {"N": "1"}],
            },
        ],
        ReturnConsumedCapacity="TOTAL",
    )
    assert answer["Responses"] == [
        {"Item": {"v": {"N": "10"}}},
        {},
        {"Item": {"pk": {"S": "b"}, "sk": {"N": "1"}, "v": {"N": "10"}}},
    ]
    assert answer["ConsumedCapacity"] == [{"TableName": "t", "CapacityUnits": 6.0}]


def test_transaction_client_request_token_is_idempotent(ddb: Any) -> None:
    statements = [{"Statement": "UPDATE t SET v = v + 1 WHERE pk = 'a' AND sk = 1"}]
    run(ddb, "INSERT INTO t VALUE {'pk': 'a', 'sk': 1, 'v': 0}")
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken="token-1")
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken="token-1")
    assert items(ddb, "SELECT v FROM t") == [{"v": {"N": "1"}}]
    with pytest.raises(ddb.exceptions.IdempotentParameterMismatchException):
        ddb.execute_transaction(
            TransactStatements=[{"Statement": "DELETE FROM t WHERE pk = 'a' AND sk = 1"}],
            ClientRequestToken="token-1",
        )
    ddb.execute_transaction(TransactStatements=statements, ClientRequestToken="token-2")
    assert items(ddb, "SELECT v FROM t") == [{"v": {"N": "2"}}]
