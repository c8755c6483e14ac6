"""Login profiles: a user's console password; ChangePassword, a user changing their own."""

from __future__ import annotations

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, passwords
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import LoginProfile, User

PASSWORD_HISTORY_KEPT = 24
"""The most PasswordReusePrevention can ask IAM to remember."""


def _view(user: User, profile: LoginProfile) -> dict[str, object]:
    return {
        "UserName": user.name,
        "CreateDate": profile.created,
        "PasswordResetRequired": profile.password_reset_required,
    }


@attrs.define(eq=False)
class LoginProfileOperations(IamBase):
    def check_password(self, call: Call, user: User, password: str) -> None:
        """A new console password must satisfy the account's password policy, if it has
        one: length, character classes, and not one of the user's recent passwords."""
        policy = self.password_policy
        if policy is None:
            return
        if not passwords.conforms(password, policy) or passwords.reused(
            password, user.password_history, policy
        ):
            raise call.error(
                "PasswordPolicyViolationException",
                "Password does not conform to the account password policy.",
            )

    def _remember(self, user: User, password: str) -> str:
        """``password``'s hash, recorded as ``user``'s newest password."""
        stored = passwords.hashed(password)
        user.password_history.append(stored)
        del user.password_history[:-PASSWORD_HISTORY_KEPT]
        return stored

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
        self.check_password(call, user, params["Password"])
        stored = self._remember(user, params["Password"])
        now = self.now()
        user.login_profile = LoginProfile(
            created=now,
            password_reset_required=bool(params.get("PasswordResetRequired")),
            password_hash=stored,
            changed=now,
        )
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
            self.check_password(call, user, params["Password"])
            profile.password_hash = self._remember(user, params["Password"])
            profile.changed = self.now()
        if "PasswordResetRequired" in params:
            profile.password_reset_required = params["PasswordResetRequired"]
        return {}

    @operation("DeleteLoginProfile")
    def delete_login_profile(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "DeleteLoginProfile")
        self._login_profile(call, user)
        user.login_profile = None
        return {}

    @operation("ChangePassword")
    def change_password(self, call: Call, params: Params) -> Result:
        """The calling IAM user changes their own console password. Whether the user may
        (the policy's AllowUsersToChangePassword, or a policy granting iam:ChangePassword)
        is access control's to decide, as for every other permission."""
        caller = call.principal
        if caller.kind != "user" or caller.account_id != self.account_id:
            raise call.error(
                "InvalidUserTypeException", "Only IAM users can change their own password."
            )
        user = self.user(call, caller.name)
        profile = self._login_profile(call, user)
        if not passwords.matches(params["OldPassword"], profile.password_hash):
            raise call.error("InvalidUserTypeException", "The old password was incorrect.")
        self.check_password(call, user, params["NewPassword"])
        profile.password_hash = self._remember(user, params["NewPassword"])
        profile.changed = self.now()
        profile.password_reset_required = False
        return {}
