"""GetAccountAuthorizationDetails: every user, group, role and policy with what it grants."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import views
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import Group, ManagedPolicy, Principal, Role, User
from hookmock.backends.iam.policies import Merged
from hookmock.shapes.paginate import Seekable, SortedIndex

FILTERS = ("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy")
LISTS = {
    "User": "UserDetailList",
    "Group": "GroupDetailList",
    "Role": "RoleDetailList",
    "Policy": "Policies",
}
"""Each section of the answer and the list it fills, in the order IAM pages them."""


class Sections:
    """Several seekable sources one after another; positions are [section, position]."""

    def __init__(self, sections: list[tuple[str, Seekable[Any]]]) -> None:
        self._sections = sections

    def after(self, position: Any) -> Iterator[tuple[list[Any], tuple[str, Any]]]:
        names = [name for name, _ in self._sections]
        at_section, at = (names[0] if names else None, None) if position is None else position
        if at_section not in names:
            return
        start = names.index(at_section)
        for index in range(start, len(self._sections)):
            name, source = self._sections[index]
            for inner, item in source.after(at if index == start else None):
                yield [name, inner], (name, item)


def _inline(entity: Principal) -> list[dict[str, str]]:
    return [
        {"PolicyName": name, "PolicyDocument": views.encoded(entity.inline[name])}
        for name in sorted(entity.inline)
    ]


def _attached(entity: Principal) -> list[dict[str, str]]:
    return [{"PolicyName": p.name, "PolicyArn": p.arn} for p in entity.attached.values()]


def _boundary(entity: User | Role) -> dict[str, Any]:
    if entity.boundary is None:
        return {}
    return {
        "PermissionsBoundary": {
            "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
            "PermissionsBoundaryArn": entity.boundary.arn,
        }
    }


def user_detail(user: User) -> dict[str, Any]:
    return {
        "Path": user.path,
        "UserName": user.name,
        "UserId": user.unique_id,
        "Arn": user.arn,
        "CreateDate": user.created,
        "UserPolicyList": _inline(user),
        "GroupList": sorted(group.name for group in user.groups.values()),
        "AttachedManagedPolicies": _attached(user),
        **_boundary(user),
        "Tags": user.tags.listed(),
    }


def group_detail(group: Group) -> dict[str, Any]:
    return {
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.unique_id,
        "Arn": group.arn,
        "CreateDate": group.created,
        "GroupPolicyList": _inline(group),
        "AttachedManagedPolicies": _attached(group),
    }


def role_detail(role: Role) -> dict[str, Any]:
    profiles = sorted(role.instance_profiles.values(), key=lambda profile: profile.key)
    return {
        "Path": role.path,
        "RoleName": role.name,
        "RoleId": role.unique_id,
        "Arn": role.arn,
        "CreateDate": role.created,
        "AssumeRolePolicyDocument": views.encoded(role.trust_policy),
        "InstanceProfileList": [views.instance_profile(profile) for profile in profiles],
        "RolePolicyList": _inline(role),
        "AttachedManagedPolicies": _attached(role),
        **_boundary(role),
        "Tags": role.tags.listed(),
        "RoleLastUsed": views.role(role)["RoleLastUsed"],
    }


def policy_detail(policy: ManagedPolicy) -> dict[str, Any]:
    shown = views.policy(policy, full=True)
    shown.pop("Tags", None)
    shown["PolicyVersionList"] = [
        {
            "Document": views.encoded(version.document),
            "VersionId": version.version_id,
            "IsDefaultVersion": version.version_id == policy.default_version_id,
            "CreateDate": version.created,
        }
        for version in reversed(policy.versions.values())
    ]
    return shown


_DETAIL: dict[str, Callable[[Any], dict[str, Any]]] = {
    "User": user_detail,
    "Group": group_detail,
    "Role": role_detail,
    "Policy": policy_detail,
}


@attrs.define(eq=False)
class AuthorizationDetailsOperations(IamBase):
    def _aws_policies_in_use(self) -> SortedIndex[str, ManagedPolicy]:
        """The AWS managed policies attached to something in this account (IAM lists no others)."""
        used = SortedIndex[str, ManagedPolicy]()
        for policy in self.aws_policies.values():
            if policy.attachment_count or policy.boundary_count:
                used[policy.name] = policy
        return used

    @operation("GetAccountAuthorizationDetails")
    def get_account_authorization_details(self, call: Call, params: Params) -> Result:
        self.settle_deletions()
        wanted = set(params.get("Filter") or FILTERS)
        sections: list[tuple[str, Seekable[Any]]] = []
        for kind, source in (("User", self.users), ("Group", self.groups), ("Role", self.roles)):
            if kind in wanted:
                sections.append((kind, source))
        policy_sources: list[Seekable[ManagedPolicy]] = []
        if "AWSManagedPolicy" in wanted:
            policy_sources.append(self._aws_policies_in_use())
        if "LocalManagedPolicy" in wanted:
            policy_sources.append(self.policies)
        if policy_sources:
            sections.append(("Policy", Merged(policy_sources)))
        page = self.page(
            call,
            params,
            Sections(sections),
            lambda item: (item[0], _DETAIL[item[0]](item[1])),
            scope=",".join(sorted(wanted)),
        )
        result: dict[str, Any] = {name: [] for name in LISTS.values()}
        for kind, shown in page.pop("UserDetailList"):
            result[LISTS[kind]].append(shown)
        return {**result, **page}
