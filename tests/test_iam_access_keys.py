"""Access keys: AWS's formats, the two-key quota, and calls signed with a created key."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest

import hookmock

from helpers import add_identity, current_world, error_of


def client_for(service: str, key: dict[str, Any], region: str = "us-east-1") -> Any:
    return boto3.client(
        service,
        region_name=region,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def test_create_access_key_has_aws_formats(iam: Any) -> None:
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]
    assert re.fullmatch(r"AKIA[A-Z2-7]{16}", key["AccessKeyId"])
    assert re.fullmatch(r"[A-Za-z0-9+/]{40}", key["SecretAccessKey"])
    assert (key["UserName"], key["Status"]) == ("u", "Active")
    listed = iam.list_access_keys(UserName="u")["AccessKeyMetadata"]
    assert listed == [{k: v for k, v in key.items() if k != "SecretAccessKey"}]


def test_at_most_two_keys_per_user(iam: Any) -> None:
    iam.create_user(UserName="u")
    iam.create_access_key(UserName="u")
    iam.create_access_key(UserName="u")
    with pytest.raises(iam.exceptions.LimitExceededException) as raised:
        iam.create_access_key(UserName="u")
    assert error_of(raised) == ("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2")
    assert len(iam.list_access_keys(UserName="u")["AccessKeyMetadata"]) == 2


def test_update_and_delete_keys(iam: Any) -> None:
    iam.create_user(UserName="u")
    key_id = iam.create_access_key(UserName="u")["AccessKey"]["AccessKeyId"]
    iam.update_access_key(UserName="u", AccessKeyId=key_id, Status="Inactive")
    assert iam.list_access_keys(UserName="u")["AccessKeyMetadata"][0]["Status"] == "Inactive"
    last = iam.get_access_key_last_used(AccessKeyId=key_id)
    assert last["UserName"] == "u"
    assert last["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}
    iam.delete_access_key(UserName="u", AccessKeyId=key_id)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.update_access_key(UserName="u", AccessKeyId=key_id, Status="Active")
    assert error_of(raised)[1] == f"The Access Key with id {key_id} cannot be found."
    iam.delete_user(UserName="u")


def test_a_key_belongs_to_its_user(iam: Any) -> None:
    iam.create_user(UserName="a")
    iam.create_user(UserName="b")
    key_id = iam.create_access_key(UserName="a")["AccessKey"]["AccessKeyId"]
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.delete_access_key(UserName="b", AccessKeyId=key_id)


def test_calls_signed_with_a_created_key_come_from_its_user() -> None:
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        user = iam.create_user(UserName="deployer", Path="/ci/")["User"]
        key = iam.create_access_key(UserName="deployer")["AccessKey"]
        identity = client_for("sts", key, "eu-west-1").get_caller_identity()
        assert identity["Arn"] == "arn:aws:iam::123456789012:user/ci/deployer"
        assert identity["UserId"] == user["UserId"]
        assert identity["Account"] == "123456789012"
        # The user's own calls manage the user's own keys.
        own = client_for("iam", key)
        assert own.list_access_keys()["AccessKeyMetadata"][0]["UserName"] == "deployer"
        iam.update_user(UserName="deployer", NewUserName="renamed")
        renamed = client_for("sts", key).get_caller_identity()
        assert renamed["Arn"] == "arn:aws:iam::123456789012:user/ci/renamed"
        iam.delete_access_key(UserName="renamed", AccessKeyId=key["AccessKeyId"])
        forgotten = client_for("sts", key).get_caller_identity()
        assert forgotten["Arn"] == "arn:aws:iam::123456789012:root"


def test_keys_of_another_account_act_in_that_account() -> None:
    with hookmock.aws():
        add_identity(current_world(), "AKIAOTHERACCOUNT0001", "210987654321")
        admin = boto3.client(
            "iam",
            region_name="us-east-1",
            aws_access_key_id="AKIAOTHERACCOUNT0001",
            aws_secret_access_key="x",
        )
        admin.create_user(UserName="remote")
        key = admin.create_access_key(UserName="remote")["AccessKey"]
        identity = client_for("sts", key).get_caller_identity()
        assert identity["Account"] == "210987654321"
        assert identity["Arn"] == "arn:aws:iam::210987654321:user/remote"
        home = boto3.client("iam", region_name="us-east-1")
        with pytest.raises(home.exceptions.NoSuchEntityException):
            home.get_user(UserName="remote")


def test_last_used_records_the_latest_signed_call(iam: Any) -> None:
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]
    session = boto3.Session(
        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    session.client("sts", region_name="eu-west-1").get_caller_identity()
    first = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert (first["ServiceName"], first["Region"]) == ("sts", "eu-west-1")
    hookmock.clock().advance(60)
    session.client("sqs", region_name="us-west-2").list_queues()
    last = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert (last["ServiceName"], last["Region"]) == ("sqs", "us-west-2")
    assert (last["LastUsedDate"] - first["LastUsedDate"]).total_seconds() >= 60


def test_expired_is_a_status_only_aws_sets(iam: Any) -> None:
    iam.create_user(UserName="u")
    key_id = iam.create_access_key(UserName="u")["AccessKey"]["AccessKeyId"]
    with pytest.raises(iam.exceptions.InvalidInputException) as raised:
        iam.update_access_key(UserName="u", AccessKeyId=key_id, Status="Expired")
    assert error_of(raised) == (
        "InvalidInput",
        "Status Expired is not valid for an access key.",
    )
    [key] = iam.list_access_keys(UserName="u")["AccessKeyMetadata"]
    assert key["Status"] == "Active"
