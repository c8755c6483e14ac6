"""IAM roles: trust policies, session duration, descriptions, boundaries, tags."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from helpers import error_of

ACCOUNT = "123456789012"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
IDENTITY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}


def test_create_and_get_role(iam: Any) -> None:
    created = iam.create_role(
        RoleName="worker",
        Path="/svc/",
        AssumeRolePolicyDocument=json.dumps(TRUST),
        Description="runs jobs",
        MaxSessionDuration=7200,
        Tags=[{"Key": "team", "Value": "a"}],
    )["Role"]
    assert re.fullmatch(r"AROA[A-Z2-7]{17}", created["RoleId"])
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT}:role/svc/worker"
    assert created["AssumeRolePolicyDocument"] == TRUST
    assert "RoleLastUsed" not in created
    role = iam.get_role(RoleName="WORKER")["Role"]
    assert role["RoleName"] == "worker"
    assert (role["Description"], role["MaxSessionDuration"]) == ("runs jobs", 7200)
    assert role["Tags"] == [{"Key": "team", "Value": "a"}]
    assert role["RoleLastUsed"] == {}
    assert role["AssumeRolePolicyDocument"] == TRUST


def test_trust_policy_keeps_its_text(iam: Any) -> None:
    text = (
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
        '"Action": "sts:AssumeRole", "Sid": "100% & more"}]}'
    )
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=text)
    assert iam.get_role(RoleName="r")["Role"]["AssumeRolePolicyDocument"] == json.loads(text)


def test_role_errors(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as raised:
        iam.create_role(RoleName="R", AssumeRolePolicyDocument=json.dumps(TRUST))
    assert error_of(raised) == ("EntityAlreadyExists", "Role with name R already exists.")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_role(RoleName="missing")
    assert error_of(raised) == ("NoSuchEntity", "The role with name missing cannot be found.")


def test_max_session_duration_is_one_to_twelve_hours(iam: Any) -> None:
    trust = json.dumps(TRUST)
    with pytest.raises(ParamValidationError):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust, MaxSessionDuration=3599)
    with pytest.raises(ClientError) as raised:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust, MaxSessionDuration=43201)
    assert error_of(raised)[0] == "ValidationError"
    assert "at 'maxSessionDuration'" in error_of(raised)[1]
    with pytest.raises(ClientError):
        iam.update_role(RoleName="r", MaxSessionDuration=43201)


def test_update_role_and_description(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.update_role(RoleName="r", Description="d1", MaxSessionDuration=43200)
    role = iam.get_role(RoleName="r")["Role"]
    assert (role["Description"], role["MaxSessionDuration"]) == ("d1", 43200)
    answer = iam.update_role_description(RoleName="r", Description="d2")["Role"]
    assert answer["Description"] == "d2"


def test_update_assume_role_policy(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    other = {**TRUST, "Statement": [{**TRUST["Statement"][0], "Principal": {"AWS": ACCOUNT}}]}
    iam.update_assume_role_policy(RoleName="r", PolicyDocument=json.dumps(other))
    assert iam.get_role(RoleName="r")["Role"]["AssumeRolePolicyDocument"] == other
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException) as raised:
        iam.update_assume_role_policy(RoleName="r", PolicyDocument=json.dumps(IDENTITY))
    assert error_of(raised) == ("MalformedPolicyDocument", "Has prohibited field Resource")
    assert iam.get_role(RoleName="r")["Role"]["AssumeRolePolicyDocument"] == other


def test_list_roles_pages_and_filters(iam: Any) -> None:
    for name in ("c", "a", "b"):
        iam.create_role(
            RoleName=name,
            Path="/ops/" if name != "c" else "/",
            AssumeRolePolicyDocument=json.dumps(TRUST),
            Tags=[{"Key": "k", "Value": "v"}],
        )
    page = iam.list_roles(MaxItems=2)
    assert [r["RoleName"] for r in page["Roles"]] == ["a", "b"]
    assert "Tags" not in page["Roles"][0]
    assert "RoleLastUsed" not in page["Roles"][0]
    assert page["Roles"][0]["AssumeRolePolicyDocument"] == TRUST
    rest = iam.list_roles(Marker=page["Marker"])
    assert [r["RoleName"] for r in rest["Roles"]] == ["c"]
    assert [r["RoleName"] for r in iam.list_roles(PathPrefix="/ops")["Roles"]] == ["a", "b"]


def test_delete_role_with_dependents_conflicts(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=json.dumps(IDENTITY))
    with pytest.raises(iam.exceptions.DeleteConflictException) as raised:
        iam.delete_role(RoleName="r")
    assert error_of(raised)[1] == "Cannot delete entity, must delete policies first."
    iam.delete_role_policy(RoleName="r", PolicyName="p")
    arn = iam.create_policy(PolicyName="m", PolicyDocument=json.dumps(IDENTITY))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    with pytest.raises(iam.exceptions.DeleteConflictException) as raised:
        iam.delete_role(RoleName="r")
    assert error_of(raised)[1] == "Cannot delete entity, must detach all policies first."
    iam.detach_role_policy(RoleName="r", PolicyArn=arn)
    iam.delete_role(RoleName="r")
    assert iam.list_roles()["Roles"] == []


def test_permissions_boundaries(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="cap", PolicyDocument=json.dumps(IDENTITY))["Policy"]["Arn"]
    iam.create_role(
        RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST), PermissionsBoundary=arn
    )
    iam.create_user(UserName="u")
    iam.put_user_permissions_boundary(UserName="u", PermissionsBoundary=arn)
    expected = {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": arn,
    }
    assert iam.get_role(RoleName="r")["Role"]["PermissionsBoundary"] == expected
    assert iam.get_user(UserName="u")["User"]["PermissionsBoundary"] == expected
    policy = iam.get_policy(PolicyArn=arn)["Policy"]
    assert (policy["PermissionsBoundaryUsageCount"], policy["AttachmentCount"]) == (2, 0)
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_policy(PolicyArn=arn)
    iam.delete_role_permissions_boundary(RoleName="r")
    iam.delete_user_permissions_boundary(UserName="u")
    assert "PermissionsBoundary" not in iam.get_role(RoleName="r")["Role"]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["PermissionsBoundaryUsageCount"] == 0
    iam.delete_policy(PolicyArn=arn)


def test_boundary_must_exist(iam: Any) -> None:
    iam.create_user(UserName="u")
    missing = f"arn:aws:iam::{ACCOUNT}:policy/nope"
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.put_user_permissions_boundary(UserName="u", PermissionsBoundary=missing)
    assert error_of(raised)[1] == f"Scope ARN: {missing} does not exist or is not attachable."
    with pytest.raises(iam.exceptions.InvalidInputException) as raised:
        iam.put_user_permissions_boundary(UserName="u", PermissionsBoundary="x" * 25)
    assert error_of(raised)[1] == f"ARN {'x' * 25} is not valid."


def test_role_tags_are_case_insensitive(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.tag_role(RoleName="r", Tags=[{"Key": "Env", "Value": "dev"}])
    iam.tag_role(RoleName="r", Tags=[{"Key": "env", "Value": "prod"}])
    assert iam.list_role_tags(RoleName="r")["Tags"] == [{"Key": "env", "Value": "prod"}]
    iam.untag_role(RoleName="r", TagKeys=["ENV"])
    assert iam.list_role_tags(RoleName="r")["Tags"] == []
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.tag_role(RoleName="other", Tags=[{"Key": "k", "Value": "v"}])
