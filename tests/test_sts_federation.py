"""STS AssumeRoleWithWebIdentity and AssumeRoleWithSAML: tokens read, sessions issued."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from sts_helpers import make_role, signed_with

import hookmock
from hookmock._errors import FeatureNotImplemented

from helpers import code_of, current_world, error_of

ACCOUNT = "123456789012"
PROVIDER = f"arn:aws:iam::{ACCOUNT}:saml-provider/MyIdP"


METADATA = (
    '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" '
    'entityID="https://idp.example.com/saml"><IDPSSODescriptor '
    'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>'
).ljust(1000)
"""IAM wants at least 1,000 characters of metadata: padded with white space."""


@pytest.fixture
def sts() -> Iterator[Any]:
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=METADATA)
        yield boto3.client("sts", region_name="us-east-1")


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def jwt(**claims: Any) -> str:
    claims = {
        "iss": "https://accounts.google.com",
        "sub": "1234567890",
        "aud": "my-client",
        "exp": int(time.time()) + 600,
        **claims,
    }
    return f"{_b64({'alg': 'RS256', 'typ': 'JWT'})}.{_b64(claims)}.c2lnbmF0dXJl"


def test_web_identity_session(sts: Any) -> None:
    arn = make_role(name="web")
    token = jwt(
        **{
            "https://aws.amazon.com/tags": {
                "principal_tags": {"Project": ["Automation"]},
                "transitive_tag_keys": ["Project"],
            }
        }
    )
    answer = sts.assume_role_with_web_identity(
        RoleArn=arn, RoleSessionName="app-user", WebIdentityToken=token, DurationSeconds=900
    )
    assert answer["SubjectFromWebIdentityToken"] == "1234567890"
    assert answer["Provider"] == "https://accounts.google.com"
    assert answer["Audience"] == "my-client"
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/web/app-user"
    assert answer["PackedPolicySize"] > 0
    identity = signed_with(answer["Credentials"]).get_caller_identity()
    assert identity["Arn"] == answer["AssumedRoleUser"]["Arn"]
    session = current_world().known_principal(answer["Credentials"]["AccessKeyId"])
    assert session is not None
    assert session.session is not None
    assert dict(session.session.tags) == {"Project": "Automation"}


def test_web_identity_token_must_be_a_jwt(sts: Any) -> None:
    arn = make_role(name="web")
    for token in ("not-a-token", "a.b.c", f"{_b64({'alg': 'none'})}.{_b64({'sub': 'x'})}.sig"):
        with pytest.raises(sts.exceptions.InvalidIdentityTokenException) as raised:
            sts.assume_role_with_web_identity(
                RoleArn=arn, RoleSessionName="s1", WebIdentityToken=token
            )
        assert code_of(raised) == ("InvalidIdentityToken", 400)


def test_web_identity_unknown_issuer_needs_a_provider(sts: Any) -> None:
    arn = make_role(name="web")
    token = jwt(iss="https://token.actions.githubusercontent.com")
    with pytest.raises(sts.exceptions.InvalidIdentityTokenException) as raised:
        sts.assume_role_with_web_identity(RoleArn=arn, RoleSessionName="s1", WebIdentityToken=token)
    assert error_of(raised) == (
        "InvalidIdentityToken",
        "No OpenIDConnect provider found in your account for "
        "https://token.actions.githubusercontent.com",
    )


def test_web_identity_custom_issuer_with_its_iam_provider(sts: Any) -> None:
    arn = make_role(name="web")
    boto3.client("iam", region_name="us-east-1").create_open_id_connect_provider(
        Url="https://token.actions.githubusercontent.com", ClientIDList=["sts.amazonaws.com"]
    )
    issuer = "https://token.actions.githubusercontent.com"
    token = jwt(iss=issuer, aud=["other", "sts.amazonaws.com"], sub="repo:org/app:ref:main")
    answer = sts.assume_role_with_web_identity(
        RoleArn=arn, RoleSessionName="gha", WebIdentityToken=token
    )
    assert (answer["Provider"], answer["Audience"]) == (issuer, "sts.amazonaws.com")
    with pytest.raises(sts.exceptions.InvalidIdentityTokenException) as raised:
        sts.assume_role_with_web_identity(
            RoleArn=arn, RoleSessionName="gha", WebIdentityToken=jwt(iss=issuer, aud="wrong")
        )
    assert error_of(raised) == ("InvalidIdentityToken", "Incorrect token audience")


def test_web_identity_expired_token(sts: Any) -> None:
    arn = make_role(name="web")
    token = jwt(exp=int(time.time()) + 60)
    current_world().clock.advance(120)
    with pytest.raises(sts.exceptions.ExpiredTokenException) as raised:
        sts.assume_role_with_web_identity(RoleArn=arn, RoleSessionName="s1", WebIdentityToken=token)
    assert error_of(raised)[1].startswith("Token expired: current date/time ")


def test_web_identity_role_must_exist_and_allow_the_duration(sts: Any) -> None:
    arn = make_role(name="web")
    with pytest.raises(ClientError) as raised:
        sts.assume_role_with_web_identity(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/nope",
            RoleSessionName="s1",
            WebIdentityToken=jwt(),
        )
    assert error_of(raised) == (
        "AccessDenied",
        "Not authorized to perform sts:AssumeRoleWithWebIdentity",
    )
    with pytest.raises(ClientError) as raised:
        sts.assume_role_with_web_identity(
            RoleArn=arn, RoleSessionName="s1", WebIdentityToken=jwt(), DurationSeconds=3601
        )
    assert error_of(raised)[0] == "ValidationError"


def test_web_identity_oauth_provider_id_is_not_implemented(sts: Any) -> None:
    arn = make_role(name="web")
    with pytest.raises(FeatureNotImplemented):
        sts.assume_role_with_web_identity(
            RoleArn=arn,
            RoleSessionName="s1",
            WebIdentityToken="opaque",
            ProviderId="www.amazon.com",
        )


def saml_response(
    role: str,
    *,
    session_name: str | None = "alice",
    provider: str = PROVIDER,
    not_on_or_after: dt.datetime | None = None,
    extra: str = "",
) -> str:
    ends = (not_on_or_after or dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    name = (
        f'<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">'
        f"<saml:AttributeValue>{session_name}</saml:AttributeValue></saml:Attribute>"
        if session_name is not None
        else ""
    )
    xml = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
        xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">
      <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
      <saml:Assertion>
        <saml:Issuer>https://idp.example.com/saml</saml:Issuer>
        <saml:Subject>
          <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
            >alice-id</saml:NameID>
          <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
            <saml:SubjectConfirmationData NotOnOrAfter="{ends}"
              Recipient="https://signin.aws.amazon.com/saml"/>
          </saml:SubjectConfirmation>
        </saml:Subject>
        <saml:AttributeStatement>
          <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">
            <saml:AttributeValue>{role},{provider}</saml:AttributeValue>
          </saml:Attribute>
          {name}
          {extra}
        </saml:AttributeStatement>
      </saml:Assertion>
    </samlp:Response>"""
    return base64.b64encode(xml.encode()).decode()


