"""Login profiles: a user's console password."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import LoginProfile, User

_SYMBOLS = frozenset("!@#$%^&*()_+-=[]{}|'")


def _conforms(password: str, policy: dict[str, Any]) -> bool:
    return not (
        len(password) < policy["MinimumPasswordLength"]
        or (policy["RequireSymbols"] and not any(c in _SYMBOLS for c in password))
        or (policy["RequireNumbers"] and not any(c.isdigit() for c in password))
        or (policy["RequireUppercaseCharacters"] and not any(c.isupper() for c in password))
        or (policy["RequireLowercaseCharacters"] and not any(c.islower() for c in password))
    )


def _view(user: User, profile: LoginProfile) -> dict[str, object]:
    return {
        "UserName": user.name,
        "CreateDate": profile.created,
        "PasswordResetRequired": profile.password_reset_required,
    }


@attrs.define(eq=False)
class LoginProfileOperations(IamBase):
    def check_password(self, call: Call, password: str) -> None:
        """A new console password must satisfy the account's password policy, if it has one."""
        policy = self.password_policy
        if policy is not None and not _conforms(password, policy):
            raise call.error(
                "PasswordPolicyViolationException",
                "Password does not conform to the account password policy.",
            )

    def _login_profile(self, call: Call, user: User) -> LoginProfile:
        if user.login_profile is None:
            raise errors.no_such_entity(
                call, f"Login Profile for User {user.name} cannot be found."
            )
        return user.login_profile

    @operation("CreateLoginProfile")
    def create_login_profile(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "CreateLoginProfile")
        if user.login_profile is not None:
            raise errors.already_exists(call, f"Login Profile for user {user.name} already exists.")
        if "Password" not in params:
            raise errors.invalid_input(call, "Password is required to create a login profile.")
        self.check_password(call, params["Password"])
        user.login_profile = LoginProfile(self.now(), bool(params.get("PasswordResetRequired")))
        return {"LoginProfile": _view(user, user.login_profile)}

    @operation("GetLoginProfile")
    def get_login_profile(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "GetLoginProfile")
        return {"LoginProfile": _view(user, self._login_profile(call, user))}

    @operation("UpdateLoginProfile")
    def update_login_profile(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        profile = self._login_profile(call, user)
        if "Password" in params:
            self.check_password(call, params["Password"])
        if "PasswordResetRequired" in params:
            profile.password_reset_required = params["PasswordResetRequired"]
        return {}

    @operation("DeleteLoginProfile")
    def delete_login_profile(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "DeleteLoginProfile")
        self._login_profile(call, user)
        user.login_profile = None
        return {}
