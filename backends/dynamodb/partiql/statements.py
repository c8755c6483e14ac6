"""Single-item statements: INSERT, UPDATE, DELETE, EXISTS and the SELECT of one
item by its key, planned first (no state touched), then attempted against the
current item, then committed. ExecuteStatement, BatchExecuteStatement and
ExecuteTransaction share these steps and differ in how they report failures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from hookmock.backends.dynamodb import capacity, errors, requests, values
from hookmock.backends.dynamodb.expressions import conditions, documents, nodes, update
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.items import returned_attributes
from hookmock.backends.dynamodb.partiql import nodes as ql
from hookmock.backends.dynamodb.partiql import planner
from hookmock.backends.dynamodb.partiql.binding import evaluate
from hookmock.backends.dynamodb.partiql.parser import INCOMPLETE_KEY
from hookmock.backends.dynamodb.tables import Table
from hookmock.backends.dynamodb.values import AttributeValue, Item

TableLookup = Callable[[str], Table]
CONDITION_FAILED = "The conditional request failed"
DUPLICATE_ITEM = "Duplicate primary key exists in table"


@attrs.frozen
class Failure:
    """Why a write cannot go ahead, in BatchStatementError's terms."""

    code: str
    """ConditionalCheckFailed or DuplicateItem."""
    message: str
    item: Item | None = None


@attrs.frozen
class Write:
    kind: str
    """Insert, Update, Delete or Exists."""
    table: Table
    key: Item
    bound: Bindings
    condition: nodes.Condition | None = None
    actions: tuple[nodes.UpdateAction, ...] = ()
    item: Item | None = None
    returning: str = "NONE"
    old_on_failure: bool = False
    """ReturnValuesOnConditionCheckFailure is ALL_OLD."""


@attrs.frozen
class Outcome:
    failure: Failure | None
    old: Item | None
    new: Item | None


def check_functions(condition: nodes.Condition | None, bound: Bindings) -> None:
    """attribute_type needs one of DynamoDB's type names, given as a value."""
    if isinstance(condition, (nodes.And, nodes.Or)):
        check_functions(condition.left, bound)
        check_functions(condition.right, bound)
    elif isinstance(condition, nodes.Not):
        check_functions(condition.condition, bound)
    elif isinstance(condition, nodes.Function) and condition.name == "attribute_type":
        given = condition.args[1]
        name = bound.value(given).get("S") if isinstance(given, nodes.Value) else None
        if name not in values.TYPES:
            raise errors.validation(
                f"Invalid attribute type name found; type: {name}, "
                "valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}"
            )


def _keyed(
    where: nodes.Condition, table: Table, bound: Bindings, refusal: str
) -> planner.KeyedWhere:
    check_functions(where, bound)
    keyed = planner.item_key(where, table.schema, bound)
    if keyed is None:
        raise errors.validation(refusal)
    return keyed


def plan_write(
    lookup: TableLookup,
    statement: ql.Statement,
    bound: Bindings,
    parameters: list[AttributeValue],
    return_values_on_failure: str | None,
) -> Write:
    old_on_failure = return_values_on_failure == "ALL_OLD"
    if isinstance(statement, ql.Insert):
        table = lookup(statement.table)
        item = _inserted_item(table, evaluate(statement.item, parameters))
        return Write("Insert", table, table.schema.key_of(item), bound, item=item)
    if isinstance(statement, ql.Exists):
        select = statement.select
        table = lookup(select.table)
        if select.index is not None:
            raise errors.validation("Operations on indices are not supported in transactions")
        if select.where is None:
            raise errors.validation(
                "EXISTS() must contain a single item read with additional condition"
            )
        keyed = _keyed(
            select.where,
            table,
            bound,
            "EXISTS() must contain a single item read with additional condition",
        )
        return Write("Exists", table, keyed.key, bound, keyed.rest, old_on_failure=old_on_failure)
    if isinstance(statement, ql.Update):
        table = lookup(statement.table)
        keyed = _keyed(statement.where, table, bound, INCOMPLETE_KEY)
        for action in statement.actions:
            if isinstance(action, (nodes.AddAction, nodes.DeleteAction)) and (
                values.type_of(bound.value(action.value)) not in values.SET_TYPES
            ):
                kind = "ADD" if isinstance(action, nodes.AddAction) else "DELETE"
                raise errors.validation(
                    f"The second argument to SET_{kind} must be a value with type SET"
                )
        update.check(statement.actions, bound, table.schema.names)
        return Write(
            "Update",
            table,
            keyed.key,
            bound,
            keyed.rest,
            statement.actions,
            returning=statement.returning,
            old_on_failure=old_on_failure,
        )
    assert isinstance(statement, ql.Delete)  # reads are planned by plan_get
    table = lookup(statement.table)
    keyed = _keyed(statement.where, table, bound, INCOMPLETE_KEY)
    return Write(
        "Delete",
        table,
        keyed.key,
        bound,
        keyed.rest,
        returning=statement.returning,
        old_on_failure=old_on_failure,
    )


