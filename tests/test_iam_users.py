"""IAM users, groups and their tags, through boto3 clients."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError

import hookmock

from helpers import code_of, error_of

ACCOUNT = "123456789012"


def test_create_user_answers_its_identity(iam: Any) -> None:
    user = iam.create_user(UserName="alice", Path="/eng/")["User"]
    assert user["UserName"] == "alice"
    assert user["Path"] == "/eng/"
    assert user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/eng/alice"
    assert re.fullmatch(r"AIDA[A-Z2-7]{17}", user["UserId"])
    assert user["CreateDate"].microsecond == 0
    assert "Tags" not in user
    assert iam.get_user(UserName="alice")["User"] == user


def test_user_names_are_case_insensitive(iam: Any) -> None:
    iam.create_user(UserName="Alice")
    assert iam.get_user(UserName="ALICE")["User"]["UserName"] == "Alice"
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as raised:
        iam.create_user(UserName="alice")
    assert error_of(raised) == ("EntityAlreadyExists", "User with name alice already exists.")
    assert code_of(raised) == ("EntityAlreadyExists", 409)


def test_unknown_user_is_no_such_entity(iam: Any) -> None:
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_user(UserName="nobody")
    assert error_of(raised) == ("NoSuchEntity", "The user with name nobody cannot be found.")
    assert code_of(raised) == ("NoSuchEntity", 404)


def test_bad_names_and_paths_fail_validation(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.create_user(UserName="has space")
    code, message = error_of(raised)
    assert code == "ValidationError"
    assert message.startswith("1 validation error detected: Value 'has space' at 'userName'")
    with pytest.raises(ClientError) as raised:
        iam.create_user(UserName="u", Path="no-slashes")
    assert "at 'path'" in error_of(raised)[1]
    with pytest.raises(ClientError):
        iam.create_user(UserName="x" * 65)
    with pytest.raises(ParamValidationError):
        iam.create_user(UserName="")


def test_get_user_without_name_describes_the_calling_user() -> None:
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="me")
        key = iam.create_access_key(UserName="me")["AccessKey"]
        mine = boto3.client(
            "iam",
            region_name="us-east-1",
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )
        assert mine.get_user()["User"]["UserName"] == "me"


def test_update_user_renames_and_moves(iam: Any) -> None:
    first = iam.create_user(UserName="old")["User"]
    iam.create_group(GroupName="g")
    iam.add_user_to_group(GroupName="g", UserName="old")
    iam.update_user(UserName="old", NewUserName="new", NewPath="/moved/")
    user = iam.get_user(UserName="new")["User"]
    assert user["UserId"] == first["UserId"]
    assert user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/moved/new"
    assert [u["UserName"] for u in iam.get_group(GroupName="g")["Users"]] == ["new"]
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_user(UserName="old")


def test_update_user_to_a_taken_name_is_refused(iam: Any) -> None:
    iam.create_user(UserName="a")
    iam.create_user(UserName="b")
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.update_user(UserName="a", NewUserName="B")
    assert iam.get_user(UserName="a")["User"]["UserName"] == "a"


def test_list_users_pages_by_marker_and_filters_by_path(iam: Any) -> None:
    for name in ("d", "a", "c", "b"):
        iam.create_user(UserName=name, Path="/x/" if name in "ab" else "/")
    first = iam.list_users(MaxItems=3)
    assert [u["UserName"] for u in first["Users"]] == ["a", "b", "c"]
    assert first["IsTruncated"] is True
    rest = iam.list_users(MaxItems=3, Marker=first["Marker"])
    assert [u["UserName"] for u in rest["Users"]] == ["d"]
    assert rest["IsTruncated"] is False
    assert "Marker" not in rest
    assert [u["UserName"] for u in iam.list_users(PathPrefix="/x/")["Users"]] == ["a", "b"]
    pages = iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 1})
    assert [u["UserName"] for page in pages for u in page["Users"]] == ["a", "b", "c", "d"]


def test_delete_user(iam: Any) -> None:
    iam.create_user(UserName="gone")
    iam.delete_user(UserName="gone")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.delete_user(UserName="gone")


@pytest.mark.parametrize(
    ("attach", "message"),
    [
        (
            lambda iam: iam.create_login_profile(UserName="u", Password="Secret-123"),
            "Cannot delete entity, must delete login profile first.",
        ),
        (
            lambda iam: iam.create_access_key(UserName="u"),
            "Cannot delete entity, must delete access keys first.",
        ),
        (
            lambda iam: iam.put_user_policy(
                UserName="u",
                PolicyName="p",
                PolicyDocument='{"Version":"2012-10-17","Statement":'
                '{"Effect":"Allow","Action":"s3:*","Resource":"*"}}',
            ),
            "Cannot delete entity, must delete policies first.",
        ),
        (
            lambda iam: iam.add_user_to_group(UserName="u", GroupName="g"),
            "Cannot delete entity, must remove user from all groups first.",
        ),
    ],
)
def test_delete_user_with_dependents_conflicts(iam: Any, attach: Any, message: str) -> None:
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    attach(iam)
    with pytest.raises(iam.exceptions.DeleteConflictException) as raised:
        iam.delete_user(UserName="u")
    assert error_of(raised) == ("DeleteConflict", message)
    assert code_of(raised)[1] == 409
    iam.get_user(UserName="u")


def test_groups_lifecycle_and_membership(iam: Any) -> None:
    group = iam.create_group(GroupName="devs", Path="/team/")["Group"]
    assert re.fullmatch(r"AGPA[A-Z2-7]{17}", group["GroupId"])
    assert group["Arn"] == f"arn:aws:iam::{ACCOUNT}:group/team/devs"
    for name in ("b", "a", "c"):
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="DEVS", UserName=name)
    iam.add_user_to_group(GroupName="devs", UserName="a")
    answer = iam.get_group(GroupName="devs", MaxItems=2)
    assert answer["Group"] == group
    assert [u["UserName"] for u in answer["Users"]] == ["a", "b"]
    more = iam.get_group(GroupName="devs", Marker=answer["Marker"])
    assert [u["UserName"] for u in more["Users"]] == ["c"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="a")["Groups"]] == ["devs"]
    iam.remove_user_from_group(GroupName="devs", UserName="a")
    assert iam.list_groups_for_user(UserName="a")["Groups"] == []
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.remove_user_from_group(GroupName="devs", UserName="a")


def test_group_errors(iam: Any) -> None:
    iam.create_group(GroupName="g")
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as raised:
        iam.create_group(GroupName="G")
    assert error_of(raised) == ("EntityAlreadyExists", "Group with name G already exists.")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_group(GroupName="nope")
    assert error_of(raised) == ("NoSuchEntity", "The group with name nope cannot be found.")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.add_user_to_group(GroupName="g", UserName="nobody")


def test_delete_group_with_members_conflicts(iam: Any) -> None:
    iam.create_group(GroupName="g")
    iam.create_user(UserName="u")
    iam.add_user_to_group(GroupName="g", UserName="u")
    with pytest.raises(iam.exceptions.DeleteConflictException) as raised:
        iam.delete_group(GroupName="g")
    assert error_of(raised)[1] == "Cannot delete entity, must remove users from group first."
    iam.remove_user_from_group(GroupName="g", UserName="u")
    iam.delete_group(GroupName="g")
    assert iam.list_groups()["Groups"] == []


def test_update_group_renames_for_its_members(iam: Any) -> None:
    iam.create_group(GroupName="old")
    iam.create_user(UserName="u")
    iam.add_user_to_group(GroupName="old", UserName="u")
    iam.update_group(GroupName="old", NewGroupName="new", NewPath="/p/")
    groups = iam.list_groups_for_user(UserName="u")["Groups"]
    assert [(g["GroupName"], g["Path"]) for g in groups] == [("new", "/p/")]
    assert groups[0]["Arn"] == f"arn:aws:iam::{ACCOUNT}:group/p/new"
    assert [g["GroupName"] for g in iam.list_groups(PathPrefix="/p/")["Groups"]] == ["new"]


def test_a_user_joins_at_most_ten_groups(iam: Any) -> None:
    iam.create_user(UserName="u")
    for index in range(11):
        iam.create_group(GroupName=f"g{index}")
    for index in range(10):
        iam.add_user_to_group(GroupName=f"g{index}", UserName="u")
    with pytest.raises(iam.exceptions.LimitExceededException) as raised:
        iam.add_user_to_group(GroupName="g10", UserName="u")
    assert error_of(raised) == ("LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10")


def test_user_tags(iam: Any) -> None:
    iam.create_user(UserName="u", Tags=[{"Key": "team", "Value": "a"}])
    iam.tag_user(UserName="u", Tags=[{"Key": "Team", "Value": "b"}, {"Key": "x", "Value": ""}])
    assert iam.list_user_tags(UserName="u")["Tags"] == [
        {"Key": "Team", "Value": "b"},
        {"Key": "x", "Value": ""},
    ]
    assert iam.get_user(UserName="u")["User"]["Tags"][0] == {"Key": "Team", "Value": "b"}
    iam.untag_user(UserName="u", TagKeys=["TEAM", "absent"])
    page = iam.list_user_tags(UserName="u", MaxItems=1)
    assert (page["Tags"], page["IsTruncated"]) == ([{"Key": "x", "Value": ""}], False)
    assert iam.list_user_tags(UserName="u")["Tags"] == [{"Key": "x", "Value": ""}]


def test_duplicate_tag_keys_are_refused(iam: Any) -> None:
    with pytest.raises(iam.exceptions.InvalidInputException) as raised:
        iam.create_user(UserName="u", Tags=[{"Key": "k", "Value": "1"}, {"Key": "K", "Value": "2"}])
    assert error_of(raised) == (
        "InvalidInput",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    )
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_user(UserName="u")


def test_at_most_fifty_tags(iam: Any) -> None:
    iam.create_user(UserName="u", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    iam.tag_user(UserName="u", Tags=[{"Key": "k0", "Value": "new"}, {"Key": "last", "Value": "v"}])
    with pytest.raises(iam.exceptions.LimitExceededException):
        iam.tag_user(UserName="u", Tags=[{"Key": "one-more", "Value": "v"}])
    tags = iam.get_paginator("list_user_tags").paginate(UserName="u").build_full_result()
    assert len(tags["Tags"]) == 50
    with pytest.raises(ClientError) as raised:
        iam.tag_user(UserName="u", Tags=[{"Key": "bad*key", "Value": "v"}])
    assert error_of(raised)[0] == "ValidationError"


def test_iam_is_global_but_per_account() -> None:
    with hookmock.aws():
        east = boto3.client("iam", region_name="us-east-1")
        west = boto3.client("iam", region_name="eu-west-1")
        east.create_user(UserName="shared")
        assert west.get_user(UserName="shared")["User"]["UserName"] == "shared"
        china = boto3.client("iam", region_name="cn-north-1")
        with pytest.raises(ClientError):
            china.get_user(UserName="shared")
        user = china.create_user(UserName="shared")["User"]
        assert user["Arn"] == f"arn:aws-cn:iam::{ACCOUNT}:user/shared"
