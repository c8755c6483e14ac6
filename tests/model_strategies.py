"""Hypothesis strategies that draw values from botocore shapes, valid by the model."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hypothesis import strategies as st

from hookmock.shapes.patterns import compile_pattern, translate
from hookmock.shapes.validate import _utf16_length

UNSUPPORTED = st.nothing()
_UTC = dt.timezone.utc
MAX_DEPTH = 3


def _string(shape: Any) -> st.SearchStrategy[str]:
    meta = shape.metadata
    if getattr(shape, "enum", None):
        return st.sampled_from(list(shape.enum))
    low = meta.get("min", 0)
    high = min(meta.get("max", 24), low + 24)
    if low > high:
        return UNSUPPORTED
    pattern = meta.get("pattern")
    if pattern is None:
        return st.text(min_size=low, max_size=high).filter(
            lambda s: low <= _utf16_length(s) <= meta.get("max", 10**9)
        )
    matches = compile_pattern(pattern)
    try:
        compiled = re.compile(translate(pattern))
    except re.error:
        return UNSUPPORTED
    if matches is None:
        return UNSUPPORTED
    anchored = pattern.startswith("^") or pattern.endswith("$")
    return (
        st.from_regex(compiled, fullmatch=not anchored)
        .filter(lambda s: low <= _utf16_length(s) <= meta.get("max", 10**9))
        .filter(matches)
    )


def _number(shape: Any) -> st.SearchStrategy[Any]:
    meta = shape.metadata
    if shape.type_name in ("integer", "long"):
        return st.integers(int(meta.get("min", -(2**31))), int(meta.get("max", 2**31 - 1)))
    return st.floats(
        meta.get("min", -1e9), meta.get("max", 1e9), allow_nan=False, allow_infinity=False
    )


_built: dict[tuple[int, int], st.SearchStrategy[Any]] = {}
_keep_alive: list[Any] = []


def valid(shape: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values the model accepts for ``shape`` (small, and shallow beyond MAX_DEPTH)."""
    key = (id(shape), min(depth, MAX_DEPTH + 1))
    found = _built.get(key)
    if found is None:
        _keep_alive.append(shape)  # ids stay unique while the cache lives
        found = _built[key] = _build(shape, depth)
    return found


def _build(shape: Any, depth: int) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    meta = shape.metadata
    if kind == "structure":
        if getattr(shape, "is_document_type", False) or shape.metadata.get("union"):
            return UNSUPPORTED
        required = set(shape.required_members)
        fixed = {name: valid(m, depth + 1) for name, m in shape.members.items() if name in required}
        if any(strategy.is_empty for strategy in fixed.values()):
            return UNSUPPORTED
        optional = {}
        if depth < MAX_DEPTH:
            optional = {
                name: strategy
                for name, m in shape.members.items()
                if name not in required and not m.serialization.get("streaming")
                for strategy in [valid(m, depth + 1)]
                if not strategy.is_empty
            }
        return st.fixed_dictionaries(fixed, optional=optional)
    if kind == "list":
        low = meta.get("min", 0)
        if depth >= MAX_DEPTH and low:
            return UNSUPPORTED
        high = low if depth >= MAX_DEPTH else min(meta.get("max", 3), low + 3)
        element = valid(shape.member, depth + 1)
        if element.is_empty:
            return UNSUPPORTED if low else st.just([])
        return st.lists(element, min_size=low, max_size=high)
    if kind == "map":
        low = meta.get("min", 0)
        high = min(meta.get("max", 3), low + 3)
        keys, values = valid(shape.key, depth + 1), valid(shape.value, depth + 1)
        if keys.is_empty or values.is_empty:
            return UNSUPPORTED if low else st.just({})
        return st.dictionaries(keys, values, min_size=low, max_size=high)
    if kind == "string":
        return _string(shape)
    if kind in ("integer", "long", "float", "double"):
        return _number(shape)
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        return st.datetimes(
            min_value=dt.datetime(1971, 1, 1),
            max_value=dt.datetime(2100, 1, 1),
            timezones=st.just(_UTC),
        )
    if kind == "blob":
        low = meta.get("min", 0)
        return st.binary(min_size=low, max_size=min(meta.get("max", 16), low + 16))
    return UNSUPPORTED
