"""What a WHERE clause says about keys: the full key a single-item statement
names, or the partitions and sort key range a SELECT can seek to instead of
scanning. Every condition is still evaluated on each item read, so a plan
only has to cover the items that can match."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends.dynamodb import errors, requests, values
from hookmock.backends.dynamodb.expressions import nodes
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.queries import SortRange, _compare_range, _prefix_end
from hookmock.backends.dynamodb.storage import KeySchema
from hookmock.backends.dynamodb.values import AttributeValue, Item

_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>"}


def conjuncts(node: nodes.Condition) -> list[nodes.Condition]:
    if isinstance(node, nodes.And):
        return conjuncts(node.left) + conjuncts(node.right)
    return [node]


def joined(parts: list[nodes.Condition]) -> nodes.Condition | None:
    if not parts:
        return None
    condition = parts[0]
    for part in parts[1:]:
        condition = nodes.And(condition, part)
    return condition


def _attribute(operand: nodes.Operand, bound: Bindings) -> str | None:
    """The top-level attribute an operand names, if it is a plain name."""
    if isinstance(operand, nodes.Path) and len(operand.elements) == 1:
        return str(bound.path(operand)[0])
    return None


def _comparison(part: nodes.Condition, bound: Bindings) -> tuple[str, str, AttributeValue] | None:
    """(attribute, operator, value) of ``name <op> value`` written either way round."""
    if not isinstance(part, nodes.Compare):
        return None
    left, right, operator = part.left, part.right, part.operator
    if isinstance(left, nodes.Value) and not isinstance(right, nodes.Value):
        left, right, operator = right, left, _MIRRORED[operator]
    name = _attribute(left, bound)
    if name is None or not isinstance(right, nodes.Value):
        return None
    return name, operator, bound.value(right)


@attrs.frozen
class KeyedWhere:
    key: Item
    rest: nodes.Condition | None
    """The conditions besides the key equalities."""


def item_key(where: nodes.Condition, schema: KeySchema, bound: Bindings) -> KeyedWhere | None:
    """The full primary key ``where`` names by equality (None if it names none)."""
    key: Item = {}
    rest: list[nodes.Condition] = []
    for part in conjuncts(where):
        compared = _comparison(part, bound)
        if compared is None or compared[1] != "=" or compared[0] not in schema.names:
            rest.append(part)
            continue
        name, _, value = compared
        if name in key:
            raise errors.validation(
                f"Multiple conditions on same key {name}. Only single item Update/Insert/Delete "
                "are supported"
            )
        key[name] = value
    if set(key) != set(schema.names):
        return None
    for name in schema.names:
        if values.type_of(key[name]) != schema.types[name]:
            raise errors.validation(
                "Key attribute's data type should match its data type in table's schema: "
                f"Key {name}"
            )
    return KeyedWhere(requests.checked_key(schema, key), joined(rest))


def _pins(node: nodes.Condition, name: str, bound: Bindings) -> list[AttributeValue] | None:
    """The values of ``name`` that every item matching ``node`` has one of (None: any)."""
    if isinstance(node, nodes.Or):
        left, right = _pins(node.left, name, bound), _pins(node.right, name, bound)
        return None if left is None or right is None else left + right
    if isinstance(node, nodes.And):
        for part in conjuncts(node):
            found = _pins(part, name, bound)
            if found is not None:
                return found
        return None
    if isinstance(node, nodes.In) and _attribute(node.operand, bound) == name:
        if all(isinstance(choice, nodes.Value) for choice in node.choices):
            return [bound.value(choice) for choice in node.choices]  # type: ignore[arg-type]
        return None
    compared = _comparison(node, bound)
    if compared is not None and compared[0] == name and compared[1] == "=":
        return [compared[2]]
    return None


def partitions(where: nodes.Condition, schema: KeySchema, bound: Bindings) -> list[Any] | None:
    """The hash key values (comparable form) a SELECT can seek to; None: it must scan."""
    pinned = _pins(where, schema.hash_name, bound)
    if pinned is None:
        return None
    wanted = schema.types[schema.hash_name]
    found: list[Any] = []
    for value in pinned:
        # A value of another type than the key's matches no item.
        if values.type_of(value) == wanted and values.scalar(value) not in found:
            found.append(values.scalar(value))
    return found


def sort_range(where: nodes.Condition, schema: KeySchema, bound: Bindings) -> SortRange:
    """Bounds on the sort key that one of the top-level conditions sets."""
    name = schema.range_name
    if name is None:
        return SortRange()
    wanted = schema.types[name]

    def usable(*given: AttributeValue) -> bool:
        return all(values.type_of(value) == wanted for value in given)

    for part in conjuncts(where):
        compared = _comparison(part, bound)
        if compared is not None and compared[0] == name and compared[1] != "<>":
            if usable(compared[2]):
                return _compare_range(compared[1], values.scalar(compared[2]))
        elif isinstance(part, nodes.Between) and _attribute(part.operand, bound) == name:
            low, high = part.low, part.high
            if isinstance(low, nodes.Value) and isinstance(high, nodes.Value):
                low_value, high_value = bound.value(low), bound.value(high)
                if usable(low_value, high_value):
                    return SortRange(values.scalar(low_value), True, values.scalar(high_value))
        elif (
            isinstance(part, nodes.Function)
            and part.name == "begins_with"
            and _attribute(part.args[0], bound) == name
            and isinstance(part.args[1], nodes.Value)
            and wanted != "N"
        ):
            prefix = bound.value(part.args[1])
            if usable(prefix):
                low = values.scalar(prefix)
                return SortRange(low, True, _prefix_end(low), False)
    return SortRange()
