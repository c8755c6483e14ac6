"""The parsed form of DynamoDB expressions.

Names (``#n``) and values (``:v``) stay unresolved here, so one parsed
expression is cached by its text and bound to each call's
ExpressionAttributeNames/Values when it is evaluated.
"""

from __future__ import annotations

import attrs

PathElement = str | int
"""An attribute name (bare, or a ``#ref`` still to resolve) or a list index."""


@attrs.frozen
class Path:
    elements: tuple[PathElement, ...]


@attrs.frozen
class Value:
    """A ``:name`` placeholder."""

    ref: str


@attrs.frozen
class Size:
    path: Path


@attrs.frozen
class IfNotExists:
    path: Path
    default: Operand


@attrs.frozen
class ListAppend:
    first: Operand
    second: Operand


@attrs.frozen
class Arithmetic:
    operator: str
    left: Operand
    right: Operand


Operand = Path | Value | Size | IfNotExists | ListAppend | Arithmetic


@attrs.frozen
class Compare:
    operator: str
    left: Operand
    right: Operand


@attrs.frozen
class Between:
    operand: Operand
    low: Operand
    high: Operand


@attrs.frozen
class In:
    operand: Operand
    choices: tuple[Operand, ...]


@attrs.frozen
class Function:
    """attribute_exists, attribute_not_exists, attribute_type, begins_with, contains."""

    name: str
    args: tuple[Operand, ...]


@attrs.frozen
class Not:
    condition: Condition


@attrs.frozen
class And:
    left: Condition
    right: Condition


@attrs.frozen
class Or:
    left: Condition
    right: Condition


Condition = Compare | Between | In | Function | Not | And | Or


@attrs.frozen
class SetAction:
    path: Path
    value: Operand


@attrs.frozen
class RemoveAction:
    path: Path


@attrs.frozen
class AddAction:
    path: Path
    value: Value


@attrs.frozen
class DeleteAction:
    path: Path
    value: Value


UpdateAction = SetAction | RemoveAction | AddAction | DeleteAction


@attrs.frozen
class Parsed:
    """A parsed expression with the placeholders it uses."""

    tree: object
    names: frozenset[str]
    values: frozenset[str]
