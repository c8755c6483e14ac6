"""IAM roles: trust policy, session duration, description, permissions boundary."""

from __future__ import annotations

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, ids, views
from hookmock.backends.iam.base import IamBase, under_path
from hookmock.backends.iam.boundaries import boundary_policy, set_boundary
from hookmock.backends.iam.models import Role
from hookmock.backends.iam.policy_documents import check_trust_policy
from hookmock.backends.iam.tags import new_tags

ROLES_QUOTA = 1000


@attrs.define(eq=False)
class RoleOperations(IamBase):
    @operation("CreateRole")
    def create_role(self, call: Call, params: Params) -> Result:
        name = params["RoleName"]
        document = params["AssumeRolePolicyDocument"]
        check_trust_policy(call, document)
        self.settle_deletions()
        if name.lower() in self.roles:
            raise errors.already_exists(call, f"Role with name {name} already exists.")
        if len(self.roles) >= ROLES_QUOTA:
            raise errors.quota_exceeded(call, "RolesPerAccount", ROLES_QUOTA)
        boundary_arn = params.get("PermissionsBoundary")
        boundary = boundary_policy(self, call, boundary_arn) if boundary_arn else None
        tags = new_tags(call, params, "TagsPerRole", case_insensitive=True)
        path = params.get("Path", "/")
        role = Role(
            name=name,
            path=path,
            unique_id=ids.unique_id(ids.ROLE),
            arn=self.arn("role", path, name),
            created=self.now(),
            trust_policy=document,
            description=params.get("Description"),
            max_session_duration=params.get("MaxSessionDuration", 3600),
            tags=tags,
        )
        set_boundary(role, boundary)
        self.roles[role.key] = role
        return {"Role": views.role(role, last_used=False)}

    @operation("GetRole")
    def get_role(self, call: Call, params: Params) -> Result:
        return {"Role": views.role(self.role(call, params["RoleName"]))}

    @operation("UpdateRole")
    def update_role(self, call: Call, params: Params) -> Result:
        role = self.role(call, params["RoleName"])
        if "Description" in params:
            role.description = params["Description"]
        if "MaxSessionDuration" in params:
            role.max_session_duration = params["MaxSessionDuration"]
        return {}

    @operation("UpdateRoleDescription")
    def update_role_description(self, call: Call, params: Params) -> Result:
        role = self.role(call, params["RoleName"])
        role.description = params["Description"]
        return {"Role": views.role(role)}

    @operation("UpdateAssumeRolePolicy")
    def update_assume_role_policy(self, call: Call, params: Params) -> Result:
        role = self.changeable_role(call, params["RoleName"])
        check_trust_policy(call, params["PolicyDocument"])
        role.trust_policy = params["PolicyDocument"]
        return {}

    @operation("DeleteRole")
    def delete_role(self, call: Call, params: Params) -> Result:
        role = self.changeable_role(call, params["RoleName"])
        for present, what in (
            (bool(role.instance_profiles), "must remove roles from instance profile first"),
            (bool(role.inline), "must delete policies first"),
            (bool(role.attached), "must detach all policies first"),
        ):
            if present:
                raise errors.delete_conflict(call, f"Cannot delete entity, {what}.")
        set_boundary(role, None)
        self.roles.discard(role.key)
        return {}

    @operation("ListRoles")
    def list_roles(self, call: Call, params: Params) -> Result:
        self.settle_deletions()
        source = under_path(self.roles, params)
        return self.page(call, params, source, lambda role: views.role(role, full=False))

    @operation("PutRolePermissionsBoundary")
    def put_role_permissions_boundary(self, call: Call, params: Params) -> Result:
        role = self.changeable_role(call, params["RoleName"])
        set_boundary(role, boundary_policy(self, call, params["PermissionsBoundary"]))
        return {}

    @operation("DeleteRolePermissionsBoundary")
    def delete_role_permissions_boundary(self, call: Call, params: Params) -> Result:
        set_boundary(self.changeable_role(call, params["RoleName"]), None)
        return {}
