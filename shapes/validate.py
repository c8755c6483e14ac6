"""Server-side input validation and normalization, compiled from the service model.

botocore checks only required members, types, ``min`` and unknown keys, and
not at all under ``parameter_validation=False``. AWS's servers also enforce
``max``, ``pattern``, ``enum`` and ranges. ``check_input`` enforces all of them
and returns the params normalized for backends: timestamps as tz-aware UTC
datetimes, blobs as bytes, streaming payloads as readable objects.

Violations are reported as AWS's Coral servers word them::

    2 validation errors detected: Value 'x' at 'tableName' failed to satisfy
    constraint: Member must have length greater than or equal to 3; ...

Each shape is compiled once into a checker, cached per service model and
shape name, so a call costs one walk over the params actually given.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from botocore.exceptions import ParamValidationError
from botocore.utils import parse_timestamp
from botocore.validate import ParamValidator

from hookmock.shapes.errors import AWSError
from hookmock.shapes.patterns import compile_pattern
from hookmock.shapes.protocols import validation_error_code

_UTC = dt.timezone.utc


@attrs.frozen
class Violation:
    """One failed constraint: where, on what value, and AWS's wording of the rule."""

    path: str
    value: Any
    constraint: str

    def message(self) -> str:
        if self.value is None:
            return f"Value null at '{self.path}' failed to satisfy constraint: {self.constraint}"
        return (
            f"Value '{java_text(self.value)}' at '{self.path}' failed to satisfy constraint: "
            f"{self.constraint}"
        )


def validation_message(violations: list[Violation]) -> str:
    count = len(violations)
    noun = "error" if count == 1 else "errors"
    details = "; ".join(v.message() for v in violations)
    return f"{count} validation {noun} detected: {details}"


