"""The legacy (pre-expression) parameters, translated into expression nodes.

Expected, QueryFilter, ScanFilter (each with ConditionalOperator),
KeyConditions and AttributeUpdates become the condition and update nodes the
expression parser builds, bound as literals (``Bindings.literal_path`` and
``literal_value``), so evaluation, ReturnValues, streams and capacity follow one
path. What differs is checked here, with the legacy parameters' own wording:
how many values each ComparisonOperator takes and of which types, the
Exists/Value forms of Expected, and the AttributeUpdates actions.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from hookmock.backends.dynamodb import errors, values
from hookmock.backends.dynamodb.expressions import conditions, nodes
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.storage import KeySchema
from hookmock.backends.dynamodb.values import AttributeValue

SCALARS = ("S", "N", "B")
VALUE_TYPES: dict[str, tuple[str, ...] | None] = {
    "EQ": None,  # every type, lists and maps included
    "NE": None,
    "LE": SCALARS,
    "LT": SCALARS,
    "GE": SCALARS,
    "GT": SCALARS,
    "NOT_NULL": (),
    "NULL": (),
    "CONTAINS": SCALARS,
    "NOT_CONTAINS": SCALARS,
    "BEGINS_WITH": ("S", "B"),
    "IN": SCALARS,
    "BETWEEN": SCALARS,
}
"""The types each ComparisonOperator's AttributeValueList may hold (None: any)."""
COMPARATORS = {"EQ": "=", "NE": "<>", "LE": "<=", "LT": "<", "GE": ">=", "GT": ">"}
KEY_OPERATORS = frozenset({"EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN"})
FILTERS = ("QueryFilter", "ScanFilter")


def _invalid(detail: str) -> Exception:
    return errors.invalid_parameter(detail)


# --- one condition ---------------------------------------------------------------------


def _count_fits(operator: str, count: int) -> bool:
    if operator in ("NULL", "NOT_NULL"):
        return count == 0
    if operator == "IN":
        return count >= 1
    if operator == "BETWEEN":
        return count == 2
    return count == 1


def _checked_values(operator: str, given: Sequence[Any]) -> list[AttributeValue]:
    """An AttributeValueList, checked for ``operator`` as DynamoDB checks it."""
    checked = [values.checked(value) for value in given]
    if not _count_fits(operator, len(checked)):
        raise _invalid(f"Invalid number of argument(s) for the {operator} ComparisonOperator")
    kinds = {values.type_of(value) for value in checked}
    if len(kinds) > 1:
        raise _invalid("AttributeValues inside AttributeValueList must be of same type")
    allowed = VALUE_TYPES[operator]
    for kind in kinds:
        if allowed is not None and kind not in allowed:
            raise _invalid(
                f"ComparisonOperator {operator} is not valid for {kind} AttributeValue type"
            )
    if operator == "BETWEEN" and conditions.compare(">", checked[0], checked[1]):
        raise errors.validation(
            "The BETWEEN condition was provided a range where the lower bound is greater than "
            "the upper bound"
        )
    return checked


def _comparison(
    name: str, operator: str, given: list[AttributeValue], bound: Bindings
) -> nodes.Condition:
    """``name``'s condition as the node its expression form parses to."""
    path = bound.literal_path(name)
    operands = [bound.literal_value(value) for value in given]
    if operator in COMPARATORS:
        return nodes.Compare(COMPARATORS[operator], path, operands[0])
    if operator == "NOT_NULL":
        return nodes.Function("attribute_exists", (path,))
    if operator == "NULL":
        return nodes.Function("attribute_not_exists", (path,))
    if operator == "CONTAINS":
        return nodes.Function("contains", (path, operands[0]))
    if operator == "NOT_CONTAINS":
        return nodes.Not(nodes.Function("contains", (path, operands[0])))
    if operator == "BEGINS_WITH":
        return nodes.Function("begins_with", (path, operands[0]))
    if operator == "IN":
        return nodes.In(path, tuple(operands))
    return nodes.Between(path, operands[0], operands[1])


def _joined(parts: list[nodes.Condition], operator: str) -> nodes.Condition:
    joined = parts[0]
    for part in parts[1:]:
        joined = nodes.Or(joined, part) if operator == "OR" else nodes.And(joined, part)
    return joined


def _check_conditional_operator(params: Mapping[str, Any], combined: Mapping[str, Any]) -> None:
    if params.get("ConditionalOperator") is not None and len(combined) < 2:
        raise errors.validation(
            "ConditionalOperator can only be used when Filter or Expected has two or more elements"
        )


# --- Expected and the filters -----------------------------------------------------------


def condition(params: Mapping[str, Any], bound: Bindings, kind: str) -> nodes.Condition | None:
    """The condition the legacy counterpart of ``kind`` (ConditionExpression or
    FilterExpression) states, or None when the request has none."""
    if kind == "ConditionExpression":
        expected = params.get("Expected")
        if expected is None:
            _refuse_lone_conditional_operator(params)
            return None
        return _expected(params, expected, bound)
    for name in FILTERS:
        given = params.get(name)
        if given is not None:
            return _filter(params, given, bound)
    _refuse_lone_conditional_operator(params)
    return None


def _refuse_lone_conditional_operator(params: Mapping[str, Any]) -> None:
    if params.get("ConditionalOperator") is not None:
        raise errors.validation("ConditionalOperator cannot be used without Filter or Expected")


def _filter(
    params: Mapping[str, Any], given: Mapping[str, Any], bound: Bindings
) -> nodes.Condition | None:
    parts = [
        _comparison(
            name,
            spec["ComparisonOperator"],
            _checked_values(spec["ComparisonOperator"], spec.get("AttributeValueList") or ()),
            bound,
        )
        for name, spec in given.items()
    ]
    _check_conditional_operator(params, given)
    return _joined(parts, params.get("ConditionalOperator", "AND")) if parts else None


