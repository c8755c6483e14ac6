"""Tags on users, roles, managed policies and instance profiles: Tag*, Untag*, List*Tags;
and the rules every taggable IAM entity shares."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import Tags
from hookmock.shapes.paginate import ListSource

MAX_TAGS = 50


def apply_tags(call: Call, tags: Tags, given: list[dict[str, str]], quota: str) -> None:
    """Add or replace ``given`` on ``tags``; nothing changes if any rule fails."""
    keys = [tag["Key"] for tag in given]
    folded = [key.lower() if tags.case_insensitive else key for key in keys]
    if len(set(folded)) != len(folded):
        raise errors.invalid_input(
            call, "Duplicate tag keys found. Please note that Tag keys are case insensitive."
        )
    if tags.merged_count(keys) > MAX_TAGS:
        raise errors.quota_exceeded(call, quota, MAX_TAGS)
    for tag in given:
        tags.set(tag["Key"], tag["Value"])


def new_tags(call: Call, params: Params, quota: str, *, case_insensitive: bool) -> Tags:
    """The tags a Create call asks for, checked."""
    tags = Tags(case_insensitive=case_insensitive)
    apply_tags(call, tags, params.get("Tags") or [], quota)
    return tags


def tag_page(
    backend: IamBase, call: Call, params: Params, tags: Tags, scope: str
) -> dict[str, Any]:
    return backend.page(call, params, ListSource(tags.listed()), lambda tag: tag, scope=scope)


@attrs.define(eq=False)
class TagOperations(IamBase):
    @operation("TagUser")
    def tag_user(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        apply_tags(call, user.tags, params["Tags"], "TagsPerUser")
        return {}

    @operation("UntagUser")
    def untag_user(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        for key in params["TagKeys"]:
            user.tags.remove(key)
        return {}

    @operation("ListUserTags")
    def list_user_tags(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        return tag_page(self, call, params, user.tags, user.unique_id)

    @operation("TagRole")
    def tag_role(self, call: Call, params: Params) -> Result:
        role = self.role(call, params["RoleName"])
        apply_tags(call, role.tags, params["Tags"], "TagsPerRole")
        return {}

    @operation("UntagRole")
    def untag_role(self, call: Call, params: Params) -> Result:
        role = self.role(call, params["RoleName"])
        for key in params["TagKeys"]:
            role.tags.remove(key)
        return {}

    @operation("ListRoleTags")
    def list_role_tags(self, call: Call, params: Params) -> Result:
        role = self.role(call, params["RoleName"])
        return tag_page(self, call, params, role.tags, role.unique_id)

    @operation("TagPolicy")
    def tag_policy(self, call: Call, params: Params) -> Result:
        policy = self.customer_policy(call, params["PolicyArn"])
        apply_tags(call, policy.tags, params["Tags"], "TagsPerPolicy")
        return {}

    @operation("UntagPolicy")
    def untag_policy(self, call: Call, params: Params) -> Result:
        policy = self.customer_policy(call, params["PolicyArn"])
        for key in params["TagKeys"]:
            policy.tags.remove(key)
        return {}

    @operation("ListPolicyTags")
    def list_policy_tags(self, call: Call, params: Params) -> Result:
        policy = self.policy(call, params["PolicyArn"])
        return tag_page(self, call, params, policy.tags, policy.policy_id)

    @operation("TagInstanceProfile")
    def tag_instance_profile(self, call: Call, params: Params) -> Result:
        profile = self.instance_profile(call, params["InstanceProfileName"])
        apply_tags(call, profile.tags, params["Tags"], "TagsPerInstanceProfile")
        return {}

    @operation("UntagInstanceProfile")
    def untag_instance_profile(self, call: Call, params: Params) -> Result:
        profile = self.instance_profile(call, params["InstanceProfileName"])
        for key in params["TagKeys"]:
            profile.tags.remove(key)
        return {}

    @operation("ListInstanceProfileTags")
    def list_instance_profile_tags(self, call: Call, params: Params) -> Result:
        profile = self.instance_profile(call, params["InstanceProfileName"])
        return tag_page(self, call, params, profile.tags, profile.profile_id)