def java_text(value: Any) -> str:
    """A value as AWS's Java servers print it in validation messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (bytes, bytearray)):
        return f"java.nio.HeapByteBuffer[pos=0 lim={len(value)} cap={len(value)}]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{java_text(k)}={java_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(java_text(v) for v in value) + "]"
    return str(value)


class _Problems:
    """What one walk over the params found."""

    __slots__ = ("type_errors", "violations")

    def __init__(self) -> None:
        self.violations: list[Violation] = []
        self.type_errors: list[str] = []


Checker = Callable[[Any, str, _Problems], Any]
_MISSING = object()


def _path_name(member: str) -> str:
    return member[:1].lower() + member[1:]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _number_text(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _utf16_length(value: str) -> int:
    if value.isascii():
        return len(value)
    return len(value.encode("utf-16-le")) // 2


Predicate = Callable[[Any], bool]


def _length_at_most(top: int, measure: Callable[[Any], int]) -> Predicate:
    return lambda value: measure(value) <= top


def _length_at_least(low: int, measure: Callable[[Any], int]) -> Predicate:
    return lambda value: measure(value) >= low


def _value_at_most(top: float) -> Predicate:
    return lambda value: bool(value <= top)


def _value_at_least(low: float) -> Predicate:
    return lambda value: bool(value >= low)


def _one_of(allowed: frozenset[str]) -> Predicate:
    return lambda value: value in allowed


def _constraints(shape: Any) -> list[tuple[str, Predicate]]:
    """(AWS's wording, predicate that holds when satisfied) for a scalar or collection shape."""
    meta = shape.metadata
    kind = shape.type_name
    rules: list[tuple[str, Predicate]] = []
    if kind in ("string", "blob", "list", "map"):
        measure: Callable[[Any], int] = _utf16_length if kind == "string" else len
        if "max" in meta:
            rules.append(
                (
                    f"Member must have length less than or equal to {_number_text(meta['max'])}",
                    _length_at_most(meta["max"], measure),
                )
            )
        if "min" in meta:
            rules.append(
                (
                    f"Member must have length greater than or equal to {_number_text(meta['min'])}",
                    _length_at_least(meta["min"], measure),
                )
            )
    elif kind in ("integer", "long", "float", "double"):
        if "max" in meta:
            rules.append(
                (
                    f"Member must have value less than or equal to {_number_text(meta['max'])}",
                    _value_at_most(meta["max"]),
                )
            )
        if "min" in meta:
            rules.append(
                (
                    f"Member must have value greater than or equal to {_number_text(meta['min'])}",
                    _value_at_least(meta["min"]),
                )
            )
    if kind == "string" and "pattern" in meta:
        matcher = compile_pattern(meta["pattern"])
        if matcher is not None:
            rules.append(
                (f"Member must satisfy regular expression pattern: {meta['pattern']}", matcher)
            )
    if kind == "string" and getattr(shape, "enum", None):
        rules.append(
            (
                f"Member must satisfy enum value set: [{', '.join(shape.enum)}]",
                _one_of(frozenset(shape.enum)),
            )
        )
    return rules


def _apply(
    rules: list[tuple[str, Predicate]], checked: Any, value: Any, path: str, problems: _Problems
) -> None:
    """Record each of ``rules`` that ``checked`` (``value`` normalized) breaks."""
    for wording, holds in rules:
        if not holds(checked):
            problems.violations.append(Violation(path, value, wording))


def _scalar_checker(shape: Any) -> Checker:
    kind = shape.type_name
    normalize = _NORMALIZERS.get(kind, _keep)
    rules = _constraints(shape)
    streaming = kind == "blob" and bool(shape.serialization.get("streaming"))
    if streaming:
        normalize = _streaming

    def check(value: Any, path: str, problems: _Problems) -> Any:
        normalized = normalize(value, path, problems)
        if normalized is _MISSING:
            return value
        _apply(rules, normalized, value, path, problems)
        return normalized

    return check


def _element_rule(shape: Any, kind: str) -> str:
    wordings = ", ".join(w for w, _ in _constraints(shape))
    return f"{kind} must satisfy constraint: [{wordings}]"


def _is_scalar(shape: Any) -> bool:
    return shape.type_name not in ("structure", "list", "map")


def _list_checker(shape: Any, cache: dict[Any, Checker]) -> Checker:
    own = _constraints(shape)
    member = shape.member
    member_check = compile_shape(member, cache)
    scalar = _is_scalar(member) and bool(_constraints(member))
    element_rule = _element_rule(member, "Member") if scalar else ""

    def check(value: Any, path: str, problems: _Problems) -> Any:
        if not isinstance(value, (list, tuple)):
            problems.type_errors.append(f"{path}: expected a list")
            return value
        if scalar:
            inner = _Problems()
            out = [member_check(item, path, inner) for item in value]
            problems.type_errors.extend(inner.type_errors)
            if inner.violations:
                problems.violations.append(Violation(path, value, element_rule))
        else:
            out = [
                member_check(item, f"{path}.{index}.member", problems)
                for index, item in enumerate(value, 1)
            ]
        _apply(own, out, value, path, problems)
        return out

    return check


def _map_checker(shape: Any, cache: dict[Any, Checker]) -> Checker:
    own = _constraints(shape)
    key_check = compile_shape(shape.key, cache)
    value_shape = shape.value
    value_check = compile_shape(value_shape, cache)
    key_rule = _element_rule(shape.key, "Map keys")
    scalar_values = _is_scalar(value_shape) and bool(_constraints(value_shape))
    value_rule = _element_rule(value_shape, "Map value") if scalar_values else ""

    def check(value: Any, path: str, problems: _Problems) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            problems.type_errors.append(f"{path}: expected a mapping")
            return value
        keys, values = _Problems(), _Problems()
        out = {}
        for key, item in value.items():
            checked_key = key_check(key, path, keys)
            item_path = path if scalar_values else f"{path}.{key}.member"
            out[checked_key] = value_check(item, item_path, values if scalar_values else problems)
        problems.type_errors.extend(keys.type_errors + values.type_errors)
        if keys.violations:
            problems.violations.append(Violation(path, value, key_rule))
        if values.violations:
            problems.violations.append(Violation(path, value, value_rule))
        _apply(own, out, value, path, problems)
        return out

    return check


def _structure_checker(shape: Any, cache: dict[Any, Checker]) -> Checker:
    if getattr(shape, "is_document_type", False):
        return _keep
    # name → (path at the top level, path suffix when nested, checker)
    members = {
        name: (_path_name(name), f".{_path_name(name)}", compile_shape(member, cache))
        for name, member in shape.members.items()
    }
    required = tuple(shape.required_members)

    def check(value: Any, path: str, problems: _Problems) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            problems.type_errors.append(f"{path or 'params'}: expected a structure")
            return value
        out = {}
        for name, item in value.items():
            found = members.get(name)
            if found is None:
                problems.type_errors.append(f"{_join(path, name)}: unknown parameter")
                continue
            if item is None:
                continue
            bare, dotted, member_check = found
            out[name] = member_check(item, path + dotted if path else bare, problems)
        for name in required:
            if value.get(name) is None:
                problems.violations.append(
                    Violation(_join(path, _path_name(name)), None, "Member must not be null")
                )
        return out

    return check


def compile_shape(shape: Any, cache: dict[Any, Checker]) -> Checker:
    """The checker of ``shape``, compiled once into ``cache`` (one cache per service)."""
    key = (shape.name, bool(shape.serialization.get("streaming")))
    found = cache.get(key)
    if found is not None:
        return found
    kind = shape.type_name
    if kind in ("structure", "list", "map"):
        # Recursive shapes (DynamoDB's AttributeValue) reach themselves while
        # compiling: hand out a forwarder until the real checker exists.
        box: list[Checker] = []
        cache[key] = lambda value, path, problems: box[0](value, path, problems)
        builder = {"structure": _structure_checker, "list": _list_checker, "map": _map_checker}
        checker = builder[kind](shape, cache)
        box.append(checker)
    else:
        checker = _scalar_checker(shape)
    cache[key] = checker
    return checker


# --- normalizers: value as given → value for backends, or _MISSING with a type error


def _keep(value: Any, path: str, problems: _Problems) -> Any:
    return value


Normalizer = Callable[[Any, str, _Problems], Any]


def _of_type(kind: type, expected: str) -> Normalizer:
    """A normalizer that accepts values of ``kind`` as they are."""

    def normalize(value: Any, path: str, problems: _Problems) -> Any:
        if isinstance(value, kind):
            return value
        problems.type_errors.append(f"{path}: expected {expected}")
        return _MISSING

    return normalize


def _number(value: Any, path: str, problems: _Problems) -> Any:
    try:
        if not isinstance(value, (str, bytes)):
            float(value)
            return value
    except (TypeError, ValueError):
        pass
    problems.type_errors.append(f"{path}: expected a number")
    return _MISSING


def _timestamp(value: Any, path: str, problems: _Problems) -> Any:
    try:
        if isinstance(value, dt.datetime):
            parsed = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            return dt.datetime.fromtimestamp(value, _UTC)
        elif isinstance(value, str):
            parsed = parse_timestamp(value)
        else:
            raise TypeError(value)
    except (TypeError, ValueError, OverflowError, OSError):
        problems.type_errors.append(f"{path}: expected a timestamp")
        return _MISSING
    return parsed.replace(tzinfo=_UTC) if parsed.tzinfo is None else parsed.astimezone(_UTC)


def _blob(value: Any, path: str, problems: _Problems) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    read = getattr(value, "read", None)
    if callable(read):
        data = read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    problems.type_errors.append(f"{path}: expected bytes, a string or a file-like object")
    return _MISSING


def _streaming(value: Any, path: str, problems: _Problems) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(value))
    if isinstance(value, str):
        return io.BytesIO(value.encode("utf-8"))
    if callable(getattr(value, "read", None)):
        return value
    problems.type_errors.append(f"{path}: expected bytes, a string or a file-like object")
    return _MISSING