def _expected(
    params: Mapping[str, Any], expected: Mapping[str, Any], bound: Bindings
) -> nodes.Condition | None:
    parts = [_expected_one(name, spec, bound) for name, spec in expected.items()]
    _check_conditional_operator(params, expected)
    return _joined(parts, params.get("ConditionalOperator", "AND")) if parts else None


def _expected_one(name: str, spec: Mapping[str, Any], bound: Bindings) -> nodes.Condition:
    """One Expected entry: a ComparisonOperator with its values, or the Exists/Value form."""
    listed = spec.get("AttributeValueList")
    value = spec.get("Value")
    operator = spec.get("ComparisonOperator")
    exists = spec.get("Exists")
    if listed is not None and value is not None:
        raise _invalid(
            f"Value and AttributeValueList cannot be used together for Attribute: {name}"
        )
    if operator is not None:
        if exists is not None:
            raise _invalid(
                f"Exists and ComparisonOperator cannot be used together for Attribute: {name}"
            )
        if operator not in ("NULL", "NOT_NULL") and listed is None and value is None:
            raise _invalid(
                f"Value or AttributeValueList must be used with ComparisonOperator: {operator} "
                f"for Attribute: {name}"
            )
        given = listed if listed is not None else ([] if value is None else [value])
        return _comparison(name, operator, _checked_values(operator, given), bound)
    if listed is not None:
        raise _invalid(
            f"AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}"
        )
    if exists is False:
        if value is not None:
            raise _invalid(f"Value cannot be used when Exists is false for Attribute: {name}")
        return _comparison(name, "NULL", [], bound)
    if value is None:
        shown = "null" if exists is None else "true"
        raise _invalid(f"Value must be provided when Exists is {shown} for Attribute: {name}")
    return _comparison(name, "EQ", [values.checked(value)], bound)


def check_filter_keys(params: Mapping[str, Any], schema: KeySchema) -> None:
    """A QueryFilter may not name the key attributes of the table or index queried."""
    given = params.get("QueryFilter") or {}
    for name in schema.names:
        if name in given:
            raise errors.validation(
                "QueryFilter can only contain non-primary key attributes: "
                f"Primary key attribute: {name}"
            )


# --- KeyConditions ----------------------------------------------------------------------


def key_condition(params: Mapping[str, Any], bound: Bindings, schema: KeySchema) -> nodes.Condition:
    """KeyConditions as the key condition expression it stands for."""
    given: Mapping[str, Any] = params["KeyConditions"]
    checked = {
        name: _checked_values(spec["ComparisonOperator"], spec.get("AttributeValueList") or ())
        for name, spec in given.items()
    }
    if len(given) not in (1, 2):
        raise errors.validation("Conditions can be of length 1 or 2 only")
    if schema.hash_name not in given:
        raise errors.validation(f"Query condition missed key schema element: {schema.hash_name}")
    if any(name not in schema.names for name in given):
        if schema.range_name is None:
            raise errors.validation("Query key condition not supported")
        raise errors.validation(f"Query condition missed key schema element: {schema.range_name}")
    if any(spec["ComparisonOperator"] not in KEY_OPERATORS for spec in given.values()):
        raise errors.validation("Attempted conditional constraint is not an indexable operation")
    if given[schema.hash_name]["ComparisonOperator"] != "EQ":
        raise errors.validation("Query key condition not supported")
    parts = [
        _comparison(name, spec["ComparisonOperator"], checked[name], bound)
        for name, spec in given.items()
    ]
    return _joined(parts, "AND")


# --- AttributeUpdates -------------------------------------------------------------------


def update_actions(
    params: Mapping[str, Any], bound: Bindings, key_names: Collection[str]
) -> list[nodes.UpdateAction] | None:
    """AttributeUpdates as update actions (None when the request has none)."""
    given: Mapping[str, Any] | None = params.get("AttributeUpdates")
    if given is None:
        return None
    actions: list[nodes.UpdateAction] = []
    for name, spec in given.items():
        action = spec.get("Action", "PUT")
        raw = spec.get("Value")
        value = None if raw is None else values.checked(raw)
        if value is None and action != "DELETE":
            raise _invalid("Only DELETE action is allowed when no attribute value is specified")
        kind = None if value is None else values.type_of(value)
        if action == "DELETE" and kind is not None and kind not in values.SET_TYPES:
            raise _invalid(f"DELETE action with value is not supported for the type {kind}")
        if action == "ADD" and kind not in ("N", "L", *values.SET_TYPES):
            raise _invalid(f"ADD action is not supported for the type {kind}")
        path = bound.literal_path(name)
        if value is None:
            actions.append(nodes.RemoveAction(path))
        elif action == "PUT":
            actions.append(nodes.SetAction(path, bound.literal_value(value)))
        elif action == "ADD":
            actions.append(nodes.AddAction(path, bound.literal_value(value)))
        else:
            actions.append(nodes.DeleteAction(path, bound.literal_value(value)))
    for name in given:
        if name in key_names:
            raise _invalid(f"Cannot update attribute {name}. This attribute is part of the key")
    return actions


def creates_item(actions: Sequence[nodes.UpdateAction]) -> bool:
    """Whether AttributeUpdates make a new item where none is: DELETE alone does not."""
    creating = (nodes.SetAction, nodes.AddAction)
    return not actions or any(isinstance(action, creating) for action in actions)


def type_mismatch() -> Exception:
    """An ADD or DELETE whose value does not fit the attribute's type."""
    return errors.validation("Type mismatch for attribute to update")