def _inserted_item(table: Table, value: AttributeValue) -> Item:
    if "M" not in value:
        raise errors.validation(
            "Unsupported format in item expression. Please use struct format {...} to express "
            "item values for insert statement."
        )
    item: Item = value["M"]
    for name in table.schema.names:
        if name not in item:
            raise errors.validation(f"Key attribute should be present in the item: Key {name}")
        if values.type_of(item[name]) != table.schema.types[name]:
            raise errors.validation(
                "Key attribute's data type should match its data type in table's schema: "
                f"Key {name}"
            )
    item = requests.checked_new_item(table.schema, item)
    table.check_index_keys(item)
    return item


def _condition_failed(write: Write, old: Item | None) -> Outcome:
    shown = old if write.old_on_failure and old else None
    return Outcome(Failure("ConditionalCheckFailed", CONDITION_FAILED, shown), old, old)


def attempt(write: Write) -> Outcome:
    """What ``write`` would do to the current item, or why it cannot."""
    old = write.table.get(write.key)
    matched = write.condition is None or conditions.matches(write.condition, old or {}, write.bound)
    if write.kind == "Insert":
        if old is not None:
            return Outcome(Failure("DuplicateItem", DUPLICATE_ITEM), old, old)
        return Outcome(None, None, write.item)
    if write.kind in ("Update", "Exists") and old is None:
        # The item must exist: its key is part of what the WHERE asks for.
        return _condition_failed(write, None)
    if not matched:
        return _condition_failed(write, old)
    if write.kind == "Delete":
        return Outcome(None, old, None)
    if write.kind == "Exists":
        return Outcome(None, old, old)
    assert old is not None
    new = update.apply(write.actions, old, write.bound)
    write.table.check_index_keys(new)
    values.check_item_size(new)
    return Outcome(None, old, new)


def commit(write: Write, outcome: Outcome) -> None:
    if write.kind != "Exists" and (outcome.old is not None or outcome.new is not None):
        write.table.write(outcome.old, outcome.new)


def returned(write: Write, outcome: Outcome) -> Item | None:
    """The attributes RETURNING asks for."""
    if write.kind == "Update" and outcome.new is not None:
        return returned_attributes(
            write.returning, list(write.actions), write.bound, outcome.old, outcome.new
        )
    if write.kind == "Delete" and write.returning == "ALL_OLD":
        return outcome.old
    return None


def write_units(outcome: Outcome) -> float:
    size = max(values.item_size(outcome.old or {}), values.item_size(outcome.new or {}))
    return capacity.write_units(size)


# --- single-item reads -------------------------------------------------------------------


@attrs.frozen
class Get:
    table: Table
    key: Item
    rest: nodes.Condition | None
    projection: tuple[ql.Projected, ...] | None
    bound: Bindings


def plan_get(
    lookup: TableLookup, select: ql.Select, bound: Bindings, on_index: str, on_partial_key: str
) -> Get:
    """A SELECT of one item by its full key (batches and transactions read only so)."""
    table = lookup(select.table)
    if select.index is not None:
        raise errors.validation(on_index)
    if select.where is None:
        raise errors.validation(on_partial_key)
    keyed = _keyed(select.where, table, bound, on_partial_key)
    return Get(table, keyed.key, keyed.rest, select.projection, bound)


def read(get: Get) -> tuple[Item | None, int]:
    """The projected item (None when there is none or it does not match), and the bytes read."""
    item = get.table.get(get.key)
    if item is None:
        return None, 0
    size = values.item_size(item)
    if get.rest is not None and not conditions.matches(get.rest, item, get.bound):
        return None, size
    return projected(item, get.projection, get.bound), size


def projected(
    item: Item, projection: tuple[ql.Projected, ...] | None, bound: Bindings
) -> dict[str, Any]:
    """A SELECT's projection: each path's value under its last name, when the item has it."""
    if projection is None:
        return dict(item)
    shown: dict[str, Any] = {}
    for member in projection:
        value = documents.get(item, bound.path(member.path))
        if value is not None:
            shown[member.name] = value
    return shown
