"""IAM SAML and OpenID Connect identity providers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError

from hookmock.backends.iam import IamBackend

from helpers import current_world, error_of

ACCOUNT = "123456789012"
THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"


def metadata(valid_until: str | None = "2030-01-01T00:00:00Z") -> str:
    until = f' validUntil="{valid_until}"' if valid_until else ""
    certificate = "MIIC" + "A" * 1200  # the document's size floor is 1000 characters
    return (
        '<?xml version="1.0"?>'
        f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"{until}'
        ' entityID="https://idp.example.com/saml">'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
        f"<ds:X509Data><ds:X509Certificate>{certificate}</ds:X509Certificate></ds:X509Data>"
        "</ds:KeyInfo></md:KeyDescriptor>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"'
        ' Location="https://idp.example.com/sso"/>'
        "</md:IDPSSODescriptor></md:EntityDescriptor>"
    )


def backend() -> IamBackend:
    [found] = current_world().backends("iam")
    assert isinstance(found, IamBackend)
    return found


def test_saml_provider_lifecycle(iam: Any) -> None:
    created = iam.create_saml_provider(
        Name="corp", SAMLMetadataDocument=metadata(), Tags=[{"Key": "k", "Value": "v"}]
    )
    arn = created["SAMLProviderArn"]
    assert arn == f"arn:aws:iam::{ACCOUNT}:saml-provider/corp"
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    assert got["SAMLMetadataDocument"] == metadata()
    assert got["ValidUntil"] == dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)
    assert got["Tags"] == [{"Key": "k", "Value": "v"}]
    assert len(got["SAMLProviderUUID"]) >= 22
    assert backend().saml_provider(arn) is not None
    iam.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument=metadata(None))
    assert "ValidUntil" not in iam.get_saml_provider(SAMLProviderArn=arn)
    listed = iam.list_saml_providers()["SAMLProviderList"]
    assert [p["Arn"] for p in listed] == [arn]
    iam.tag_saml_provider(SAMLProviderArn=arn, Tags=[{"Key": "a", "Value": "b"}])
    iam.untag_saml_provider(SAMLProviderArn=arn, TagKeys=["k"])
    assert iam.list_saml_provider_tags(SAMLProviderArn=arn)["Tags"] == [{"Key": "a", "Value": "b"}]
    iam.delete_saml_provider(SAMLProviderArn=arn)
    assert iam.list_saml_providers()["SAMLProviderList"] == []
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_saml_provider(SAMLProviderArn=arn)
    assert error_of(raised) == ("NoSuchEntity", f"Manifest not found for arn {arn}")


def test_saml_provider_errors(iam: Any) -> None:
    not_idp = metadata().replace("IDPSSODescriptor", "SPSSODescriptor")
    for document in ("x" * 1000, not_idp, metadata("yesterday")):
        with pytest.raises(iam.exceptions.InvalidInputException) as raised:
            iam.create_saml_provider(Name="corp", SAMLMetadataDocument=document)
        assert error_of(raised) == ("InvalidInput", "Could not parse metadata")
    arn = iam.create_saml_provider(Name="corp", SAMLMetadataDocument=metadata())["SAMLProviderArn"]
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.create_saml_provider(Name="corp", SAMLMetadataDocument=metadata())
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument="y" * 1000)
    assert iam.get_saml_provider(SAMLProviderArn=arn)["SAMLMetadataDocument"] == metadata()
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.update_saml_provider(SAMLProviderArn=arn, AssertionEncryptionMode="Required")
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.get_saml_provider(SAMLProviderArn="arn:aws:iam::123456789012:user/someone")
    with pytest.raises(ParamValidationError):
        iam.create_saml_provider(Name="short", SAMLMetadataDocument="<x/>")


def test_saml_provider_private_keys(iam: Any) -> None:
    key = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
    arn = iam.create_saml_provider(
        Name="corp", SAMLMetadataDocument=metadata(), AddPrivateKey=key,
        AssertionEncryptionMode="Required",
    )["SAMLProviderArn"]  # fmt: skip
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    assert got["AssertionEncryptionMode"] == "Required"
    [listed] = got["PrivateKeyList"]
    iam.update_saml_provider(
        SAMLProviderArn=arn, RemovePrivateKey=listed["KeyId"], AssertionEncryptionMode="Allowed"
    )
    assert "PrivateKeyList" not in iam.get_saml_provider(SAMLProviderArn=arn)
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.update_saml_provider(SAMLProviderArn=arn, AddPrivateKey="not a key")


def test_oidc_provider_lifecycle(iam: Any) -> None:
    arn = iam.create_open_id_connect_provider(
        Url="https://token.example.com/issuer",
        ClientIDList=["app"],
        ThumbprintList=[THUMBPRINT],
        Tags=[{"Key": "k", "Value": "v"}],
    )["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.example.com/issuer"
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["Url"] == "token.example.com/issuer"
    assert (got["ClientIDList"], got["ThumbprintList"]) == (["app"], [THUMBPRINT])
    assert backend().oidc_provider("https://token.example.com/issuer") is not None
    assert backend().oidc_provider(arn) is not None
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="two")
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="two")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID="app")
    iam.update_open_id_connect_provider_thumbprint(
        OpenIDConnectProviderArn=arn, ThumbprintList=["a" * 40, "b" * 40]
    )
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert (got["ClientIDList"], got["ThumbprintList"]) == (["two"], ["a" * 40, "b" * 40])
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == [{"Arn": arn}]
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=arn, Tags=[{"Key": "a", "Value": ""}])
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=arn, TagKeys=["k"])
    assert iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=arn)["Tags"] == [
        {"Key": "a", "Value": ""}
    ]
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)  # idempotent
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert error_of(raised) == ("NoSuchEntity", f"OpenIDConnect Provider not found for arn {arn}")


def test_oidc_provider_errors(iam: Any) -> None:
    for url in ("http://insecure.example.com", "https://", "https://x.example.com/?q=1"):
        with pytest.raises(iam.exceptions.InvalidInputException):
            iam.create_open_id_connect_provider(Url=url)
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.create_open_id_connect_provider(Url="https://a.example.com", ThumbprintList=["z" * 40])
    with pytest.raises(iam.exceptions.LimitExceededException):
        iam.create_open_id_connect_provider(
            Url="https://a.example.com", ThumbprintList=[f"{i:040x}" for i in range(6)]
        )
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []
    iam.create_open_id_connect_provider(Url="https://a.example.com")
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.create_open_id_connect_provider(Url="https://a.example.com/")
    with pytest.raises(ParamValidationError):
        iam.create_open_id_connect_provider(Url="https://b.example.com", ThumbprintList=["ab"])
