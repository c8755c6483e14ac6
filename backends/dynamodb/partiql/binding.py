"""Binding a parsed statement to one request's ``Parameters``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hookmock.backends.dynamodb import errors, values
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.partiql import nodes as ql
from hookmock.backends.dynamodb.values import AttributeValue


def evaluate(node: ql.ValueNode, parameters: Sequence[AttributeValue]) -> AttributeValue:
    if isinstance(node, ql.Literal):
        return node.value
    if isinstance(node, ql.Parameter):
        return parameters[node.index]
    if isinstance(node, ql.MapValue):
        return {"M": {name: evaluate(member, parameters) for name, member in node.entries}}
    return {"L": [evaluate(member, parameters) for member in node.items]}


def checked_parameters(parsed: ql.Parsed, given: Sequence[Any] | None) -> list[AttributeValue]:
    """The request's Parameters, checked. Fewer than the statement's ``?`` is an
    error; more are accepted, as DynamoDB does (its own transaction example
    passes two values to a statement with none)."""
    parameters = [values.checked(value) for value in given or ()]
    if len(parameters) < parsed.parameters:
        raise errors.validation("Number of parameters in request and statement don't match.")
    return parameters


def bind(parsed: ql.Parsed, parameters: Sequence[AttributeValue]) -> Bindings:
    """The statement's value slots and name placeholders, as expression bindings."""
    return Bindings(
        {
            "ExpressionAttributeNames": dict(parsed.names),
            "ExpressionAttributeValues": {
                f":{slot}": evaluate(node, parameters) for slot, node in enumerate(parsed.values)
            },
        }
    )
