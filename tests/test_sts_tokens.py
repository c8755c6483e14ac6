"""STS GetSessionToken, GetFederationToken, GetCallerIdentity, GetAccessKeyInfo and
DecodeAuthorizationMessage."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from sts_helpers import ALLOW_S3, iam_of, make_role, signed_with

import hookmock
from hookmock.backends.sts.credentials import account_in_key_id, temporary_key_id

from helpers import current_world, error_of

ACCOUNT = "123456789012"


@pytest.fixture
def sts() -> Iterator[Any]:
    with hookmock.aws():
        yield boto3.client("sts", region_name="us-east-1")


def user_client(name: str = "alice", account: str = ACCOUNT) -> Any:
    iam = iam_of(account)
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(
        "sts",
        region_name="us-east-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def left(credentials: dict[str, Any]) -> dt.timedelta:
    expiration: dt.datetime = credentials["Expiration"]
    return expiration - current_world().clock.now()


def test_caller_identity_of_root_and_user(sts: Any) -> None:
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    alice = user_client(account="111111111111").get_caller_identity()
    assert alice["Arn"] == "arn:aws:iam::111111111111:user/alice"
    assert alice["Account"] == "111111111111"
    assert alice["UserId"].startswith("AIDA")


def test_session_token_for_a_user(sts: Any) -> None:
    alice = user_client()
    credentials = alice.get_session_token()["Credentials"]
    assert dt.timedelta(hours=11, minutes=59) < left(credentials) <= dt.timedelta(hours=12)
    same = signed_with(credentials).get_caller_identity()
    assert same == {**alice.get_caller_identity(), "ResponseMetadata": same["ResponseMetadata"]}
    long = alice.get_session_token(
        DurationSeconds=129600, SerialNumber="GAHT12345678", TokenCode="123456"
    )
    assert left(long["Credentials"]) > dt.timedelta(hours=35)
    with pytest.raises(ClientError) as raised:
        alice.get_session_token(DurationSeconds=129601)
    assert "at 'durationSeconds'" in error_of(raised)[1]
    with pytest.raises(ParamValidationError):
        alice.get_session_token(DurationSeconds=899)
    with pytest.raises(ClientError) as raised:
        alice.get_session_token(TokenCode="12345x")
    assert error_of(raised)[0] == "ValidationError"


def test_root_sessions_last_at_most_an_hour(sts: Any) -> None:
    credentials = sts.get_session_token(DurationSeconds=7200)["Credentials"]
    assert left(credentials) <= dt.timedelta(hours=1)


def test_session_credentials_cannot_get_more_sessions(sts: Any) -> None:
    role = sts.assume_role(RoleArn=make_role(), RoleSessionName="s1")["Credentials"]
    session = sts.get_session_token()["Credentials"]
    for credentials in (role, session):
        client = signed_with(credentials)
        with pytest.raises(ClientError) as raised:
            client.get_session_token()
        assert error_of(raised) == (
            "AccessDenied",
            "Cannot call GetSessionToken with session credentials",
        )
        with pytest.raises(ClientError) as raised:
            client.get_federation_token(Name="bob", Policy=ALLOW_S3)
        assert error_of(raised) == (
            "AccessDenied",
            "Cannot call GetFederationToken with session credentials",
        )
    # GetSessionToken credentials may still assume a role.
    assert signed_with(session).assume_role(RoleArn=make_role(name="r2"), RoleSessionName="s2")


def test_federation_token(sts: Any) -> None:
    alice = user_client()
    answer = alice.get_federation_token(
        Name="bob@corp", Policy=ALLOW_S3, Tags=[{"Key": "dept", "Value": "eng"}]
    )
    user = answer["FederatedUser"]
    assert user == {
        "FederatedUserId": f"{ACCOUNT}:bob@corp",
        "Arn": f"arn:aws:sts::{ACCOUNT}:federated-user/bob@corp",
    }
    assert 0 < answer["PackedPolicySize"] <= 100
    assert (
        dt.timedelta(hours=11, minutes=59) < left(answer["Credentials"]) <= dt.timedelta(hours=12)
    )
    identity = signed_with(answer["Credentials"]).get_caller_identity()
    assert (identity["Arn"], identity["UserId"]) == (user["Arn"], user["FederatedUserId"])
    principal = current_world().known_principal(answer["Credentials"]["AccessKeyId"])
    assert principal is not None
    assert principal.session is not None
    assert principal.session.policies == (ALLOW_S3,)


def test_federation_token_errors(sts: Any) -> None:
    alice = user_client()
    with pytest.raises(ParamValidationError):
        alice.get_federation_token(Name="b")
    with pytest.raises(ClientError) as raised:
        alice.get_federation_token(Name="a" * 33)
    assert error_of(raised)[0] == "ValidationError"
    with pytest.raises(alice.exceptions.MalformedPolicyDocumentException):
        alice.get_federation_token(Name="bob", Policy=json.dumps({"Statement": []}))
    arns = [{"arn": f"arn:aws:iam::{ACCOUNT}:policy/p{n}"} for n in range(11)]
    with pytest.raises(ClientError) as raised:
        alice.get_federation_token(Name="bob", PolicyArns=arns)
    assert "policyArns" in error_of(raised)[1]
    # Without session policies the session exists but is granted nothing.
    assert "PackedPolicySize" not in alice.get_federation_token(Name="bob")


def test_access_key_info(sts: Any) -> None:
    iam = iam_of("111111111111")
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]["AccessKeyId"]
    assert sts.get_access_key_info(AccessKeyId=key)["Account"] == "111111111111"
    # The layout public research found in AWS's key ids (Aidan Steele's example).
    assert sts.get_access_key_info(AccessKeyId="ASIAY34FZKBOKMUTVV7A")["Account"] == "609629065308"
    assert sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")["Account"] == ACCOUNT
    assert sts.get_access_key_info(AccessKeyId="AKIA0000000000000000")["Account"] == ACCOUNT
    with pytest.raises(ClientError) as raised:
        sts.get_access_key_info(AccessKeyId="AKIA-not-a-key-id!!")
    assert error_of(raised)[0] == "ValidationError"


def test_temporary_key_ids_carry_their_account() -> None:
    for account in ("000000000001", "111111111111", "999999999999"):
        key = temporary_key_id(account)
        assert len(key) == 20
        assert account_in_key_id(key) == account


def test_decode_authorization_message(sts: Any) -> None:
    decoded = json.dumps({"allowed": False, "explicitDeny": False})
    encoded = current_world().encode_authorization_message(decoded)
    assert sts.decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"] == decoded
    with pytest.raises(sts.exceptions.InvalidAuthorizationMessageException) as raised:
        sts.decode_authorization_message(EncodedMessage="unknown-message")
    assert error_of(raised)[0] == "InvalidAuthorizationMessageException"
