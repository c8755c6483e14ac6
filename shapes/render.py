"""Render a backend's result into the structure botocore's parser would return.

Backends return plain mappings (or attrs instances) keyed by the output
shape's member names. Rendering follows the output shape: members that are
None are left out, timestamps become tz-aware UTC datetimes, blobs become
bytes, numbers take their modeled type. In strict mode (hookmock's own test
suite) a member the shape does not have, or a value of the wrong kind, is a
backend bug and raises RenderError; otherwise such members are dropped.

Each shape is compiled once into a renderer, closures specialised to the
shape's kind and members, cached per service (or per model when no service is
named), shape name and mode: a call costs one walk over the values the backend
gave, not one over the model for every value.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import weakref
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from botocore.response import StreamingBody

STRICT = os.environ.get("HOOKMOCK_STRICT", "") not in ("", "0")

_UTC = dt.timezone.utc


@attrs.frozen
class Stream:
    """A streaming payload whose length the backend knows: a reader that need not seek."""

    reader: Any
    length: int


@attrs.frozen
class IfModeled:
    """A member newer botocore models have and older ones lack: rendered where the
    installed model has it, left out (even in strict mode) where it does not."""

    value: Any


@attrs.frozen
class Rendered:
    """A member value the backend built already in the exact form botocore's parser
    returns, as fresh objects the response may own (nothing shared with state).
    It is handed out as it is; strict mode still renders it, and fails if the
    rendering differs from it in any value or type."""

    value: Any


_MARKERS = (IfModeled, Rendered)


class RenderError(TypeError):
    """A backend produced a result that does not fit the operation's output shape."""


