"""Customer managed policies and their versions."""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import catalogue, errors, ids, views
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import ManagedPolicy, PolicyVersion
from hookmock.backends.iam.policy_documents import check_managed_policy
from hookmock.backends.iam.tags import new_tags
from hookmock.shapes.paginate import Filtered, ListSource, Seekable, SortedIndex

POLICIES_QUOTA = 1500
VERSIONS_QUOTA = 5


def _version_view(version: PolicyVersion, policy: ManagedPolicy, *, document: bool) -> Any:
    shown: dict[str, Any] = {
        "VersionId": version.version_id,
        "IsDefaultVersion": version.version_id == policy.default_version_id,
        "CreateDate": version.created,
    }
    if document:
        shown["Document"] = views.encoded(version.document)
    return shown


class Merged:
    """Several sources keyed by policy name, merged by name; positions are [name, source]."""

    def __init__(self, sources: list[Seekable[ManagedPolicy]]) -> None:
        self._sources = sources

    def after(self, position: Any) -> Iterator[tuple[list[Any], ManagedPolicy]]:
        at_name, at_source = (None, -1) if position is None else position
        streams = []
        for index, source in enumerate(self._sources):
            # A source past the token's own one may still hold its name.
            start = at_name
            if at_name is not None and index > at_source:
                start = _before(at_name)
            streams.append(_tagged(source.after(start), index))
        for (name, index), policy in heapq.merge(*streams, key=lambda pair: pair[0]):
            if position is None or (name, index) > (at_name, at_source):
                yield [name, index], policy


def _tagged(
    items: Iterator[tuple[str, ManagedPolicy]], index: int
) -> Iterator[tuple[tuple[str, int], ManagedPolicy]]:
    return (((name, index), policy) for name, policy in items)


def _before(name: str) -> str | None:
    """A position just before ``name`` in name order: seeking after it yields ``name``."""
    return name[:-1] + chr(ord(name[-1]) - 1) + "\U0010ffff" if name else None


def _listed(policy: ManagedPolicy, params: Params) -> bool:
    """Whether ListPolicies' OnlyAttached, PathPrefix and PolicyUsageFilter keep ``policy``."""
    if not policy.path.startswith(params.get("PathPrefix", "/")):
        return False
    usage = params.get("PolicyUsageFilter")
    if params.get("OnlyAttached"):
        if usage == "PermissionsPolicy":
            return policy.attachment_count > 0
        if usage == "PermissionsBoundary":
            return policy.boundary_count > 0
        return policy.attachment_count + policy.boundary_count > 0
    return True


