"""SNS subscription filter policies: parse and validate once, then match messages.

A policy is a JSON object. Keys are ANDed; a key's array of rules is ORed;
``"$or": [{...}, {...}]`` ORs whole sub-policies. With the ``MessageAttributes``
scope, keys name message attributes; with ``MessageBody`` the policy mirrors
the (JSON object) body and may nest. Limits are SNS's: 256 KB of text, at most
150 value combinations and 5 keys in any one of the policy's OR alternatives.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Final

import attrs

from hookmock.backends.sns.filter_policy_rules import (
    RESERVED_KEYWORDS,
    FilterPolicyError,
    JsonNumber,
    Leaf,
    Scalar,
    fail,
    number_value,
    parse_leaf,
)

__all__ = [
    "MESSAGE_ATTRIBUTES",
    "MESSAGE_BODY",
    "FilterPolicy",
    "FilterPolicyError",
    "parse_filter_policy",
]

MESSAGE_ATTRIBUTES: Final = "MessageAttributes"
MESSAGE_BODY: Final = "MessageBody"
MAX_POLICY_BYTES: Final = 256 * 1024
MAX_COMBINATIONS: Final = 150
MAX_KEYS: Final = 5
NESTED_IN_ATTRIBUTES: Final = (
    "Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy"
)

Values = tuple[Scalar, ...]


@attrs.frozen
class Node:
    """One JSON object of the policy: its rule keys, nested objects and ``$or`` groups."""

    leaves: tuple[tuple[str, Leaf], ...]
    children: tuple[tuple[str, Node], ...]
    alternatives: tuple[tuple[Node, ...], ...]


@attrs.frozen
class FilterPolicy:
    """A validated filter policy, immutable and shared by every subscription using it."""

    scope: str
    root: Node

    def matches(self, attributes: Mapping[str, Mapping[str, Any]], body: str) -> bool:
        """Whether SNS delivers a message with these attributes and body."""
        if self.root == EMPTY:
            return True
        if self.scope == MESSAGE_BODY:
            document = body_document(body)
            return document is not None and node_matches(self.root, document, body_values)
        fields = attribute_fields(attributes)
        return bool(fields) and node_matches(self.root, fields, lambda found, key: found.get(key))


EMPTY: Final = Node((), (), ())


def parse_filter_policy(text: str, scope: str) -> FilterPolicy:
    """Parse ``text`` for ``scope``, or raise FilterPolicyError as SNS would.

    Results are cached: SNS re-validates a subscription's policy on every
    attribute change, and many subscriptions share one policy text.
    """
    if scope not in (MESSAGE_ATTRIBUTES, MESSAGE_BODY):
        raise ValueError(f"unknown filter policy scope {scope!r}")
    return parse_cached(text, scope)


@functools.lru_cache(maxsize=1024)
def parse_cached(text: str, scope: str) -> FilterPolicy:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_POLICY_BYTES:
        raise fail("Filter policy is too long")
    document = load_policy_json(text)
    if not isinstance(document, dict):
        raise fail("Filter is not an object")
    root = parse_node(document, scope) if document else EMPTY
    check_limits(root)
    return FilterPolicy(scope, root)


def load_policy_json(text: str) -> Any:
    try:
        return json.loads(
            text,
            parse_float=policy_number,
            parse_int=policy_number,
            parse_constant=reject_constant,
        )
    except (ValueError, RecursionError):
        raise fail("failed to parse JSON.") from None


def policy_number(text: str) -> JsonNumber:
    return JsonNumber(text, float(text))


def reject_constant(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


def parse_node(document: Mapping[str, Any], scope: str) -> Node:
    if not document:
        raise fail("Empty objects are not allowed")
    leaves: list[tuple[str, Leaf]] = []
    children: list[tuple[str, Node]] = []
    alternatives: list[tuple[Node, ...]] = []
    for key, value in document.items():
        if key == "$or" and is_or_group(value):
            alternatives.append(tuple(parse_node(branch, scope) for branch in value))
        elif isinstance(value, list):
            leaves.append((key, parse_leaf(value)))
        elif isinstance(value, dict):
            if scope == MESSAGE_ATTRIBUTES:
                raise FilterPolicyError(NESTED_IN_ATTRIBUTES, whole_message=NESTED_IN_ATTRIBUTES)
            children.append((key, parse_node(value, scope)))
        else:
            raise fail(f'"{key}" must be an object or an array')
    return Node(tuple(leaves), tuple(children), tuple(alternatives))


def is_or_group(value: Any) -> bool:
    """SNS reads ``$or`` as OR only for an array of two or more objects with no
    operator names as keys; otherwise ``$or`` is an ordinary property name."""
    return (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(branch, dict) for branch in value)
        and not any(RESERVED_KEYWORDS.intersection(branch) for branch in value)
    )


Expansion = list[tuple[frozenset[tuple[str, ...]], int]]
"""The policy as flat alternatives (one per ``$or`` choice): the leaf key paths
each one tests, and how many value combinations it spans."""


def check_limits(root: Node) -> None:
    for keys, _ in expand(root, ()):
        if len(keys) > MAX_KEYS:
            raise fail(f"Filter policy can not have more than {MAX_KEYS} keys")


def expand(node: Node, path: tuple[str, ...]) -> Expansion:
    """Expand ``node``, failing as soon as it spans more than 150 combinations,
    so a policy full of nested ``$or`` groups never expands past that bound."""
    expansion: Expansion = [(frozenset(), 1)]
    for key, leaf in node.leaves:
        expansion = [(keys | {(*path, key)}, count * leaf.size) for keys, count in expansion]
        within_complexity(expansion)
    for key, child in node.children:
        expansion = combine(expansion, expand(child, (*path, key)))
    for group in node.alternatives:
        expansion = [pair for branch in group for pair in combine(expansion, expand(branch, path))]
        within_complexity(expansion)
    return expansion


def combine(left: Expansion, right: Expansion) -> Expansion:
    combined = [(a | b, m * n) for a, m in left for b, n in right]
    within_complexity(combined)
    return combined


def within_complexity(expansion: Expansion) -> None:
    if sum(count for _, count in expansion) > MAX_COMBINATIONS:
        raise fail("Filter policy is too complex")


ValuesOf = Callable[[Mapping[str, Any], str], Values | None]
"""Where a leaf key's values come from: ``None`` when the key is absent."""


