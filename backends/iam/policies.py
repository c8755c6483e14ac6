"""Customer managed policies and their versions."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock._errors import FeatureNotImplemented
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, ids, views
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import ManagedPolicy, PolicyVersion
from hookmock.backends.iam.policy_documents import check_managed_policy
from hookmock.backends.iam.tags import new_tags
from hookmock.shapes.paginate import Filtered, ListSource

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
        only_attached = bool(params.get("OnlyAttached"))
        if scope == "AWS" and only_attached:
            # No AWS managed policy can be attached in hookmock (see base.policy).
            return {"Policies": [], "IsTruncated": False}
        if scope != "Local" and not only_attached:
            raise FeatureNotImplemented(
                "iam", "ListPolicies", f"Scope={scope} (AWS managed policies); use Scope='Local'"
            )
        source = Filtered(self.policies, lambda policy: _listed(policy, params))
        return self.page(call, params, source, lambda policy: views.policy(policy, full=False))

    @operation("DeletePolicy")
    def delete_policy(self, call: Call, params: Params) -> Result:
        policy = self.policy(call, params["PolicyArn"])
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
        policy = self.policy(call, params["PolicyArn"])
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
        policy = self.policy(call, params["PolicyArn"])
        version = self._version(call, policy, params["VersionId"])
        if version.version_id == policy.default_version_id:
            raise errors.delete_conflict(call, "Cannot delete the default version of a policy.")
        del policy.versions[version.version_id]
        return {}

    @operation("SetDefaultPolicyVersion")
    def set_default_policy_version(self, call: Call, params: Params) -> Result:
        policy = self.policy(call, params["PolicyArn"])
        version = self._version(call, policy, params["VersionId"])
        policy.default_version_id = version.version_id
        policy.updated = self.now()
        return {}
