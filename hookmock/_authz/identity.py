"""The caller's side of a request: who it is to policies, its identity policies,
permissions boundary, session policies and principal tags, read from IAM."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from hookmock._policy import Policy, parse_policy
from hookmock._policy.context import Caller
from hookmock._world import Principal, World
from hookmock.backends import service


@attrs.frozen
class IdentitySide:
    caller: Caller
    identity: tuple[Policy, ...] = ()
    boundary: Policy | None = None
    session: tuple[Policy, ...] | None = None
    tags: Mapping[str, str] = attrs.field(factory=dict)
    principal_arn: str = ""
    """The ``aws:PrincipalArn`` value: a role session's role, else the caller."""


def _iam(world: World, account_id: str, partition: str) -> Any:
    spec = service("iam")
    assert spec is not None
    return world.backend(spec, account_id, partition)


def _entity_policies(entity: Any, kind: str) -> list[Policy]:
    found = [parse_policy(text, name, kind) for name, text in entity.inline.items()]
    for managed in entity.attached.values():
        version = managed.versions[managed.default_version_id]
        found.append(parse_policy(version.document, managed.name, managed_type(managed.arn)))
    return found


def managed_type(arn: str) -> str:
    """SimulatePolicy's source type of a managed policy: AWS's own, or the account's."""
    return "aws-managed" if arn.split(":")[4:5] == ["aws"] else "user-managed"


def _boundary(entity: Any) -> Policy | None:
    managed = entity.boundary
    if managed is None:
        return None
    version = managed.versions[managed.default_version_id]
    return parse_policy(version.document, managed.name, "user-managed")


def user_policies(user: Any) -> list[Policy]:
    """A user's inline and attached policies, then its groups'."""
    found = _entity_policies(user, "user")
    for group in user.groups.values():
        found.extend(_entity_policies(group, "group"))
    return found


def _session_policies(iam: Any, principal: Principal) -> tuple[Policy, ...] | None:
    session = principal.session
    if session is None:
        return None
    if not session.policies and not session.policy_arns and principal.kind != "federated-user":
        return None
    found = [parse_policy(text, "SessionPolicy", "none") for text in session.policies]
    for arn in session.policy_arns:
        name = arn.rsplit("/", 1)[-1]
        managed = iam.policies.get(name) or getattr(iam, "aws_policies", {}).get(arn)
        if managed is not None and managed.arn == arn:
            version = managed.versions[managed.default_version_id]
            found.append(parse_policy(version.document, arn, "user-managed"))
    return tuple(found)


def identity_of(world: World, principal: Principal, partition: str) -> IdentitySide:
    """Everything IAM holds about ``principal`` that decides its own permissions."""
    base = Caller(
        arn=principal.arn,
        account_id=principal.account_id,
        kind=principal.kind,
        user_id=principal.user_id,
        name=principal.name,
    )
    if principal.kind == "root":
        return IdentitySide(base, principal_arn=principal.arn)
    iam = _iam(world, principal.account_id, partition)
    with iam.lock:
        session = principal.session
        if principal.kind == "assumed-role":
            role_arn = session.source_arn if session else ""
            role = iam.roles.get(role_arn.rsplit("/", 1)[-1].lower()) if role_arn else None
            caller = attrs.evolve(base, role_arn=role_arn)
            tags = dict(_tags(role)) if role is not None else {}
            tags.update(session.tags if session else {})
            return IdentitySide(
                caller,
                tuple(_entity_policies(role, "role")) if role is not None else (),
                _boundary(role) if role is not None else None,
                _session_policies(iam, principal),
                tags,
                role_arn or principal.arn,
            )
        source = session.source_arn if session and principal.kind == "federated-user" else ""
        name = source.rsplit("/", 1)[-1] if source else principal.name
        user = iam.users.get(name.lower()) if name else None
        tags = dict(_tags(user)) if user is not None else {}
        if session is not None:
            tags.update(session.tags)
        return IdentitySide(
            base,
            tuple(user_policies(user)) if user is not None else (),
            _boundary(user) if user is not None else None,
            _session_policies(iam, principal),
            tags,
            principal.arn,
        )


def _tags(entity: Any) -> dict[str, str]:
    return {item["Key"]: item["Value"] for item in entity.tags.listed()}