def node_matches(node: Node, found: Mapping[str, Any], values_of: ValuesOf) -> bool:
    for key, leaf in node.leaves:
        if not leaf.test(values_of(found, key) or ()):
            return False
    for key, child in node.children:
        if not any(node_matches(child, inner, values_of) for inner in objects_at(found, key)):
            return False
    return all(
        any(node_matches(branch, found, values_of) for branch in group)
        for group in node.alternatives
    )


@functools.lru_cache(maxsize=8)
def body_document(body: str) -> Mapping[str, Any] | None:
    """The body as a JSON object with at least one property, else None: a body
    that is not such an object matches no policy. Cached, so a publish fanned
    out to many filtered subscriptions parses its body once."""
    try:
        document = json.loads(body, parse_constant=reject_constant)
    except (ValueError, RecursionError):
        return None
    return document if isinstance(document, dict) and document else None


def body_values(found: Mapping[str, Any], key: str) -> Values | None:
    if key not in found:
        return None
    return tuple(flatten(found[key]))


def flatten(value: Any) -> Iterator[Scalar]:
    """A body value as leaf values: arrays (nested too) give their elements;
    objects are not leaves and give nothing."""
    if isinstance(value, list):
        for item in value:
            yield from flatten(item)
    elif isinstance(value, bool | str) or value is None:
        yield value
    elif isinstance(value, int | float):
        yield from body_number(value)


def body_number(value: float) -> Iterator[float]:
    try:
        yield number_value(value)
    except OverflowError:  # an integer beyond float range compares with nothing
        return


def objects_at(found: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    """The objects a nested policy key is matched against: the value itself, or
    any object inside an array; an empty object when there is none, so
    ``exists: false`` below a missing key still matches."""
    return list(objects_in(found.get(key))) or [{}]


def objects_in(value: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(value, dict):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from objects_in(item)


def attribute_fields(attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, Values]:
    """Message attributes as leaf values; Binary attributes take no part in filtering."""
    fields: dict[str, Values] = {}
    for name, attribute in attributes.items():
        values = attribute_values(attribute)
        if values is not None:
            fields[name] = values
    return fields


def attribute_values(attribute: Mapping[str, Any]) -> Values | None:
    data_type = str(attribute.get("DataType", ""))
    text = attribute.get("StringValue")
    if not isinstance(text, str):
        return None
    if data_type == "String.Array":
        return array_values(text)
    kind = data_type.split(".", 1)[0]
    if kind == "Number":
        return (attribute_number(text),)
    if kind == "String":
        return (text,)
    return None


def attribute_number(text: str) -> Scalar:
    try:
        value = float(text)
    except ValueError:
        return text
    return number_value(value) if math.isfinite(value) else text


def array_values(text: str) -> Values:
    try:
        items = json.loads(text, parse_constant=reject_constant)
    except (ValueError, RecursionError):
        return (text,)
    return tuple(flatten(items))
