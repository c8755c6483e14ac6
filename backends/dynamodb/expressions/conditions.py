"""Evaluating condition and filter expressions against an item."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.backends.dynamodb import errors, values
from hookmock.backends.dynamodb.expressions import documents, nodes
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.values import AttributeValue

_ORDERING = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def operand(node: nodes.Operand, item: Mapping[str, AttributeValue], bound: Bindings) -> Any:
    """The attribute value ``node`` stands for in ``item`` (None where it has none)."""
    if isinstance(node, nodes.Value):
        return bound.value(node)
    if isinstance(node, nodes.Path):
        return documents.get(item, bound.path(node))
    if isinstance(node, nodes.Size):
        return _size(documents.get(item, bound.path(node.path)))
    raise AssertionError(f"not a condition operand: {node!r}")  # the parser allows no other


def _size(value: AttributeValue | None) -> AttributeValue | None:
    if value is None:
        return None
    kind, content = next(iter(value.items()))
    if kind in ("S", "B", "SS", "NS", "BS", "L", "M"):
        return {"N": str(len(content))}
    return None


def compare(operator: str, left: AttributeValue | None, right: AttributeValue | None) -> bool:
    if operator == "=":
        return values.equal(left, right)
    if operator == "<>":
        return not values.equal(left, right)
    if left is None or right is None:
        return False
    kind = values.type_of(left)
    if kind != values.type_of(right) or kind not in values.SCALAR_TYPES:
        return False
    return bool(_ORDERING[operator](values.scalar(left), values.scalar(right)))


def _between(value: Any, low: Any, high: Any) -> bool:
    return compare(">=", value, low) and compare("<=", value, high)


def _begins_with(value: AttributeValue | None, prefix: AttributeValue | None) -> bool:
    if value is None or prefix is None:
        return False
    kind = values.type_of(value)
    return (
        kind in ("S", "B")
        and kind == values.type_of(prefix)
        and value[kind].startswith(prefix[kind])
    )


def _contains(value: AttributeValue | None, member: AttributeValue | None) -> bool:
    if value is None or member is None:
        return False
    kind, content = next(iter(value.items()))
    member_kind = values.type_of(member)
    if kind in ("S", "B"):
        return member_kind == kind and member[kind] in content
    if kind in values.SET_TYPES:
        if values.SET_TYPES[kind] != member_kind:
            return False
        return values.scalar(member) in values.set_members(value)
    if kind == "L":
        return any(values.equal(element, member) for element in content)
    return False


def matches(node: nodes.Condition, item: Mapping[str, AttributeValue], bound: Bindings) -> bool:
    """Whether ``item`` (possibly empty: no item) satisfies the condition."""
    if isinstance(node, nodes.And):
        return matches(node.left, item, bound) and matches(node.right, item, bound)
    if isinstance(node, nodes.Or):
        return matches(node.left, item, bound) or matches(node.right, item, bound)
    if isinstance(node, nodes.Not):
        return not matches(node.condition, item, bound)
    if isinstance(node, nodes.Compare):
        return compare(
            node.operator, operand(node.left, item, bound), operand(node.right, item, bound)
        )
    if isinstance(node, nodes.Between):
        return _between(
            operand(node.operand, item, bound),
            operand(node.low, item, bound),
            operand(node.high, item, bound),
        )
    if isinstance(node, nodes.In):
        value = operand(node.operand, item, bound)
        return any(values.equal(value, operand(choice, item, bound)) for choice in node.choices)
    return _function(node, item, bound)


def _function(node: nodes.Function, item: Mapping[str, AttributeValue], bound: Bindings) -> bool:
    first = operand(node.args[0], item, bound)
    if node.name == "attribute_exists":
        return first is not None
    if node.name == "attribute_not_exists":
        return first is None
    second = operand(node.args[1], item, bound)
    if node.name == "attribute_type":
        return first is not None and values.type_of(first) == second["S"]
    if node.name == "begins_with":
        return _begins_with(first, second)
    return _contains(first, second)


# --- checks before any item is read -------------------------------------------------


def check(kind: str, node: nodes.Condition, bound: Bindings) -> None:
    """The operand checks DynamoDB makes on the expression itself, before reading items."""
    if isinstance(node, (nodes.And, nodes.Or)):
        check(kind, node.left, bound)
        check(kind, node.right, bound)
    elif isinstance(node, nodes.Not):
        check(kind, node.condition, bound)
    elif isinstance(node, nodes.Between):
        low, high = node.low, node.high
        if isinstance(low, nodes.Value) and isinstance(high, nodes.Value):
            low_value, high_value = bound.value(low), bound.value(high)
            if compare(">", low_value, high_value):
                raise errors.invalid_expression(
                    kind,
                    "The BETWEEN operator requires upper bound to be greater than or equal to "
                    f"lower bound; lower bound operand: AttributeValue: {_shown(low_value)}, "
                    f"upper bound operand: AttributeValue: {_shown(high_value)}",
                )
    elif isinstance(node, nodes.Function):
        _check_function(kind, node, bound)


def _check_function(kind: str, node: nodes.Function, bound: Bindings) -> None:
    if len(node.args) < 2 or not isinstance(node.args[1], nodes.Value):
        return
    given = bound.value(node.args[1])
    given_kind = values.type_of(given)
    if node.name == "attribute_type" and given_kind != "S":
        raise wrong_operand(kind, "attribute_type", given_kind)
    if node.name == "attribute_type" and given["S"] not in values.TYPES:
        raise errors.invalid_expression(
            kind,
            f"Invalid attribute type name found; type: {given['S']}, "
            "valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
        )
    if node.name == "begins_with" and given_kind not in ("S", "B"):
        raise wrong_operand(kind, "begins_with", given_kind)


def wrong_operand(kind: str, function: str, given_kind: str) -> Exception:
    return errors.invalid_expression(
        kind,
        "Incorrect operand type for operator or function; "
        f"operator or function: {function}, operand type: {given_kind}",
    )


def _shown(value: AttributeValue) -> str:
    kind, content = next(iter(value.items()))
    return f"{{{kind}:{content}}}"
