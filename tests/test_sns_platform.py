"""SNS mobile push: platform applications, endpoints and publishing to an endpoint."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hookmock.backends.sns import notifications

from helpers import current_world, error_of

APP = "arn:aws:sns:us-east-1:123456789012:app/GCM/myapp"


@pytest.fixture
def app(sns: Any) -> str:
    answer = sns.create_platform_application(
        Name="myapp", Platform="GCM", Attributes={"PlatformCredential": "api-key"}
    )
    return str(answer["PlatformApplicationArn"])


def test_platform_applications(sns: Any, app: str) -> None:
    assert app == APP
    attributes = sns.get_platform_application_attributes(PlatformApplicationArn=app)
    assert attributes["Attributes"] == {"Enabled": "true"}
    topic = sns.create_topic(Name="events")["TopicArn"]
    sns.set_platform_application_attributes(
        PlatformApplicationArn=app, Attributes={"EventEndpointCreated": topic}
    )
    listed = sns.list_platform_applications()["PlatformApplications"]
    assert listed == [
        {
            "PlatformApplicationArn": app,
            "Attributes": {"Enabled": "true", "EventEndpointCreated": topic},
        }
    ]
    sns.delete_platform_application(PlatformApplicationArn=app)
    sns.delete_platform_application(PlatformApplicationArn=app)
    assert sns.list_platform_applications()["PlatformApplications"] == []
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.get_platform_application_attributes(PlatformApplicationArn=app)


def test_platform_application_checks(sns: Any) -> None:
    with pytest.raises(ClientError) as raised:
        sns.create_platform_application(
            Name="a", Platform="APNS", Attributes={"PlatformCredential": "k"}
        )
    assert error_of(raised) == (
        "InvalidParameter",
        "Invalid parameter: Attributes Reason: PlatformPrincipal attribute is required",
    )
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.create_platform_application(
            Name="a", Platform="PIGEON", Attributes={"PlatformCredential": "k"}
        )
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.create_platform_application(
            Name="a b", Platform="GCM", Attributes={"PlatformCredential": "k"}
        )
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.create_platform_application(
            Name="a", Platform="GCM", Attributes={"PlatformCredential": "k", "Colour": "blue"}
        )


def test_endpoints(sns: Any, app: str) -> None:
    arn = sns.create_platform_endpoint(
        PlatformApplicationArn=app, Token="device-1", CustomUserData="u"
    )["EndpointArn"]
    assert arn.startswith("arn:aws:sns:us-east-1:123456789012:endpoint/GCM/myapp/")
    again = sns.create_platform_endpoint(
        PlatformApplicationArn=app, Token="device-1", CustomUserData="u"
    )
    assert again["EndpointArn"] == arn
    with pytest.raises(ClientError) as raised:
        sns.create_platform_endpoint(
            PlatformApplicationArn=app, Token="device-1", CustomUserData="v"
        )
    assert error_of(raised) == (
        "InvalidParameter",
        f"Invalid parameter: Token Reason: Endpoint {arn} already exists with the same Token, "
        "but different attributes.",
    )
    assert sns.get_endpoint_attributes(EndpointArn=arn)["Attributes"] == {
        "Enabled": "true",
        "Token": "device-1",
        "CustomUserData": "u",
    }
    sns.set_endpoint_attributes(
        EndpointArn=arn, Attributes={"Enabled": "false", "Token": "device-2"}
    )
    listed = sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)["Endpoints"]
    assert listed == [
        {
            "EndpointArn": arn,
            "Attributes": {"Enabled": "false", "Token": "device-2", "CustomUserData": "u"},
        }
    ]
    with pytest.raises(sns.exceptions.InvalidParameterException):
        sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "maybe"})
    sns.delete_endpoint(EndpointArn=arn)
    sns.delete_endpoint(EndpointArn=arn)
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.get_endpoint_attributes(EndpointArn=arn)
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.create_platform_endpoint(PlatformApplicationArn=APP + "x", Token="t")


def test_endpoint_listing_pages_by_100(sns: Any, app: str) -> None:
    for number in range(120):
        sns.create_platform_endpoint(PlatformApplicationArn=app, Token=f"d{number}")
    first = sns.list_endpoints_by_platform_application(PlatformApplicationArn=app)
    assert len(first["Endpoints"]) == 100
    paged = sns.get_paginator("list_endpoints_by_platform_application")
    everything = paged.paginate(PlatformApplicationArn=app).build_full_result()
    assert len(everything["Endpoints"]) == 120
    sns.delete_platform_application(PlatformApplicationArn=app)
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.get_endpoint_attributes(EndpointArn=first["Endpoints"][0]["EndpointArn"])


def test_publish_to_an_endpoint_is_recorded(sns: Any, app: str) -> None:
    arn = sns.create_platform_endpoint(PlatformApplicationArn=app, Token="device")["EndpointArn"]
    message = json.dumps({"default": "d", "GCM": json.dumps({"notification": {"title": "hi"}})})
    message_id = sns.publish(TargetArn=arn, Message=message, MessageStructure="json")["MessageId"]
    (sent,) = notifications(current_world(), arn)
    assert (sent.message_id, json.loads(sent.body)) == (
        message_id,
        {"notification": {"title": "hi"}},
    )
    sns.set_endpoint_attributes(EndpointArn=arn, Attributes={"Enabled": "false"})
    with pytest.raises(sns.exceptions.EndpointDisabledException) as raised:
        sns.publish(TargetArn=arn, Message="x")
    assert error_of(raised) == ("EndpointDisabled", "Endpoint is disabled")
    with pytest.raises(sns.exceptions.NotFoundException):
        sns.publish(TargetArn=arn + "x", Message="x")
