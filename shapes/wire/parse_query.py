"""The query and ec2 protocols: form-encoded ``Action=...&Version=...&A.b.1=...`` requests.

Keys are dotted paths; the parser first turns them into a tree, then walks the
input shape over it. ec2 differs from query in names (``queryName``, or a
capitalised ``locationName``) and in lists (always ``Name.N``, never empty).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import attrs

from hookmock.shapes.wire._scalars import WireValueError, scalar_from_text
from hookmock.shapes.wire.request import WireRequest


@attrs.define
class _Node:
    value: str | None = None
    children: dict[str, _Node] = attrs.field(factory=dict)

    def numbered(self) -> list[_Node]:
        """Children ``1``, ``2``, … in order (what lists and maps are made of)."""
        indexed = sorted((int(key), node) for key, node in self.children.items() if key.isdigit())
        return [node for _, node in indexed]


def form_pairs(request: WireRequest) -> list[tuple[str, str]]:
    """The parameters of a query-style request: query string, then form body."""
    pairs = parse_qsl(request.query, keep_blank_values=True)
    content_type = request.headers.get("content-type", "")
    if request.body and (not content_type or "x-www-form-urlencoded" in content_type):
        pairs += parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    return pairs


def _tree(pairs: list[tuple[str, str]]) -> _Node:
    root = _Node()
    for key, value in pairs:
        node = root
        for part in key.split("."):
            node = node.children.setdefault(part, _Node())
        node.value = value
    return root


class QueryReader:
    """The query protocol's names and list layout."""

    def name(self, shape: Any, default: str) -> str:
        return str(shape.serialization.get("name", default))

    def member_node(self, node: _Node, name: str, member: Any) -> _Node | None:
        found = node.children.get(self.name(member, name))
        if found is None and member.type_name == "list" and member.serialization.get("flattened"):
            # A flattened list whose items are renamed sits under the item name.
            renamed = member.member.serialization.get("name")
            if renamed:
                found = node.children.get(self.name(member.member, renamed))
        return found

    def list_items(self, shape: Any, node: _Node) -> list[_Node]:
        if shape.serialization.get("flattened"):
            return node.numbered()
        holder = node.children.get(shape.member.serialization.get("name", "member"))
        return holder.numbered() if holder is not None else []

    def read(self, shape: Any, node: _Node) -> Any:
        kind = shape.type_name
        if kind == "structure":
            return self.structure(shape, node)
        if kind == "list":
            return [self.read(shape.member, item) for item in self.list_items(shape, node)]
        if kind == "map":
            entries = node if shape.serialization.get("flattened") else node.children.get("entry")
            result: dict[str, Any] = {}
            key_name = self.name(shape.key, "key")
            value_name = self.name(shape.value, "value")
            for entry in entries.numbered() if entries is not None else []:
                key = entry.children.get(key_name)
                if key is None or key.value is None:
                    raise WireValueError(f"{shape.name}: map entry without a key")
                # A value that writes no keys (an empty structure) is left out.
                value = entry.children.get(value_name, _Node())
                result[key.value] = self.read(shape.value, value)
            return result
        if node.value is None:
            raise WireValueError(f"{shape.name}: a value is required")
        return scalar_from_text(shape, node.value)

    def structure(self, shape: Any, node: _Node) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name, member in shape.members.items():
            found = self.member_node(node, name, member)
            if found is not None:
                params[name] = self.read(member, found)
        return params


class Ec2Reader(QueryReader):
    """ec2: ``queryName`` wins, else ``locationName`` capitalised; flat lists."""

    def name(self, shape: Any, default: str) -> str:
        serialization = shape.serialization
        if "queryName" in serialization:
            return str(serialization["queryName"])
        if "name" in serialization:
            name = str(serialization["name"])
            return name[:1].upper() + name[1:]
        return default

    def member_node(self, node: _Node, name: str, member: Any) -> _Node | None:
        found = node.children.get(self.name(member, name))
        if found is None and "name" not in member.serialization:
            # EC2 capitalises every name; its models always give locationName,
            # other senders capitalise the member name itself.
            found = node.children.get(name[:1].upper() + name[1:])
        return found

    def list_items(self, shape: Any, node: _Node) -> list[_Node]:
        return node.numbered()


def parse_query(shape: Any, request: WireRequest, *, ec2: bool = False) -> dict[str, Any]:
    if shape is None:
        return {}
    reader = Ec2Reader() if ec2 else QueryReader()
    return reader.structure(shape, _tree(form_pairs(request)))
