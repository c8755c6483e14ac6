"""What every item request shares: its keys and items checked against the
table, its expressions parsed and bound, and the legacy parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.backends._core import Call, Params
from hookmock.backends.dynamodb import errors, legacy, values
from hookmock.backends.dynamodb.expressions import conditions, documents, nodes, parser
from hookmock.backends.dynamodb.expressions.bindings import (
    Bindings,
    check_no_placeholders_without_expressions,
)
from hookmock.backends.dynamodb.storage import KeySchema
from hookmock.backends.dynamodb.values import AttributeValue, Item

NON_EXPRESSIONS = (
    "AttributesToGet",
    "AttributeUpdates",
    "Expected",
    "ScanFilter",
    "QueryFilter",
    "ConditionalOperator",
    "KeyConditions",
)
EXPRESSIONS = (
    "UpdateExpression",
    "ProjectionExpression",
    "ConditionExpression",
    "FilterExpression",
    "KeyConditionExpression",
)


def check_legacy(call: Call, params: Params) -> None:
    """Refuse legacy and expression parameters together, as DynamoDB does.

    A Query's KeyConditions may go with the other expressions; only
    KeyConditionExpression replaces it.
    """
    modern = [name for name in EXPRESSIONS if params.get(name) is not None]
    old = [
        name
        for name in NON_EXPRESSIONS
        if params.get(name) is not None
        and (name != "KeyConditions" or params.get("KeyConditionExpression") is not None)
    ]
    if modern and old:
        raise errors.validation(
            "Can not use both expression and non-expression parameters in the same request: "
            f"Non-expression parameters: {{{', '.join(old)}}} "
            f"Expression parameters: {{{', '.join(modern)}}}"
        )
    check_no_placeholders_without_expressions(params)


def checked_key(schema: KeySchema, given: Mapping[str, Any], *, what: str = "") -> Item:
    """A ``Key`` parameter: exactly the key attributes, of their declared types."""
    key = values.checked_item(given)
    if set(key) != set(schema.names) or any(
        values.type_of(key[name]) != schema.types[name] for name in schema.names
    ):
        raise errors.validation(f"{what}The provided key element does not match the schema")
    _check_not_empty(key, schema)
    return key


def checked_new_item(schema: KeySchema, given: Mapping[str, Any]) -> Item:
    """A whole item to write: its key attributes present and of their declared types."""
    item = values.checked_item(given)
    for name in schema.names:
        if name not in item:
            raise errors.invalid_parameter(f"Missing the key {name} in the item")
        actual = values.type_of(item[name])
        if actual != schema.types[name]:
            raise errors.invalid_parameter(
                f"Type mismatch for key {name} expected: {schema.types[name]} actual: {actual}"
            )
    _check_not_empty(item, schema)
    values.check_item_size(item)
    return item


def _check_not_empty(item: Mapping[str, AttributeValue], schema: KeySchema) -> None:
    for name in schema.names:
        kind = schema.types[name]
        if kind != "N" and len(item[name][kind]) == 0:
            what = "string" if kind == "S" else "binary"
            raise errors.validation(
                "One or more parameter values are not valid. The AttributeValue for a key "
                f"attribute cannot contain an empty {what} value. Key: {name}"
            )


def condition(
    params: Params, bound: Bindings, kind: str = "ConditionExpression"
) -> nodes.Condition | None:
    """The request's condition (or filter), from its expression or its legacy form."""
    text = params.get(kind)
    if text is None:
        return legacy.condition(params, bound, kind)
    parsed = parser.parse_condition(kind, text)
    bound.use(kind, parsed)
    tree: nodes.Condition = parsed.tree  # type: ignore[assignment]
    conditions.check(kind, tree, bound)
    return tree


def projection(params: Params, bound: Bindings) -> list[tuple[str | int, ...]] | None:
    """The paths a read returns (None: the whole item)."""
    names = params.get("AttributesToGet")
    if names is not None:
        if len(set(names)) != len(names):
            duplicate = next(n for n in names if names.count(n) > 1)
            raise errors.invalid_parameter(f"Duplicate value in attribute name: {duplicate}")
        return [(name,) for name in names]
    text = params.get("ProjectionExpression")
    if text is None:
        return None
    parsed = parser.parse_projection(text)
    bound.use("ProjectionExpression", parsed)
    paths = [bound.path(path) for path in parsed.tree]  # type: ignore[attr-defined]
    documents.check_disjoint("ProjectionExpression", paths)
    return paths


def projected(item: Item, paths: list[tuple[str | int, ...]] | None) -> Item:
    return dict(item) if paths is None else documents.project(item, paths)


def handed_out(item: Item, paths: list[tuple[str | int, ...]] | None) -> Item:
    """What a read returns of a stored item: a projected copy sharing nothing with state."""
    return values.copied_item(item if paths is None else documents.project(item, paths))


def condition_failed(call: Call, params: Params, old: Item | None) -> Exception:
    """ConditionalCheckFailedException, with the item when the request asked for it."""
    if params.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and old:
        return call.error(
            "ConditionalCheckFailedException", "The conditional request failed", Item=old
        )
    return call.error("ConditionalCheckFailedException", "The conditional request failed")


def check_return_values(params: Params, allowed: tuple[str, ...]) -> str:
    chosen: str = params.get("ReturnValues", "NONE")
    if chosen not in allowed:
        raise errors.validation("Return values set to invalid value")
    return chosen
