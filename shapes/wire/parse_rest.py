"""The rest protocols' locations: uri labels, querystring, headers, payload.

rest-json and rest-xml differ only in how a body is read; everything bound to
a location is read here, the same for both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hookmock.shapes.wire._rest_table import query_pairs, template_for
from hookmock.shapes.wire._s3_hosts import s3_path
from hookmock.shapes.wire._scalars import (
    WireValueError,
    decode_base64,
    parse_timestamp,
    scalar_from_text,
)
from hookmock.shapes.wire.request import WireRequest

BodyReader = Callable[[Any, bytes], dict[str, Any]]
"""(input shape, body) → the input's members found in the body."""
PayloadReader = Callable[[Any, bytes], Any]
"""(payload member shape, body) → the payload member's value."""


def split_header_list(text: str) -> list[str]:
    """A comma-separated header list; items may be double-quoted (with ``\\"``)."""
    items: list[str] = []
    current: list[str] = []
    quoted = False
    was_quoted = False
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == "\\" and index + 1 < len(text):
                index += 1
                current.append(text[index])
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == '"' and not "".join(current).strip():
            quoted = was_quoted = True
            current = []
        elif char == ",":
            items.append("".join(current) if was_quoted else "".join(current).strip())
            current, was_quoted = [], False
        elif not was_quoted:
            current.append(char)
        index += 1
    items.append("".join(current) if was_quoted else "".join(current).strip())
    return items


def _http_dates(text: str) -> list[str]:
    """HTTP dates hold a comma ("Mon, 01 Jan 2024 …"), so a list of them pairs up."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) % 2 == 0 and all(len(day) == 3 and day.isalpha() for day in parts[::2]):
        return [f"{day}, {rest}" for day, rest in zip(parts[::2], parts[1::2], strict=True)]
    return parts


def header_value(member: Any, text: str) -> Any:
    kind = member.type_name
    if kind == "list":
        if not text:
            return []
        element = member.member
        if element.type_name == "timestamp":
            return [parse_timestamp(item) for item in _http_dates(text)]
        items = split_header_list(text)
        if element.type_name == "string":
            return items
        return [scalar_from_text(element, item) for item in items]
    if kind == "string" and member.serialization.get("jsonvalue"):
        try:
            return json.loads(decode_base64(text))
        except ValueError as error:
            raise WireValueError(f"{member.name}: not base64-encoded JSON") from error
    return scalar_from_text(member, text)


def parse_rest(
    operation_model: Any,
    request: WireRequest,
    read_body: BodyReader,
    read_payload: PayloadReader,
    *,
    json_body: bool,
) -> dict[str, Any]:
    shape = operation_model.input_shape
    if shape is None:
        return {}
    template = template_for(operation_model)
    is_s3 = operation_model.service_model.service_name == "s3"
    labels = template.match(s3_path(request) if is_s3 else request.path) or {}
    claimed_query = set(template.claimed_query_keys())
    query: dict[str, list[str]] = {}
    for key, value in query_pairs(request.query):
        query.setdefault(key, []).append(value)
    claimed_headers: set[str] = set()
    params: dict[str, Any] = {}
    body_members = False
    query_map: tuple[str, Any] | None = None
    prefixed: list[tuple[str, Any]] = []
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire_name = member.serialization.get("name", name)
        if location == "uri":
            if wire_name in labels:
                params[name] = scalar_from_text(member, labels[wire_name])
        elif location == "querystring":
            if member.type_name == "map":
                query_map = (name, member)
                continue
            claimed_query.add(wire_name)
            values = query.get(wire_name)
            if values is None:
                continue
            if member.type_name == "list":
                params[name] = [scalar_from_text(member.member, v) for v in values]
            else:
                params[name] = scalar_from_text(member, values[0])
        elif location == "header":
            header = wire_name.lower()
            claimed_headers.add(header)
            if header in request.headers:
                params[name] = header_value(member, request.headers[header].strip())
        elif location == "headers":
            prefixed.append((name, member))
        elif location is None:
            body_members = True
    for name, member in prefixed:
        prefix = str(member.serialization.get("name", "")).lower()
        found = {
            header[len(prefix) :]: value.strip()
            for header, value in request.headers.items()
            if header.startswith(prefix) and header not in claimed_headers
        }
        if found:
            params[name] = found
    if query_map is not None:
        # A map-typed querystring member gets the parameters no named member
        # and no requestUri literal claims: named members take precedence.
        name, member = query_map
        rest = {key: values for key, values in query.items() if key not in claimed_query}
        if rest:
            if member.value.type_name == "list":
                params[name] = rest
            else:
                params[name] = {key: values[0] for key, values in rest.items()}
    params.update(_payload(shape, request.body, read_payload, json_body))
    if body_members and "payload" not in shape.serialization and request.body:
        found = read_body(shape, request.body)
        params.update(
            (name, value)
            for name, value in found.items()
            if "location" not in shape.members[name].serialization
        )
    return params


def _payload(
    shape: Any, body: bytes, read_payload: PayloadReader, empty_object_is_absent: bool
) -> dict[str, Any]:
    name = shape.serialization.get("payload")
    if name is None or not body:
        return {}
    member = shape.members[name]
    if member.type_name == "blob":
        return {name: body}
    if member.type_name == "string":
        return {name: body.decode("utf-8")}
    value = read_payload(member, body)
    if empty_object_is_absent and value == {} and member.type_name == "structure":
        return {}  # "{}" is what botocore sends for no payload at all
    return {name: value}