@attrs.define(eq=False)
class PolicyOperations(IamBase):
    @operation("CreatePolicy")
    def create_policy(self, call: Call, params: Params) -> Result:
        name, document = params["PolicyName"], params["PolicyDocument"]
        check_managed_policy(call, document)
        if name in self.policies:
            raise errors.already_exists(
                call, f"A policy called {name} already exists. Duplicate names are not allowed."
            )
        if len(self.policies) >= POLICIES_QUOTA:
            raise errors.quota_exceeded(call, "PoliciesPerAccount", POLICIES_QUOTA)
        tags = new_tags(call, params, "TagsPerPolicy", case_insensitive=False)
        path = params.get("Path", "/")
        now = self.now()
        policy = ManagedPolicy(
            name=name,
            path=path,
            policy_id=ids.unique_id(ids.POLICY),
            arn=self.arn("policy", path, name),
            description=params.get("Description", ""),
            created=now,
            updated=now,
            tags=tags,
        )
        policy.versions["v1"] = PolicyVersion("v1", document, now)
        self.policies[name] = policy
        shown = views.policy(policy)
        shown.pop("Description", None)
        return {"Policy": shown}

    @operation("GetPolicy")
    def get_policy(self, call: Call, params: Params) -> Result:
        return {"Policy": views.policy(self.policy(call, params["PolicyArn"]))}

    @operation("ListPolicies")
    def list_policies(self, call: Call, params: Params) -> Result:
        scope = params.get("Scope", "All")
        sources: list[Seekable[ManagedPolicy]] = []
        if scope in ("All", "AWS"):
            sources.append(self._aws_policies(params))
        if scope in ("All", "Local"):
            sources.append(self.policies)
        source = Filtered(Merged(sources), lambda policy: _listed(policy, params))
        return self.page(call, params, source, lambda policy: views.policy(policy, full=False))

    def _aws_policies(self, params: Params) -> Seekable[ManagedPolicy]:
        """AWS managed policies by name, with this account's attachment counts."""
        if params.get("OnlyAttached"):
            used = SortedIndex[str, ManagedPolicy]()
            for policy in self.aws_policies.values():
                used[policy.name] = policy
            return used
        shown = self.aws_policies
        partition = self.partition

        class AccountView:
            def after(self, position: Any) -> Iterator[tuple[str, ManagedPolicy]]:
                for name, entry in catalogue.load().after(position):
                    arn = catalogue.arn(entry, partition)
                    yield name, shown.get(arn) or catalogue.as_policy(entry, partition)

        return AccountView()

    @operation("DeletePolicy")
    def delete_policy(self, call: Call, params: Params) -> Result:
        policy = self.customer_policy(call, params["PolicyArn"])
        if policy.attachment_count or policy.boundary_count:
            raise errors.delete_conflict(call, "Cannot delete a policy attached to entities.")
        if len(policy.versions) > 1:
            raise errors.delete_conflict(
                call,
                "This policy has more than one version. Before you delete a policy, you must "
                "delete the policy's versions. The default version is deleted with the policy.",
            )
        self.policies.discard(policy.name)
        return {}

    @operation("CreatePolicyVersion")
    def create_policy_version(self, call: Call, params: Params) -> Result:
        policy = self.customer_policy(call, params["PolicyArn"])
        document = params["PolicyDocument"]
        check_managed_policy(call, document)
        if len(policy.versions) >= VERSIONS_QUOTA:
            raise errors.limit_exceeded(
                call,
                f"A managed policy can have up to {VERSIONS_QUOTA} versions. Before you create a "
                "new version, you must delete an existing version.",
            )
        version = PolicyVersion(f"v{policy.next_version}", document, self.now())
        policy.next_version += 1
        policy.versions[version.version_id] = version
        if params.get("SetAsDefault"):
            policy.default_version_id = version.version_id
            policy.updated = version.created
        return {"PolicyVersion": _version_view(version, policy, document=False)}

    def _version(self, call: Call, policy: ManagedPolicy, version_id: str) -> PolicyVersion:
        found = policy.versions.get(version_id)
        if found is None:
            raise errors.no_such_entity(
                call, f"Policy {policy.arn} version {version_id} does not exist."
            )
        return found

    @operation("GetPolicyVersion")
    def get_policy_version(self, call: Call, params: Params) -> Result:
        policy = self.policy(call, params["PolicyArn"])
        version = self._version(call, policy, params["VersionId"])
        return {"PolicyVersion": _version_view(version, policy, document=True)}

    @operation("ListPolicyVersions")
    def list_policy_versions(self, call: Call, params: Params) -> Result:
        policy = self.policy(call, params["PolicyArn"])
        newest_first = list(reversed(policy.versions.values()))
        return self.page(
            call,
            params,
            ListSource(newest_first),
            lambda version: _version_view(version, policy, document=False),
            scope=policy.policy_id,
        )

    @operation("DeletePolicyVersion")
    def delete_policy_version(self, call: Call, params: Params) -> Result:
        policy = self.customer_policy(call, params["PolicyArn"])
        version = self._version(call, policy, params["VersionId"])
        if version.version_id == policy.default_version_id:
            raise errors.delete_conflict(call, "Cannot delete the default version of a policy.")
        del policy.versions[version.version_id]
        return {}

    @operation("SetDefaultPolicyVersion")
    def set_default_policy_version(self, call: Call, params: Params) -> Result:
        policy = self.customer_policy(call, params["PolicyArn"])
        version = self._version(call, policy, params["VersionId"])
        policy.default_version_id = version.version_id
        policy.updated = self.now()
        return {}
