"""IAM users: create, read, rename, delete, list, and their permissions boundary."""

from __future__ import annotations

import attrs

from hookmock._world import Principal as Caller
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, ids, views
from hookmock.backends.iam.base import IamBase, under_path
from hookmock.backends.iam.boundaries import boundary_policy, set_boundary
from hookmock.backends.iam.models import User
from hookmock.backends.iam.tags import new_tags

USERS_QUOTA = 5000


def caller_of(user: User, account_id: str) -> Caller:
    """Who a call signed with one of ``user``'s access keys comes from."""
    return Caller(account_id, user.arn, user.unique_id, kind="user", name=user.name)


@attrs.define(eq=False)
class UserOperations(IamBase):
    @operation("CreateUser")
    def create_user(self, call: Call, params: Params) -> Result:
        name = params["UserName"]
        if name.lower() in self.users:
            raise errors.already_exists(call, f"User with name {name} already exists.")
        if len(self.users) >= USERS_QUOTA:
            raise errors.quota_exceeded(call, "UsersPerAccount", USERS_QUOTA)
        boundary_arn = params.get("PermissionsBoundary")
        boundary = boundary_policy(self, call, boundary_arn) if boundary_arn else None
        tags = new_tags(call, params, "TagsPerUser", case_insensitive=True)
        path = params.get("Path", "/")
        user = User(
            name=name,
            path=path,
            unique_id=ids.unique_id(ids.USER),
            arn=self.arn("user", path, name),
            created=self.now(),
            tags=tags,
        )
        set_boundary(user, boundary)
        self.users[user.key] = user
        return {"User": views.user(user)}

    @operation("GetUser")
    def get_user(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "GetUser")
        return {"User": views.user(user)}

    @operation("UpdateUser")
    def update_user(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        new_name = params.get("NewUserName", user.name)
        new_path = params.get("NewPath", user.path)
        old_key = self.rename(call, self.users, user, "user", new_name, new_path)
        if old_key is not None:
            for group in user.groups.values():
                group.members.discard(old_key)
                group.members[user.key] = user
            for policy in user.attached.values():
                policy.users[user.key] = policy.users.pop(old_key)
            if user.boundary is not None:
                user.boundary.boundary_users[user.key] = user.boundary.boundary_users.pop(old_key)
        for key in user.access_keys:
            self.world.register_access_key(key, caller_of(user, self.account_id))
        return {}

    @operation("DeleteUser")
    def delete_user(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        for present, what in (
            (user.login_profile is not None, "must delete login profile first"),
            (bool(user.access_keys), "must delete access keys first"),
            (bool(user.inline), "must delete policies first"),
            (bool(user.attached), "must detach all policies first"),
            (bool(user.groups), "must remove user from all groups first"),
            (bool(user.mfa_devices), "must delete MFA device first"),
            (bool(user.signing_certificates), "must delete signing certificates first"),
            (bool(user.ssh_keys), "must delete SSH public keys first"),
        ):
            if present:
                raise errors.delete_conflict(call, f"Cannot delete entity, {what}.")
        set_boundary(user, None)
        self.users.discard(user.key)
        return {}

    @operation("ListUsers")
    def list_users(self, call: Call, params: Params) -> Result:
        source = under_path(self.users, params)
        return self.page(call, params, source, lambda user: views.user(user, full=False))

    @operation("PutUserPermissionsBoundary")
    def put_user_permissions_boundary(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        set_boundary(user, boundary_policy(self, call, params["PermissionsBoundary"]))
        return {}

    @operation("DeleteUserPermissionsBoundary")
    def delete_user_permissions_boundary(self, call: Call, params: Params) -> Result:
        set_boundary(self.user(call, params["UserName"]), None)
        return {}
