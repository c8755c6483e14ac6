"""Policy documents parsed once into statements with normalised elements."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any, Literal

import attrs

PolicyType = Literal["user", "group", "role", "aws-managed", "user-managed", "resource", "none"]
"""SimulatePolicy's PolicySourceType values (plus what we add for boundaries/sessions)."""


@attrs.frozen
class Condition:
    operator: str
    """As written, e.g. ``ForAnyValue:StringLikeIfExists``."""
    key: str
    values: tuple[Any, ...]


@attrs.frozen
class Statement:
    index: int
    sid: str | None
    effect: Literal["Allow", "Deny"]
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[str, ...] | None
    """None where the statement has neither Resource nor NotResource (trust policies)."""
    not_resource: bool
    principals: Mapping[str, tuple[str, ...]] | None
    """Principal type (AWS, Service, Federated, CanonicalUser) → values; ``*`` is
    ``{"*": ("*",)}``. None where the statement names no principal."""
    not_principal: bool
    conditions: tuple[Condition, ...]
    start: tuple[int, int] = (1, 1)
    end: tuple[int, int] = (1, 1)
    """(line, column) of the statement's braces in the document, for SimulatePolicy."""


@attrs.frozen
class Policy:
    statements: tuple[Statement, ...]
    source_id: str = ""
    source_type: str = "none"


class PolicySyntaxError(ValueError):
    """A document evaluation cannot read (stored documents were checked when stored)."""


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _strings(value: Any) -> tuple[str, ...]:
    items = _listed(value)
    if not all(isinstance(item, str) for item in items):
        raise PolicySyntaxError("policy elements must be strings")
    return tuple(items)


def _principals(value: Any) -> Mapping[str, tuple[str, ...]]:
    if value == "*":
        return {"*": ("*",)}
    if not isinstance(value, dict):
        raise PolicySyntaxError("Principal must be * or an object")
    return {kind: _strings(names) for kind, names in value.items()}


def _conditions(value: Any) -> tuple[Condition, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise PolicySyntaxError("Condition must be an object")
    found = []
    for operator, keys in value.items():
        if not isinstance(keys, dict):
            raise PolicySyntaxError("a condition operator takes an object of keys")
        for key, values in keys.items():
            found.append(Condition(operator, key, tuple(_listed(values))))
    return tuple(found)


def _one_of(raw: Mapping[str, Any], plain: str) -> tuple[Any, bool] | None:
    if plain in raw:
        return raw[plain], False
    if f"Not{plain}" in raw:
        return raw[f"Not{plain}"], True
    return None


def _statement(index: int, raw: Any, span: tuple[tuple[int, int], tuple[int, int]]) -> Statement:
    if not isinstance(raw, dict) or raw.get("Effect") not in ("Allow", "Deny"):
        raise PolicySyntaxError("a statement needs an Effect of Allow or Deny")
    action = _one_of(raw, "Action")
    resource = _one_of(raw, "Resource")
    principal = _one_of(raw, "Principal")
    sid = raw.get("Sid")
    return Statement(
        index=index,
        sid=sid if isinstance(sid, str) else None,
        effect=raw["Effect"],
        actions=_strings(action[0]) if action else (),
        not_action=bool(action and action[1]),
        resources=_strings(resource[0]) if resource else None,
        not_resource=bool(resource and resource[1]),
        principals=_principals(principal[0]) if principal else None,
        not_principal=bool(principal and principal[1]),
        conditions=_conditions(raw.get("Condition")),
        start=span[0],
        end=span[1],
    )


def _statement_spans(text: str, count: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(line, column) of each statement object's opening and closing brace, found by
    scanning the text; (1, 1) pairs where the layout cannot be followed."""
    unknown = [((1, 1), (1, 1))] * count
    key = text.find('"Statement"')
    value = text.find(":", key) + 1 if key >= 0 else -1
    while 0 < value < len(text) and text[value].isspace():
        value += 1
    if value <= 0 or value >= len(text) or text[value] not in "[{":
        return unknown
    level = 1 if text[value] == "[" else 0
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    depth, in_string, escaped, start = 0, False, False, value
    for offset in range(value, len(text)):
        char = text[offset]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            if char == "{" and depth == level:
                start = offset
            depth += 1
        elif char in "]}":
            depth -= 1
            if char == "}" and depth == level:
                spans.append((_position(text, start), _position(text, offset + 1)))
            if depth == 0:
                break
    return spans if len(spans) == count else unknown


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@functools.lru_cache(maxsize=1024)
def _parsed(text: str) -> tuple[Statement, ...]:
    try:
        document = json.loads(text)
    except ValueError:
        raise PolicySyntaxError("policy is not JSON") from None
    if not isinstance(document, dict):
        raise PolicySyntaxError("policy is not an object")
    raw = _listed(document.get("Statement", []))
    spans = _statement_spans(text, len(raw))
    return tuple(_statement(i, s, spans[i]) for i, s in enumerate(raw))


def parse_policy(text: str, source_id: str = "", source_type: str = "none") -> Policy:
    """``text`` (a JSON policy document) as statements; parsing is cached by text."""
    return Policy(_parsed(text), source_id, source_type)
