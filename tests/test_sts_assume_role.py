"""STS AssumeRole: sessions in the role's account, durations, policies, tags, chaining."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import string
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from sts_helpers import ALLOW_S3, iam_of, make_role, signed_with

import hookmock

from helpers import code_of, current_world, error_of

OTHER = "111111111111"


@pytest.fixture
def sts() -> Iterator[Any]:
    with hookmock.aws():
        yield boto3.client("sts", region_name="us-east-1")


def test_assume_role_in_another_account_lands_calls_there(sts: Any) -> None:
    arn = make_role(OTHER, "deployer", Path="/ci/")
    answer = sts.assume_role(RoleArn=arn, RoleSessionName="build-42")
    credentials = answer["Credentials"]
    assert re.fullmatch(r"ASIA[A-Z2-7]{16}", credentials["AccessKeyId"])
    assert len(credentials["SecretAccessKey"]) == 40
    assert credentials["SessionToken"]
    now = current_world().clock.now()
    assert dt.timedelta(minutes=59) < credentials["Expiration"] - now <= dt.timedelta(hours=1)
    user = answer["AssumedRoleUser"]
    assert user["Arn"] == f"arn:aws:sts::{OTHER}:assumed-role/deployer/build-42"
    assert re.fullmatch(r"AROA[A-Z2-7]{17}:build-42", user["AssumedRoleId"])
    assert "PackedPolicySize" not in answer
    assert "SourceIdentity" not in answer

    identity = signed_with(credentials).get_caller_identity()
    assert (identity["Account"], identity["Arn"]) == (OTHER, user["Arn"])
    assert identity["UserId"] == user["AssumedRoleId"]

    signed_with(credentials, "s3").create_bucket(Bucket="landed-here")
    other_s3 = boto3.client("s3", region_name="us-east-1", **_root_kwargs(OTHER))
    assert [b["Name"] for b in other_s3.list_buckets()["Buckets"]] == ["landed-here"]
    mine = boto3.client("s3", region_name="us-east-1").list_buckets()["Buckets"]
    assert mine == []


def _root_kwargs(account: str) -> dict[str, str]:
    from sts_helpers import root_of

    return root_of(account)


def test_assuming_a_role_records_its_last_use(sts: Any) -> None:
    arn = make_role(OTHER, "used")
    iam = iam_of(OTHER)
    assert iam.get_role(RoleName="used")["Role"]["RoleLastUsed"] == {}
    boto3.client("sts", region_name="eu-west-1").assume_role(RoleArn=arn, RoleSessionName="s1")
    used = iam.get_role(RoleName="used")["Role"]["RoleLastUsed"]
    assert used["Region"] == "eu-west-1"
    assert abs(used["LastUsedDate"] - current_world().clock.now()) < dt.timedelta(seconds=5)


def test_a_missing_role_is_access_denied(sts: Any) -> None:
    make_role(OTHER, "exists", Path="/p/")
    for arn in (
        f"arn:aws:iam::{OTHER}:role/missing",
        f"arn:aws:iam::{OTHER}:role/exists",
        "arn:aws:iam::222222222222:role/exists",
    ):
        with pytest.raises(ClientError) as raised:
            sts.assume_role(RoleArn=arn, RoleSessionName="s1")
        assert code_of(raised) == ("AccessDenied", 403)
        assert error_of(raised)[1] == (
            "User: arn:aws:iam::123456789012:root is not authorized to perform: "
            f"sts:AssumeRole on resource: {arn}"
        )


def test_role_arn_must_name_a_role(sts: Any) -> None:
    with pytest.raises(ClientError) as raised:
        sts.assume_role(RoleArn=f"arn:aws:iam::{OTHER}:user/alice", RoleSessionName="s1")
    assert code_of(raised) == ("ValidationError", 400)


@pytest.mark.parametrize("name", ["a", "x" * 65, "has space", "bad/slash"])
def test_session_name_rules(sts: Any, name: str) -> None:
    arn = make_role()
    with pytest.raises((ClientError, ParamValidationError)) as raised:
        sts.assume_role(RoleArn=arn, RoleSessionName=name)
    if isinstance(raised.value, ClientError):
        code, message = error_of(raised)  # type: ignore[arg-type]
        assert code == "ValidationError"
        assert "'roleSessionName'" in message


def test_session_name_allows_its_punctuation(sts: Any) -> None:
    arn = make_role()
    name = "a_b+c=d,e.f@g-h"
    user = sts.assume_role(RoleArn=arn, RoleSessionName=name)["AssumedRoleUser"]
    assert user["Arn"].endswith(f"/role/{name}".replace("/role/", "/role/"))


def test_duration_up_to_the_roles_maximum(sts: Any) -> None:
    arn = make_role(MaxSessionDuration=7200)
    answer = sts.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=7200)
    left = answer["Credentials"]["Expiration"] - current_world().clock.now()
    assert dt.timedelta(seconds=7190) < left <= dt.timedelta(seconds=7200)
    with pytest.raises(ClientError) as raised:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=7201)
    assert error_of(raised) == (
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    )
    with pytest.raises(ParamValidationError):
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=899)


def test_role_chaining_is_limited_to_an_hour(sts: Any) -> None:
    first = make_role(name="first")
    second = make_role(OTHER, "second", MaxSessionDuration=43200)
    credentials = sts.assume_role(RoleArn=first, RoleSessionName="s1")["Credentials"]
    chained = signed_with(credentials)
    with pytest.raises(ClientError) as raised:
        chained.assume_role(RoleArn=second, RoleSessionName="s2", DurationSeconds=3601)
    assert error_of(raised) == (
        "ValidationError",
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
        "role chaining.",
    )
    answer = chained.assume_role(RoleArn=second, RoleSessionName="s2", DurationSeconds=3600)
    identity = signed_with(answer["Credentials"]).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{OTHER}:assumed-role/second/s2"
    # An IAM user's own keys are no chain: the role's maximum applies.
    assert sts.assume_role(RoleArn=second, RoleSessionName="s3", DurationSeconds=43200)


def test_session_policy_is_checked_and_packed(sts: Any) -> None:
    arn = make_role()
    answer = sts.assume_role(RoleArn=arn, RoleSessionName="s1", Policy=ALLOW_S3)
    assert 0 < answer["PackedPolicySize"] <= 100
    with pytest.raises(sts.exceptions.MalformedPolicyDocumentException) as raised:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", Policy="{not json")
    assert error_of(raised) == ("MalformedPolicyDocument", "Syntax errors in policy.")


def test_an_oversized_session_policy_is_packed_policy_too_large(sts: Any) -> None:
    arn = make_role()
    statements = [
        {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::bucket-{n * 7919 % 100003}/k{n * 104729 % 999983}",
        }
        for n in range(300)
    ]
    policy = json.dumps({"Version": "2012-10-17", "Statement": statements})
    with pytest.raises(sts.exceptions.PackedPolicyTooLargeException) as raised:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", Policy=policy)
    code, message = error_of(raised)
    assert code == "PackedPolicyTooLarge"
    assert re.fullmatch(
        r"Packed policy consumes \d+% of allotted space, please use smaller policy\.", message
    )


def test_policy_arns_at_most_ten(sts: Any) -> None:
    arn = make_role()
    arns = [{"arn": f"arn:aws:iam::123456789012:policy/p{n}"} for n in range(11)]
    answer = sts.assume_role(RoleArn=arn, RoleSessionName="s1", PolicyArns=arns[:10])
    assert answer["PackedPolicySize"] > 0
    with pytest.raises(ClientError) as raised:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", PolicyArns=arns)
    code, message = error_of(raised)
    assert code == "ValidationError"
    assert "at 'policyArns' failed to satisfy constraint" in message


def test_session_tags_limits(sts: Any) -> None:
    arn = make_role()
    tags = [{"Key": f"k{n}", "Value": "v"} for n in range(50)]
    assert sts.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=tags)["PackedPolicySize"]
    with pytest.raises((ClientError, ParamValidationError)):
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=[*tags, {"Key": "x", "Value": ""}])
    with pytest.raises(ClientError) as raised:
        sts.assume_role(
            RoleArn=arn,
            RoleSessionName="s1",
            Tags=[{"Key": "Team", "Value": "a"}, {"Key": "team", "Value": "b"}],
        )
    assert error_of(raised) == (
        "ValidationError",
        "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
    )
    with pytest.raises(ClientError) as raised:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=[{"Key": "k" * 129, "Value": ""}])
    assert "'tags.1.member.key'" in error_of(raised)[1] or "key" in error_of(raised)[1]


def test_many_long_tags_are_packed_too_large(sts: Any) -> None:
    arn = make_role()
    letters = random.Random(7)

    def text(size: int) -> str:
        return "".join(letters.choice(string.ascii_letters) for _ in range(size))

    tags = [{"Key": text(128), "Value": text(256)} for _ in range(50)]
    with pytest.raises(sts.exceptions.PackedPolicyTooLargeException) as raised:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=tags)
    assert re.fullmatch(
        r"Packed size of session tags consumes \d+% of allotted space\.", error_of(raised)[1]
    )


def test_transitive_tags_pass_down_a_role_chain(sts: Any) -> None:
    first, second, third = (make_role(name=n) for n in ("one", "two", "three"))
    tags = [
        {"Key": "Star", "Value": "1"},
        {"Key": "Heart", "Value": "1"},
        {"Key": "Moon", "Value": "0"},
    ]
    one = sts.assume_role(
        RoleArn=first, RoleSessionName="s1", Tags=tags, TransitiveTagKeys=["Star", "heart"]
    )["Credentials"]
    two = signed_with(one).assume_role(RoleArn=second, RoleSessionName="s2")["Credentials"]
    session = current_world().known_principal(two["AccessKeyId"]).session  # type: ignore[union-attr]
    assert session is not None
    assert dict(session.tags) == {"Star": "1", "Heart": "1"}
    assert session.transitive_tag_keys == {"Star", "Heart"}
    with pytest.raises(ClientError) as raised:
        signed_with(two).assume_role(
            RoleArn=third, RoleSessionName="s3", Tags=[{"Key": "HEART", "Value": "3"}]
        )
    assert code_of(raised) == ("ValidationError", 400)
    three = signed_with(two).assume_role(
        RoleArn=third, RoleSessionName="s3", Tags=[{"Key": "Sun", "Value": "2"}]
    )["Credentials"]
    last = current_world().known_principal(three["AccessKeyId"]).session  # type: ignore[union-attr]
    assert last is not None
    assert dict(last.tags) == {"Star": "1", "Heart": "1", "Sun": "2"}


def test_source_identity_persists_and_cannot_change(sts: Any) -> None:
    first, second = make_role(name="one"), make_role(name="two")
    answer = sts.assume_role(RoleArn=first, RoleSessionName="s1", SourceIdentity="alice@corp")
    assert answer["SourceIdentity"] == "alice@corp"
    chained = signed_with(answer["Credentials"])
    kept = chained.assume_role(RoleArn=second, RoleSessionName="s2")
    assert kept["SourceIdentity"] == "alice@corp"
    same = chained.assume_role(RoleArn=second, RoleSessionName="s2", SourceIdentity="alice@corp")
    assert same["SourceIdentity"] == "alice@corp"
    with pytest.raises(ClientError) as raised:
        chained.assume_role(RoleArn=second, RoleSessionName="s2", SourceIdentity="mallory")
    assert code_of(raised) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as raised:
        sts.assume_role(RoleArn=first, RoleSessionName="s1", SourceIdentity="aws:reserved")
    assert error_of(raised)[0] == "ValidationError"


def test_external_id_and_mfa_fields_are_validated(sts: Any) -> None:
    arn = make_role()
    assert sts.assume_role(
        RoleArn=arn,
        RoleSessionName="s1",
        ExternalId="Example987:/x",
        SerialNumber="arn:aws:iam::123456789012:mfa/alice",
        TokenCode="123456",
    )["Credentials"]
    for bad in (
        {"ExternalId": "has space"},
        {"SerialNumber": "arn:aws:iam::123456789012:mfa/a b"},
        {"SerialNumber": "GAHT12345678", "TokenCode": "12345a"},
    ):
        with pytest.raises((ClientError, ParamValidationError)) as raised:
            sts.assume_role(RoleArn=arn, RoleSessionName="s1", **bad)
        if isinstance(raised.value, ClientError):
            assert raised.value.response["Error"]["Code"] == "ValidationError"


def test_expired_session_credentials_are_refused(sts: Any) -> None:
    arn = make_role()
    credentials = sts.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=900)[
        "Credentials"
    ]
    client = signed_with(credentials)
    assert client.get_caller_identity()["Arn"].endswith("/s1")
    current_world().clock.advance(901)
    with pytest.raises(client.exceptions.ExpiredTokenException) as raised:
        client.get_caller_identity()
    assert error_of(raised) == (
        "ExpiredTokenException",
        "The security token included in the request is expired",
    )
    with pytest.raises(ClientError) as raised:
        signed_with(credentials, "s3").list_buckets()
    assert error_of(raised) == ("ExpiredToken", "The provided token has expired.")
    with pytest.raises(ClientError) as raised:
        signed_with(credentials, "dynamodb").list_tables()
    assert error_of(raised)[0] == "ExpiredTokenException"
    with pytest.raises(ClientError) as raised:
        signed_with(credentials, "iam").list_users()
    assert error_of(raised) == (
        "ExpiredToken",
        "The security token included in the request is expired",
    )


def test_federated_users_cannot_assume_roles(sts: Any) -> None:
    arn = make_role()
    from sts_helpers import root_of

    user_key = root_of("123456789012")
    federated = boto3.client("sts", region_name="us-east-1", **user_key).get_federation_token(
        Name="bob", Policy=ALLOW_S3
    )["Credentials"]
    with pytest.raises(ClientError) as raised:
        signed_with(federated).assume_role(RoleArn=arn, RoleSessionName="s1")
    assert code_of(raised) == ("AccessDenied", 403)
