"""IAM groups and their members."""

from __future__ import annotations

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, ids, views
from hookmock.backends.iam.base import IamBase, under_path
from hookmock.backends.iam.models import Group
from hookmock.shapes.paginate import ListSource

GROUPS_QUOTA = 300
GROUPS_PER_USER_QUOTA = 10


@attrs.define(eq=False)
class GroupOperations(IamBase):
    @operation("CreateGroup")
    def create_group(self, call: Call, params: Params) -> Result:
        name = params["GroupName"]
        if name.lower() in self.groups:
            raise errors.already_exists(call, f"Group with name {name} already exists.")
        if len(self.groups) >= GROUPS_QUOTA:
            raise errors.quota_exceeded(call, "GroupsPerAccount", GROUPS_QUOTA)
        path = params.get("Path", "/")
        group = Group(
            name=name,
            path=path,
            unique_id=ids.unique_id(ids.GROUP),
            arn=self.arn("group", path, name),
            created=self.now(),
        )
        self.groups[group.key] = group
        return {"Group": views.group(group)}

    @operation("GetGroup")
    def get_group(self, call: Call, params: Params) -> Result:
        group = self.group(call, params["GroupName"])
        page = self.page(
            call,
            params,
            group.members,
            lambda user: views.user(user, full=False),
            scope=group.unique_id,
        )
        return {"Group": views.group(group), **page}

    @operation("UpdateGroup")
    def update_group(self, call: Call, params: Params) -> Result:
        group = self.group(call, params["GroupName"])
        new_name = params.get("NewGroupName", group.name)
        new_path = params.get("NewPath", group.path)
        if new_name.lower() != group.key and new_name.lower() in self.groups:
            raise errors.already_exists(call, f"Group with name {new_name} already exists.")
        old_key = group.key
        group.name, group.path = new_name, new_path
        group.arn = self.arn("group", new_path, new_name)
        if old_key != group.key:
            self.groups.pop(old_key)
            self.groups[group.key] = group
            for user in group.members.values():
                user.groups[group.key] = user.groups.pop(old_key)
            for policy in group.attached.values():
                policy.groups[group.key] = policy.groups.pop(old_key)
        return {}

    @operation("DeleteGroup")
    def delete_group(self, call: Call, params: Params) -> Result:
        group = self.group(call, params["GroupName"])
        for present, what in (
            (len(group.members) > 0, "must remove users from group first"),
            (bool(group.inline), "must delete policies first"),
            (bool(group.attached), "must detach all policies first"),
        ):
            if present:
                raise errors.delete_conflict(call, f"Cannot delete entity, {what}.")
        self.groups.discard(group.key)
        return {}

    @operation("ListGroups")
    def list_groups(self, call: Call, params: Params) -> Result:
        return self.page(call, params, under_path(self.groups, params), views.group)

    @operation("AddUserToGroup")
    def add_user_to_group(self, call: Call, params: Params) -> Result:
        group = self.group(call, params["GroupName"])
        user = self.user(call, params["UserName"])
        if group.key in user.groups:
            return {}
        if len(user.groups) >= GROUPS_PER_USER_QUOTA:
            raise errors.quota_exceeded(call, "GroupsPerUser", GROUPS_PER_USER_QUOTA)
        user.groups[group.key] = group
        group.members[user.key] = user
        return {}

    @operation("RemoveUserFromGroup")
    def remove_user_from_group(self, call: Call, params: Params) -> Result:
        group = self.group(call, params["GroupName"])
        user = self.user(call, params["UserName"])
        if group.key not in user.groups:
            raise errors.no_such_entity(call, f"User {user.name} is not in group {group.name}.")
        del user.groups[group.key]
        group.members.discard(user.key)
        return {}

    @operation("ListGroupsForUser")
    def list_groups_for_user(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        groups = sorted(user.groups.values(), key=lambda group: group.key)
        return self.page(call, params, ListSource(groups), views.group, scope=user.unique_id)
