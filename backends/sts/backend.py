"""STS: who is calling. Identities come from the world's access-key registry."""

from __future__ import annotations

import attrs

from hookmock.backends._core import Backend, Call, Params, Result, Service, operation


@attrs.define(eq=False)
class StsBackend(Backend):
    @operation("GetCallerIdentity")
    def get_caller_identity(self, call: Call, params: Params) -> Result:
        principal = call.principal
        return {"UserId": principal.user_id, "Account": principal.account_id, "Arn": principal.arn}


SERVICE = Service("sts", StsBackend, scope="partition")
