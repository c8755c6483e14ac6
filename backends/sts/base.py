"""What STS operations share: the roles they assume (in IAM), and role sessions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from hookmock._world import Principal, Session
from hookmock.backends._core import Backend, Call
from hookmock.backends.iam import SERVICE as IAM
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import Role
from hookmock.backends.sts import credentials, errors
from hookmock.backends.sts.limits import SessionPolicies, SessionTags, packed_size
from hookmock.backends.sts.trust import check_trust

_ROLE_ARN = re.compile(r"arn:([\w-]+):iam::(\d{12}):role(/(?:[^/]+/)*)([\w+=,.@-]+)")

DEFAULT_REGION = "us-east-1"


@attrs.frozen
class RoleRequest:
    """One request for a role session, whichever AssumeRole* operation makes it."""

    role: Role
    account_id: str
    session_name: str
    duration: int
    policies: SessionPolicies
    tags: SessionTags
    source_identity: str | None
    actions: tuple[str, ...]
    context: Mapping[str, Any]


@attrs.define(eq=False)
class StsBase(Backend):
    def now(self) -> dt.datetime:
        # STS reports Expiration to the second.
        return self.world.clock.now().replace(microsecond=0)

    def iam(self, account_id: str, partition: str) -> IamBase:
        backend: IamBase = self.world.backend(IAM, account_id, partition)
        return backend

    def find_role(self, call: Call, arn: str, denied: Callable[[], Exception]) -> tuple[Role, str]:
        """The role ``arn`` names and its account; ``denied()`` where there is none:
        AWS answers AccessDenied rather than say whether a role exists."""
        match = _ROLE_ARN.fullmatch(arn)
        if match is None:
            raise errors.validation(call, f"{arn} is invalid")
        partition, account_id, path, name = match.groups()
        if partition != call.partition:
            raise denied()
        iam = self.iam(account_id, partition)
        with iam.lock:
            role = iam.roles.get(name.lower())
        if role is None or role.path != path or role.name != name:
            raise denied()
        return role, account_id

    def start_role_session(self, call: Call, request: RoleRequest) -> dict[str, Any]:
        """Check the request against the role's trust policy, issue the session's
        credentials and record the role's use: the answer's shared members."""
        size = packed_size(call, request.policies, request.tags.passed)
        check_trust(call, request.role, request.actions, request.context)
        role = request.role
        now = self.now()
        session = Session(
            source_arn=role.arn,
            name=request.session_name,
            expiration=now + dt.timedelta(seconds=request.duration),
            policies=request.policies.documents,
            policy_arns=request.policies.arns,
            tags=request.tags.tags,
            transitive_tag_keys=request.tags.transitive,
            source_identity=request.source_identity,
        )
        arn = (
            f"arn:{call.partition}:sts::{request.account_id}:assumed-role/"
            f"{role.name}/{request.session_name}"
        )
        user_id = f"{role.unique_id}:{request.session_name}"
        principal = Principal(
            request.account_id, arn, user_id, kind="assumed-role", name=role.name, session=session
        )
        iam = self.iam(request.account_id, call.partition)
        with iam.lock:
            role.last_used = now
            role.last_used_region = call.region or DEFAULT_REGION
        answer: dict[str, Any] = {
            "Credentials": credentials.issue(self.world, principal),
            "AssumedRoleUser": {"AssumedRoleId": user_id, "Arn": arn},
        }
        if size is not None:
            answer["PackedPolicySize"] = size
        if request.source_identity is not None:
            answer["SourceIdentity"] = request.source_identity
        return answer
