"""Service-linked roles: names and paths from the service, deletion tasks, and protection."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

import hookmock

from helpers import error_of

ACCOUNT = "123456789012"


def test_create_service_linked_role(iam: Any) -> None:
    role = iam.create_service_linked_role(
        AWSServiceName="autoscaling.amazonaws.com", Description="for scaling"
    )["Role"]
    assert role["RoleName"] == "AWSServiceRoleForAutoScaling"
    assert role["Path"] == "/aws-service-role/autoscaling.amazonaws.com/"
    assert role["Arn"] == (
        f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/"
        "AWSServiceRoleForAutoScaling"
    )
    assert re.fullmatch(r"AROA[A-Z2-7]{17}", role["RoleId"])
    assert role["Description"] == "for scaling"
    statement = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": ["autoscaling.amazonaws.com"]}
    assert statement["Action"] == ["sts:AssumeRole"]
    got = iam.get_role(RoleName="AWSServiceRoleForAutoScaling")["Role"]
    assert got["Arn"] == role["Arn"]
    listed = iam.list_roles(PathPrefix="/aws-service-role/")["Roles"]
    assert [r["RoleName"] for r in listed] == ["AWSServiceRoleForAutoScaling"]


def test_custom_suffixes(iam: Any) -> None:
    role = iam.create_service_linked_role(
        AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="fleet-1"
    )["Role"]
    assert role["RoleName"] == "AWSServiceRoleForAutoScaling_fleet-1"
    with pytest.raises(iam.exceptions.InvalidInputException) as raised:
        iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com", CustomSuffix="x")
    assert error_of(raised)[1] == "Custom suffix is not allowed for ecs.amazonaws.com"
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.create_service_linked_role(
            AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="x" * 60
        )


def test_a_service_has_one_role_per_name(iam: Any) -> None:
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    with pytest.raises(iam.exceptions.InvalidInputException) as raised:
        iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    assert error_of(raised)[1] == (
        "Service role name AWSServiceRoleForECS has been taken in this account, "
        "please try a different suffix."
    )


def test_unknown_services_and_bad_input(iam: Any) -> None:
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.create_service_linked_role(AWSServiceName="nothing.amazonaws.com")
    with pytest.raises(iam.exceptions.ClientError) as raised:
        iam.create_service_linked_role(AWSServiceName="bad name")
    assert raised.value.response["Error"]["Code"] == "ValidationError"
    assert iam.list_roles()["Roles"] == []


def test_service_linked_roles_are_the_services_to_change(iam: Any) -> None:
    name = iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")["Role"]["RoleName"]
    iam.create_policy(
        PolicyName="p",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"},
            }
        ),
    )
    arn = f"arn:aws:iam::{ACCOUNT}:policy/p"
    iam.create_instance_profile(InstanceProfileName="ip")
    trust = iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"]
    refused = [
        lambda: iam.delete_role(RoleName=name),
        lambda: iam.attach_role_policy(RoleName=name, PolicyArn=arn),
        lambda: iam.detach_role_policy(RoleName=name, PolicyArn=arn),
        lambda: iam.put_role_policy(RoleName=name, PolicyName="i", PolicyDocument="{}"),
        lambda: iam.delete_role_policy(RoleName=name, PolicyName="i"),
        lambda: iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(trust)),
        lambda: iam.put_role_permissions_boundary(RoleName=name, PermissionsBoundary=arn),
        lambda: iam.delete_role_permissions_boundary(RoleName=name),
        lambda: iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName=name),
    ]
    for call in refused:
        with pytest.raises(iam.exceptions.UnmodifiableEntityException) as raised:
            call()
        assert error_of(raised) == (
            "UnmodifiableEntity",
            f"Cannot perform the operation on the protected role '{name}' "
            "- this role is only modifiable by AWS",
        )
    # Its description is the account's to edit.
    iam.update_role_description(RoleName=name, Description="edited")
    assert iam.get_role(RoleName=name)["Role"]["Description"] == "edited"


def test_deletion_runs_on_the_world_clock(iam: Any) -> None:
    iam.create_service_linked_role(AWSServiceName="elasticloadbalancing.amazonaws.com")
    name = "AWSServiceRoleForElasticLoadBalancing"
    task = iam.delete_service_linked_role(RoleName=name)["DeletionTaskId"]
    assert re.fullmatch(
        rf"task/aws-service-role/elasticloadbalancing\.amazonaws\.com/{name}/[0-9a-f-]{{36}}", task
    )
    status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
    assert status["Status"] == "NOT_STARTED"
    assert iam.get_role(RoleName=name)["Role"]["RoleName"] == name
    assert iam.delete_service_linked_role(RoleName=name)["DeletionTaskId"] == task
    hookmock.clock().advance(1)
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == (
        "IN_PROGRESS"
    )
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.create_service_linked_role(AWSServiceName="elasticloadbalancing.amazonaws.com")
    hookmock.clock().advance(1)
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == (
        "SUCCEEDED"
    )
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_role(RoleName=name)
    assert iam.get_account_summary()["SummaryMap"]["Roles"] == 0
    iam.create_service_linked_role(AWSServiceName="elasticloadbalancing.amazonaws.com")


def test_deletion_errors(iam: Any) -> None:
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.delete_service_linked_role(RoleName="AWSServiceRoleForECS")
    iam.create_role(
        RoleName="plain",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": {
                    "Effect": "Allow",
                    "Principal": {"Service": "ec2.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                },
            }
        ),
    )
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.delete_service_linked_role(RoleName="plain")
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.get_service_linked_role_deletion_status(DeletionTaskId="not-a-task")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_service_linked_role_deletion_status(
            DeletionTaskId="task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/x"
        )
