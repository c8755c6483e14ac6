"""Policy documents checked as IAM checks them, with IAM's MalformedPolicyDocument wordings.

Identity policies (managed and inline) must name resources and must not name
a principal; trust policies (a role's AssumeRolePolicyDocument) must name a
principal and must not name resources. Sizes count characters other than
white space, as IAM's quotas do.
"""

from __future__ import annotations

import json
from typing import Any

from hookmock.backends._core import Call
from hookmock.backends.iam import errors

VERSIONS = frozenset({"2012-10-17", "2008-10-17"})
_TOP_LEVEL = frozenset({"Version", "Id", "Statement"})
_STATEMENT_KEYS = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    }
)
_PRINCIPAL_KEYS = frozenset({"AWS", "Service", "Federated", "CanonicalUser"})

MANAGED_POLICY_SIZE = 6144
TRUST_POLICY_SIZE = 2048
INLINE_POLICY_SIZE = {"user": 2048, "group": 5120, "role": 10240}
"""Quota for the sum of an entity's inline policy documents."""

SYNTAX = "Syntax errors in policy."
LEGACY = "The policy failed legacy parsing"


def size_of(document: str) -> int:
    """A document's size as IAM counts it: characters other than white space."""
    return sum(1 for char in document if not char.isspace())


def check_identity_policy(call: Call, document: str) -> None:
    _check(call, document, trust=False)


def check_managed_policy(call: Call, document: str) -> None:
    check_identity_policy(call, document)
    if size_of(document) > MANAGED_POLICY_SIZE:
        raise errors.quota_exceeded(call, "PolicySize", MANAGED_POLICY_SIZE)


def check_trust_policy(call: Call, document: str) -> None:
    _check(call, document, trust=True)
    if size_of(document) > TRUST_POLICY_SIZE:
        raise errors.quota_exceeded(call, "ACLSizePerRole", TRUST_POLICY_SIZE)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _strings(value: Any) -> bool:
    items = _listed(value)
    return bool(items) and all(isinstance(item, str) for item in items)


def _check(call: Call, document: str, *, trust: bool) -> None:
    try:
        policy = json.loads(document)
    except ValueError:
        raise errors.malformed(call, SYNTAX) from None
    if not isinstance(policy, dict) or not set(policy) <= _TOP_LEVEL:
        raise errors.malformed(call, SYNTAX)
    version = policy.get("Version")
    if version is not None and version not in VERSIONS:
        raise errors.malformed(call, LEGACY)
    statements = policy.get("Statement")
    if statements is None or statements == [] or not isinstance(statements, (dict, list)):
        raise errors.malformed(call, SYNTAX)
    for statement in _listed(statements):
        _check_statement(call, statement, trust=trust)


def _check_statement(call: Call, statement: Any, *, trust: bool) -> None:
    if not isinstance(statement, dict) or not set(statement) <= _STATEMENT_KEYS:
        raise errors.malformed(call, SYNTAX)
    if "Sid" in statement and not isinstance(statement["Sid"], str):
        raise errors.malformed(call, SYNTAX)
    if statement.get("Effect") not in ("Allow", "Deny"):
        raise errors.malformed(call, LEGACY)
    _check_actions(call, statement)
    _check_resources(call, statement, trust=trust)
    _check_principals(call, statement, trust=trust)
    condition = statement.get("Condition")
    if condition is not None and not (
        isinstance(condition, dict) and all(isinstance(v, dict) for v in condition.values())
    ):
        raise errors.malformed(call, SYNTAX)


def _check_actions(call: Call, statement: dict[str, Any]) -> None:
    present = [key for key in ("Action", "NotAction") if key in statement]
    if len(present) > 1:
        raise errors.malformed(call, SYNTAX)
    if not present:
        raise errors.malformed(call, "Policy statement must contain actions.")
    actions = statement[present[0]]
    if not _strings(actions):
        raise errors.malformed(call, SYNTAX)
    for action in _listed(actions):
        if action == "*":
            continue
        colons = action.count(":")
        if colons > 1:
            raise errors.malformed(call, "Actions/Condition can contain only one colon.")
        if colons == 0 or action.startswith(":"):
            raise errors.malformed(
                call, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
            )


def _check_resources(call: Call, statement: dict[str, Any], *, trust: bool) -> None:
    present = [key for key in ("Resource", "NotResource") if key in statement]
    if trust:
        if present:
            raise errors.malformed(call, f"Has prohibited field {present[0]}")
        return
    if len(present) > 1:
        raise errors.malformed(call, SYNTAX)
    if not present:
        raise errors.malformed(call, "Policy statement must contain resources.")
    resources = statement[present[0]]
    if not _strings(resources):
        raise errors.malformed(call, SYNTAX)
    for resource in _listed(resources):
        if resource != "*" and not resource.startswith("arn:"):
            raise errors.malformed(call, f'Resource {resource} must be in ARN format or "*".')


def _check_principals(call: Call, statement: dict[str, Any], *, trust: bool) -> None:
    present = [key for key in ("Principal", "NotPrincipal") if key in statement]
    if not trust:
        if present:
            raise errors.malformed(call, f"Has prohibited field {present[0]}")
        return
    if not present:
        raise errors.malformed(call, "Missing required field Principal")
    if len(present) > 1:
        raise errors.malformed(call, SYNTAX)
    principal = statement[present[0]]
    if principal == "*":
        return
    if (
        not isinstance(principal, dict)
        or not principal
        or not set(principal) <= _PRINCIPAL_KEYS
        or not all(_strings(value) for value in principal.values())
    ):
        raise errors.malformed(call, SYNTAX)
