"""One request's ExpressionAttributeNames and ExpressionAttributeValues.

Every expression of a request draws on the same two maps: each placeholder an
expression uses must be defined, and every defined one must be used by some
expression of the request.

The legacy (pre-expression) parameters name attributes and give values
directly; they bind them here as literals, under placeholders no expression
can spell (they hold a space), so both kinds evaluate on the same nodes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock.backends.dynamodb import errors
from hookmock.backends.dynamodb.expressions import nodes
from hookmock.backends.dynamodb.values import AttributeValue, checked

ResolvedPath = tuple[str | int, ...]


class Bindings:
    def __init__(self, params: Mapping[str, Any]) -> None:
        self.names: Mapping[str, str] = params.get("ExpressionAttributeNames") or {}
        raw_values = params.get("ExpressionAttributeValues") or {}
        self.values: dict[str, AttributeValue] = {
            ref: checked(value) for ref, value in raw_values.items()
        }
        self._used_names: set[str] = set()
        self._used_values: set[str] = set()
        self._literal_names: dict[str, str] = {}
        self._literal_values: dict[str, AttributeValue] = {}

    def use(self, kind: str, parsed: nodes.Parsed) -> None:
        """Check the placeholders of one expression of kind ``kind`` against the maps."""
        for ref in sorted(parsed.names):
            if ref not in self.names:
                raise errors.invalid_expression(
                    kind,
                    "An expression attribute name used in the document path is not defined; "
                    f"attribute name: {ref}",
                )
        for ref in sorted(parsed.values):
            if ref not in self.values:
                raise errors.invalid_expression(
                    kind,
                    "An expression attribute value used in expression is not defined; "
                    f"attribute value: {ref}",
                )
        self._used_names |= parsed.names
        self._used_values |= parsed.values

    def check_all_used(self) -> None:
        unused_names = sorted(set(self.names) - self._used_names)
        if unused_names:
            raise errors.validation(
                "Value provided in ExpressionAttributeNames unused in expressions: "
                f"keys: {{{', '.join(unused_names)}}}"
            )
        unused_values = sorted(set(self.values) - self._used_values)
        if unused_values:
            raise errors.validation(
                "Value provided in ExpressionAttributeValues unused in expressions: "
                f"keys: {{{', '.join(unused_values)}}}"
            )

    def path(self, path: nodes.Path) -> ResolvedPath:
        return tuple(self._name(element) for element in path.elements)

    def _name(self, element: nodes.PathElement) -> str | int:
        if isinstance(element, int) or element[0] != "#":
            return element
        literal = self._literal_names.get(element)
        return self.names[element] if literal is None else literal

    def value(self, value: nodes.Value) -> AttributeValue:
        literal = self._literal_values.get(value.ref)
        return self.values[value.ref] if literal is None else literal

    def literal_path(self, name: str) -> nodes.Path:
        """A top-level attribute named as-is (no document path syntax)."""
        ref = f"#legacy {len(self._literal_names)}"
        self._literal_names[ref] = name
        return nodes.Path((ref,))

    def literal_value(self, value: AttributeValue) -> nodes.Value:
        """An already checked attribute value."""
        ref = f":legacy {len(self._literal_values)}"
        self._literal_values[ref] = value
        return nodes.Value(ref)


def check_no_placeholders_without_expressions(params: Mapping[str, Any]) -> None:
    """DynamoDB refuses the maps when the request has no expression to use them."""
    if not any(key.endswith("Expression") and params.get(key) for key in params):
        if params.get("ExpressionAttributeNames"):
            raise errors.validation(
                "ExpressionAttributeNames can only be specified when using expressions"
            )
        if params.get("ExpressionAttributeValues"):
            raise errors.validation(
                "ExpressionAttributeValues can only be specified when using expressions"
            )


def path_text(path: ResolvedPath) -> str:
    """A path as DynamoDB prints it in errors: ``[a, b, [3]]``."""
    return "[" + ", ".join(f"[{e}]" if isinstance(e, int) else e for e in path) + "]"