def test_saml_session(sts: Any) -> None:
    arn = make_role(name="sso")
    tag = (
        '<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team">'
        "<saml:AttributeValue>blue</saml:AttributeValue></saml:Attribute>"
    )
    answer = sts.assume_role_with_saml(
        RoleArn=arn, PrincipalArn=PROVIDER, SAMLAssertion=saml_response(arn, extra=tag)
    )
    assert answer["Subject"] == "alice-id"
    assert answer["SubjectType"] == "persistent"
    assert answer["Issuer"] == "https://idp.example.com/saml"
    assert answer["Audience"] == "https://signin.aws.amazon.com/saml"
    qualifier = hashlib.sha1(f"https://idp.example.com/saml{ACCOUNT}/MyIdP".encode()).digest()
    assert answer["NameQualifier"] == base64.b64encode(qualifier).decode()
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/sso/alice"
    assert signed_with(answer["Credentials"]).get_caller_identity()["Account"] == ACCOUNT


def test_saml_errors(sts: Any) -> None:
    arn = make_role(name="sso")
    other = make_role(name="other")
    denied = ("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML")
    unknown = saml_response(arn, provider=f"arn:aws:iam::{ACCOUNT}:saml-provider/Unknown")
    for role, provider in (
        (other, PROVIDER),
        (arn, "arn:aws:iam::111111111111:saml-provider/MyIdP"),
        (arn, f"arn:aws:iam::{ACCOUNT}:saml-provider/Unknown"),
    ):
        with pytest.raises(ClientError) as raised:
            sts.assume_role_with_saml(
                RoleArn=role,
                PrincipalArn=provider,
                SAMLAssertion=unknown if provider.endswith("Unknown") else saml_response(arn),
            )
        assert error_of(raised) == denied
    with pytest.raises(sts.exceptions.InvalidIdentityTokenException):
        sts.assume_role_with_saml(
            RoleArn=arn, PrincipalArn=PROVIDER, SAMLAssertion=base64.b64encode(b"<x").decode()
        )
    with pytest.raises(sts.exceptions.InvalidIdentityTokenException):
        sts.assume_role_with_saml(
            RoleArn=arn, PrincipalArn=PROVIDER, SAMLAssertion=saml_response(arn, session_name=None)
        )
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)
    with pytest.raises(sts.exceptions.ExpiredTokenException):
        sts.assume_role_with_saml(
            RoleArn=arn,
            PrincipalArn=PROVIDER,
            SAMLAssertion=saml_response(arn, not_on_or_after=past),
        )
