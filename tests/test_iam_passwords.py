"""Console passwords: the password policy on every way a password is set, and ChangePassword."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from helpers import error_of

VIOLATION = "Password does not conform to the account password policy."


def as_user(iam: Any, name: str) -> Any:
    """An IAM client signing as user ``name`` (with a new access key of theirs)."""
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(
        "iam",
        region_name="us-east-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def test_a_user_changes_their_own_password(iam: Any) -> None:
    iam.create_user(UserName="u")
    iam.create_login_profile(UserName="u", Password="first-Pass1", PasswordResetRequired=True)
    me = as_user(iam, "u")
    me.change_password(OldPassword="first-Pass1", NewPassword="second-Pass2")
    assert iam.get_login_profile(UserName="u")["LoginProfile"]["PasswordResetRequired"] is False
    with pytest.raises(iam.exceptions.InvalidUserTypeException) as raised:
        me.change_password(OldPassword="first-Pass1", NewPassword="third-Pass3")
    assert error_of(raised) == ("InvalidUserType", "The old password was incorrect.")
    me.change_password(OldPassword="second-Pass2", NewPassword="third-Pass3")


def test_change_password_needs_an_iam_user_with_a_password(iam: Any) -> None:
    with pytest.raises(iam.exceptions.InvalidUserTypeException):
        iam.change_password(OldPassword="a", NewPassword="b")
    iam.create_user(UserName="keyonly")
    me = as_user(iam, "keyonly")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
        me.change_password(OldPassword="a", NewPassword="b")
    assert error_of(raised)[1] == "Login Profile for User keyonly cannot be found."


def test_change_password_applies_the_password_policy(iam: Any) -> None:
    iam.create_user(UserName="u")
    iam.create_login_profile(UserName="u", Password="Start-1234")
    iam.update_account_password_policy(
        MinimumPasswordLength=10,
        RequireSymbols=True,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        PasswordReusePrevention=2,
    )
    me = as_user(iam, "u")
    for weak in ("Sh0rt-pw", "no-digits-Here", "NO-LOWER-123", "no-upper-123", "NoSymbol1234"):
        with pytest.raises(iam.exceptions.PasswordPolicyViolationException) as raised:
            me.change_password(OldPassword="Start-1234", NewPassword=weak)
        assert error_of(raised) == ("PasswordPolicyViolation", VIOLATION)
    # Non-Latin letters and digits count for no character class.
    with pytest.raises(iam.exceptions.PasswordPolicyViolationException):
        me.change_password(OldPassword="Start-1234", NewPassword="ÀÉÎ-lower-²³¹")
    # The current password and the one before it are remembered.
    with pytest.raises(iam.exceptions.PasswordPolicyViolationException):
        me.change_password(OldPassword="Start-1234", NewPassword="Start-1234")
    me.change_password(OldPassword="Start-1234", NewPassword="Second-1234")
    with pytest.raises(iam.exceptions.PasswordPolicyViolationException):
        me.change_password(OldPassword="Second-1234", NewPassword="Start-1234")
    me.change_password(OldPassword="Second-1234", NewPassword="Third-12345")
    me.change_password(OldPassword="Third-12345", NewPassword="Start-1234")


def test_create_and_update_login_profile_apply_the_policy(iam: Any) -> None:
    iam.update_account_password_policy(
        MinimumPasswordLength=8, RequireUppercaseCharacters=True, PasswordReusePrevention=1
    )
    iam.create_user(UserName="u")
    with pytest.raises(iam.exceptions.PasswordPolicyViolationException) as raised:
        iam.create_login_profile(UserName="u", Password="lowercase-only")
    assert error_of(raised)[1] == VIOLATION
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_login_profile(UserName="u")
    iam.create_login_profile(UserName="u", Password="Upper-case")
    with pytest.raises(iam.exceptions.PasswordPolicyViolationException):
        iam.update_login_profile(UserName="u", Password="Upper-case")
    with pytest.raises(iam.exceptions.PasswordPolicyViolationException):
        iam.update_login_profile(UserName="u", Password="short")
    iam.update_login_profile(UserName="u", Password="Another-one")
    as_user(iam, "u").change_password(OldPassword="Another-one", NewPassword="Third-one")


def test_change_password_bad_input(iam: Any) -> None:
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        iam.change_password(OldPassword="x")
    iam.create_user(UserName="u")
    iam.create_login_profile(UserName="u", Password="Start-1234")
    me = as_user(iam, "u")
    with pytest.raises(iam.exceptions.ClientError) as raised:
        me.change_password(OldPassword="Start-1234", NewPassword="x" * 129)
    assert raised.value.response["Error"]["Code"] == "ValidationError"
    me.change_password(OldPassword="Start-1234", NewPassword="after-invalid")
