"""What every IAM operation needs: the account's entities, lookups, ARNs, paging."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from hookmock._errors import FeatureNotImplemented
from hookmock.backends._core import Backend, Call, Params
from hookmock.backends.iam import catalogue, errors
from hookmock.backends.iam.models import (
    AccessKey,
    Group,
    InstanceProfile,
    ManagedPolicy,
    MfaDevice,
    OidcProvider,
    Principal,
    Role,
    SamlProvider,
    ServerCertificate,
    User,
)
from hookmock.shapes.paginate import Filtered, Seekable, SortedIndex

DEFAULT_MAX_ITEMS = 100
"""IAM's page size when MaxItems is not given."""

T = TypeVar("T")
P = TypeVar("P", bound=Principal)


@attrs.define(eq=False)
class IamBase(Backend):
    users: SortedIndex[str, User] = attrs.field(factory=SortedIndex)
    groups: SortedIndex[str, Group] = attrs.field(factory=SortedIndex)
    roles: SortedIndex[str, Role] = attrs.field(factory=SortedIndex)
    policies: SortedIndex[str, ManagedPolicy] = attrs.field(factory=SortedIndex)
    """Customer managed policies by name: names are unique in an account whatever the path."""
    instance_profiles: SortedIndex[str, InstanceProfile] = attrs.field(factory=SortedIndex)
    access_keys: dict[str, AccessKey] = attrs.field(factory=dict)
    aliases: list[str] = attrs.field(factory=list)
    password_policy: dict[str, Any] | None = None
    aws_policies: dict[str, ManagedPolicy] = attrs.field(factory=dict)
    """AWS managed policies this account has used, by ARN: the catalogue's shared
    definition with this account's attachments (made on first use)."""
    mfa_devices: SortedIndex[str, MfaDevice] = attrs.field(factory=SortedIndex)
    """Virtual MFA devices by serial number."""
    saml_providers: SortedIndex[str, SamlProvider] = attrs.field(factory=SortedIndex)
    oidc_providers: SortedIndex[str, OidcProvider] = attrs.field(factory=SortedIndex)
    server_certificates: SortedIndex[str, ServerCertificate] = attrs.field(factory=SortedIndex)
    token_version: str = "v1Token"
    """SetSecurityTokenServicePreferences' GlobalEndpointTokenVersion."""

    @property
    def partition(self) -> str:
        return self.location

    def now(self) -> dt.datetime:
        # IAM reports times to the second.
        return self.world.clock.now().replace(microsecond=0)

    def arn(self, kind: str, path: str, name: str) -> str:
        return f"arn:{self.partition}:iam::{self.account_id}:{kind}{path}{name}"

    def rename(
        self,
        call: Call,
        index: SortedIndex[str, P],
        entity: P,
        kind: str,
        new_name: str,
        new_path: str,
    ) -> str | None:
        """Give a user or group a new name and path, re-keyed in ``index``: the old key
        when it changed (the caller re-keys what refers to it), else None."""
        if new_name.lower() != entity.key and new_name.lower() in index:
            raise errors.already_exists(
                call, f"{kind.capitalize()} with name {new_name} already exists."
            )
        old_key = entity.key
        entity.name, entity.path = new_name, new_path
        entity.arn = self.arn(kind, new_path, new_name)
        if old_key == entity.key:
            return None
        index.pop(old_key)
        index[entity.key] = entity
        return old_key

    # --- lookups: names are case-insensitive, as IAM treats them

    def user(self, call: Call, name: str) -> User:
        found = self.users.get(name.lower())
        if found is None:
            raise errors.no_such_user(call, name)
        return found

    def named_or_calling_user(self, call: Call, name: str | None, operation: str) -> User:
        """The user ``name`` names, or (without a name) the IAM user making the call."""
        if name is not None:
            return self.user(call, name)
        arn = call.principal.arn
        if call.account_id == self.account_id and ":user/" in arn:
            return self.user(call, arn.rsplit("/", 1)[-1])
        raise FeatureNotImplemented("iam", operation, "the account root user's own credentials")

    def group(self, call: Call, name: str) -> Group:
        found = self.groups.get(name.lower())
        if found is None:
            raise errors.no_such_group(call, name)
        return found

    def role(self, call: Call, name: str) -> Role:
        found = self.roles.get(name.lower())
        if found is None:
            raise errors.no_such_role(call, name)
        return found

    def instance_profile(self, call: Call, name: str) -> InstanceProfile:
        found = self.instance_profiles.get(name.lower())
        if found is None:
            raise errors.no_such_entity(call, f"Instance Profile {name} cannot be found.")
        return found

    def policy(
        self,
        call: Call,
        arn: str,
        missing: Callable[[Call, str], Exception] = errors.no_such_policy,
    ) -> ManagedPolicy:
        """The managed policy ``arn`` names (customer or AWS managed), or ``missing``'s error."""
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or parts[3]:
            raise errors.invalid_input(call, f"ARN {arn} is not valid.")
        if parts[4] == "aws":
            found = self.aws_policy(arn)
        else:
            name = parts[5].rsplit("/", 1)[-1]
            found = self.policies.get(name)
        if found is None or found.arn != arn:
            raise missing(call, arn)
        return found

    def aws_policy(self, arn: str) -> ManagedPolicy | None:
        """This account's view of the AWS managed policy ``arn``, if the catalogue has it."""
        found = self.aws_policies.get(arn)
        if found is not None:
            return found
        entry = catalogue.entry(arn.rsplit("/", 1)[-1])
        if entry is None or catalogue.arn(entry, self.partition) != arn:
            return None
        found = catalogue.as_policy(entry, self.partition)
        self.aws_policies[arn] = found
        return found

    def customer_policy(self, call: Call, arn: str) -> ManagedPolicy:
        """The customer managed policy ``arn`` names, for calls that change a policy:
        AWS managed policies are AWS's to change."""
        policy = self.policy(call, arn)
        if catalogue.is_aws_managed(policy.arn):
            raise FeatureNotImplemented(
                "iam", call.operation_model.name, "changing an AWS managed policy"
            )
        return policy

    # --- providers, for STS: None when the account has no such provider

    def saml_provider(self, arn: str) -> SamlProvider | None:
        return self.saml_providers.get(arn)

    def oidc_provider(self, url_or_arn: str) -> OidcProvider | None:
        """The OIDC provider with this ARN, or for this issuer URL (with or without https://)."""
        if url_or_arn.startswith("arn:"):
            return self.oidc_providers.get(url_or_arn)
        url = url_or_arn.removeprefix("https://").rstrip("/")
        return self.oidc_providers.get(self.arn("oidc-provider", "/", url))

    # --- listing

    def page(
        self,
        call: Call,
        params: Params,
        source: Seekable[T],
        render: Callable[[T], Any],
        *,
        scope: str = "",
    ) -> dict[str, Any]:
        return call.paginate(
            params, source, render, default_limit=DEFAULT_MAX_ITEMS, scope=scope.lower()
        )


def under_path(source: Seekable[Any], params: Params) -> Seekable[Any]:
    """The entities of ``source`` whose path starts with the call's PathPrefix."""
    prefix = params.get("PathPrefix")
    if not prefix:
        return source
    return Filtered(source, lambda entity: entity.path.startswith(prefix))
