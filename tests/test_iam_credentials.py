"""IAM virtual MFA devices, SSH public keys, server and signing certificates."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest
from iam_keys import (
    CERTIFICATE,
    PRIVATE_KEY,
    SSH_ED25519,
    SSH_RSA,
    SSH_RSA_1024,
    SSH_RSA_MD5,
    SSH_RSA_PEM,
)

from hookmock.backends.iam import totp

from helpers import current_world, error_of

ACCOUNT = "123456789012"


def codes(seed: bytes, steps_from_now: int = 0) -> dict[str, str]:
    raw = base64.b32decode(seed)
    step = totp.step_at(current_world().clock.now().timestamp()) + steps_from_now
    return {
        "AuthenticationCode1": totp.code(raw, step - 1),
        "AuthenticationCode2": totp.code(raw, step),
    }


def test_totp_matches_rfc_6238_test_vector() -> None:
    # RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); the last 6 digits.
    assert totp.code(b"12345678901234567890", totp.step_at(59)) == "287082"


def test_virtual_mfa_device_lifecycle(iam: Any) -> None:
    iam.create_user(UserName="u")
    device = iam.create_virtual_mfa_device(
        VirtualMFADeviceName="phone", Path="/team/", Tags=[{"Key": "k", "Value": "v"}]
    )["VirtualMFADevice"]
    serial = device["SerialNumber"]
    assert serial == f"arn:aws:iam::{ACCOUNT}:mfa/team/phone"
    assert len(base64.b32decode(device["Base32StringSeed"])) == 40
    unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")
    assert [d["SerialNumber"] for d in unassigned["VirtualMFADevices"]] == [serial]
    iam.enable_mfa_device(UserName="u", SerialNumber=serial, **codes(device["Base32StringSeed"]))
    listed = iam.list_mfa_devices(UserName="u")["MFADevices"]
    assert [(d["UserName"], d["SerialNumber"]) for d in listed] == [("u", serial)]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert assigned[0]["User"]["UserName"] == "u"
    assert iam.get_mfa_device(SerialNumber=serial)["UserName"] == "u"
    current_world().clock.advance(60 * 30)
    iam.resync_mfa_device(UserName="u", SerialNumber=serial, **codes(device["Base32StringSeed"]))
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == [{"Key": "k", "Value": "v"}]
    iam.untag_mfa_device(SerialNumber=serial, TagKeys=["k"])
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == []
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_user(UserName="u")
    iam.deactivate_mfa_device(UserName="u", SerialNumber=serial)
    assert iam.list_mfa_devices(UserName="u")["MFADevices"] == []
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []


def test_mfa_device_errors(iam: Any) -> None:
    iam.create_user(UserName="u")
    iam.create_user(UserName="v")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="d")["VirtualMFADevice"]
    serial, seed = device["SerialNumber"], device["Base32StringSeed"]
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as raised:
        iam.create_virtual_mfa_device(VirtualMFADeviceName="d")
    assert error_of(raised) == (
        "EntityAlreadyExists",
        "MFADevice entity at the same path and name already exists.",
    )
    with pytest.raises(iam.exceptions.InvalidAuthenticationCodeException):
        iam.enable_mfa_device(
            UserName="u", SerialNumber=serial, AuthenticationCode1="000000",
            AuthenticationCode2="000000",
        )  # fmt: skip
    with pytest.raises(iam.exceptions.InvalidAuthenticationCodeException):
        iam.enable_mfa_device(UserName="u", SerialNumber=serial, **codes(seed, 100))
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.enable_mfa_device(UserName="u", SerialNumber=serial + "x", **codes(seed))
    iam.enable_mfa_device(UserName="u", SerialNumber=serial, **codes(seed))
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.enable_mfa_device(UserName="v", SerialNumber=serial, **codes(seed))
    with pytest.raises(iam.exceptions.InvalidAuthenticationCodeException):
        iam.resync_mfa_device(UserName="u", SerialNumber=serial, **codes(seed))  # reused
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.deactivate_mfa_device(UserName="v", SerialNumber=serial)
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_mfa_device(SerialNumber=serial, UserName="v")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.list_mfa_devices(UserName="nobody")


def test_virtual_mfa_devices_page(iam: Any) -> None:
    for name in "abcde":
        iam.create_virtual_mfa_device(VirtualMFADeviceName=name)
    pages = list(
        iam.get_paginator("list_virtual_mfa_devices").paginate(PaginationConfig={"PageSize": 2})
    )
    serials = [d["SerialNumber"] for page in pages for d in page["VirtualMFADevices"]]
    assert [s.rsplit("/", 1)[1] for s in serials] == list("abcde")
    assert len(pages) == 3


def test_ssh_public_keys(iam: Any) -> None:
    iam.create_user(UserName="u")
    key = iam.upload_ssh_public_key(UserName="u", SSHPublicKeyBody=SSH_RSA)["SSHPublicKey"]
    assert key["Fingerprint"] == SSH_RSA_MD5
    assert re.fullmatch(r"APKA[A-Z2-7]{16}", key["SSHPublicKeyId"])
    key_id = key["SSHPublicKeyId"]
    pem = iam.get_ssh_public_key(UserName="u", SSHPublicKeyId=key_id, Encoding="PEM")
    assert pem["SSHPublicKey"]["SSHPublicKeyBody"].split() == SSH_RSA_PEM.split()
    ssh = iam.get_ssh_public_key(UserName="u", SSHPublicKeyId=key_id, Encoding="SSH")
    assert ssh["SSHPublicKey"]["SSHPublicKeyBody"].split()[:2] == SSH_RSA.split()[:2]
    with pytest.raises(iam.exceptions.DuplicateSSHPublicKeyException):
        iam.upload_ssh_public_key(UserName="u", SSHPublicKeyBody=SSH_RSA_PEM)
    iam.update_ssh_public_key(UserName="u", SSHPublicKeyId=key_id, Status="Inactive")
    listed = iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"]
    assert [(k["SSHPublicKeyId"], k["Status"]) for k in listed] == [(key_id, "Inactive")]
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_user(UserName="u")
    iam.delete_ssh_public_key(UserName="u", SSHPublicKeyId=key_id)
    assert iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"] == []


def test_ssh_public_key_errors(iam: Any) -> None:
    iam.create_user(UserName="u")
    for body in (SSH_ED25519, "ssh-rsa not-base64!", "-----BEGIN PUBLIC KEY-----\nAA==\n"):
        with pytest.raises(iam.exceptions.UnrecognizedPublicKeyEncodingException):
            iam.upload_ssh_public_key(UserName="u", SSHPublicKeyBody=body)
    with pytest.raises(iam.exceptions.InvalidPublicKeyException):
        iam.upload_ssh_public_key(UserName="u", SSHPublicKeyBody=SSH_RSA_1024)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_ssh_public_key(UserName="u", SSHPublicKeyId="APKA" + "A" * 16, Encoding="SSH")
    assert error_of(raised)[1] == f"The Public Key with id APKA{'A' * 16} cannot be found."
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.upload_ssh_public_key(UserName="nobody", SSHPublicKeyBody=SSH_RSA)
    assert iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"] == []


def test_server_certificates(iam: Any) -> None:
    uploaded = iam.upload_server_certificate(
        ServerCertificateName="web",
        Path="/cloudfront/",
        CertificateBody=CERTIFICATE,
        PrivateKey=PRIVATE_KEY,
        CertificateChain=CERTIFICATE,
        Tags=[{"Key": "k", "Value": "v"}],
    )
    metadata = uploaded["ServerCertificateMetadata"]
    assert metadata["Arn"] == f"arn:aws:iam::{ACCOUNT}:server-certificate/cloudfront/web"
    assert metadata["ServerCertificateId"].startswith("ASCA")
    assert metadata["Expiration"] == dt.datetime(2036, 11, 18, 2, 48, 56, tzinfo=dt.timezone.utc)
    got = iam.get_server_certificate(ServerCertificateName="web")["ServerCertificate"]
    assert (got["CertificateBody"], got["CertificateChain"]) == (CERTIFICATE, CERTIFICATE)
    assert got["Tags"] == [{"Key": "k", "Value": "v"}]
    iam.update_server_certificate(
        ServerCertificateName="web", NewServerCertificateName="site", NewPath="/"
    )
    names = [m["ServerCertificateName"] for m in iam.list_server_certificates()[
        "ServerCertificateMetadataList"]]  # fmt: skip
    assert names == ["site"]
    assert iam.list_server_certificates(PathPrefix="/cloudfront/")[
        "ServerCertificateMetadataList"] == []  # fmt: skip
    iam.tag_server_certificate(ServerCertificateName="site", Tags=[{"Key": "a", "Value": "b"}])
    tags = iam.list_server_certificate_tags(ServerCertificateName="site")["Tags"]
    assert [t["Key"] for t in tags] == ["k", "a"]
    iam.untag_server_certificate(ServerCertificateName="site", TagKeys=["k", "a"])
    iam.delete_server_certificate(ServerCertificateName="site")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_server_certificate(ServerCertificateName="site")
    assert error_of(raised) == (
        "NoSuchEntity",
        "The Server Certificate with name site cannot be found.",
    )


def test_server_certificate_errors(iam: Any) -> None:
    upload = iam.upload_server_certificate
    with pytest.raises(iam.exceptions.MalformedCertificateException):
        upload(ServerCertificateName="c", CertificateBody="nonsense", PrivateKey=PRIVATE_KEY)
    with pytest.raises(iam.exceptions.MalformedCertificateException):
        upload(ServerCertificateName="c", CertificateBody=PRIVATE_KEY, PrivateKey=PRIVATE_KEY)
    with pytest.raises(iam.exceptions.MalformedCertificateException):
        upload(ServerCertificateName="c", CertificateBody=CERTIFICATE, PrivateKey=CERTIFICATE)
    assert iam.list_server_certificates()["ServerCertificateMetadataList"] == []
    upload(ServerCertificateName="c", CertificateBody=CERTIFICATE, PrivateKey=PRIVATE_KEY)
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        upload(ServerCertificateName="C", CertificateBody=CERTIFICATE, PrivateKey=PRIVATE_KEY)
    upload(ServerCertificateName="d", CertificateBody=CERTIFICATE, PrivateKey=PRIVATE_KEY)
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException):
        iam.update_server_certificate(ServerCertificateName="c", NewServerCertificateName="d")
    pages = list(
        iam.get_paginator("list_server_certificates").paginate(PaginationConfig={"PageSize": 1})
    )
    assert len(pages) == 2


def test_signing_certificates(iam: Any) -> None:
    iam.create_user(UserName="u")
    certificate = iam.upload_signing_certificate(UserName="u", CertificateBody=CERTIFICATE)[
        "Certificate"
    ]
    assert (certificate["Status"], len(certificate["CertificateId"])) == ("Active", 32)
    cert_id = certificate["CertificateId"]
    with pytest.raises(iam.exceptions.DuplicateCertificateException):
        iam.upload_signing_certificate(UserName="u", CertificateBody=CERTIFICATE)
    with pytest.raises(iam.exceptions.MalformedCertificateException):
        iam.upload_signing_certificate(UserName="u", CertificateBody="not a certificate")
    iam.update_signing_certificate(UserName="u", CertificateId=cert_id, Status="Inactive")
    with pytest.raises(iam.exceptions.InvalidInputException):
        iam.update_signing_certificate(UserName="u", CertificateId=cert_id, Status="Expired")
    listed = iam.list_signing_certificates(UserName="u")["Certificates"]
    assert [(c["CertificateId"], c["Status"]) for c in listed] == [(cert_id, "Inactive")]
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_user(UserName="u")
    iam.delete_signing_certificate(UserName="u", CertificateId=cert_id)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.delete_signing_certificate(UserName="u", CertificateId=cert_id)
    assert error_of(raised)[1] == f"The Certificate with id {cert_id} cannot be found."
    iam.delete_user(UserName="u")


def test_instance_profile_tags(iam: Any) -> None:
    iam.create_instance_profile(InstanceProfileName="p")
    iam.tag_instance_profile(InstanceProfileName="p", Tags=[{"Key": "k", "Value": "v"}])
    assert iam.list_instance_profile_tags(InstanceProfileName="p")["Tags"] == [
        {"Key": "k", "Value": "v"}
    ]
    iam.untag_instance_profile(InstanceProfileName="p", TagKeys=["k"])
    assert iam.list_instance_profile_tags(InstanceProfileName="p")["Tags"] == []
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.tag_instance_profile(InstanceProfileName="q", Tags=[{"Key": "k", "Value": "v"}])
