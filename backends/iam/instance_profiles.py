"""Instance profiles: the container that hands one role to an EC2 instance."""

from __future__ import annotations

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, ids, views
from hookmock.backends.iam.base import IamBase, under_path
from hookmock.backends.iam.models import InstanceProfile
from hookmock.backends.iam.tags import new_tags
from hookmock.shapes.paginate import ListSource

INSTANCE_PROFILES_QUOTA = 1000


@attrs.define(eq=False)
class InstanceProfileOperations(IamBase):
    @operation("CreateInstanceProfile")
    def create_instance_profile(self, call: Call, params: Params) -> Result:
        name = params["InstanceProfileName"]
        if name.lower() in self.instance_profiles:
            raise errors.already_exists(call, f"Instance Profile {name} already exists.")
        if len(self.instance_profiles) >= INSTANCE_PROFILES_QUOTA:
            raise errors.quota_exceeded(call, "InstanceProfilesPerAccount", INSTANCE_PROFILES_QUOTA)
        tags = new_tags(call, params, "TagsPerInstanceProfile", case_insensitive=False)
        path = params.get("Path", "/")
        profile = InstanceProfile(
            name=name,
            path=path,
            profile_id=ids.unique_id(ids.INSTANCE_PROFILE),
            arn=self.arn("instance-profile", path, name),
            created=self.now(),
            tags=tags,
        )
        self.instance_profiles[profile.key] = profile
        return {"InstanceProfile": views.instance_profile(profile)}

    @operation("GetInstanceProfile")
    def get_instance_profile(self, call: Call, params: Params) -> Result:
        profile = self.instance_profile(call, params["InstanceProfileName"])
        return {"InstanceProfile": views.instance_profile(profile)}

    @operation("DeleteInstanceProfile")
    def delete_instance_profile(self, call: Call, params: Params) -> Result:
        profile = self.instance_profile(call, params["InstanceProfileName"])
        if profile.role is not None:
            raise errors.delete_conflict(
                call, "Cannot delete entity, must remove roles from instance profile first."
            )
        self.instance_profiles.discard(profile.key)
        return {}

    @operation("ListInstanceProfiles")
    def list_instance_profiles(self, call: Call, params: Params) -> Result:
        source = under_path(self.instance_profiles, params)
        return self.page(call, params, source, views.instance_profile)

    @operation("AddRoleToInstanceProfile")
    def add_role_to_instance_profile(self, call: Call, params: Params) -> Result:
        profile = self.instance_profile(call, params["InstanceProfileName"])
        role = self.role(call, params["RoleName"])
        if profile.role is not None:
            raise errors.quota_exceeded(call, "InstanceSessionsPerInstanceProfile", 1)
        profile.role = role
        role.instance_profiles[profile.key] = profile
        return {}

    @operation("RemoveRoleFromInstanceProfile")
    def remove_role_from_instance_profile(self, call: Call, params: Params) -> Result:
        profile = self.instance_profile(call, params["InstanceProfileName"])
        role = self.role(call, params["RoleName"])
        if profile.role is not role:
            raise errors.no_such_role(call, role.name)
        profile.role = None
        del role.instance_profiles[profile.key]
        return {}

    @operation("ListInstanceProfilesForRole")
    def list_instance_profiles_for_role(self, call: Call, params: Params) -> Result:
        role = self.role(call, params["RoleName"])
        profiles = sorted(role.instance_profiles.values(), key=lambda profile: profile.key)
        return self.page(
            call, params, ListSource(profiles), views.instance_profile, scope=role.unique_id
        )
