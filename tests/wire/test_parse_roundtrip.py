"""Round trip: params → botocore's serializer → route() and parse_request() → params.

Every operation of every service hookmock implements, plus a sample of
operations of services that speak the other protocols (ec2, rest-json, rpc-v2
cbor, and CloudWatch in all three of its protocols), since the server will grow.
What a protocol cannot carry is normalised in ``lossy.expected``, rule by rule.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
import botocore.session
import pytest
from botocore.exceptions import ParamValidationError
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from lossy import expected, labels_routable, xml_clean
from model_strategies import valid
from wire_oracle import to_wire

from hookmock.backends import SERVICES
from hookmock.shapes.protocols import protocol_of
from hookmock.shapes.wire import parse_request, route

ROUND_TRIP = settings(
    max_examples=4,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
SAMPLED = settings(ROUND_TRIP, max_examples=30)

EXTRA = (
    ("ec2", "ec2"),
    ("lambda", "rest-json"),
    ("route53", "rest-xml"),
    ("s3control", "rest-xml"),
    ("cloudwatch", "query"),
    ("cloudwatch", "json"),
    ("cloudwatch", "smithy-rpc-v2-cbor"),
    ("cloudwatchomni", "smithy-rpc-v2-cbor"),
)
"""(service, protocol) beyond hookmock's own services, sampled per test."""

WIRE_ALIASES = {
    ("s3", "GetBucketLifecycle"): "GetBucketLifecycleConfiguration",
    ("s3", "PutBucketLifecycle"): "PutBucketLifecycleConfiguration",
    ("s3", "GetBucketNotification"): "GetBucketNotificationConfiguration",
    ("s3", "PutBucketNotification"): "PutBucketNotificationConfiguration",
    ("s3", "ListDirectoryBuckets"): "ListBuckets",
}
"""Operations whose requests are identical on the wire to another operation's:
deprecated ones (routing prefers the current operation) and S3's directory-bucket
listing (sent to a different endpoint; only ``max-directory-buckets`` tells them
apart, and it is optional)."""


UNDRAWABLE_WIRE = {
    ("s3", "PutBucketNotification"): "deprecated API whose TopicConfiguration gives the "
    "element <Event> to two members (Event and the flattened list Events)",
}


@functools.cache
def _session() -> Any:
    return botocore.session.get_session()


@functools.cache
def service_model(name: str) -> Any:
    return _session().get_service_model(name)


@functools.cache
def routing_models() -> dict[str, Any]:
    names = {*SERVICES, *(name for name, _ in EXTRA)}
    return {name: service_model(name) for name in sorted(names)}


def endpoint(operation_model: Any) -> str:
    """The endpoint botocore's endpoint rules would pick (in us-east-1)."""
    prefix = operation_model.service_model.metadata["endpointPrefix"]
    if prefix == "s3" and operation_model.endpoint:
        prefix = "s3-object-lambda"  # WriteGetObjectResponse's host prefix goes there
    return f"https://{prefix}.us-east-1.amazonaws.com"


def http_framing(operation_model: Any, request: Any) -> dict[str, Any]:
    """Members bound to headers the HTTP layer itself sets (Content-Length),
    which a server receives whether or not the caller passed them."""
    shape = operation_model.input_shape
    found = {}
    sent = request.headers.get("content-length")
    for name, member in shape.members.items() if shape is not None else ():
        header = str(member.serialization.get("name", "")).lower()
        location = member.serialization.get("location")
        if location == "header" and header == "content-length" and sent is not None:
            found[name] = int(sent)
    return found


def _own_cases() -> list[Any]:
    cases = []
    for name in sorted(SERVICES):
        model = service_model(name)
        for operation in model.operation_names:
            reason = UNDRAWABLE_WIRE.get((name, operation))
            marks = [pytest.mark.skip(reason=reason)] if reason else []
            cases.append(pytest.param(name, operation, id=f"{name}-{operation}", marks=marks))
    return cases


HOST_LABEL = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)


def params_for(operation_model: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Params the model allows; host labels (hostPrefix) drawn as botocore
    accepts them in a hostname, which the shapes alone do not say."""
    shape = operation_model.input_shape
    if shape is None:
        return st.just({})
    labels = [n for n, m in shape.members.items() if m.serialization.get("hostLabel")]
    drawn = valid(shape)
    if not labels or drawn.is_empty:
        return drawn
    fixed = st.fixed_dictionaries(dict.fromkeys(labels, HOST_LABEL))
    return st.tuples(drawn, fixed).map(lambda pair: {**pair[0], **pair[1]})


def check_round_trip(protocol: str, operation_model: Any, params: dict[str, Any]) -> None:
    if protocol == "rest-xml":
        params = xml_clean(params)
    assume(labels_routable(operation_model.input_shape, params))
    model = operation_model.service_model
    try:
        request = to_wire(protocol, operation_model, params, endpoint(operation_model))
    except ParamValidationError:
        # Host labels botocore refuses to put in a hostname (hostPrefix).
        assume(False)
    found = route(request, routing_models())
    assert found.service_model.service_name == model.service_name
    routed = found.operation_model.name
    alias = WIRE_ALIASES.get((model.service_name, operation_model.name))
    assert routed in (operation_model.name, alias), request
    assert (found.protocol or protocol_of(model)) == protocol
    # An alias routes elsewhere but must still parse as the operation it was.
    parsed = parse_request(attrs.evolve(found, operation_model=operation_model), request)
    wanted = {
        **http_framing(operation_model, request),
        **expected(protocol, operation_model.input_shape, params),
    }
    assert parsed == wanted, request


@pytest.fixture(scope="module", autouse=True)
def _models_loaded_outside_generation() -> None:
    routing_models()


@pytest.mark.parametrize(("service", "operation"), _own_cases())
def test_round_trip_every_operation(service: str, operation: str) -> None:
    model = service_model(service)
    operation_model = model.operation_model(operation)
    strategy = params_for(operation_model)
    if strategy.is_empty:
        pytest.skip("the model strategies cannot draw this input")

    @ROUND_TRIP
    @given(strategy)
    def run(params: dict[str, Any]) -> None:
        check_round_trip(protocol_of(model), operation_model, params)

    try:
        run()
    except Unsatisfiable:
        pytest.skip("the model strategies' filters reject every draw for this input")


@pytest.mark.parametrize(("service", "protocol"), EXTRA, ids=[f"{s}-{p}" for s, p in EXTRA])
def test_round_trip_other_protocols(service: str, protocol: str) -> None:
    model = service_model(service)
    operations = []
    for name in model.operation_names:
        operation_model = model.operation_model(name)
        shape = operation_model.input_shape
        if shape is None or not valid(shape).is_empty:
            operations.append(operation_model)

    def with_params(operation_model: Any) -> st.SearchStrategy[tuple[Any, dict[str, Any]]]:
        return params_for(operation_model).map(lambda p: (operation_model, p))

    @SAMPLED
    @given(st.sampled_from(operations).flatmap(with_params))
    def run(case: tuple[Any, dict[str, Any]]) -> None:
        check_round_trip(protocol, *case)

    run()
