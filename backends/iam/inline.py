"""Inline policies embedded in users, groups and roles."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, views
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import Group, Principal, User
from hookmock.backends.iam.policy_documents import (
    INLINE_POLICY_SIZE,
    check_identity_policy,
    size_of,
)
from hookmock.shapes.paginate import ListSource


def _kind(entity: Principal) -> str:
    return "user" if isinstance(entity, User) else "group" if isinstance(entity, Group) else "role"


def _put(call: Call, entity: Principal, name: str, document: str) -> None:
    check_identity_policy(call, document)
    kind = _kind(entity)
    others = sum(size_of(doc) for other, doc in entity.inline.items() if other != name)
    limit = INLINE_POLICY_SIZE[kind]
    if others + size_of(document) > limit:
        raise errors.limit_exceeded(
            call, f"Maximum policy size of {limit} bytes exceeded for {kind} {entity.name}"
        )
    entity.inline[name] = document


def _document(call: Call, entity: Principal, name: str) -> str:
    found = entity.inline.get(name)
    if found is None:
        raise errors.no_such_entity(
            call, f"The {_kind(entity)} policy with name {name} cannot be found."
        )
    return found


def _get(call: Call, entity: Principal, name: str) -> dict[str, Any]:
    document = _document(call, entity, name)
    kind = _kind(entity).capitalize()
    return {
        f"{kind}Name": entity.name,
        "PolicyName": name,
        "PolicyDocument": views.encoded(document),
    }


def _delete(call: Call, entity: Principal, name: str) -> None:
    _document(call, entity, name)
    del entity.inline[name]


@attrs.define(eq=False)
class InlinePolicyOperations(IamBase):
    def _list(self, call: Call, params: Params, entity: Principal) -> dict[str, Any]:
        names = sorted(entity.inline)
        return self.page(call, params, ListSource(names), str, scope=entity.unique_id)

    @operation("PutUserPolicy")
    def put_user_policy(self, call: Call, params: Params) -> Result:
        user = self.user(call, params["UserName"])
        _put(call, user, params["PolicyName"], params["PolicyDocument"])
        return {}

    @operation("PutGroupPolicy")
    def put_group_policy(self, call: Call, params: Params) -> Result:
        group = self.group(call, params["GroupName"])
        _put(call, group, params["PolicyName"], params["PolicyDocument"])
        return {}

    @operation("PutRolePolicy")
    def put_role_policy(self, call: Call, params: Params) -> Result:
        role = self.changeable_role(call, params["RoleName"])
        _put(call, role, params["PolicyName"], params["PolicyDocument"])
        return {}

    @operation("GetUserPolicy")
    def get_user_policy(self, call: Call, params: Params) -> Result:
        return _get(call, self.user(call, params["UserName"]), params["PolicyName"])

    @operation("GetGroupPolicy")
    def get_group_policy(self, call: Call, params: Params) -> Result:
        return _get(call, self.group(call, params["GroupName"]), params["PolicyName"])

    @operation("GetRolePolicy")
    def get_role_policy(self, call: Call, params: Params) -> Result:
        return _get(call, self.role(call, params["RoleName"]), params["PolicyName"])

    @operation("DeleteUserPolicy")
    def delete_user_policy(self, call: Call, params: Params) -> Result:
        _delete(call, self.user(call, params["UserName"]), params["PolicyName"])
        return {}

    @operation("DeleteGroupPolicy")
    def delete_group_policy(self, call: Call, params: Params) -> Result:
        _delete(call, self.group(call, params["GroupName"]), params["PolicyName"])
        return {}

    @operation("DeleteRolePolicy")
    def delete_role_policy(self, call: Call, params: Params) -> Result:
        _delete(call, self.changeable_role(call, params["RoleName"]), params["PolicyName"])
        return {}

    @operation("ListUserPolicies")
    def list_user_policies(self, call: Call, params: Params) -> Result:
        return self._list(call, params, self.user(call, params["UserName"]))

    @operation("ListGroupPolicies")
    def list_group_policies(self, call: Call, params: Params) -> Result:
        return self._list(call, params, self.group(call, params["GroupName"]))

    @operation("ListRolePolicies")
    def list_role_policies(self, call: Call, params: Params) -> Result:
        return self._list(call, params, self.role(call, params["RoleName"]))
