"""Managed policies attached to users, groups and roles, and who a policy is attached to."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import catalogue, errors
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import Group, ManagedPolicy, Principal, Role, User
from hookmock.shapes.paginate import ListSource

ATTACHED_POLICIES_QUOTA = 10
"""Managed policies attached to one user, group or role (IAM's default quota)."""

_KIND = {User: ("User", "users"), Group: ("Group", "groups"), Role: ("Role", "roles")}


def _attach(call: Call, entity: Principal, policy: ManagedPolicy) -> None:
    if policy.arn in entity.attached:
        return
    kind, holders = _KIND[type(entity)]
    if len(entity.attached) >= ATTACHED_POLICIES_QUOTA:
        raise errors.quota_exceeded(call, f"PoliciesPer{kind}", ATTACHED_POLICIES_QUOTA)
    entity.attached[policy.arn] = policy
    getattr(policy, holders)[entity.key] = entity


def _detach(call: Call, entity: Principal, arn: str) -> None:
    policy = entity.attached.pop(arn, None)
    if policy is None:
        raise errors.no_such_policy(call, arn)
    getattr(policy, _KIND[type(entity)][1]).pop(entity.key, None)


def _attached_view(policy: ManagedPolicy) -> dict[str, str]:
    return {"PolicyName": policy.name, "PolicyArn": policy.arn}


def _entity_view(entity: Principal) -> tuple[str, dict[str, str]]:
    kind = _KIND[type(entity)][0]
    return f"Policy{kind}s", {f"{kind}Name": entity.name, f"{kind}Id": entity.unique_id}


@attrs.define(eq=False)
class AttachmentOperations(IamBase):
    def _attachable(self, call: Call, arn: str) -> ManagedPolicy:
        return self.policy(call, arn, missing=errors.not_attachable)

    def _list_attached(self, call: Call, params: Params, entity: Principal) -> dict[str, Any]:
        prefix = params.get("PathPrefix", "/")
        policies = [p for p in entity.attached.values() if p.path.startswith(prefix)]
        return self.page(call, params, ListSource(policies), _attached_view, scope=entity.unique_id)

    @operation("AttachUserPolicy")
    def attach_user_policy(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        _attach(call, user, self._attachable(call, params["PolicyArn"]))
        return {}

    @operation("AttachGroupPolicy")
    def attach_group_policy(self, call: Call, params: Params) -> Result:
        group = self.group(call, params["GroupName"])
        _attach(call, group, self._attachable(call, params["PolicyArn"]))
        return {}

    @operation("AttachRolePolicy")
    def attach_role_policy(self, call: Call, params: Params) -> Result:
        role = self.role(call, params["RoleName"])
        _attach(call, role, self._attachable(call, params["PolicyArn"]))
        return {}

    @operation("DetachUserPolicy")
    def detach_user_policy(self, call: Call, params: Params) -> Result:
        _detach(call, self.user(call, params["UserName"]), params["PolicyArn"])
        return {}

    @operation("DetachGroupPolicy")
    def detach_group_policy(self, call: Call, params: Params) -> Result:
        _detach(call, self.group(call, params["GroupName"]), params["PolicyArn"])
        return {}

    @operation("DetachRolePolicy")
    def detach_role_policy(self, call: Call, params: Params) -> Result:
        _detach(call, self.role(call, params["RoleName"]), params["PolicyArn"])
        return {}

    @operation("ListAttachedUserPolicies")
    def list_attached_user_policies(self, call: Call, params: Params) -> Result:
        return self._list_attached(call, params, self.user(call, params["UserName"]))

    @operation("ListAttachedGroupPolicies")
    def list_attached_group_policies(self, call: Call, params: Params) -> Result:
        return self._list_attached(call, params, self.group(call, params["GroupName"]))

    @operation("ListAttachedRolePolicies")
    def list_attached_role_policies(self, call: Call, params: Params) -> Result:
        return self._list_attached(call, params, self.role(call, params["RoleName"]))

    @operation("ListEntitiesForPolicy")
    def list_entities_for_policy(self, call: Call, params: Params) -> Result:
        policy = self.policy(call, params["PolicyArn"])
        entities = _entities(policy, params)
        page = self.page(call, params, ListSource(entities), _entity_view, scope=policy.policy_id)
        result: dict[str, Any] = {"PolicyGroups": [], "PolicyUsers": [], "PolicyRoles": []}
        for member, shown in page.pop("PolicyGroups"):
            result[member].append(shown)
        return {**result, **page}


def _entities(policy: ManagedPolicy, params: Params) -> list[Principal]:
    """Who ListEntitiesForPolicy names: groups, then users, then roles, each by name."""
    usage = params.get("PolicyUsageFilter")
    wanted = params.get("EntityFilter")
    if wanted in ("AWSManagedPolicy", "LocalManagedPolicy"):
        if (wanted == "AWSManagedPolicy") != catalogue.is_aws_managed(policy.arn):
            return []
        wanted = None
    prefix = params.get("PathPrefix", "/")
    holders: list[tuple[str, dict[str, Any]]] = []
    if usage in (None, "PermissionsPolicy"):
        holders += [("Group", policy.groups), ("User", policy.users), ("Role", policy.roles)]
    if usage in (None, "PermissionsBoundary"):
        holders += [("User", policy.boundary_users), ("Role", policy.boundary_roles)]
    found: dict[tuple[int, str], Principal] = {}
    order = {"Group": 0, "User": 1, "Role": 2}
    for kind, entities in holders:
        if wanted in (None, kind):
            for key, entity in entities.items():
                if entity.path.startswith(prefix):
                    found[(order[kind], key)] = entity
    return [found[at] for at in sorted(found)]
