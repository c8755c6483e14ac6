"""Instance profiles, login profiles, account aliases, the password policy and the summary."""

from __future__ import annotations

import json
import re
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock

from helpers import add_identity, current_world, error_of

ACCOUNT = "123456789012"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        },
    }
)


def test_instance_profiles(iam: Any) -> None:
    created = iam.create_instance_profile(InstanceProfileName="web", Path="/p/")["InstanceProfile"]
    assert re.fullmatch(r"AIPA[A-Z2-7]{17}", created["InstanceProfileId"])
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT}:instance-profile/p/web"
    assert created["Roles"] == []
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="r")
    profile = iam.get_instance_profile(InstanceProfileName="WEB")["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == ["r"]
    assert profile["Roles"][0]["AssumeRolePolicyDocument"] == json.loads(TRUST)
    listed = iam.list_instance_profiles_for_role(RoleName="r")["InstanceProfiles"]
    assert [p["InstanceProfileName"] for p in listed] == ["web"]
    assert [
        p["InstanceProfileName"]
        for p in iam.list_instance_profiles(PathPrefix="/p/")["InstanceProfiles"]
    ] == ["web"]


def test_an_instance_profile_holds_one_role(iam: Any) -> None:
    iam.create_instance_profile(InstanceProfileName="ip")
    iam.create_role(RoleName="a", AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName="b", AssumeRolePolicyDocument=TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="a")
    with pytest.raises(iam.exceptions.LimitExceededException) as raised:
        iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="b")
    assert error_of(raised)[1] == "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"
    with pytest.raises(iam.exceptions.DeleteConflictException) as raised:
        iam.delete_role(RoleName="a")
    assert (
        error_of(raised)[1]
        == "Cannot delete entity, must remove roles from instance profile first."
    )
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_instance_profile(InstanceProfileName="ip")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.remove_role_from_instance_profile(InstanceProfileName="ip", RoleName="b")
    iam.remove_role_from_instance_profile(InstanceProfileName="ip", RoleName="a")
    iam.delete_instance_profile(InstanceProfileName="ip")
    iam.delete_role(RoleName="a")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_instance_profile(InstanceProfileName="ip")
    assert error_of(raised)[1] == "Instance Profile ip cannot be found."


def test_instance_profile_names_are_unique(iam: Any) -> None:
    iam.create_instance_profile(InstanceProfileName="ip")
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as raised:
        iam.create_instance_profile(InstanceProfileName="IP")
    assert error_of(raised)[1] == "Instance Profile IP already exists."


def test_login_profiles(iam: Any) -> None:
    iam.create_user(UserName="u")
    created = iam.create_login_profile(
        UserName="u", Password="Passw0rd!", PasswordResetRequired=True
    )["LoginProfile"]
    assert (created["UserName"], created["PasswordResetRequired"]) == ("u", True)
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as raised:
        iam.create_login_profile(UserName="u", Password="Passw0rd!")
    assert error_of(raised)[1] == "Login Profile for user u already exists."
    iam.update_login_profile(UserName="u", PasswordResetRequired=False)
    assert iam.get_login_profile(UserName="u")["LoginProfile"]["PasswordResetRequired"] is False
    iam.delete_login_profile(UserName="u")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_login_profile(UserName="u")
    assert error_of(raised)[1] == "Login Profile for User u cannot be found."


def test_password_policy(iam: Any) -> None:
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        iam.get_account_password_policy()
    assert error_of(raised)[1] == f"The Password Policy with domain name {ACCOUNT} cannot be found."
    iam.update_account_password_policy()
    assert iam.get_account_password_policy()["PasswordPolicy"] == {
        "MinimumPasswordLength": 6,
        "RequireSymbols": False,
        "RequireNumbers": False,
        "RequireUppercaseCharacters": False,
        "RequireLowercaseCharacters": False,
        "AllowUsersToChangePassword": False,
        "ExpirePasswords": False,
        "HardExpiry": False,
    }
    iam.update_account_password_policy(
        MinimumPasswordLength=12, RequireNumbers=True, MaxPasswordAge=90
    )
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert (policy["MinimumPasswordLength"], policy["MaxPasswordAge"]) == (12, 90)
    assert policy["ExpirePasswords"] is True
    iam.create_user(UserName="u")
    with pytest.raises(iam.exceptions.PasswordPolicyViolationException):
        iam.create_login_profile(UserName="u", Password="short1")
    with pytest.raises(iam.exceptions.PasswordPolicyViolationException):
        iam.create_login_profile(UserName="u", Password="long-enough-no-digits")
    iam.create_login_profile(UserName="u", Password="long-enough-1")
    with pytest.raises(ClientError):
        iam.update_account_password_policy(MinimumPasswordLength=129)
    iam.delete_account_password_policy()
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.delete_account_password_policy()


