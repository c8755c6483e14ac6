"""rest-json / rest-xml operations as matchable templates, built once per model.

An operation's ``http.requestUri`` is a path template (``/{Bucket}/{Key+}``) and
optionally literal query keys (``?uploads``, ``?list-type=2``). Several
operations can share a method and path (S3 has dozens on ``/{Bucket}``); a
match is then scored by how much of the request each operation explains.
"""

from __future__ import annotations

import re
import weakref
from typing import Any
from urllib.parse import parse_qsl, unquote

import attrs

SIGV4_QUERY_KEYS = frozenset(
    {
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Date",
        "X-Amz-Expires",
        "X-Amz-SignedHeaders",
        "X-Amz-Signature",
        "X-Amz-Security-Token",
    }
)
"""Presigned-URL parameters: authentication, never API params."""

OPTIONAL_LITERALS = frozenset({"x-id"})
"""Literal query keys some SDKs add to a requestUri and others leave out."""

_LABEL = re.compile(r"\{([^}]+)\}")


@attrs.frozen
class RestTemplate:
    operation_model: Any
    method: str
    pattern: re.Pattern[str]
    labels: tuple[str, ...]
    """Label names in group order (without the greedy ``+``)."""
    literal_length: int
    """Characters of the path that are literal: more is more specific."""
    query_literals: tuple[tuple[str, str | None], ...]
    required: tuple[tuple[str, str], ...]
    """(location, wire name) of required header and querystring members."""
    query_members: frozenset[str]
    takes_any_query: bool
    """A map-typed querystring member takes every key no other member claims."""
    deprecated: bool

    def match(self, path: str) -> dict[str, str] | None:
        """The percent-decoded label values if ``path`` fits, else None."""
        found = self.pattern.fullmatch(path)
        if found is None:
            return None
        values = found.groups()
        return {name: unquote(value) for name, value in zip(self.labels, values, strict=True)}

    def claimed_query_keys(self) -> frozenset[str]:
        return frozenset(key for key, _ in self.query_literals) | OPTIONAL_LITERALS


def _compile(path: str) -> tuple[re.Pattern[str], tuple[str, ...], int]:
    parts: list[str] = []
    labels: list[str] = []
    literal = 0
    position = 0
    for found in _LABEL.finditer(path):
        text = path[position : found.start()]
        parts.append(re.escape(text))
        literal += len(text)
        name = found.group(1)
        greedy = name.endswith("+")
        labels.append(name.rstrip("+"))
        parts.append("(.+)" if greedy else "([^/]+)")
        position = found.end()
    tail = path[position:]
    parts.append(re.escape(tail))
    literal += len(tail)
    if not tail.endswith("/"):
        parts.append("/?")  # "/bucket/" reaches "/{Bucket}"
    return re.compile("".join(parts)), tuple(labels), literal


def _build(operation_model: Any) -> RestTemplate:
    http = operation_model.http
    path, _, query = http.get("requestUri", "/").partition("?")
    pattern, labels, literal = _compile(path)
    query_literals = tuple(
        (key, value if "=" in pair else None)
        for pair in query.split("&")
        if pair
        for key, _, value in [pair.partition("=")]
    )
    required: list[tuple[str, str]] = []
    query_members: set[str] = set()
    takes_any_query = False
    shape = operation_model.input_shape
    if shape is not None:
        for name, member in shape.members.items():
            location = member.serialization.get("location")
            wire_name = member.serialization.get("name", name)
            if location == "querystring" and member.type_name == "map":
                takes_any_query = True
            elif location == "querystring":
                query_members.add(wire_name)
            if location in ("header", "querystring") and name in shape.required_members:
                key = wire_name.lower() if location == "header" else wire_name
                required.append((location, key))
    return RestTemplate(
        operation_model=operation_model,
        method=http.get("method", "POST").upper(),
        pattern=pattern,
        labels=labels,
        literal_length=literal,
        query_literals=query_literals,
        required=tuple(required),
        query_members=frozenset(query_members),
        takes_any_query=takes_any_query,
        deprecated=bool(getattr(operation_model, "deprecated", False)),
    )


_templates: weakref.WeakKeyDictionary[Any, RestTemplate] = weakref.WeakKeyDictionary()


def template_for(operation_model: Any) -> RestTemplate:
    found = _templates.get(operation_model)
    if found is None:
        found = _templates[operation_model] = _build(operation_model)
    return found


def query_pairs(query: str) -> list[tuple[str, str]]:
    """The query string's pairs, without presigned-URL authentication."""
    return [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if key not in SIGV4_QUERY_KEYS
    ]


Score = tuple[int, int, int, int, int]


def score(template: RestTemplate, query: dict[str, list[str]], headers: Any) -> Score | None:
    """How well an operation whose path matched explains the rest of the request;
    None when its literal query keys rule it out."""
    literals = 0
    for key, value in template.query_literals:
        sent = query.get(key)
        if sent is None:
            if key in OPTIONAL_LITERALS:
                continue
            return None
        if value is not None and value not in sent:
            return None
        literals += 1
    required = 0
    for location, name in template.required:
        present = name in headers if location == "header" else name in query
        required += 1 if present else -1
    claimed = template.claimed_query_keys()
    known = sum(1 for key in query if key in template.query_members)
    unknown = 0
    if not template.takes_any_query:
        unknown = sum(
            1 for key in query if key not in template.query_members and key not in claimed
        )
    current = 0 if template.deprecated else 1
    return (template.literal_length, literals, required, known - unknown, current)
