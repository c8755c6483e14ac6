"""Who is calling, whose key this is, and what a denial's encoded message says."""

from __future__ import annotations

import attrs

from hookmock._world import DEFAULT_ACCESS_KEY_ID
from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.sts import credentials
from hookmock.backends.sts.base import StsBase


@attrs.define(eq=False)
class IdentityOperations(StsBase):
    @operation("GetCallerIdentity")
    def get_caller_identity(self, call: Call, params: Params) -> Result:
        principal = call.principal
        return {"UserId": principal.user_id, "Account": principal.account_id, "Arn": principal.arn}

    @operation("GetAccessKeyInfo")
    def get_access_key_info(self, call: Call, params: Params) -> Result:
        """The account of a key hookmock issued; of any other AKIA/ASIA id, the account
        encoded in it; of AWS's documentation key (what clients sign with while mocked)
        and of ids that encode nothing, the world's default account."""
        key_id = params["AccessKeyId"]
        known = self.world.known_principal(key_id)
        if known is not None:
            return {"Account": known.account_id}
        decoded = None if key_id == DEFAULT_ACCESS_KEY_ID else credentials.account_in_key_id(key_id)
        return {"Account": decoded or self.world.default_account_id}

    @operation("DecodeAuthorizationMessage")
    def decode_authorization_message(self, call: Call, params: Params) -> Result:
        decoded = self.world.decoded_authorization_message(params["EncodedMessage"])
        if decoded is None:
            raise call.error(
                "InvalidAuthorizationMessageException",
                "The encoded authorization message is invalid or has expired.",
            )
        return {"DecodedMessage": decoded}
