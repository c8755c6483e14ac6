"""Role trust policies under access control: AssumeRole (same account, across
accounts, session tags, source identity, external id), web identity and SAML
federation, and the credentials STS issues (secret, session token, expiry)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from sts_helpers import iam_of, root_of, signed_with
from test_sts_federation import METADATA, PROVIDER, jwt, saml_response

import hookmock

from helpers import current_world, error_of

ACCOUNT = "123456789012"
OTHER = "222222222222"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/target"
ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"
BOB = f"arn:aws:iam::{OTHER}:user/bob"
LATER = int(time.time()) + 7200
"""A token expiry beyond the world clock's advances in these tests."""


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def trusts(principal: Any, action: Any = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": action, **extra}


def allow(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def make_target(*statements: dict[str, Any]) -> str:
    iam = boto3.client("iam", region_name="us-east-1")
    return str(
        iam.create_role(RoleName="target", AssumeRolePolicyDocument=document(*statements))["Role"][
            "Arn"
        ]
    )


def user_sts(iam: Any, name: str, *statements: dict[str, Any]) -> Any:
    """An STS client signed with a new access key of IAM user ``name``."""
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=document(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(
        "sts",
        region_name="us-east-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def denied(raised: pytest.ExceptionInfo[ClientError]) -> str:
    response = raised.value.response
    assert response["Error"]["Code"] == "AccessDenied"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 403
    return str(response["Error"]["Message"])


def not_authorized(caller: str, action: str = "sts:AssumeRole", role: str = ROLE) -> str:
    return f"User: {caller} is not authorized to perform: {action} on resource: {role}"


@pytest.fixture
def iam() -> Iterator[Any]:
    """Access control on; an IAM client signed as the default account's root."""
    with hookmock.aws(iam=True):
        yield boto3.client("iam", region_name="us-east-1")


# --- AssumeRole ---------------------------------------------------------------------------


def test_access_control_off_trust_policies_are_not_evaluated() -> None:
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        arn = make_target(trusts({"AWS": f"arn:aws:iam::{OTHER}:root"}))
        alice = user_sts(iam, "alice")
        assert alice.assume_role(RoleArn=arn, RoleSessionName="s1")["AssumedRoleUser"]


def test_same_account_trust_naming_the_user_allows_without_identity_policy(iam: Any) -> None:
    arn = make_target(trusts({"AWS": ALICE}))
    alice = user_sts(iam, "alice")
    answer = alice.assume_role(RoleArn=arn, RoleSessionName="s1")
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/target/s1"


def test_trust_naming_the_account_needs_an_identity_policy(iam: Any) -> None:
    arn = make_target(trusts({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    alice = user_sts(iam, "alice")
    with pytest.raises(ClientError) as raised:
        alice.assume_role(RoleArn=arn, RoleSessionName="s1")
    assert denied(raised) == not_authorized(ALICE)
    iam.put_user_policy(
        UserName="alice", PolicyName="assume", PolicyDocument=document(allow("sts:AssumeRole", arn))
    )
    assert alice.assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"]


def test_a_trust_policy_that_names_someone_else_denies_whatever_identity_allows(
    iam: Any,
) -> None:
    arn = make_target(trusts({"AWS": f"arn:aws:iam::{ACCOUNT}:user/carol"}))
    alice = user_sts(iam, "alice", allow("sts:*"))
    with pytest.raises(ClientError) as raised:
        alice.assume_role(RoleArn=arn, RoleSessionName="s1")
    assert denied(raised) == not_authorized(ALICE)


def test_explicit_deny_in_the_trust_policy_or_identity_policy_wins(iam: Any) -> None:
    arn = make_target(
        trusts({"AWS": ALICE}),
        {
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringLike": {"sts:RoleSessionName": "blocked-*"}},
        },
    )
    alice = user_sts(iam, "alice")
    alice.assume_role(RoleArn=arn, RoleSessionName="fine")
    with pytest.raises(ClientError) as raised:
        alice.assume_role(RoleArn=arn, RoleSessionName="blocked-1")
    assert denied(raised) == not_authorized(ALICE)
    iam.put_user_policy(
        UserName="alice",
        PolicyName="no",
        PolicyDocument=document({"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "*"}),
    )
    with pytest.raises(ClientError):
        alice.assume_role(RoleArn=arn, RoleSessionName="fine")


def test_external_id_condition(iam: Any) -> None:
    arn = make_target(
        trusts({"AWS": ALICE}, Condition={"StringEquals": {"sts:ExternalId": "secret-id"}})
    )
    alice = user_sts(iam, "alice")
    for bad in ({}, {"ExternalId": "other-id"}):
        with pytest.raises(ClientError) as raised:
            alice.assume_role(RoleArn=arn, RoleSessionName="s1", **bad)
        assert denied(raised) == not_authorized(ALICE)
    alice.assume_role(RoleArn=arn, RoleSessionName="s1", ExternalId="secret-id")


def test_session_tags_need_tag_session_in_the_trust_policy(iam: Any) -> None:
    arn = make_target(trusts({"AWS": ALICE}))
    alice = user_sts(iam, "alice")
    tags = [{"Key": "team", "Value": "blue"}]
    with pytest.raises(ClientError) as raised:
        alice.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=tags)
    assert denied(raised) == not_authorized(ALICE, "sts:TagSession")
    iam.update_assume_role_policy(
        RoleName="target",
        PolicyDocument=document(
            trusts({"AWS": ALICE}),
            trusts(
                {"AWS": ALICE},
                "sts:TagSession",
                Condition={
                    "StringEquals": {"aws:RequestTag/team": "blue"},
                    "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]},
                },
            ),
        ),
    )
    alice.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=tags)
    with pytest.raises(ClientError):
        alice.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=[{"Key": "team", "Value": "red"}])
    with pytest.raises(ClientError):
        alice.assume_role(
            RoleArn=arn, RoleSessionName="s1", Tags=[*tags, {"Key": "cost", "Value": "1"}]
        )


def test_source_identity_needs_set_source_identity(iam: Any) -> None:
    arn = make_target(trusts({"AWS": ALICE}))
    alice = user_sts(iam, "alice")
    with pytest.raises(ClientError) as raised:
        alice.assume_role(RoleArn=arn, RoleSessionName="s1", SourceIdentity="alice@example.com")
    assert denied(raised) == not_authorized(ALICE, "sts:SetSourceIdentity")
    iam.update_assume_role_policy(
        RoleName="target",
        PolicyDocument=document(
            trusts(
                {"AWS": ALICE},
                ["sts:AssumeRole", "sts:SetSourceIdentity"],
                Condition={"StringLike": {"sts:SourceIdentity": "*@example.com"}},
            )
        ),
    )
    answer = alice.assume_role(
        RoleArn=arn, RoleSessionName="s1", SourceIdentity="alice@example.com"
    )
    assert answer["SourceIdentity"] == "alice@example.com"


def test_cross_account_needs_trust_and_the_callers_identity_policy(iam: Any) -> None:
    arn = make_target(trusts({"AWS": BOB}))
    other = iam_of(OTHER)
    bob = user_sts(other, "bob")
    with pytest.raises(ClientError) as raised:
        bob.assume_role(RoleArn=arn, RoleSessionName="s1")
    assert denied(raised) == not_authorized(BOB)
    other.put_user_policy(
        UserName="bob", PolicyName="assume", PolicyDocument=document(allow("sts:AssumeRole", arn))
    )
    answer = bob.assume_role(RoleArn=arn, RoleSessionName="s1")
    session = signed_with(answer["Credentials"])
    assert session.get_caller_identity()["Account"] == ACCOUNT
    carol = user_sts(other, "carol", allow("sts:AssumeRole"))
    with pytest.raises(ClientError) as raised:
        carol.assume_role(RoleArn=arn, RoleSessionName="s1")
    assert denied(raised) == not_authorized(f"arn:aws:iam::{OTHER}:user/carol")


def test_root_users_cannot_assume_roles(iam: Any) -> None:
    arn = make_target(trusts({"AWS": [OTHER, ACCOUNT]}))
    for sts in (
        boto3.client("sts", region_name="us-east-1"),
        boto3.client("sts", region_name="us-east-1", **root_of(OTHER)),
    ):
        with pytest.raises(ClientError) as raised:
            sts.assume_role(RoleArn=arn, RoleSessionName="s1")
        assert denied(raised) == "Roles may not be assumed by root accounts."


def test_role_chaining_trusts_the_first_role(iam: Any) -> None:
    iam.create_role(RoleName="first", AssumeRolePolicyDocument=document(trusts({"AWS": ALICE})))
    first = f"arn:aws:iam::{ACCOUNT}:role/first"
    arn = make_target(trusts({"AWS": first}))
    alice = user_sts(iam, "alice")
    session = signed_with(alice.assume_role(RoleArn=first, RoleSessionName="one")["Credentials"])
    answer = session.assume_role(RoleArn=arn, RoleSessionName="two")
    assert answer["AssumedRoleUser"]["Arn"].endswith("assumed-role/target/two")
    with pytest.raises(ClientError) as raised:
        alice.assume_role(RoleArn=arn, RoleSessionName="direct")
    assert denied(raised) == not_authorized(ALICE)


# --- web identity and SAML ----------------------------------------------------------------


def test_web_identity_trust_names_the_well_known_issuer(iam: Any) -> None:
    arn = make_target(
        trusts(
            {"Federated": "accounts.google.com"},
            "sts:AssumeRoleWithWebIdentity",
            Condition={"StringEquals": {"accounts.google.com:aud": "my-client"}},
        )
    )
    sts = boto3.client("sts", region_name="us-east-1")
    answer = sts.assume_role_with_web_identity(
        RoleArn=arn, RoleSessionName="web", WebIdentityToken=jwt()
    )
    assert answer["Audience"] == "my-client"
    for token in (jwt(aud="other-client"), jwt(iss="https://cognito-identity.amazonaws.com")):
        with pytest.raises(ClientError) as raised:
            sts.assume_role_with_web_identity(
                RoleArn=arn, RoleSessionName="web", WebIdentityToken=token
            )
        assert denied(raised) == "Not authorized to perform sts:AssumeRoleWithWebIdentity"


def test_web_identity_google_azp_is_the_aud_key(iam: Any) -> None:
    arn = make_target(
        trusts(
            {"Federated": "accounts.google.com"},
            "sts:AssumeRoleWithWebIdentity",
            Condition={
                "StringEquals": {
                    "accounts.google.com:aud": "authorized-party",
                    "accounts.google.com:oaud": "my-client",
                    "accounts.google.com:sub": "1234567890",
                }
            },
        )
    )
    sts = boto3.client("sts", region_name="us-east-1")
    sts.assume_role_with_web_identity(
        RoleArn=arn, RoleSessionName="web", WebIdentityToken=jwt(azp="authorized-party")
    )
    with pytest.raises(ClientError):
        sts.assume_role_with_web_identity(
            RoleArn=arn, RoleSessionName="web", WebIdentityToken=jwt()
        )


def test_web_identity_trust_names_the_oidc_provider_arn(iam: Any) -> None:
    host = "token.actions.githubusercontent.com"
    iam.create_open_id_connect_provider(Url=f"https://{host}", ClientIDList=["sts.amazonaws.com"])
    provider = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{host}"
    arn = make_target(
        trusts(
            {"Federated": provider},
            "sts:AssumeRoleWithWebIdentity",
            Condition={
                "StringEquals": {f"{host}:aud": "sts.amazonaws.com"},
                "StringLike": {f"{host}:sub": "repo:org/app:*"},
            },
        )
    )
    sts = boto3.client("sts", region_name="us-east-1")

    def assume(sub: str) -> Any:
        token = jwt(iss=f"https://{host}", aud="sts.amazonaws.com", sub=sub)
        return sts.assume_role_with_web_identity(
            RoleArn=arn, RoleSessionName="gha", WebIdentityToken=token
        )

    assert assume("repo:org/app:ref:refs/heads/main")["Credentials"]
    with pytest.raises(ClientError) as raised:
        assume("repo:org/other:ref:refs/heads/main")
    assert denied(raised) == "Not authorized to perform sts:AssumeRoleWithWebIdentity"


def test_web_identity_is_not_trusted_by_aws_principals(iam: Any) -> None:
    arn = make_target(trusts({"AWS": "*"}, ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]))
    sts = boto3.client("sts", region_name="us-east-1")
    with pytest.raises(ClientError) as raised:
        sts.assume_role_with_web_identity(RoleArn=arn, RoleSessionName="w1", WebIdentityToken=jwt())
    assert denied(raised) == "Not authorized to perform sts:AssumeRoleWithWebIdentity"


def test_web_identity_session_tags_need_tag_session(iam: Any) -> None:
    federated = {"Federated": "accounts.google.com"}
    arn = make_target(trusts(federated, "sts:AssumeRoleWithWebIdentity"))
    token = jwt(**{"https://aws.amazon.com/tags": {"principal_tags": {"team": ["blue"]}}})
    sts = boto3.client("sts", region_name="us-east-1")
    with pytest.raises(ClientError) as raised:
        sts.assume_role_with_web_identity(RoleArn=arn, RoleSessionName="w1", WebIdentityToken=token)
    assert denied(raised) == "Not authorized to perform sts:TagSession"
    iam.update_assume_role_policy(
        RoleName="target",
        PolicyDocument=document(
            trusts(federated, ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"])
        ),
    )
    sts.assume_role_with_web_identity(RoleArn=arn, RoleSessionName="w1", WebIdentityToken=token)


def test_saml_trust_names_the_provider_and_its_keys(iam: Any) -> None:
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=METADATA)
    arn = make_target(
        trusts(
            {"Federated": PROVIDER},
            "sts:AssumeRoleWithSAML",
            Condition={
                "StringEquals": {
                    "saml:aud": "https://signin.aws.amazon.com/saml",
                    "saml:iss": "https://idp.example.com/saml",
                    "saml:sub": "alice-id",
                    "saml:sub_type": "persistent",
                }
            },
        )
    )
    sts = boto3.client("sts", region_name="us-east-1")
    answer = sts.assume_role_with_saml(
        RoleArn=arn, PrincipalArn=PROVIDER, SAMLAssertion=saml_response(arn)
    )
    assert answer["Subject"] == "alice-id"
    iam.update_assume_role_policy(
        RoleName="target",
        PolicyDocument=document(
            trusts(
                {"Federated": f"arn:aws:iam::{ACCOUNT}:saml-provider/Other"},
                "sts:AssumeRoleWithSAML",
            )
        ),
    )
    with pytest.raises(ClientError) as raised:
        sts.assume_role_with_saml(
            RoleArn=arn, PrincipalArn=PROVIDER, SAMLAssertion=saml_response(arn)
        )
    assert denied(raised) == "Not authorized to perform sts:AssumeRoleWithSAML"


# --- unsigned operations and temporary credentials -----------------------------------------


def test_federation_ignores_the_clients_expired_or_unknown_keys(iam: Any) -> None:
    federated = trusts({"Federated": "accounts.google.com"}, "sts:AssumeRoleWithWebIdentity")
    arn = make_target(federated, trusts({"AWS": ALICE}))
    alice = user_sts(iam, "alice")
    credentials = alice.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=900)[
        "Credentials"
    ]
    current_world().clock.advance(901)
    expired = signed_with(credentials)
    with pytest.raises(expired.exceptions.ExpiredTokenException):
        expired.get_caller_identity()
    answer = expired.assume_role_with_web_identity(
        RoleArn=arn, RoleSessionName="w1", WebIdentityToken=jwt(exp=LATER)
    )
    assert answer["AssumedRoleUser"]["Arn"].endswith("/target/w1")
    stranger = boto3.client(
        "sts",
        region_name="us-east-1",
        aws_access_key_id="AKIANEVERISSUED00000",
        aws_secret_access_key="x",
    )
    with pytest.raises(ClientError):
        stranger.get_caller_identity()
    assert stranger.assume_role_with_web_identity(
        RoleArn=arn, RoleSessionName="w1", WebIdentityToken=jwt(exp=LATER)
    )["Credentials"]


def test_expired_client_keys_do_not_stop_federation_with_access_control_off() -> None:
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        arn = make_target(trusts({"AWS": "*"}))
        iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=METADATA)
        sts = boto3.client("sts", region_name="us-east-1")
        credentials = sts.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=900)[
            "Credentials"
        ]
        current_world().clock.advance(901)
        expired = signed_with(credentials)
        with pytest.raises(expired.exceptions.ExpiredTokenException):
            expired.get_caller_identity()
        later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
        assertion = saml_response(arn, not_on_or_after=later)
        assert expired.assume_role_with_saml(
            RoleArn=arn, PrincipalArn=PROVIDER, SAMLAssertion=assertion
        )["Credentials"]
        assert expired.assume_role_with_web_identity(
            RoleArn=arn, RoleSessionName="w1", WebIdentityToken=jwt(exp=LATER)
        )["Credentials"]


def _with(credentials: dict[str, Any], service: str = "sts", **changes: str) -> Any:
    values = {
        "aws_access_key_id": credentials["AccessKeyId"],
        "aws_secret_access_key": credentials["SecretAccessKey"],
        "aws_session_token": credentials["SessionToken"],
        **changes,
    }
    return boto3.client(service, region_name="us-east-1", **values)


@pytest.mark.parametrize(
    ("service", "call", "secret_error", "token_error"),
    [
        ("sts", "get_caller_identity", "SignatureDoesNotMatch", "InvalidClientTokenId"),
        ("s3", "list_buckets", "SignatureDoesNotMatch", "InvalidToken"),
        ("dynamodb", "list_tables", "InvalidSignatureException", "UnrecognizedClientException"),
    ],
)
def test_temporary_credentials_need_their_secret_and_token(
    iam: Any, service: str, call: str, secret_error: str, token_error: str
) -> None:
    arn = make_target(trusts({"AWS": ALICE}))
    iam.put_role_policy(RoleName="target", PolicyName="all", PolicyDocument=document(allow("*")))
    alice = user_sts(iam, "alice")
    credentials = alice.assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"]
    getattr(_with(credentials, service), call)()
    with pytest.raises(ClientError) as raised:
        getattr(_with(credentials, service, aws_secret_access_key="wrong"), call)()
    assert error_of(raised)[0] == secret_error
    with pytest.raises(ClientError) as raised:
        getattr(_with(credentials, service, aws_session_token="d3Jvbmc="), call)()
    assert error_of(raised)[0] == token_error
    missing = boto3.client(
        service,
        region_name="us-east-1",
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
    )
    with pytest.raises(ClientError) as raised:
        getattr(missing, call)()
    assert error_of(raised)[0] == token_error


def test_without_access_control_a_wrong_secret_or_token_still_signs() -> None:
    with hookmock.aws():
        arn = make_target(trusts({"AWS": "*"}))
        sts = boto3.client("sts", region_name="us-east-1")
        credentials = sts.assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"]
        wrong = _with(credentials, aws_secret_access_key="wrong", aws_session_token="d3Jvbmc=")
        assert wrong.get_caller_identity()["Arn"].endswith("assumed-role/target/s1")
