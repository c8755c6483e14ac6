"""Property tests generated from botocore's models.

For a spread of services and every operation in them, hypothesis draws
parameters the model accepts and checks that validation never errs on them,
that breaking exactly one constraint always yields the service's validation
error, and that outputs the model allows always render in strict mode.
"""

from __future__ import annotations

import functools
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from model_strategies import valid

import hookmock
from hookmock.shapes import AWSError, render_output
from hookmock.shapes.protocols import validation_error_code
from hookmock.shapes.validate import check_input

SERVICES = ("sts", "iam", "dynamodb", "sqs", "sns", "s3", "lambda", "ssm", "kms", "cloudwatch")
PROPERTY_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@functools.cache
def operation_models() -> list[Any]:
    models = []
    for name in SERVICES:
        service_model = boto3.client(name, region_name="us-east-1").meta.service_model
        models += [service_model.operation_model(op) for op in service_model.operation_names]
    return models


@functools.cache
def drawable_inputs() -> list[Any]:
    return [
        m for m in operation_models() if m.input_shape is None or not valid(m.input_shape).is_empty
    ]


@pytest.fixture(scope="module", autouse=True)
def _models_loaded_outside_generation() -> None:
    """Load models and build the candidate lists before hypothesis draws:
    creating botocore clients touches the global random state, which
    hypothesis rightly refuses inside data generation."""
    drawable_inputs()
    drawable_outputs()
    breakable_inputs()


@st.composite
def operation_and_params(draw: st.DrawFn) -> tuple[Any, dict[str, Any]]:
    operation_model = draw(st.sampled_from(drawable_inputs()))
    shape = operation_model.input_shape
    params = {} if shape is None else draw(valid(shape))
    return operation_model, params


@PROPERTY_SETTINGS
@given(operation_and_params())
def test_params_the_model_allows_pass_validation(case: tuple[Any, dict[str, Any]]) -> None:
    operation_model, params = case
    check_input(operation_model, params)


def breakable(member: Any) -> bool:
    meta = member.metadata
    if member.type_name == "string":
        return bool(getattr(member, "enum", None)) or "max" in meta
    return member.type_name in ("integer", "long") and "max" in meta


def breakable_members(shape: Any) -> list[tuple[str, Any]]:
    """Top-level members with a constraint that one bad value breaks."""
    return [(name, member) for name, member in shape.members.items() if breakable(member)]


def breaking_value(member: Any) -> Any:
    if member.type_name == "string" and getattr(member, "enum", None):
        return "NOT-A-VALID-ENUM-VALUE-" * 3
    if member.type_name == "string":
        return "x" * (member.metadata["max"] + 1)
    return member.metadata["max"] + 1


@PROPERTY_SETTINGS
@given(st.data())
def test_breaking_one_constraint_gives_the_services_validation_error(data: st.DataObject) -> None:
    operation_model = data.draw(st.sampled_from(breakable_inputs()))
    shape = operation_model.input_shape
    params = data.draw(valid(shape))
    name, member = data.draw(st.sampled_from(breakable_members(shape)))
    params[name] = breaking_value(member)
    with pytest.raises(AWSError) as raised:
        check_input(operation_model, params)
    assert raised.value.code == validation_error_code(operation_model.service_model)
    assert raised.value.message.startswith(
        ("1 validation error detected: ", "2 validation errors detected: ")
    )
    assert f"at '{name[0].lower()}{name[1:]}'" in raised.value.message


@functools.cache
def drawable_outputs() -> list[Any]:
    return [
        m
        for m in operation_models()
        if m.output_shape is not None and not valid(m.output_shape).is_empty
    ]


@functools.cache
def breakable_inputs() -> list[Any]:
    return [
        m
        for m in drawable_inputs()
        if m.input_shape is not None and breakable_members(m.input_shape)
    ]


@st.composite
def operation_and_output(draw: st.DrawFn) -> tuple[Any, Any]:
    operation_model = draw(st.sampled_from(drawable_outputs()))
    return operation_model, draw(valid(operation_model.output_shape))


@PROPERTY_SETTINGS
@given(operation_and_output())
def test_outputs_the_model_allows_render_in_strict_mode(case: tuple[Any, Any]) -> None:
    operation_model, result = case
    rendered = render_output(operation_model.output_shape, result)
    assert set(rendered) <= set(operation_model.output_shape.members)


@settings(deadline=None)
@given(st.sampled_from(["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"]))
def test_implemented_operations_answer_valid_calls(region: str) -> None:
    with hookmock.aws():
        identity = boto3.client("sts", region_name=region).get_caller_identity()
    assert identity["Account"] == "123456789012"
    assert identity["ResponseMetadata"]["HTTPStatusCode"] == 200
