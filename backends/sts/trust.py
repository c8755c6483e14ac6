"""The one place a role's trust policy is evaluated when a session is asked for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hookmock._authz.check import request_keys
from hookmock._authz.trust import check_trust as evaluate_trust
from hookmock._policy import ACCESS_CHECKED
from hookmock.backends._core import Call
from hookmock.backends.iam.models import Role
from hookmock.backends.sts import errors

ROOT_DENIED = "Roles may not be assumed by root accounts."


def condition_keys(call: Call, context: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The request's condition keys as the evaluator takes them: lower-cased names,
    every value a tuple of strings."""
    keys = request_keys(call)
    for name, value in context.items():
        if name == "principal" or value is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        keys[name.lower()] = tuple(str(v) for v in values)
    return keys


def check_trust(
    call: Call, role: Role, actions: tuple[str, ...], context: Mapping[str, Any]
) -> None:
    """Raise AccessDenied unless ``role``'s trust policy lets the caller take ``actions``
    (``sts:AssumeRole`` or a federated variant, plus ``sts:TagSession`` when session
    tags are passed and ``sts:SetSourceIdentity`` when a source identity is set).

    ``context`` holds the request's condition keys (``sts:ExternalId``,
    ``sts:RoleSessionName``, ``sts:SourceIdentity``, ``aws:RequestTag/…``,
    ``sts:TransitiveTagKeys``, ``aws:TagKeys``, the identity provider's ``…:sub`` and
    ``…:aud`` …); the caller is ``call.principal``, except for the unsigned federated
    calls, whose ``context['principal']`` is ``{"Federated": provider}``.

    Only where access control checks the call (dispatch marked it): with access
    control off, every trust policy allows (and the root user, the default
    identity, may assume roles, as tests expect). An account's root user cannot
    assume roles. An IAM caller's identity policies are
    evaluated with the trust policy (across accounts both must allow); a federated
    caller is allowed by the trust policy alone.
    """
    if not call.context.get(ACCESS_CHECKED):
        return
    principal = context.get("principal")
    federated = str(principal.get("Federated", "")) if isinstance(principal, Mapping) else ""
    if not federated and call.principal.kind == "root":
        raise errors.access_denied(ROOT_DENIED)
    keys = condition_keys(call, context)
    for action in actions:
        decision = evaluate_trust(
            call.world,
            None if federated else call.principal,
            call.partition,
            role.arn,
            role.trust_policy,
            action=action,
            keys=keys,
            federated=federated,
        )
        if decision.allowed:
            continue
        if federated:
            raise errors.access_denied(f"Not authorized to perform {action}")
        raise errors.not_authorized(call.principal.arn, action, role.arn)
