"""Permissions boundaries: a managed policy that caps a user's or role's permissions."""

from __future__ import annotations

from hookmock.backends._core import Call
from hookmock.backends.iam import errors
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import ManagedPolicy, Role, User


def _not_attachable(call: Call, arn: str) -> Exception:
    return errors.no_such_entity(call, f"Scope ARN: {arn} does not exist or is not attachable.")


def boundary_policy(backend: IamBase, call: Call, arn: str) -> ManagedPolicy:
    """The managed policy ``arn`` names, to be used as a permissions boundary."""
    return backend.policy(call, arn, missing=_not_attachable)


def set_boundary(entity: User | Role, policy: ManagedPolicy | None) -> None:
    """Make ``policy`` (or nothing) ``entity``'s boundary, keeping usage counts right."""
    uses = policy_uses(entity)
    if entity.boundary is not None:
        getattr(entity.boundary, uses).pop(entity.key, None)
    entity.boundary = policy
    if policy is not None:
        getattr(policy, uses)[entity.key] = entity


def policy_uses(entity: User | Role) -> str:
    return "boundary_users" if isinstance(entity, User) else "boundary_roles"
