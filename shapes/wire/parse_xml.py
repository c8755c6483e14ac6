"""XML request bodies (rest-xml): elements named by members, namespaces ignored.

Members match by local name, so ``<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/">``
and a bare ``<Tagging>`` read the same. ``xmlAttribute`` members come from the
element's attributes (``xsi:type`` matches by its local part, as the prefix is
bound to whatever namespace the sender declared).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from hookmock.shapes.wire._scalars import WireValueError, scalar_from_text


def _local(name: str) -> str:
    if name.startswith("{"):
        return name.rpartition("}")[2]
    return name.rpartition(":")[2]


def _children(element: ET.Element) -> dict[str, list[ET.Element]]:
    grouped: dict[str, list[ET.Element]] = {}
    for child in element:
        grouped.setdefault(_local(child.tag), []).append(child)
    return grouped


def parse_document(body: bytes) -> ET.Element:
    try:
        return ET.fromstring(body)
    except ET.ParseError as error:
        raise WireValueError(f"the request body is not well-formed XML: {error}") from error


def read_element(shape: Any, element: ET.Element) -> Any:
    """The value ``element`` holds for ``shape`` (a non-flattened element)."""
    kind = shape.type_name
    if kind == "structure":
        return read_structure(shape, element)
    if kind == "list":
        name = shape.member.serialization.get("name", "member")
        return [read_element(shape.member, item) for item in _children(element).get(name, [])]
    if kind == "map":
        return _read_entries(shape, _children(element).get("entry", []))
    return scalar_from_text(shape, element.text or "")


def _read_entries(shape: Any, entries: list[ET.Element]) -> dict[str, Any]:
    key_name = shape.key.serialization.get("name", "key")
    value_name = shape.value.serialization.get("name", "value")
    result: dict[str, Any] = {}
    for entry in entries:
        parts = _children(entry)
        keys, values = parts.get(key_name), parts.get(value_name)
        if not keys or not values:
            raise WireValueError(f"{shape.name}: map entry without key or value")
        result[keys[0].text or ""] = read_element(shape.value, values[0])
    return result


def read_structure(shape: Any, element: ET.Element) -> dict[str, Any]:
    params: dict[str, Any] = {}
    children = _children(element)
    attributes = {_local(key): value for key, value in element.attrib.items()}
    for name, member in shape.members.items():
        wire_name = member.serialization.get("name", name)
        if member.serialization.get("xmlAttribute"):
            if _local(wire_name) in attributes:
                params[name] = scalar_from_text(member, attributes[_local(wire_name)])
            continue
        found = children.get(wire_name)
        if not found:
            continue
        flattened = member.serialization.get("flattened")
        if member.type_name == "list" and flattened:
            params[name] = [read_element(member.member, item) for item in found]
        elif member.type_name == "map" and flattened:
            params[name] = _read_entries(member, found)
        else:
            params[name] = read_element(member, found[0])
    return params
