"""Every output of every operation of hookmock's services survives the wire.

Hypothesis draws outputs the model allows, hookmock serializes them, botocore's
own parser reads them back, and the result must be the drawn dict (less what
the wire format itself cannot carry: see response_oracle.expected). ec2, a
rest-json and a cbor service ride along for the protocols hookmock has no
backend on yet.
"""

from __future__ import annotations

import functools
import io
from typing import Any

import pytest
from botocore.response import StreamingBody
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_strategies import valid
from response_oracle import (
    XML_PROTOCOLS,
    body_bytes,
    expected,
    parse_back,
    service_model,
    xml_safe,
)

from hookmock.backends import SERVICES
from hookmock.shapes.protocols import protocol_of
from hookmock.shapes.wire import serialize_response

# Services hookmock has no backend for yet, one per protocol it lacks; a slice of
# their operations keeps the run short.
EXTRA_SERVICES = {"ec2": 60, "lambda": 40, "cloudwatchomni": 20}

ROUND_TRIP = settings(
    max_examples=3,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# Outputs botocore's parser cannot read back whatever is sent.
NOT_ROUND_TRIPPABLE = {
    # Its flattened Events list and its Event member share the element name <Event>.
    "s3.GetBucketNotification",
}


@functools.cache
def operations() -> list[Any]:
    found = []
    for name in sorted(SERVICES):
        model = service_model(name)
        found += [model.operation_model(op) for op in model.operation_names]
    for name, count in EXTRA_SERVICES.items():
        model = service_model(name)
        found += [model.operation_model(op) for op in model.operation_names[:count]]
    # Event streams are not serialized: no hookmock backend answers with one yet.
    return [m for m in found if _id(m) not in NOT_ROUND_TRIPPABLE and not m.has_event_stream_output]


def _id(operation_model: Any) -> str:
    return f"{operation_model.service_model.service_name}.{operation_model.name}"


def outputs(operation_model: Any) -> st.SearchStrategy[dict[str, Any]]:
    shape = operation_model.output_shape
    if shape is None:
        return st.just({})
    drawn = valid(shape)
    if drawn.is_empty:
        drawn = st.just({})
    payload = shape.serialization.get("payload")
    if payload and shape.members[payload].serialization.get("streaming"):
        # Streaming members are left out of model strategies (they are readers).
        body = st.one_of(st.none(), st.binary(max_size=200))
        return st.tuples(drawn, body).map(lambda pair: _with(pair[0], payload, pair[1]))
    return drawn


def _with(parsed: dict[str, Any], name: str, value: Any) -> dict[str, Any]:
    return parsed if value is None else {**parsed, name: value}


@pytest.mark.parametrize("operation_model", operations(), ids=_id)
@ROUND_TRIP
@given(data=st.data())
def test_output_round_trips_through_botocore(operation_model: Any, data: st.DataObject) -> None:
    protocol = protocol_of(operation_model.service_model)
    shape = operation_model.output_shape
    parsed = data.draw(outputs(operation_model))
    if protocol in XML_PROTOCOLS and shape is not None:
        parsed = xml_safe(shape, parsed)
    parsed = _status_from_call(shape, parsed)
    sent = _as_streams(shape, parsed)

    response = serialize_response(operation_model, sent, 200, "req-1")

    back = parse_back(operation_model, response)
    if shape is None:
        assert back == {}
        return
    assert back == _botocore_view(operation_model, response, parsed, protocol)


def _status_from_call(shape: Any, parsed: dict[str, Any]) -> dict[str, Any]:
    """A statusCode member is the response's status: keep draws to success codes."""
    for name, member in shape.members.items() if shape is not None else ():
        if member.serialization.get("location") == "statusCode" and name in parsed:
            parsed = {**parsed, name: 200 + parsed[name] % 100}
    return parsed


def _as_streams(shape: Any, parsed: dict[str, Any]) -> dict[str, Any]:
    """Streaming members go to the serializer as the StreamingBody hookmock renders."""
    payload = shape.serialization.get("payload") if shape is not None else None
    if payload is None or payload not in parsed:
        return parsed
    if not shape.members[payload].serialization.get("streaming"):
        return parsed
    data = parsed[payload]
    return {**parsed, payload: StreamingBody(io.BytesIO(data), len(data))}


def _botocore_view(
    operation_model: Any, response: Any, parsed: dict[str, Any], protocol: str
) -> dict[str, Any]:
    shape = operation_model.output_shape
    want = expected(shape, parsed, protocol)
    if operation_model.name == "GetBucketLocation" and protocol == "rest-xml":
        # S3 sends an empty root for us-east-1, which botocore's handler reads as None.
        want.setdefault("LocationConstraint", None)
    if not protocol.startswith("rest-"):
        return want
    for name, member in shape.members.items():
        if member.serialization.get("location") == "statusCode":
            # botocore always reads the status into it
            want.setdefault(name, response.status)
        if member.serialization.get("location") == "headers":
            # botocore always reads a prefixed header map, empty when no header matches.
            want.setdefault(name, {})
    payload = shape.serialization.get("payload")
    if payload is not None:
        member = shape.members[payload]
        if member.serialization.get("streaming"):
            # the client's body is a StreamingBody: compare what it reads
            want.setdefault(payload, b"")
        elif member.type_name == "structure":
            # an empty body reads as an empty structure
            want.setdefault(payload, {})
        elif member.type_name == "blob" and payload in want:
            # botocore decodes a non-streaming payload as text, blob or not
            want[payload] = want[payload].decode("utf-8")
        elif payload not in want:
            want[payload] = ""
    return want


@pytest.fixture(autouse=True)
def _streams_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compare streaming bodies by content: botocore hands back an unread StreamingBody."""
    monkeypatch.setattr(StreamingBody, "__eq__", _body_equals, raising=False)


def _body_equals(self: StreamingBody, other: object) -> bool:
    if not isinstance(other, bytes):
        return NotImplemented
    return self.read() == other


def test_get_bucket_location_reads_through_botocores_handler() -> None:
    """S3 sends the region as the root element's text, which botocore's model cannot
    describe: its after-call handler reads it (parse_back applies it as the client does)."""
    operation_model = service_model("s3").operation_model("GetBucketLocation")
    for region in ("eu-west-1", None):
        parsed = {} if region is None else {"LocationConstraint": region}
        response = serialize_response(operation_model, parsed, 200, "req-1")
        assert body_bytes(response).endswith(
            b'<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            + (region or "").encode()
            + b"</LocationConstraint>"
        )
        assert parse_back(operation_model, response) == {"LocationConstraint": region}
