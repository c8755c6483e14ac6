"""SimulatePrincipalPolicy and SimulateCustomPolicy, answered by the evaluator that
access control uses (``hookmock._policy``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import attrs

from hookmock._errors import FeatureNotImplemented
from hookmock._policy import Decision, PolicySet, RequestContext, evaluate, parse_policy
from hookmock._policy.context import Caller
from hookmock._policy.document import Policy, PolicySyntaxError
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import Group, ManagedPolicy, Principal, Role, User
from hookmock.backends.iam.policy_documents import check_identity_policy
from hookmock.shapes.paginate import ListSource


def _statement_view(policy: Policy, statement: Any) -> dict[str, Any]:
    return {
        "SourcePolicyId": policy.source_id,
        "SourcePolicyType": policy.source_type,
        "StartPosition": {"Line": statement.start[0], "Column": statement.start[1]},
        "EndPosition": {"Line": statement.end[0], "Column": statement.end[1]},
    }


def _context_keys(call: Call, entries: Sequence[dict[str, Any]]) -> dict[str, tuple[str, ...]]:
    keys: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        name = entry.get("ContextKeyName")
        if not name:
            raise errors.invalid_input(call, "ContextKeyName is required for a context entry.")
        values = entry.get("ContextKeyValues", [])
        kind = entry.get("ContextKeyType", "string")
        if kind.startswith("boolean"):
            values = [str(v).lower() for v in values]
        keys[name.lower()] = tuple(str(v) for v in values)
    return keys


def _inputs(call: Call, documents: Sequence[str], prefix: str) -> list[Policy]:
    found = []
    for index, text in enumerate(documents, start=1):
        check_identity_policy(call, text)
        found.append(parse_policy(text, f"{prefix}.{index}", "none"))
    return found


def _managed(policy: ManagedPolicy) -> Policy:
    kind = "aws-managed" if policy.arn.split(":")[4:5] == ["aws"] else "user-managed"
    return parse_policy(policy.versions[policy.default_version_id].document, policy.name, kind)


def _of(entity: Principal, kind: str) -> list[Policy]:
    found = [parse_policy(text, name, kind) for name, text in entity.inline.items()]
    found.extend(_managed(p) for p in entity.attached.values())
    return found


@attrs.frozen
class _Simulation:
    identity: list[Policy]
    boundary: Policy | None
    resource: Policy | None
    caller: Caller
    keys: dict[str, tuple[str, ...]]
    owner: str


def _result(action: str, resource: str, decision: Decision, bounded: bool) -> dict[str, Any]:
    matched = [_statement_view(p, s) for p, s in decision.matched]
    detail: dict[str, Any] = {
        "EvalResourceName": resource,
        "EvalResourceDecision": decision.verdict,
        "MatchedStatements": matched,
        "MissingContextValues": list(decision.missing),
    }
    result: dict[str, Any] = {
        "EvalActionName": action,
        "EvalResourceName": resource,
        "EvalDecision": decision.verdict,
        "MatchedStatements": matched,
        "MissingContextValues": list(decision.missing),
        "ResourceSpecificResults": [detail],
    }
    if bounded:
        allowed = decision.source != "permissions boundary"
        result["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": allowed}
        detail["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": allowed}
    return result


@attrs.define(eq=False)
class SimulationOperations(IamBase):
    def _simulate(self, call: Call, params: Params, simulation: _Simulation) -> Result:
        resources = params.get("ResourceArns") or ["*"]
        results = []
        for action in params["ActionNames"]:
            for resource in resources:
                keys = dict(simulation.keys)
                context = RequestContext(
                    action, resource, simulation.caller, simulation.owner, keys
                )
                policies = PolicySet(simulation.identity, simulation.resource, simulation.boundary)
                decision = evaluate(policies, context)
                results.append(_result(action, resource, decision, simulation.boundary is not None))
        return self.page(call, params, ListSource(results), lambda r: r)

    def _resource_policy(self, call: Call, params: Params) -> Policy | None:
        text = params.get("ResourcePolicy")
        if text is None:
            return None
        try:
            json.loads(text)
            return parse_policy(text, "ResourcePolicy", "resource")
        except (ValueError, PolicySyntaxError):
            raise errors.invalid_input(
                call, "ResourcePolicy is not a valid policy document."
            ) from None

    def _caller(self, call: Call, arn: str | None, fallback: Caller) -> Caller:
        if arn is None:
            return fallback
        name = arn.rsplit("/", 1)[-1] if ":user/" in arn else ""
        user = self.users.get(name.lower()) if name else None
        if user is None or user.arn != arn:
            raise errors.invalid_input(call, f"Invalid CallerArn: {arn}")
        return Caller(user.arn, self.account_id, "user", user.unique_id, user.name)

    @operation("SimulatePrincipalPolicy")
    def simulate_principal_policy(self, call: Call, params: Params) -> Result:
        source_arn = params["PolicySourceArn"]
        entity = self._entity_of(call, source_arn)
        if params.get("PolicyExclusionList"):
            raise FeatureNotImplemented("iam", "SimulatePrincipalPolicy", "PolicyExclusionList")
        identity: list[Policy] = []
        boundary = None
        caller = Caller(source_arn, self.account_id, "user", entity.unique_id, entity.name)
        if isinstance(entity, User):
            identity = _of(entity, "user")
            for group in entity.groups.values():
                identity.extend(_of(group, "group"))
            boundary = _managed(entity.boundary) if entity.boundary else None
        elif isinstance(entity, Role):
            identity = _of(entity, "role")
            boundary = _managed(entity.boundary) if entity.boundary else None
            caller = Caller(
                source_arn,
                self.account_id,
                "assumed-role",
                entity.unique_id,
                entity.name,
                role_arn=source_arn,
            )
        else:
            identity = _of(entity, "group")
        identity += _inputs(call, params.get("PolicyInputList", []), "PolicyInputList")
        boundaries = _inputs(
            call,
            params.get("PermissionsBoundaryPolicyInputList", []),
            "PermissionsBoundaryPolicyInputList",
        )
        if boundaries:
            boundary = boundaries[0]
        caller = self._caller(call, params.get("CallerArn"), caller)
        keys: dict[str, tuple[str, ...]] = {
            "aws:principalarn": (caller.arn,),
            "aws:principalaccount": (self.account_id,),
        }
        if caller.kind == "user":
            keys["aws:username"] = (caller.name,)
            keys["aws:userid"] = (caller.user_id,)
        keys.update(_context_keys(call, params.get("ContextEntries", [])))
        resource = self._resource_policy(call, params)
        simulation = _Simulation(identity, boundary, resource, caller, keys, self._owner(params))
        return self._simulate(call, params, simulation)

    def _owner(self, params: Params) -> str:
        owner = str(params.get("ResourceOwner") or "")
        if not owner:
            return self.account_id
        parts = owner.split(":")
        return parts[4] if len(parts) > 4 and parts[4] else owner

    def _entity_of(self, call: Call, arn: str) -> User | Group | Role:
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[2] != "iam" or "/" not in parts[5]:
            raise errors.invalid_input(call, f"Invalid ARN: {arn}")
        kind, name = parts[5].split("/", 1)[0], parts[5].rsplit("/", 1)[-1]
        index: Any = {"user": self.users, "group": self.groups, "role": self.roles}.get(kind)
        found = index.get(name.lower()) if index is not None else None
        if found is None or found.arn != arn:
            raise errors.no_such_entity(call, f"PolicySourceArn {arn} was not found.")
        entity: User | Group | Role = found
        return entity

    @operation("SimulateCustomPolicy")
    def simulate_custom_policy(self, call: Call, params: Params) -> Result:
        if params.get("OrderedOrganizationPolicyInputList"):
            raise FeatureNotImplemented(
                "iam", "SimulateCustomPolicy", "OrderedOrganizationPolicyInputList (SCPs)"
            )
        identity = _inputs(call, params["PolicyInputList"], "PolicyInputList")
        boundaries = _inputs(
            call,
            params.get("PermissionsBoundaryPolicyInputList", []),
            "PermissionsBoundaryPolicyInputList",
        )
        anonymous = Caller("", self.account_id, "user")
        caller = self._caller(call, params.get("CallerArn"), anonymous)
        keys = _context_keys(call, params.get("ContextEntries", []))
        simulation = _Simulation(
            identity,
            boundaries[0] if boundaries else None,
            self._resource_policy(call, params),
            caller,
            keys,
            self._owner(params),
        )
        return self._simulate(call, params, simulation)
