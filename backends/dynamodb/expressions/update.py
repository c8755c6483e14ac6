"""Applying update expressions: SET, REMOVE, ADD and DELETE.

Every right-hand side reads the item as it was before the update, and the
actions' paths must be disjoint, so the order of the actions does not matter.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from hookmock.backends.dynamodb import errors, values
from hookmock.backends.dynamodb.expressions import conditions, documents, nodes
from hookmock.backends.dynamodb.expressions.bindings import Bindings, ResolvedPath
from hookmock.backends.dynamodb.values import AttributeValue, Item

KIND = "UpdateExpression"
TYPE_NAMES = {
    "S": "STRING",
    "N": "NUMBER",
    "B": "BINARY",
    "BOOL": "BOOLEAN",
    "NULL": "NULL",
    "L": "LIST",
    "M": "MAP",
    "SS": "STRING_SET",
    "NS": "NUMBER_SET",
    "BS": "BINARY_SET",
}


def _invalid_path() -> Exception:
    return errors.validation(
        "The document path provided in the update expression is invalid for update"
    )


def _wrong_data_type() -> Exception:
    return errors.validation("An operand in the update expression has an incorrect data type")


def _wrong_operand(operator: str, value: AttributeValue) -> Exception:
    return errors.invalid_expression(
        KIND,
        "Incorrect operand type for operator or function; "
        f"operator: {operator}, operand type: {TYPE_NAMES[values.type_of(value)]}",
    )


def check(
    actions: Sequence[nodes.UpdateAction], bound: Bindings, key_names: Collection[str]
) -> None:
    """What DynamoDB rejects before reading the item: overlapping paths, key
    attributes, and ADD/DELETE values of a type they cannot take."""
    paths = [bound.path(action.path) for action in actions]
    documents.check_disjoint(KIND, paths)
    for path in paths:
        if path[0] in key_names:
            raise errors.invalid_parameter(
                f"Cannot update attribute {path[0]}. This attribute is part of the key"
            )
    for action in actions:
        if isinstance(action, nodes.SetAction):
            _check_operand(action.value, bound)
        elif isinstance(action, nodes.AddAction):
            value = bound.value(action.value)
            if values.type_of(value) not in ("N", *values.SET_TYPES):
                raise _wrong_operand("ADD", value)
        elif isinstance(action, nodes.DeleteAction):
            value = bound.value(action.value)
            if values.type_of(value) not in values.SET_TYPES:
                raise _wrong_operand("DELETE", value)


def _check_operand(node: nodes.Operand, bound: Bindings) -> None:
    """Literal operands of ``+``, ``-`` and list_append must have the type they take."""
    if isinstance(node, (nodes.Arithmetic, nodes.ListAppend)):
        function, wanted = (
            (node.operator, "N") if isinstance(node, nodes.Arithmetic) else ("list_append", "L")
        )
        sides = (
            (node.left, node.right)
            if isinstance(node, nodes.Arithmetic)
            else (node.first, node.second)
        )
        for side in sides:
            if isinstance(side, nodes.Value):
                given = values.type_of(bound.value(side))
                if given != wanted:
                    raise conditions.wrong_operand(KIND, function, given)
            _check_operand(side, bound)
    elif isinstance(node, nodes.IfNotExists):
        _check_operand(node.default, bound)


def apply(
    actions: Sequence[nodes.UpdateAction],
    item: Item,
    bound: Bindings,
    mismatch: Callable[[], Exception] = _wrong_data_type,
) -> Item:
    """The item after ``actions`` (``item`` itself is left as it was).

    ``mismatch`` is the error for an ADD or DELETE whose value's type does not
    fit the attribute's (legacy AttributeUpdates word it their own way).
    """
    updated = values.copied_item(item)
    removals: list[ResolvedPath] = []
    for action in actions:
        path = bound.path(action.path)
        if isinstance(action, nodes.SetAction):
            _assign(updated, path, _set_value(action.value, item, bound))
        elif isinstance(action, nodes.RemoveAction):
            removals.append(path)
        elif isinstance(action, nodes.AddAction):
            added = _added(documents.get(item, path), bound.value(action.value), mismatch)
            _assign(updated, path, added)
        else:
            remaining = _deleted(documents.get(item, path), bound.value(action.value), mismatch)
            if remaining is None:
                removals.append(path)
            else:
                _assign(updated, path, remaining)
    # Later list positions first, so each index still means what it meant before.
    for path in sorted(removals, key=_removal_order):
        _remove(updated, path)
    return updated


def _removal_order(path: ResolvedPath) -> tuple[int, ...]:
    return tuple(-element if isinstance(element, int) else 0 for element in path)


def _set_value(node: nodes.Operand, item: Item, bound: Bindings) -> AttributeValue:
    if isinstance(node, nodes.Value):
        return bound.value(node)
    if isinstance(node, nodes.Path):
        found = documents.get(item, bound.path(node))
        if found is None:
            raise errors.invalid_expression(
                KIND,
                "The provided expression refers to an attribute that does not exist in the item",
            )
        return found
    if isinstance(node, nodes.IfNotExists):
        found = documents.get(item, bound.path(node.path))
        return found if found is not None else _set_value(node.default, item, bound)
    if isinstance(node, nodes.ListAppend):
        first = _set_value(node.first, item, bound)
        second = _set_value(node.second, item, bound)
        for value in (first, second):
            if "L" not in value:
                raise errors.invalid_expression(
                    KIND,
                    "Incorrect operand type for operator or function; "
                    f"operator or function: list_append, operand type: {values.type_of(value)}",
                )
        return {"L": [*first["L"], *second["L"]]}
    if isinstance(node, nodes.Arithmetic):
        left = _set_value(node.left, item, bound)
        right = _set_value(node.right, item, bound)
        if "N" not in left or "N" not in right:
            raise _wrong_data_type()
        return {"N": values.add_numbers(left["N"], right["N"], subtract=node.operator == "-")}
    raise AssertionError(f"not an update operand: {node!r}")  # the parser allows no other


def _added(
    current: AttributeValue | None, value: AttributeValue, mismatch: Callable[[], Exception]
) -> AttributeValue:
    if current is None:
        return value
    kind = values.type_of(value)
    if values.type_of(current) != kind:
        raise mismatch()
    if kind == "N":
        return {"N": values.add_numbers(current["N"], value["N"])}
    if kind == "L":  # only legacy AttributeUpdates ADD a list: its elements are appended
        return {"L": [*current["L"], *value["L"]]}
    present = values.set_members(current)
    merged = list(current[kind])
    for member in value[kind]:
        comparable = values.number(member) if kind == "NS" else member
        if comparable not in present:
            present.add(comparable)
            merged.append(member)
    return {kind: merged}


def _deleted(
    current: AttributeValue | None, value: AttributeValue, mismatch: Callable[[], Exception]
) -> AttributeValue | None:
    """The set left after DELETE, or None when nothing is left (the attribute goes)."""
    kind = values.type_of(value)
    if current is None:
        return None
    if values.type_of(current) != kind:
        raise mismatch()
    gone = values.set_members(value)
    left = [
        member
        for member in current[kind]
        if (values.number(member) if kind == "NS" else member) not in gone
    ]
    return {kind: left} if left else None


def _container(item: Item, path: ResolvedPath) -> tuple[Any, str | int]:
    """The map members or list elements that hold ``path``'s last element, and
    that element; a parent that is missing or of the wrong kind cannot be updated."""
    if len(path) == 1:
        return item, str(path[0])
    parent = documents.get(item, path[:-1])
    last = path[-1]
    kind = "M" if isinstance(last, str) else "L"
    if parent is None or kind not in parent:
        raise _invalid_path()
    return parent[kind], last


def _assign(item: Item, path: ResolvedPath, value: AttributeValue) -> None:
    members, last = _container(item, path)
    if isinstance(last, int) and last >= len(members):
        members.append(value)
    else:
        members[last] = value


def _remove(item: Item, path: ResolvedPath) -> None:
    members, last = _container(item, path)
    if isinstance(last, str):
        members.pop(last, None)
    elif last < len(members):
        del members[last]
