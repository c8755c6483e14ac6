"""Model-driven XML writing shared by query, ec2 and rest-xml bodies.

Element names follow botocore's reading of the model: a member's
``locationName``, a flattened list's items named by the list member's
``locationName``, maps as ``entry``/``key``/``value`` unless renamed,
``xmlAttribute`` members as attributes of their parent and ``xmlNamespace``
as an ``xmlns`` (or ``xmlns:prefix``) attribute wherever the shape appears.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hookmock.shapes.wire._common import (
    ISO8601,
    b64encode,
    float_text,
    format_timestamp,
    outside_body,
)
from hookmock.shapes.wire._common import timestamp_format as _timestamp_format

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\r": "&#13;",
        '"': "&quot;",
        "\n": "&#10;",
        "\t": "&#9;",
    }
)

Attrs = list[tuple[str, str]]


def escape_text(text: str) -> str:
    # A raw CR would come back as LF (XML end-of-line handling); AWS writes it as a reference.
    return text.translate(_TEXT_ESCAPES)


def element(name: str, content: str = "", attrs: Iterable[tuple[str, str]] = ()) -> str:
    attr_text = "".join(f' {key}="{value.translate(_ATTR_ESCAPES)}"' for key, value in attrs)
    return f"<{name}{attr_text}>{content}</{name}>"


def text_element(name: str, text: str) -> str:
    return element(name, escape_text(text))


def namespace_attrs(shape: Any) -> Attrs:
    namespace = shape.serialization.get("xmlNamespace")
    if not namespace:
        return []
    if isinstance(namespace, str):
        return [("xmlns", namespace)]
    prefix = namespace.get("prefix")
    return [(f"xmlns:{prefix}" if prefix else "xmlns", namespace["uri"])]


def service_namespace(service_model: Any) -> Attrs:
    """The default namespace the service's model declares for its documents."""
    namespace = service_model.metadata.get("xmlNamespace")
    return [("xmlns", namespace)] if namespace else []


def scalar_text(shape: Any, value: Any) -> str:
    kind = shape.type_name
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("float", "double"):
        return float_text(value)
    if kind == "timestamp":
        return format_timestamp(value, _timestamp_format(shape, ISO8601))
    if kind == "blob":
        return b64encode(value)
    return str(value)


def node(shape: Any, value: Any, name: str, attrs: Attrs | None = None) -> str:
    """``value`` of ``shape`` as one element called ``name``."""
    all_attrs = [*(attrs or []), *namespace_attrs(shape)]
    kind = shape.type_name
    if kind == "structure":
        member_attrs, content = structure_content(shape, value)
        all_attrs.extend(member_attrs)
    elif kind == "list":
        item_name = shape.member.serialization.get("name", "member")
        content = "".join(node(shape.member, item, item_name) for item in value if item is not None)
    elif kind == "map":
        content = "".join(
            element("entry", _map_pair(shape, key, item))
            for key, item in value.items()
            if item is not None
        )
    else:
        content = escape_text(scalar_text(shape, value))
    return element(name, content, all_attrs)


def structure_content(
    shape: Any, value: Mapping[str, Any], skip_located: bool = True
) -> tuple[Attrs, str]:
    """The attributes and child elements of a structure (members bound to HTTP
    headers or the status code left out: rest-xml writes those elsewhere)."""
    attrs: Attrs = []
    parts: list[str] = []
    for member_name, member in shape.members.items():
        item = value.get(member_name)
        if item is None or (skip_located and outside_body(member)):
            continue
        name = member.serialization.get("name", member_name)
        if member.serialization.get("xmlAttribute"):
            attrs.append((name, scalar_text(member, item)))
        else:
            parts.append(member_xml(member, item, name))
    return attrs, "".join(parts)


def member_xml(shape: Any, value: Any, name: str) -> str:
    """A structure member: flattened lists and maps repeat in place, the rest nest."""
    flattened = shape.serialization.get("flattened")
    if flattened and shape.type_name == "list":
        item_name = shape.member.serialization.get("name", name)
        return "".join(node(shape.member, item, item_name) for item in value if item is not None)
    if flattened and shape.type_name == "map":
        return "".join(
            element(name, _map_pair(shape, key, item))
            for key, item in value.items()
            if item is not None
        )
    return node(shape, value, name)


def _map_pair(shape: Any, key: Any, value: Any) -> str:
    key_name = shape.key.serialization.get("name", "key")
    value_name = shape.value.serialization.get("name", "value")
    return node(shape.key, key, key_name) + node(shape.value, value, value_name)
