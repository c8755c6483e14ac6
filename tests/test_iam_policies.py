"""IAM managed policies, versions, attachments and inline policies."""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest

from hookmock._errors import FeatureNotImplemented
from hookmock.backends.iam import catalogue

from helpers import add_identity, current_world, error_of

ACCOUNT = "123456789012"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"},
    }
)


def document(action: str = "s3:GetObject") -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}],
    }


def create(iam: Any, name: str = "p", **kwargs: Any) -> str:
    answer = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(document()), **kwargs)
    return str(answer["Policy"]["Arn"])


def test_create_and_get_policy(iam: Any) -> None:
    created = iam.create_policy(
        PolicyName="read",
        Path="/team/",
        PolicyDocument=json.dumps(document()),
        Description="reads",
        Tags=[{"Key": "k", "Value": "v"}],
    )["Policy"]
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT}:policy/team/read"
    assert re.fullmatch(r"ANPA[A-Z2-7]{17}", created["PolicyId"])
    assert (created["DefaultVersionId"], created["AttachmentCount"]) == ("v1", 0)
    assert created["IsAttachable"] is True
    policy = iam.get_policy(PolicyArn=created["Arn"])["Policy"]
    assert policy["Description"] == "reads"
    assert policy["Tags"] == [{"Key": "k", "Value": "v"}]
    version = iam.get_policy_version(PolicyArn=created["Arn"], VersionId="v1")["PolicyVersion"]
    assert version["Document"] == document()
    assert version["IsDefaultVersion"] is True


def test_policy_errors(iam: Any) -> None:
    arn = create(iam)
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as raised:
        create(iam, Path="/other/")
    assert error_of(raised) == (
        "EntityAlreadyExists",
        "A policy called p already exists. Duplicate names are not allowed.",
    )
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_policy(PolicyArn=arn + "x")
    assert error_of(raised) == ("NoSuchEntity", f"Policy {arn}x was not found.")
    wrong_path = arn.replace("policy/p", "policy/sub/p")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy(PolicyArn=wrong_path)


def test_aws_managed_policies_attach_list_and_read(iam: Any) -> None:
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=admin)
    policy = iam.get_policy(PolicyArn=admin)["Policy"]
    assert (policy["AttachmentCount"], policy["Path"]) == (1, "/")
    assert re.fullmatch(r"ANPA[A-Z2-7]{17}", policy["PolicyId"])
    version = iam.get_policy_version(PolicyArn=admin, VersionId=policy["DefaultVersionId"])
    assert version["PolicyVersion"]["Document"]["Statement"][0]["Action"] == "*"
    attached = iam.list_policies(Scope="AWS", OnlyAttached=True)["Policies"]
    assert [p["Arn"] for p in attached] == [admin]
    aws_names = [
        p["PolicyName"]
        for page in iam.get_paginator("list_policies").paginate(
            Scope="AWS", PaginationConfig={"PageSize": 2}
        )
        for p in page["Policies"]
    ]
    assert "AdministratorAccess" in aws_names
    assert aws_names == sorted(aws_names)
    create(iam, "Local")
    everything = [p["PolicyName"] for p in iam.list_policies()["Policies"]]
    assert sorted(everything) == sorted([*aws_names, "Local"])
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == ["Local"]
    entities = iam.list_entities_for_policy(PolicyArn=admin, EntityFilter="AWSManagedPolicy")
    assert [u["UserName"] for u in entities["PolicyUsers"]] == ["u"]
    lambda_role = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    assert iam.get_policy(PolicyArn=lambda_role)["Policy"]["Path"] == "/service-role/"


def test_aws_managed_policies_merge_pages_with_local_ones(iam: Any) -> None:
    create(iam, "AdministratorAccess")  # a customer policy may share an AWS policy's name
    names = [
        (p["PolicyName"], p["Arn"].split(":")[4])
        for page in iam.get_paginator("list_policies").paginate(PaginationConfig={"PageSize": 1})
        for p in page["Policies"]
    ]
    assert ("AdministratorAccess", "aws") in names
    assert ("AdministratorAccess", ACCOUNT) in names
    assert len(names) == len(set(names))


def test_aws_managed_policy_counts_are_per_account(iam: Any) -> None:
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="r", PolicyArn=admin)
    iam.put_role_permissions_boundary(RoleName="r", PermissionsBoundary=admin)
    policy = iam.get_policy(PolicyArn=admin)["Policy"]
    assert (policy["AttachmentCount"], policy["PermissionsBoundaryUsageCount"]) == (1, 1)
    other = boto3.client("iam", aws_access_key_id="AKIAOTHERACCOUNT0001", aws_secret_access_key="x")
    add_identity(current_world(), "AKIAOTHERACCOUNT0001", "111111111111")
    assert other.get_policy(PolicyArn=admin)["Policy"]["AttachmentCount"] == 0


