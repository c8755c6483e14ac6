"""The decision, as AWS's policy evaluation logic documents it.

1. An explicit Deny in any applicable policy wins.
2. Same account: a resource-based policy naming the caller itself (its user or
   session ARN) allows on its own. Otherwise an identity-based policy must allow
   (a resource policy naming the caller's role counts as one), and then the
   permissions boundary (if any) and the session policies (if any) must allow too.
   A resource policy naming only the account delegates to the account's IAM.
3. Cross account: both the caller's side (identity, boundary, session policies)
   and the resource's policy must allow.
The account root is not subject to identity policies: in its own account only an
explicit deny in a resource policy stops it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import attrs

from hookmock._policy.conditions import all_hold, missing_keys
from hookmock._policy.context import Caller, RequestContext
from hookmock._policy.document import Policy, Statement
from hookmock._policy.matching import action_matches, arn_matches
from hookmock._policy.variables import substitute

Verdict = Literal["allowed", "explicitDeny", "implicitDeny"]
Source = Literal[
    "identity-based policy", "resource-based policy", "permissions boundary", "session policy"
]
Grant = Literal["", "account", "role", "direct"]
"""How a resource policy's principal names the caller, weakest first."""


@attrs.frozen
class PolicySet:
    """Every policy that applies to one request."""

    identity: Sequence[Policy] = ()
    resource: Policy | None = None
    boundary: Policy | None = None
    """The permissions boundary; None where the principal has none."""
    session: Sequence[Policy] | None = None
    """Session policies; None where the session was not given any."""


@attrs.frozen
class Decision:
    verdict: Verdict
    source: Source | None = None
    """Which kind of policy denied (explicitly, or by not allowing)."""
    matched: tuple[tuple[Policy, Statement], ...] = ()
    missing: tuple[str, ...] = ()
    """Condition keys the applicable statements read that the request lacks."""

    @property
    def allowed(self) -> bool:
        return self.verdict == "allowed"


def _action_applies(statement: Statement, action: str) -> bool:
    hit = any(action_matches(p, action) for p in statement.actions)
    return hit != statement.not_action


def _resource_applies(statement: Statement, context: RequestContext) -> bool:
    if statement.resources is None:
        return True
    patterns = (substitute(p, context) for p in statement.resources)
    hit = any(p is not None and arn_matches(p, context.resource) for p in patterns)
    return hit != statement.not_resource


def _names(caller: Caller, values: Sequence[str], partition: str) -> Grant:
    best: Grant = ""
    for value in values:
        if value == "*":
            return "direct"
        if value in (caller.arn, caller.account_id and caller.user_id) and value:
            return "direct"
        if caller.role_arn and value == caller.role_arn:
            best = "role"
        elif value in (caller.account_id, f"arn:{partition}:iam::{caller.account_id}:root"):
            if caller.kind == "root":
                return "direct"
            best = best or "account"
    return best


def principal_grant(statement: Statement, caller: Caller, partition: str = "aws") -> Grant:
    """How ``statement``'s Principal (or NotPrincipal) names ``caller``; '' if not."""
    principals = statement.principals
    if principals is None:
        return ""
    grant: Grant = ""
    for kind, values in principals.items():
        if kind == "*":
            grant = "direct"
        elif kind == "AWS" and caller.kind != "service":
            found = _names(caller, values, partition)
            grant = max(grant, found, key=_STRENGTH.index)
        elif kind == "Service" and caller.kind == "service" and caller.service in values:
            grant = "direct"
    if statement.not_principal:
        return "" if grant else "direct"
    return grant


_STRENGTH: list[Grant] = ["", "account", "role", "direct"]


def _partition(context: RequestContext) -> str:
    parts = context.caller.arn.split(":")
    return parts[1] if len(parts) > 1 else "aws"


def _applies(statement: Statement, context: RequestContext) -> bool:
    return (
        _action_applies(statement, context.action)
        and _resource_applies(statement, context)
        and all_hold(statement.conditions, context)
    )


def evaluate(policies: PolicySet, context: RequestContext) -> Decision:
    """The decision for one request under ``policies``."""
    denies: list[tuple[Policy, Statement]] = []
    deny_source: Source | None = None
    allows: dict[Source, list[tuple[Policy, Statement]]] = {}
    grant: Grant = ""
    missing: list[str] = []
    partition = _partition(context)
    groups: list[tuple[Source, Sequence[Policy]]] = [
        ("identity-based policy", policies.identity),
        ("resource-based policy", [policies.resource] if policies.resource else []),
        ("permissions boundary", [policies.boundary] if policies.boundary else []),
        ("session policy", policies.session or []),
    ]
    for source, group in groups:
        for policy in group:
            for statement in policy.statements:
                if not _action_applies(statement, context.action):
                    continue
                named: Grant = "direct"
                if source == "resource-based policy":
                    named = principal_grant(statement, context.caller, partition)
                    if not named:
                        continue
                if not _resource_applies(statement, context):
                    continue
                missing.extend(missing_keys(statement.conditions, context))
                if not all_hold(statement.conditions, context):
                    continue
                if statement.effect == "Deny":
                    denies.append((policy, statement))
                    deny_source = deny_source or source
                else:
                    allows.setdefault(source, []).append((policy, statement))
                    if source == "resource-based policy":
                        grant = max(grant, named, key=_STRENGTH.index)
    gaps = tuple(dict.fromkeys(missing))
    if denies:
        return Decision("explicitDeny", deny_source, tuple(denies), gaps)
    matched = tuple(m for found in allows.values() for m in found)

    def deny(source: Source) -> Decision:
        return Decision("implicitDeny", source, (), gaps)

    caller = context.caller
    same_account = context.owner == caller.account_id
    if caller.kind in ("root", "service"):
        if (same_account and caller.kind == "root") or grant:
            return Decision("allowed", None, matched, gaps)
        return deny("resource-based policy")
    if same_account and grant == "direct":
        return Decision("allowed", None, matched, gaps)
    identity_allows = "identity-based policy" in allows or (same_account and grant == "role")
    if not identity_allows:
        return deny("identity-based policy")
    if policies.boundary is not None and "permissions boundary" not in allows:
        return deny("permissions boundary")
    if policies.session is not None and "session policy" not in allows:
        return deny("session policy")
    if not same_account and not grant:
        return deny("resource-based policy")
    return Decision("allowed", None, matched, gaps)