class _Misfit(Exception):
    """A value that does not fit, raised in strict mode. Each enclosing renderer
    adds its step to the path on the way out, so fitting values pay nothing for it."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.steps: list[str] = []


Renderer = Callable[[Any], Any]
"""A value → its rendering, or None: left out of the response."""
Cache = dict[tuple[str, bool], Renderer]


def render_output(shape: Any, result: Any, service_model: Any = None) -> dict[str, Any]:
    """Render ``result`` for the output ``shape`` (a botocore StructureShape or None).

    ``service_model`` (the shape's) lets every client of one service share the
    compiled renderers; without it they are shared by the shape's model only.
    """
    if shape is None:
        if result and STRICT:
            raise RenderError(f"operation has no output shape but the backend returned {result!r}")
        return {}
    if result is None:
        return {}
    try:
        rendered = renderer_for(shape, service_model)(result)
    except _Misfit as misfit:
        where = shape.name + "".join(reversed(misfit.steps))
        raise RenderError(f"{where} {misfit.problem}") from None
    assert isinstance(rendered, dict)
    return rendered


_by_service: dict[tuple[str, str, bool], Cache] = {}
"""Renderers per (service name, API version, strict): shapes of one name are the same there."""
_by_model: weakref.WeakKeyDictionary[Any, dict[bool, Cache]] = weakref.WeakKeyDictionary()
"""Renderers per botocore shape resolver (one per loaded service model), then strict."""


def renderer_for(shape: Any, service_model: Any = None) -> Renderer:
    """The compiled renderer of ``shape`` in the current mode."""
    strict = STRICT
    cache: Cache | None
    if service_model is not None:
        service_key = (service_model.service_name, service_model.api_version, strict)
        cache = _by_service.get(service_key)
        if cache is None:
            cache = _by_service[service_key] = {}
    else:
        modes = _by_model.get(shape._shape_resolver)
        if modes is None:
            modes = _by_model[shape._shape_resolver] = {}
        cache = modes.get(strict)
        if cache is None:
            cache = modes[strict] = {}
    found = cache.get((shape.name, bool(shape.serialization.get("streaming"))))
    return found if found is not None else _compile(shape, cache, strict)


def _compile(shape: Any, cache: Cache, strict: bool) -> Renderer:
    key = (shape.name, bool(shape.serialization.get("streaming")))
    found = cache.get(key)
    if found is not None:
        return found
    kind = shape.type_name
    if kind in ("structure", "list", "map"):
        # Recursive shapes (DynamoDB's AttributeValue) reach themselves while
        # compiling: hand out a forwarder until the real renderer exists.
        box: list[Renderer] = []
        cache[key] = lambda value: box[0](value)
        builder = {"structure": _structure, "list": _list, "map": _map}[kind]
        renderer = builder(shape, cache, strict)
        box.append(renderer)
    elif kind == "blob" and key[1]:
        renderer = streaming_body
    else:
        renderer = _scalar(kind, strict)
    cache[key] = renderer
    return renderer


def _misfit(strict: bool, expected: str) -> Callable[[Any], Any]:
    """What a renderer does with a value of the wrong kind: raise in strict mode,
    otherwise leave it out of the response."""

    def misfit(value: Any) -> Any:
        if strict:
            raise _Misfit(f"must be {expected}, got {type(value).__name__}: {value!r}")
        return None

    return misfit


def _structure(shape: Any, cache: Cache, strict: bool) -> Renderer:
    members = shape.members
    names = tuple(members)
    renderers = {name: _compile(member, cache, strict) for name, member in members.items()}
    position = {name: index for index, name in enumerate(names)}
    not_a_mapping = _misfit(strict, "a mapping")

    # A value giving fewer members than this is walked by what it gives (then put
    # in order); a fuller one by the model's members, already in order.
    sparse_below = max(2, len(names) // 3)

    def marked(name: str, render_member: Renderer, item: Any) -> Any:
        if type(item) is IfModeled:
            item = item.value
            if item is None:
                return None
        try:
            if type(item) is not Rendered:
                return render_member(item)
            if strict:
                rendered = render_member(item.value)
                if not _same(rendered, item.value):
                    raise _Misfit(
                        f"was marked Rendered but renders as {rendered!r}: {item.value!r}"
                    )
            return item.value
        except _Misfit as misfit:
            misfit.steps.append(f".{name}")
            raise

    dense = _dense_walker(members, renderers, marked)

    def unknown_members(value: Mapping[str, Any]) -> None:
        unknown = {k for k in value.keys() - renderers.keys() if type(value[k]) is not IfModeled}
        if unknown:
            raise _Misfit(f"has no member(s) {sorted(unknown)}")

    def render(value: Any) -> Any:
        if type(value) is not dict:
            if attrs.has(type(value)):
                value = {name: getattr(value, name) for name in names if hasattr(value, name)}
            elif not isinstance(value, Mapping):
                return not_a_mapping(value)
        if strict:
            unknown_members(value)
        out: dict[str, Any] = {}
        if len(value) >= sparse_below:
            return dense(value)
        last = -1
        in_order = True
        for name, item in value.items():
            member_renderer = renderers.get(name)
            if member_renderer is None or item is None:
                continue
            if type(item) in _MARKERS:
                rendered = marked(name, member_renderer, item)
            else:
                try:
                    rendered = member_renderer(item)
                except _Misfit as misfit:
                    misfit.steps.append(f".{name}")
                    raise
            if rendered is not None:
                out[name] = rendered
                at = position[name]
                if at < last:
                    in_order = False
                last = at
        if in_order:
            return out
        # botocore's parsers fill a structure in its model's member order.
        return {name: out[name] for name in names if name in out}

    return render


# How a value that renders as itself looks, by member kind: such values skip the
# member's renderer (markers, conversions and misfits take the call).
_AS_ITSELF = {
    "string": "type(item) is str",
    "integer": "type(item) is int",
    "long": "type(item) is int",
    "boolean": "item is True or item is False",
    "timestamp": "type(item) is _datetime and item.tzinfo is _UTC",
}


def _dense_walker(
    members: Mapping[str, Any],
    renderers: Mapping[str, Renderer],
    marked: Callable[[str, Renderer, Any], Any],
) -> Renderer:
    """A function that renders a dict by the structure's members, in their order,
    written out member by member (generated: no loop, no call for the values that
    render as themselves)."""
    namespace: dict[str, Any] = {"_datetime": dt.datetime, "_UTC": _UTC}
    lines = ["def dense(value):", "    get = value.get", "    out = {}"]
    for index, (name, member) in enumerate(members.items()):
        namespace[f"member_{index}"] = functools.partial(marked, name, renderers[name])
        key = repr(name)
        lines += [f"    item = get({key})", "    if item is not None:"]
        as_itself = _AS_ITSELF.get(member.type_name)
        indent = "        "
        if as_itself is not None:
            lines += [f"        if {as_itself}:", f"            out[{key}] = item", "        else:"]
            indent = "            "
        lines += [
            f"{indent}rendered = member_{index}(item)",
            f"{indent}if rendered is not None:",
            f"{indent}    out[{key}] = rendered",
        ]
    lines.append("    return out")
    # The source is built above from the model's member names, quoted by repr.
    exec("\n".join(lines), namespace)
    dense: Renderer = namespace["dense"]
    return dense


def _list(shape: Any, cache: Cache, strict: bool) -> Renderer:
    render_member = _compile(shape.member, cache, strict)
    not_a_list = _misfit(strict, "a list")

    def render(value: Any) -> Any:
        if isinstance(value, (str, bytes, Mapping)):
            return not_a_list(value)
        out = []
        try:
            for item in value:
                rendered = render_member(item)
                if rendered is not None:
                    out.append(rendered)
        except _Misfit as misfit:
            misfit.steps.append("[]")
            raise
        return out

    return render


def _map(shape: Any, cache: Cache, strict: bool) -> Renderer:
    render_key = _compile(shape.key, cache, strict)
    render_value = _compile(shape.value, cache, strict)
    not_a_mapping = _misfit(strict, "a mapping")

    def render(value: Any) -> Any:
        if not isinstance(value, Mapping):
            return not_a_mapping(value)
        out = {}
        for key, item in value.items():
            try:
                rendered_key = render_key(key)
            except _Misfit as misfit:
                misfit.steps.append(".key")
                raise
            try:
                rendered = render_value(item)
            except _Misfit as misfit:
                misfit.steps.append(".value")
                raise
            if rendered_key is not None and rendered is not None:
                out[rendered_key] = rendered
        return out

    return render


def _scalar(kind: str, strict: bool) -> Renderer:
    if kind == "string":
        not_a_string = _misfit(strict, "a string")
        return lambda value: value if isinstance(value, str) else not_a_string(value)
    if kind in ("integer", "long"):
        not_an_integer = _misfit(strict, "an integer")

        def integer(value: Any) -> Any:
            if type(value) is int:
                return value
            if isinstance(value, bool) or not isinstance(value, int):
                return not_an_integer(value)
            return value

        return integer
    if kind in ("float", "double"):
        not_a_number = _misfit(strict, "a number")

        def number(value: Any) -> Any:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return not_a_number(value)
            return float(value)

        return number
    if kind == "boolean":
        not_a_boolean = _misfit(strict, "a boolean")
        return lambda value: value if value is True or value is False else not_a_boolean(value)
    if kind == "timestamp":
        not_a_datetime = _misfit(strict, "a datetime")
        return lambda value: _timestamp(value, not_a_datetime)
    if kind == "blob":
        not_bytes = _misfit(strict, "bytes")
        return lambda value: _blob(value, not_bytes)
    return lambda value: value


def _same(rendered: Any, given: Any) -> bool:
    """Equal, with the same types and key order all the way down (where ``==`` has
    1 == 1.0 and b"" == bytearray())."""
    if type(rendered) is not type(given):
        return False
    if isinstance(rendered, dict):
        return list(rendered) == list(given) and all(
            _same(value, given[key]) for key, value in rendered.items()
        )
    if isinstance(rendered, list):
        return len(rendered) == len(given) and all(map(_same, rendered, given))
    return bool(rendered == given)


def streaming_body(value: Any) -> StreamingBody:
    """A streaming payload as botocore hands it out: bytes, str or a seekable file."""
    if isinstance(value, StreamingBody):
        return value
    if isinstance(value, Stream):
        return StreamingBody(value.reader, value.length)
    if isinstance(value, str):
        value = value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return StreamingBody(io.BytesIO(data), len(data))
    start = value.tell()
    length = value.seek(0, io.SEEK_END) - start
    value.seek(start)
    return StreamingBody(value, length)


def _timestamp(value: Any, misfit: Renderer) -> Any:
    if type(value) is dt.datetime and value.tzinfo is _UTC:
        return value
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=_UTC) if value.tzinfo is None else value.astimezone(_UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return dt.datetime.fromtimestamp(value, _UTC)
    return misfit(value)


def _blob(value: Any, misfit: Renderer) -> Any:
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return misfit(value)
