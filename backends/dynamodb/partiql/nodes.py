"""The parsed form of PartiQL statements.

Conditions and update actions are the expression nodes of
``expressions.nodes``, so the condition evaluator and the update applier serve
both languages. Every value a statement writes or compares sits in a value slot
(``nodes.Value(":3")``), bound to the request's ``Parameters`` when it runs, so
one parsed statement is cached by its text.
"""

from __future__ import annotations

import attrs

from hookmock.backends.dynamodb.expressions import nodes
from hookmock.backends.dynamodb.values import AttributeValue

# --- values ----------------------------------------------------------------------------


@attrs.frozen
class Literal:
    """A value written in the statement (a set literal is one, whole)."""

    value: AttributeValue = attrs.field(eq=False, hash=False)


@attrs.frozen
class Parameter:
    """A ``?``: the ``index``-th member of the request's Parameters."""

    index: int


@attrs.frozen
class MapValue:
    """A tuple ``{'name': value, ...}``, whose members may hold parameters."""

    entries: tuple[tuple[str, ValueNode], ...]


@attrs.frozen
class ListValue:
    items: tuple[ValueNode, ...]


ValueNode = Literal | Parameter | MapValue | ListValue

# --- statements ------------------------------------------------------------------------


@attrs.frozen
class Projected:
    """One member of a projection list, and the name it is returned under."""

    path: nodes.Path
    name: str


@attrs.frozen
class Select:
    table: str
    index: str | None
    projection: tuple[Projected, ...] | None
    """None: ``*``."""
    where: nodes.Condition | None
    order: tuple[tuple[str, bool], ...]
    """ORDER BY: (attribute name, descending) in order."""


@attrs.frozen
class Insert:
    table: str
    item: ValueNode


@attrs.frozen
class Update:
    table: str
    actions: tuple[nodes.UpdateAction, ...]
    where: nodes.Condition
    returning: str
    """NONE, ALL_OLD, UPDATED_OLD, ALL_NEW or UPDATED_NEW (UpdateItem's names)."""


@attrs.frozen
class Delete:
    table: str
    where: nodes.Condition
    returning: str
    """NONE or ALL_OLD."""


@attrs.frozen
class Exists:
    """``EXISTS(SELECT ...)``: a condition check, in transactions of writes only."""

    select: Select


Statement = Select | Insert | Update | Delete | Exists


@attrs.frozen
class Parsed:
    statement: Statement
    values: tuple[ValueNode, ...]
    """Value slot ``:i`` holds ``values[i]``."""
    names: tuple[tuple[str, str], ...]
    """``#i`` placeholders for names that would read as ``#`` placeholders themselves."""
    parameters: int
    """How many ``?`` the statement has."""

    @property
    def is_read(self) -> bool:
        return isinstance(self.statement, Select)
