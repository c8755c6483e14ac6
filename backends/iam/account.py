"""Account-wide settings: the alias, the password policy, and the usage summary."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors
from hookmock.backends.iam.access_keys import ACCESS_KEYS_PER_USER
from hookmock.backends.iam.attachments import ATTACHED_POLICIES_QUOTA
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.groups import GROUPS_PER_USER_QUOTA, GROUPS_QUOTA
from hookmock.backends.iam.instance_profiles import INSTANCE_PROFILES_QUOTA
from hookmock.backends.iam.policies import POLICIES_QUOTA, VERSIONS_QUOTA
from hookmock.backends.iam.policy_documents import (
    INLINE_POLICY_SIZE,
    MANAGED_POLICY_SIZE,
    TRUST_POLICY_SIZE,
)
from hookmock.backends.iam.roles import ROLES_QUOTA
from hookmock.backends.iam.users import USERS_QUOTA
from hookmock.shapes.paginate import ListSource

PASSWORD_POLICY_DEFAULTS: dict[str, Any] = {
    "MinimumPasswordLength": 6,
    "RequireSymbols": False,
    "RequireNumbers": False,
    "RequireUppercaseCharacters": False,
    "RequireLowercaseCharacters": False,
    "AllowUsersToChangePassword": False,
    "MaxPasswordAge": 0,
    "PasswordReusePrevention": 0,
    "HardExpiry": False,
}
"""What UpdateAccountPasswordPolicy sets for each parameter left out."""


@attrs.define(eq=False)
class AccountOperations(IamBase):
    # --- account alias (one per account, unique across the world's accounts)

    @operation("CreateAccountAlias")
    def create_account_alias(self, call: Call, params: Params) -> Result:
        alias = params["AccountAlias"]
        if alias in self.aliases:
            return {}
        for backend in self.world.backends("iam"):
            if isinstance(backend, AccountOperations) and alias in backend.aliases:
                raise errors.already_exists(call, f"The account alias {alias} already exists.")
        if self.aliases:
            raise errors.quota_exceeded(call, "AccountAliasesPerAccount", 1)
        self.aliases.append(alias)
        return {}

    @operation("ListAccountAliases")
    def list_account_aliases(self, call: Call, params: Params) -> Result:
        return self.page(call, params, ListSource(self.aliases), str)

    @operation("DeleteAccountAlias")
    def delete_account_alias(self, call: Call, params: Params) -> Result:
        alias = params["AccountAlias"]
        if alias not in self.aliases:
            raise errors.no_such_entity(call, f"The account alias {alias} cannot be found.")
        self.aliases.remove(alias)
        return {}

    # --- password policy

    def _no_password_policy(self, call: Call) -> Exception:
        return errors.no_such_entity(
            call, f"The Password Policy with domain name {self.account_id} cannot be found."
        )

    @operation("UpdateAccountPasswordPolicy")
    def update_account_password_policy(self, call: Call, params: Params) -> Result:
        self.password_policy = {**PASSWORD_POLICY_DEFAULTS, **params}
        return {}

    @operation("GetAccountPasswordPolicy")
    def get_account_password_policy(self, call: Call, params: Params) -> Result:
        if self.password_policy is None:
            raise self._no_password_policy(call)
        shown = {k: v for k, v in self.password_policy.items() if v != 0 or v is False}
        shown["ExpirePasswords"] = self.password_policy["MaxPasswordAge"] > 0
        return {"PasswordPolicy": shown}

    @operation("DeleteAccountPasswordPolicy")
    def delete_account_password_policy(self, call: Call, params: Params) -> Result:
        if self.password_policy is None:
            raise self._no_password_policy(call)
        self.password_policy = None
        return {}

    # --- security token service preferences

    @operation("SetSecurityTokenServicePreferences")
    def set_security_token_service_preferences(self, call: Call, params: Params) -> Result:
        self.token_version = params["GlobalEndpointTokenVersion"]
        return {}

    # --- summary

    @operation("GetAccountSummary")
    def get_account_summary(self, call: Call, params: Params) -> Result:
        policies = list(self.policies.values())
        summary = {
            "Users": len(self.users),
            "UsersQuota": USERS_QUOTA,
            "Groups": len(self.groups),
            "GroupsQuota": GROUPS_QUOTA,
            "Roles": len(self.roles),
            "RolesQuota": ROLES_QUOTA,
            "InstanceProfiles": len(self.instance_profiles),
            "InstanceProfilesQuota": INSTANCE_PROFILES_QUOTA,
            "Policies": len(policies),
            "PoliciesQuota": POLICIES_QUOTA,
            "PolicySizeQuota": MANAGED_POLICY_SIZE,
            "PolicyVersionsInUse": sum(
                len(p.versions) for p in policies if p.attachment_count or p.boundary_count
            ),
            "PolicyVersionsInUseQuota": 10000,
            "VersionsPerPolicyQuota": VERSIONS_QUOTA,
            "UserPolicySizeQuota": INLINE_POLICY_SIZE["user"],
            "GroupPolicySizeQuota": INLINE_POLICY_SIZE["group"],
            "RolePolicySizeQuota": INLINE_POLICY_SIZE["role"],
            "AssumeRolePolicySizeQuota": TRUST_POLICY_SIZE,
            "GroupsPerUserQuota": GROUPS_PER_USER_QUOTA,
            "AccessKeysPerUserQuota": ACCESS_KEYS_PER_USER,
            "SigningCertificatesPerUserQuota": 2,
            "AttachedPoliciesPerUserQuota": ATTACHED_POLICIES_QUOTA,
            "AttachedPoliciesPerGroupQuota": ATTACHED_POLICIES_QUOTA,
            "AttachedPoliciesPerRoleQuota": ATTACHED_POLICIES_QUOTA,
            "ServerCertificates": len(self.server_certificates),
            "ServerCertificatesQuota": 20,
            "MFADevices": len(self.mfa_devices),
            "MFADevicesInUse": sum(len(user.mfa_devices) for user in self.users.values()),
            "Providers": len(self.saml_providers) + len(self.oidc_providers),
            "AccountMFAEnabled": 0,
            "AccountAccessKeysPresent": 0,
            "AccountSigningCertificatesPresent": 0,
            "GlobalEndpointTokenVersion": 2 if self.token_version == "v2Token" else 1,
        }
        return {"SummaryMap": summary}