def test_aws_managed_policy_errors(iam: Any) -> None:
    iam.create_user(UserName="u")
    missing = "arn:aws:iam::aws:policy/NoSuchManagedPolicy"
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.attach_user_policy(UserName="u", PolicyArn=missing)
    assert error_of(raised) == (
        "NoSuchEntity",
        f"Policy {missing} does not exist or is not attachable.",
    )
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/other/AdministratorAccess")
    with pytest.raises(FeatureNotImplemented):
        iam.delete_policy(PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")


def test_aws_managed_catalogue_loads_lazily(iam: Any) -> None:
    catalogue.load.cache_clear()
    iam.create_user(UserName="u")
    iam.create_policy(PolicyName="p", PolicyDocument=json.dumps(document()))
    assert catalogue.load.cache_info().currsize == 0
    iam.list_policies(Scope="AWS")
    assert catalogue.load.cache_info().currsize == 1


def test_list_policies_filters(iam: Any) -> None:
    attached = create(iam, "a", Path="/x/")
    create(iam, "b")
    boundary = create(iam, "c")
    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=attached)
    iam.put_user_permissions_boundary(UserName="u", PermissionsBoundary=boundary)

    def names(**kwargs: Any) -> list[str]:
        return [p["PolicyName"] for p in iam.list_policies(Scope="Local", **kwargs)["Policies"]]

    assert names() == ["a", "b", "c"]
    assert names(PathPrefix="/x/") == ["a"]
    assert names(OnlyAttached=True) == ["a", "c"]
    assert names(OnlyAttached=True, PolicyUsageFilter="PermissionsPolicy") == ["a"]
    assert names(OnlyAttached=True, PolicyUsageFilter="PermissionsBoundary") == ["c"]
    first = iam.list_policies(Scope="Local", MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_policies(Scope="Local", Marker=first["Marker"])
    assert [p["PolicyName"] for p in rest["Policies"]] == ["c"]
    assert "Tags" not in rest["Policies"][0]


def test_versions(iam: Any) -> None:
    arn = create(iam)
    v2 = iam.create_policy_version(
        PolicyArn=arn, PolicyDocument=json.dumps(document("s3:PutObject"))
    )["PolicyVersion"]
    assert (v2["VersionId"], v2["IsDefaultVersion"]) == ("v2", False)
    assert "Document" not in v2
    iam.create_policy_version(
        PolicyArn=arn, PolicyDocument=json.dumps(document("s3:*")), SetAsDefault=True
    )
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v3"
    listed = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [(v["VersionId"], v["IsDefaultVersion"]) for v in listed] == [
        ("v3", True),
        ("v2", False),
        ("v1", False),
    ]
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    with pytest.raises(iam.exceptions.DeleteConflictException) as raised:
        iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    assert error_of(raised) == ("DeleteConflict", "Cannot delete the default version of a policy.")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy_version(PolicyArn=arn, VersionId="v2")
    v4 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(document()))
    assert v4["PolicyVersion"]["VersionId"] == "v4"


def test_at_most_five_versions(iam: Any) -> None:
    arn = create(iam)
    for _ in range(4):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(document()))
    with pytest.raises(iam.exceptions.LimitExceededException) as raised:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(document()))
    assert error_of(raised) == (
        "LimitExceeded",
        "A managed policy can have up to 5 versions. Before you create a new version, you must "
        "delete an existing version.",
    )


def test_delete_policy_conflicts(iam: Any) -> None:
    arn = create(iam)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(document()))
    with pytest.raises(iam.exceptions.DeleteConflictException) as raised:
        iam.delete_policy(PolicyArn=arn)
    assert "must delete the policy's versions" in error_of(raised)[1]
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    iam.create_group(GroupName="g")
    iam.attach_group_policy(GroupName="g", PolicyArn=arn)
    with pytest.raises(iam.exceptions.DeleteConflictException) as raised:
        iam.delete_policy(PolicyArn=arn)
    assert error_of(raised)[1] == "Cannot delete a policy attached to entities."
    iam.detach_group_policy(GroupName="g", PolicyArn=arn)
    iam.delete_policy(PolicyArn=arn)
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy(PolicyArn=arn)


