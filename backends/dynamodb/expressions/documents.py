"""Reading and projecting document paths (``a.b[3].c``) in an item."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hookmock.backends.dynamodb import errors
from hookmock.backends.dynamodb.expressions.bindings import ResolvedPath, path_text
from hookmock.backends.dynamodb.values import AttributeValue, Item


def get(item: Mapping[str, AttributeValue], path: ResolvedPath) -> AttributeValue | None:
    """The value at ``path``, or None where the item has nothing there."""
    first = path[0]
    current: Any = item.get(first) if isinstance(first, str) else None
    for element in path[1:]:
        if current is None:
            return None
        if isinstance(element, str):
            members = current.get("M")
            current = None if members is None else members.get(element)
        else:
            members = current.get("L")
            current = None if members is None or element >= len(members) else members[element]
    return current  # type: ignore[no-any-return]


def check_disjoint(kind: str, paths: Iterable[ResolvedPath]) -> None:
    """No path may lie inside another, nor index where another names (AWS's two errors)."""
    seen: list[ResolvedPath] = []
    for path in paths:
        for other in seen:
            shared = 0
            while shared < min(len(path), len(other)) and path[shared] == other[shared]:
                shared += 1
            if shared == min(len(path), len(other)):
                raise errors.invalid_expression(
                    kind,
                    "Two document paths overlap with each other; must remove or rewrite one of "
                    f"these paths; path one: {path_text(other)}, path two: {path_text(path)}",
                )
            if isinstance(path[shared], int) != isinstance(other[shared], int):
                raise errors.invalid_expression(
                    kind,
                    "Two document paths conflict with each other; must remove or rewrite one of "
                    f"these paths; path one: {path_text(other)}, path two: {path_text(path)}",
                )
        seen.append(path)


def project(item: Mapping[str, AttributeValue], paths: Iterable[ResolvedPath]) -> Item:
    """The parts of ``item`` that ``paths`` name, nested as they were.

    Several indexes into one list keep the list's order, as DynamoDB returns them.
    """
    tree: dict[Any, Any] = {}
    for path in paths:
        if get(item, path) is None:
            continue
        node = tree
        for element in path[:-1]:
            node = node.setdefault(element, {})
        node[path[-1]] = None
    return {name: _projected(item[name], tree[name]) for name in tree}


def _projected(value: AttributeValue, wanted: dict[Any, Any] | None) -> AttributeValue:
    if wanted is None:
        return value
    if "M" in value:
        members = value["M"]
        return {
            "M": {
                name: _projected(members[name], sub)
                for name, sub in wanted.items()
                if isinstance(name, str)
            }
        }
    members = value["L"]
    return {"L": [_projected(members[index], wanted[index]) for index in sorted(wanted)]}
