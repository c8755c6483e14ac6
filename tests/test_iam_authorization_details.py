"""GetAccountAuthorizationDetails: every entity with its policies, filtered and paged."""

from __future__ import annotations

import json
from typing import Any

import pytest

ACCOUNT = "123456789012"
ALLOW_ALL = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
}
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def populate(iam: Any) -> str:
    arn = iam.create_policy(PolicyName="local", PolicyDocument=json.dumps(ALLOW_ALL))["Policy"][
        "Arn"
    ]
    iam.create_policy_version(
        PolicyArn=arn, PolicyDocument=json.dumps(ALLOW_ALL), SetAsDefault=True
    )
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "a"}], PermissionsBoundary=arn)
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=json.dumps(ALLOW_ALL))
    iam.attach_user_policy(UserName="alice", PolicyArn=ADMIN)
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.create_instance_profile(InstanceProfileName="web-ip")
    iam.add_role_to_instance_profile(InstanceProfileName="web-ip", RoleName="web")
    iam.put_role_policy(RoleName="web", PolicyName="r", PolicyDocument=json.dumps(ALLOW_ALL))
    return str(arn)


def test_everything_with_its_policies(iam: Any) -> None:
    arn = populate(iam)
    details = iam.get_account_authorization_details()
    assert details["IsTruncated"] is False
    [alice] = details["UserDetailList"]
    assert alice["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert alice["UserPolicyList"] == [{"PolicyName": "inline", "PolicyDocument": ALLOW_ALL}]
    assert alice["GroupList"] == ["devs"]
    assert alice["AttachedManagedPolicies"] == [
        {"PolicyName": "AdministratorAccess", "PolicyArn": ADMIN}
    ]
    assert alice["PermissionsBoundary"]["PermissionsBoundaryArn"] == arn
    assert alice["Tags"] == [{"Key": "team", "Value": "a"}]
    [devs] = details["GroupDetailList"]
    assert devs["AttachedManagedPolicies"] == [{"PolicyName": "local", "PolicyArn": arn}]
    assert devs["GroupPolicyList"] == []
    [web] = details["RoleDetailList"]
    assert web["AssumeRolePolicyDocument"] == TRUST
    assert [p["InstanceProfileName"] for p in web["InstanceProfileList"]] == ["web-ip"]
    assert web["RolePolicyList"] == [{"PolicyName": "r", "PolicyDocument": ALLOW_ALL}]
    assert web["RoleLastUsed"] == {}
    # AWS managed policies only where something in the account has them attached.
    policies = {p["PolicyName"]: p for p in details["Policies"]}
    assert sorted(policies) == ["AdministratorAccess", "local"]
    local = policies["local"]
    assert (local["AttachmentCount"], local["PermissionsBoundaryUsageCount"]) == (1, 1)
    assert [(v["VersionId"], v["IsDefaultVersion"]) for v in local["PolicyVersionList"]] == [
        ("v2", True),
        ("v1", False),
    ]
    assert local["PolicyVersionList"][0]["Document"] == ALLOW_ALL
    admin = policies["AdministratorAccess"]["PolicyVersionList"]
    assert admin[0]["Document"]["Statement"][0]["Effect"] == "Allow"


def test_filters(iam: Any) -> None:
    populate(iam)
    users = iam.get_account_authorization_details(Filter=["User"])
    assert [u["UserName"] for u in users["UserDetailList"]] == ["alice"]
    assert users["GroupDetailList"] == users["RoleDetailList"] == users["Policies"] == []
    aws = iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])["Policies"]
    assert [p["PolicyName"] for p in aws] == ["AdministratorAccess"]
    local = iam.get_account_authorization_details(Filter=["LocalManagedPolicy", "Role"])
    assert [p["PolicyName"] for p in local["Policies"]] == ["local"]
    assert [r["RoleName"] for r in local["RoleDetailList"]] == ["web"]
    iam.detach_user_policy(UserName="alice", PolicyArn=ADMIN)
    assert iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])["Policies"] == []


def test_pages_run_across_the_lists(iam: Any) -> None:
    for n in range(3):
        iam.create_user(UserName=f"u{n}")
        iam.create_group(GroupName=f"g{n}")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    seen: list[str] = []
    kwargs: dict[str, Any] = {"MaxItems": 2}
    while True:
        page = iam.get_account_authorization_details(**kwargs)
        names = (
            [u["UserName"] for u in page["UserDetailList"]]
            + [g["GroupName"] for g in page["GroupDetailList"]]
            + [r["RoleName"] for r in page["RoleDetailList"]]
        )
        assert len(names) <= 2
        seen += names
        if not page["IsTruncated"]:
            break
        kwargs["Marker"] = page["Marker"]
    assert seen == ["u0", "u1", "u2", "g0", "g1", "g2", "r"]
    paginator = iam.get_paginator("get_account_authorization_details")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 4}))
    assert len(pages) == 2
    assert [u["UserName"] for p in pages for u in p["UserDetailList"]] == ["u0", "u1", "u2"]


def test_bad_input(iam: Any) -> None:
    with pytest.raises(iam.exceptions.ClientError) as raised:
        iam.get_account_authorization_details(Filter=["Users"])
    assert raised.value.response["Error"]["Code"] == "ValidationError"
    with pytest.raises(iam.exceptions.ClientError) as raised:
        iam.get_account_authorization_details(Marker="not-a-marker")
    assert raised.value.response["Error"]["Code"] == "ValidationError"
    page = iam.get_account_authorization_details(Filter=["User"], MaxItems=1)
    assert page["IsTruncated"] is False
    iam.create_user(UserName="a")
    iam.create_user(UserName="b")
    marker = iam.get_account_authorization_details(Filter=["User"], MaxItems=1)["Marker"]
    with pytest.raises(iam.exceptions.ClientError):
        iam.get_account_authorization_details(Filter=["Role"], Marker=marker)