def test_attachments_and_entities_for_policy(iam: Any) -> None:
    arn = create(iam)
    iam.create_user(UserName="u", Path="/a/")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.attach_user_policy(UserName="u", PolicyArn=arn)
    iam.attach_user_policy(UserName="u", PolicyArn=arn)
    iam.attach_group_policy(GroupName="g", PolicyArn=arn)
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 3
    assert iam.list_attached_user_policies(UserName="u")["AttachedPolicies"] == [
        {"PolicyName": "p", "PolicyArn": arn}
    ]
    assert (
        iam.list_attached_group_policies(GroupName="g")["AttachedPolicies"][0]["PolicyArn"] == arn
    )
    assert (
        iam.list_attached_role_policies(RoleName="r", PathPrefix="/no/")["AttachedPolicies"] == []
    )
    entities = iam.list_entities_for_policy(PolicyArn=arn)
    assert entities["PolicyGroups"] == [
        {"GroupName": "g", "GroupId": entities["PolicyGroups"][0]["GroupId"]}
    ]
    assert [u["UserName"] for u in entities["PolicyUsers"]] == ["u"]
    assert [r["RoleName"] for r in entities["PolicyRoles"]] == ["r"]
    only_roles = iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="Role")
    assert (only_roles["PolicyUsers"], len(only_roles["PolicyRoles"])) == ([], 1)
    paged = iam.get_paginator("list_entities_for_policy").paginate(
        PolicyArn=arn, PaginationConfig={"PageSize": 1}
    )
    full = paged.build_full_result()
    assert [len(full[k]) for k in ("PolicyGroups", "PolicyUsers", "PolicyRoles")] == [1, 1, 1]
    under_a = iam.list_entities_for_policy(PolicyArn=arn, PathPrefix="/a/")
    assert [u["UserName"] for u in under_a["PolicyUsers"]] == ["u"]
    assert under_a["PolicyRoles"] == under_a["PolicyGroups"] == []
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.detach_role_policy(RoleName="r", PolicyArn=arn + "2")
    assert error_of(raised)[1] == f"Policy {arn}2 was not found."


def test_attach_unknown_policy(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    missing = f"arn:aws:iam::{ACCOUNT}:policy/missing"
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.attach_role_policy(RoleName="r", PolicyArn=missing)
    assert error_of(raised)[1] == f"Policy {missing} does not exist or is not attachable."


def test_at_most_ten_attached_policies(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    for index in range(10):
        iam.attach_role_policy(RoleName="r", PolicyArn=create(iam, f"p{index}"))
    with pytest.raises(iam.exceptions.LimitExceededException) as raised:
        iam.attach_role_policy(RoleName="r", PolicyArn=create(iam, "p10"))
    assert error_of(raised)[1] == "Cannot exceed quota for PoliciesPerRole: 10"


@pytest.mark.parametrize("kind", ["User", "Group", "Role"])
def test_inline_policies(iam: Any, kind: str) -> None:
    {
        "User": lambda: iam.create_user(UserName="e"),
        "Group": lambda: iam.create_group(GroupName="e"),
        "Role": lambda: iam.create_role(RoleName="e", AssumeRolePolicyDocument=TRUST),
    }[kind]()
    name = {f"{kind}Name": "e"}
    put = getattr(iam, f"put_{kind.lower()}_policy")
    text = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*",'
        '"Resource":"arn:aws:s3:::b/a b+c%"}]}'
    )
    put(**name, PolicyName="two", PolicyDocument=text)
    put(**name, PolicyName="one", PolicyDocument=json.dumps(document()))
    got = getattr(iam, f"get_{kind.lower()}_policy")(**name, PolicyName="two")
    assert got[f"{kind}Name"] == "e"
    assert got["PolicyDocument"] == json.loads(text)
    listed = getattr(iam, f"list_{kind.lower()}_policies")(**name, MaxItems=1)
    assert (listed["PolicyNames"], listed["IsTruncated"]) == (["one"], True)
    getattr(iam, f"delete_{kind.lower()}_policy")(**name, PolicyName="two")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        getattr(iam, f"get_{kind.lower()}_policy")(**name, PolicyName="two")
    assert error_of(raised)[1] == f"The {kind.lower()} policy with name two cannot be found."


@pytest.mark.parametrize(("kind", "limit"), [("user", 2048), ("group", 5120), ("role", 10240)])
def test_inline_policy_size_is_per_entity(iam: Any, kind: str, limit: int) -> None:
    {
        "user": lambda: iam.create_user(UserName="e"),
        "group": lambda: iam.create_group(GroupName="e"),
        "role": lambda: iam.create_role(RoleName="e", AssumeRolePolicyDocument=TRUST),
    }[kind]()
    put = getattr(iam, f"put_{kind}_policy")
    name = {f"{kind.capitalize()}Name": "e"}
    base = json.dumps(document("s3:x"), separators=(",", ":"))
    padding = limit - len(base) // 1
    half = json.dumps(document("s3:" + "x" * (padding // 2)), separators=(",", ":"))
    put(**name, PolicyName="a", PolicyDocument=half)
    with pytest.raises(iam.exceptions.LimitExceededException) as raised:
        put(**name, PolicyName="b", PolicyDocument=half)
    assert error_of(raised)[1] == f"Maximum policy size of {limit} bytes exceeded for {kind} e"
    put(**name, PolicyName="a", PolicyDocument=half)