def test_account_alias_one_per_account_unique_everywhere() -> None:
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_account_alias(AccountAlias="my-co")
        iam.create_account_alias(AccountAlias="my-co")
        assert iam.list_account_aliases()["AccountAliases"] == ["my-co"]
        with pytest.raises(iam.exceptions.LimitExceededException):
            iam.create_account_alias(AccountAlias="second")
        add_identity(current_world(), "AKIAOTHERACCOUNT0002", "210987654321")
        other = boto3.client(
            "iam",
            region_name="us-east-1",
            aws_access_key_id="AKIAOTHERACCOUNT0002",
            aws_secret_access_key="x",
        )
        with pytest.raises(other.exceptions.EntityAlreadyExistsException) as raised:
            other.create_account_alias(AccountAlias="my-co")
        assert error_of(raised)[1] == "The account alias my-co already exists."
        with pytest.raises(iam.exceptions.NoSuchEntityException):
            iam.delete_account_alias(AccountAlias="second")
        iam.delete_account_alias(AccountAlias="my-co")
        other.create_account_alias(AccountAlias="my-co")
        assert iam.list_account_aliases()["AccountAliases"] == []
        with pytest.raises(ClientError) as invalid:
            iam.create_account_alias(AccountAlias="Bad--Alias")
        assert error_of(invalid)[0] == "ValidationError"


def test_account_summary_counts_state(iam: Any) -> None:
    before = iam.get_account_summary()["SummaryMap"]
    assert (before["Users"], before["Policies"], before["Roles"]) == (0, 0, 0)
    assert before["UsersQuota"] == 5000
    assert before["AccessKeysPerUserQuota"] == 2
    assert before["PolicySizeQuota"] == 6144
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName="ip")
    arn = iam.create_policy(
        PolicyName="p",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"},
            }
        ),
    )["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    after = iam.get_account_summary()["SummaryMap"]
    assert {k: after[k] for k in ("Users", "Groups", "Roles", "InstanceProfiles", "Policies")} == {
        "Users": 1,
        "Groups": 1,
        "Roles": 1,
        "InstanceProfiles": 1,
        "Policies": 1,
    }
    assert after["PolicyVersionsInUse"] == 1


def test_summary_counts_mfa_devices_providers_and_certificates(iam: Any) -> None:
    from iam_keys import CERTIFICATE, PRIVATE_KEY
    from test_iam_credentials import codes

    iam.create_user(UserName="u")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="d")["VirtualMFADevice"]
    iam.create_virtual_mfa_device(VirtualMFADeviceName="e")
    iam.enable_mfa_device(
        UserName="u", SerialNumber=device["SerialNumber"], **codes(device["Base32StringSeed"])
    )
    iam.create_open_id_connect_provider(Url="https://a.example.com")
    iam.upload_server_certificate(
        ServerCertificateName="c", CertificateBody=CERTIFICATE, PrivateKey=PRIVATE_KEY
    )
    summary = iam.get_account_summary()["SummaryMap"]
    assert (summary["MFADevices"], summary["MFADevicesInUse"]) == (2, 1)
    assert (summary["Providers"], summary["ServerCertificates"]) == (1, 1)


def test_security_token_service_preferences(iam: Any) -> None:
    assert iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"] == 1
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")
    assert iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"] == 2
    with pytest.raises(ClientError):
        iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v3Token")