_NORMALIZERS: dict[str, Normalizer] = {
    "string": _of_type(str, "a string"),
    "integer": _of_type(int, "an integer"),
    "long": _of_type(int, "an integer"),
    "float": _number,
    "double": _number,
    "boolean": _of_type(bool, "a boolean"),
    "timestamp": _timestamp,
    "blob": _blob,
}

_caches: dict[tuple[str, str], dict[Any, Checker]] = {}
"""Checkers per (service name, API version): shapes of one name are the same there."""


InputErrorFactory = Callable[[Any, list[Violation]], AWSError]
"""(service model, violations) → the error to send: how a backend words them its way."""


def default_input_error(service_model: Any, violations: list[Violation]) -> AWSError:
    return AWSError(validation_error_code(service_model), validation_message(violations))


def check_input(
    operation_model: Any,
    params: Mapping[str, Any],
    input_error: InputErrorFactory = default_input_error,
) -> dict[str, Any]:
    """Validate ``params`` as AWS's server would and return them normalized.

    Raises the AWSError ``input_error`` makes of the constraint violations,
    and botocore's ParamValidationError for values of the wrong type (which
    only a client with validation switched off can send).
    """
    shape = operation_model.input_shape
    if shape is None:
        return {}
    service = operation_model.service_model
    cache = _caches.setdefault((service.service_name, service.api_version), {})
    checker = compile_shape(shape, cache)
    problems = _Problems()
    normalized = checker(params, "", problems)
    if problems.type_errors:
        report = ParamValidator().validate(params, shape)
        text = report.generate_report() if report.has_errors() else "\n".join(problems.type_errors)
        raise ParamValidationError(report=text)
    if problems.violations:
        raise input_error(service, problems.violations)
    return dict(normalized)
