"""GetSessionToken and GetFederationToken: sessions for IAM users and the root user."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from hookmock._world import Principal, Session
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sts import credentials, errors
from hookmock.backends.sts.base import StsBase
from hookmock.backends.sts.limits import packed_size, session_policies, session_tags, user_duration


def _long_term_caller(call: Call, operation_name: str) -> Principal:
    """The IAM user or root user calling with long-term credentials; session
    credentials cannot call these operations."""
    caller = call.principal
    if caller.session is not None or caller.kind not in ("user", "root"):
        raise errors.access_denied(f"Cannot call {operation_name} with session credentials")
    return caller


@attrs.define(eq=False)
class TokenOperations(StsBase):
    @operation("GetSessionToken")
    def get_session_token(self, call: Call, params: Params) -> Result:
        caller = _long_term_caller(call, "GetSessionToken")
        duration = user_duration(params, caller)
        session = Session(
            source_arn=caller.arn,
            name="",
            expiration=self.now() + dt.timedelta(seconds=duration),
        )
        principal = attrs.evolve(caller, session=session)
        return {"Credentials": credentials.issue(self.world, principal)}

    @operation("GetFederationToken")
    def get_federation_token(self, call: Call, params: Params) -> Result:
        caller = _long_term_caller(call, "GetFederationToken")
        name = params["Name"]
        policies = session_policies(call, params)
        tags = session_tags(call, params.get("Tags") or [], [])
        size = packed_size(call, policies, tags.passed)
        duration = user_duration(params, caller)
        account_id = caller.account_id
        arn = f"arn:{call.partition}:sts::{account_id}:federated-user/{name}"
        user_id = f"{account_id}:{name}"
        session = Session(
            source_arn=caller.arn,
            name=name,
            expiration=self.now() + dt.timedelta(seconds=duration),
            policies=policies.documents,
            policy_arns=policies.arns,
            tags=tags.tags,
        )
        principal = Principal(
            account_id, arn, user_id, kind="federated-user", name=name, session=session
        )
        answer: dict[str, Any] = {
            "Credentials": credentials.issue(self.world, principal),
            "FederatedUser": {"FederatedUserId": user_id, "Arn": arn},
        }
        if size is not None:
            answer["PackedPolicySize"] = size
        return answer
