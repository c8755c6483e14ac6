"""botocore's output protocol vectors, run in reverse against hookmock's serializers.

Each vector gives a wire response and the dict botocore parses from it. Here the
dict goes in: hookmock serializes it (or the error it describes), botocore's
parser reads hookmock's wire form back exactly as botocore's own vector test
reads the canned one, and the result must be the vector's dict. Prints a pass
count per protocol; cases left out are listed with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import HeadersDict
from botocore.parsers import ResponseParserFactory
from botocore.response import StreamingBody
from botocore.utils import parse_timestamp
from dateutil.tz import tzutc
from vectors import botocore_ignored, cases, require_vectors

from hookmock.shapes.errors import AWSError
from hookmock.shapes.wire import WireResponse, serialize_error, serialize_response

PROTOCOL_FILES = [
    "ec2",
    "query",
    "json",
    "json_1_0",
    "json_1_0-query-compatible",
    "rest-json",
    "rest-xml",
    "smithy-rpc-v2-cbor",
    "smithy-rpc-v2-cbor-query-compatible",
    "smithy-rpc-v2-cbor-non-query-compatible",
]

# Cases hookmock does not serialize, and why. botocore's own ignore list (cases its
# parser fails on, so it cannot judge ours) is skipped on top of these.
SKIPPED = {
    # An empty-prefix header map collects every header, and a real response always
    # carries Content-Type, Date and its request id besides the modeled ones.
    "HttpPrefixHeadersResponse": "an empty header prefix also reads the standard headers",
}


def _protocol(name: str) -> str:
    return name.split("-query")[0].split("-non-query")[0].replace("json_1_0", "json")


def _compliance_timestamp(value: Any) -> float:
    return float(parse_timestamp(value).astimezone(tzutc()).timestamp())


def _parser(protocol: str) -> Any:
    factory = ResponseParserFactory()
    factory.set_parser_defaults(timestamp_parser=_compliance_timestamp)
    return factory.create_parser(protocol)


def to_parsed(shape: Any, value: Any) -> Any:
    """A vector's expected value as hookmock's renderer produces it."""
    if value is None:
        return None
    kind = shape.type_name
    if kind == "structure":
        if getattr(shape, "is_document_type", False):
            return value
        return {k: to_parsed(shape.members[k], v) for k, v in value.items() if k in shape.members}
    if kind == "list":
        return [to_parsed(shape.member, item) for item in value]
    if kind == "map":
        return {k: to_parsed(shape.value, v) for k, v in value.items()}
    if kind == "timestamp":
        return dt.datetime.fromtimestamp(value, dt.timezone.utc)
    if kind == "blob":
        data = value.encode("utf-8") if isinstance(value, str) else value
        if shape.serialization.get("streaming"):
            return StreamingBody(io.BytesIO(data), len(data))
        return data
    if kind in ("float", "double") and isinstance(value, str):
        return float(value)
    return value


def fixup(value: Any) -> Any:
    """botocore's parsed form as the vectors write it: text for bytes, names for
    special floats (its own vector test makes the same changes)."""
    if isinstance(value, dict):
        return {k: fixup(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [fixup(v) for v in value]
    if isinstance(value, StreamingBody):
        return value.read().decode("utf-8")
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return value


def _raw(response: WireResponse) -> dict[str, Any]:
    body = response.body if isinstance(response.body, bytes) else b"".join(response.body)
    return {"status_code": response.status, "headers": HeadersDict(response.headers), "body": body}


def run_case(operation_model: Any, case: dict[str, Any], protocol: str) -> tuple[Any, Any]:
    """(what botocore reads from hookmock's wire form, what the vector expects)."""
    service_model = operation_model.service_model
    parser = _parser(protocol)
    shape = operation_model.output_shape
    if "error" in case:
        code = case.get("errorCode", "")
        error_shape = service_model.shape_for_error_code(code)
        fields = to_parsed(error_shape, case["error"]) if error_shape is not None else {}
        error = AWSError(
            code,
            case.get("errorMessage", ""),
            case["response"]["status_code"],
            fields=fields,
            shape=error_shape.name if error_shape is not None else None,
        )
        raw = _raw(serialize_error(service_model, error, "request-id", operation_model))
        parsed = parser.parse(raw, shape)
        if error_shape is not None:
            parsed.update(parser.parse(raw, error_shape))
        parsed["Error"] = {k: v for k, v in parsed["Error"].items() if k in ("Code", "Message")}
        want = {"Error": {"Code": code, "Message": case.get("errorMessage", "")}, **case["error"]}
        return fixup(parsed), want
    if protocol == "query" and shape is not None and shape.members:
        shape.serialization["resultWrapper"] = f"{operation_model.name}Result"
    result = to_parsed(shape, case["result"]) if shape is not None else {}
    status = case["response"].get("status_code", 200)
    raw = _raw(serialize_response(operation_model, result, status, "request-id"))
    return fixup(parser.parse(raw, shape)), case["result"]


def _skip_reason(operation_model: Any, case: dict[str, Any], ignored: set[str]) -> str | None:
    if case.get("id") in ignored or case["suite"] in ignored:
        return "botocore's own ignore list"
    if operation_model.has_event_stream_output:
        return "no hookmock backend answers with an event stream yet"
    return SKIPPED.get(case.get("id", ""))


@pytest.mark.parametrize("name", PROTOCOL_FILES)
def test_output_vectors_in_reverse(name: str) -> None:
    folder: Path = require_vectors()
    if not (folder / "output" / f"{name}.json").exists():
        pytest.skip(f"this botocore has no {name} output vectors")
    protocol = _protocol(name)
    ignored = botocore_ignored(folder, name, "output")
    passed, skipped, failures = 0, dict[str, int](), list[str]()
    for operation_model, case in cases(folder, "output", name):
        reason = _skip_reason(operation_model, case, ignored)
        if reason is not None:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        try:
            got, want = run_case(operation_model, case, protocol)
        except Exception as exc:
            failures.append(f"{case.get('id')}: {type(exc).__name__}: {exc}")
            continue
        if got == want:
            passed += 1
        else:
            failures.append(f"{case.get('id')}: got {got!r}, want {want!r}")
    reasons = ", ".join(f"{n} skipped: {r}" for r, n in sorted(skipped.items())) or "none skipped"
    print(f"\n{name} output vectors: {passed} passed, {len(failures)} failed; {reasons}")
    assert not failures, "\n".join(failures)
