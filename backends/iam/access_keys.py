"""Users' long-term access keys; a created key signs calls as its user, in its account."""

from __future__ import annotations

from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.iam import errors, ids
from hookmock.backends.iam.base import IamBase
from hookmock.backends.iam.models import AccessKey, User
from hookmock.backends.iam.users import caller_of
from hookmock.shapes.paginate import ListSource

ACCESS_KEYS_PER_USER = 2


def _metadata(key: AccessKey) -> dict[str, Any]:
    return {
        "UserName": key.user.name,
        "AccessKeyId": key.key_id,
        "Status": key.status,
        "CreateDate": key.created,
    }


def _no_such_key(call: Call, key_id: str) -> Exception:
    return errors.no_such_entity(call, f"The Access Key with id {key_id} cannot be found.")


@attrs.define(eq=False)
class AccessKeyOperations(IamBase):
    def _key(self, call: Call, user: User, key_id: str) -> AccessKey:
        found = user.access_keys.get(key_id)
        if found is None:
            raise _no_such_key(call, key_id)
        return found

    @operation("CreateAccessKey")
    def create_access_key(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "CreateAccessKey")
        if len(user.access_keys) >= ACCESS_KEYS_PER_USER:
            raise errors.quota_exceeded(call, "AccessKeysPerUser", ACCESS_KEYS_PER_USER)
        key = AccessKey(ids.access_key_id(), ids.secret_access_key(), user, self.now())
        user.access_keys[key.key_id] = key
        self.access_keys[key.key_id] = key
        self.world.register_access_key(key.key_id, caller_of(user, self.account_id), key.secret)
        return {"AccessKey": {**_metadata(key), "SecretAccessKey": key.secret}}

    @operation("ListAccessKeys")
    def list_access_keys(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "ListAccessKeys")
        keys = list(user.access_keys.values())
        return self.page(call, params, ListSource(keys), _metadata, scope=user.unique_id)

    @operation("UpdateAccessKey")
    def update_access_key(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "UpdateAccessKey")
        key = self._key(call, user, params["AccessKeyId"])
        key.status = errors.settable_status(call, params["Status"], "an access key")
        self.world.set_access_key_active(key.key_id, key.status == "Active")
        return {}

    @operation("DeleteAccessKey")
    def delete_access_key(self, call: Call, params: Params) -> Result:
        user = self.named_or_calling_user(call, params.get("UserName"), "DeleteAccessKey")
        key = self._key(call, user, params["AccessKeyId"])
        del user.access_keys[key.key_id]
        del self.access_keys[key.key_id]
        self.world.forget_access_key(key.key_id)
        return {}

    @operation("GetAccessKeyLastUsed")
    def get_access_key_last_used(self, call: Call, params: Params) -> Result:
        key = self.access_keys.get(params["AccessKeyId"])
        if key is None:
            raise _no_such_key(call, params["AccessKeyId"])
        used = self.world.last_use(key.key_id)
        if used is None:
            last: dict[str, Any] = {"ServiceName": "N/A", "Region": "N/A"}
        else:
            last = {"LastUsedDate": used.at, "ServiceName": used.service, "Region": used.region}
        return {"UserName": key.user.name, "AccessKeyLastUsed": last}
