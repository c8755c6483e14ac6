"""What every IAM operation needs: the account's entities, lookups, ARNs, paging."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from hookmock._errors import FeatureNotImplemented
from hookmock.backends._core import Backend, Call, Params
from hookmock.backends.iam import errors
from hookmock.backends.iam.models import (
    AccessKey,
    Group,
    InstanceProfile,
    ManagedPolicy,
    Role,
    User,
)
from hookmock.shapes.paginate import Filtered, Seekable, SortedIndex

DEFAULT_MAX_ITEMS = 100
"""IAM's page size when MaxItems is not given."""

T = TypeVar("T")


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

    @property
    def partition(self) -> str:
        return self.location

    def now(self) -> dt.datetime:
        # IAM reports times to the second.
        return self.world.clock.now().replace(microsecond=0)

    def arn(self, kind: str, path: str, name: str) -> str:
        return f"arn:{self.partition}:iam::{self.account_id}:{kind}{path}{name}"

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

    def policy(
        self,
        call: Call,
        arn: str,
        missing: Callable[[Call, str], Exception] = errors.no_such_policy,
    ) -> ManagedPolicy:
        """The customer managed policy ``arn`` names, or ``missing``'s error."""
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or parts[3]:
            raise errors.invalid_input(call, f"ARN {arn} is not valid.")
        if parts[4] == "aws":
            raise FeatureNotImplemented(
                "iam", call.operation_model.name, "AWS managed policies (arn:aws:iam::aws:policy/…)"
            )
        name = parts[5].rsplit("/", 1)[-1]
        found = self.policies.get(name)
        if found is None or found.arn != arn:
            raise missing(call, arn)
        return found

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
