"""What one request looks like to the evaluator: the action, the resource, the
caller, and the condition keys present."""

from __future__ import annotations

from collections.abc import Mapping

import attrs


@attrs.frozen
class Caller:
    """The principal as policies see it.

    ``matched_arns`` are the ARNs a resource policy's ``AWS`` principal may name to
    mean exactly this caller (a role session: its session ARN and its role's ARN);
    ``role_arn`` says which of them names a role, whose grants stay subject to
    permissions boundaries and session policies.
    """

    arn: str
    account_id: str
    kind: str
    """``root``, ``user``, ``assumed-role``, ``federated-user`` or ``service``."""
    user_id: str = ""
    name: str = ""
    role_arn: str = ""
    service: str = ""
    """For ``service`` callers, the service principal (``sns.amazonaws.com``)."""

    @property
    def principal_type(self) -> str:
        """The ``aws:PrincipalType`` value."""
        return {
            "root": "Account",
            "user": "User",
            "assumed-role": "AssumedRole",
            "federated-user": "FederatedUser",
        }.get(self.kind, "")


@attrs.frozen
class RequestContext:
    action: str
    resource: str
    caller: Caller
    resource_account: str = ""
    """The account owning the resource; the caller's where empty."""
    keys: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """Condition keys present in the request, by lower-cased name; every value is a
    string, as AWS passes them to the condition operators."""

    @property
    def owner(self) -> str:
        return self.resource_account or self.caller.account_id

    def value(self, key: str) -> tuple[str, ...] | None:
        return self.keys.get(key.lower())
