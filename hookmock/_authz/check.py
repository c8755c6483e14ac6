"""One call through access control: who signed it, then may they do it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hookmock._authz import errors
from hookmock._authz.identity import IdentitySide, identity_of
from hookmock._authz.resolve import targets_of
from hookmock._authz.settings import should_check
from hookmock._authz.targets import Target, request_tags
from hookmock._policy import ACCESS_CHECKED, PolicySet, RequestContext, evaluate, parse_policy
from hookmock._world import DEFAULT_ACCESS_KEY_ID
from hookmock.backends._core import Call

UNCHECKED = frozenset({("sts", "GetCallerIdentity")})
"""Operations AWS lets every authenticated caller make whatever its policies say."""


def _stored(request_signer: Any, *names: str) -> str | None:
    credentials = getattr(request_signer, "_credentials", None)
    if credentials is None:
        return None
    stored = vars(credentials)
    for name in names:
        value = stored.get(name)
        if isinstance(value, str):
            return value
    return None


def authenticate(call: Call, request_signer: Any) -> None:
    """Refuse keys that were never issued, are inactive, or signed with another secret."""
    service = call.operation_model.service_model.service_name
    key = _stored(request_signer, "access_key", "_access_key")
    if not key or key == DEFAULT_ACCESS_KEY_ID:
        return
    issued, active, secret = call.world.access_key_state(key)
    if not issued or not active:
        raise errors.unknown_key(service)
    if secret is not None and _stored(request_signer, "secret_key", "_secret_key") != secret:
        raise errors.bad_signature(service)


def global_keys(call: Call, side: IdentitySide) -> dict[str, tuple[str, ...]]:
    """The global condition keys every request carries (``aws:...``), lower-cased."""
    principal = call.principal
    now = call.world.clock.now().astimezone(dt.timezone.utc)
    service = call.operation_model.service_model.service_name
    keys: dict[str, tuple[str, ...]] = {
        "aws:principalarn": (side.principal_arn,),
        "aws:principalaccount": (principal.account_id,),
        "aws:principaltype": (side.caller.principal_type,),
        "aws:userid": (principal.user_id,),
        "aws:requestedregion": ("us-east-1" if service == "iam" else call.region,),
        "aws:currenttime": (now.strftime("%Y-%m-%dT%H:%M:%SZ"),),
        "aws:epochtime": (str(int(now.timestamp())),),
        "aws:securetransport": ("true" if call.endpoint.startswith("https") else "false",),
    }
    if principal.kind == "user":
        keys["aws:username"] = (principal.name,)
    for name, value in side.tags.items():
        keys[f"aws:principaltag/{name.lower()}"] = (value,)
    if principal.session is not None and principal.session.source_identity:
        keys["aws:sourceidentity"] = (principal.session.source_identity,)
    return keys


def _context(
    target: Target, side: IdentitySide, base: Mapping[str, tuple[str, ...]], asked: Any
) -> RequestContext:
    keys = dict(base)
    keys.update(target.keys)
    if target.account or target.resource != "*":
        keys["aws:resourceaccount"] = (target.account or side.caller.account_id,)
    for name, value in (target.tags or {}).items():
        keys[f"aws:resourcetag/{name.lower()}"] = (value,)
    if asked is not None:
        for name, value in asked.items():
            keys[f"aws:requesttag/{name.lower()}"] = (value,)
        keys["aws:tagkeys"] = tuple(asked)
    return RequestContext(target.action, target.resource, side.caller, target.account, keys)


def authorize(call: Call, params: Mapping[str, Any], request_signer: Any) -> None:
    """Authenticate and authorize one call where its world checks access; raise the
    service's error when AWS would refuse it."""
    if not should_check(call.world):
        return
    authenticate(call, request_signer)
    model = call.operation_model
    service = model.service_model.service_name
    if (service, model.name) in UNCHECKED:
        return
    side = identity_of(call.world, call.principal, call.partition)
    base = global_keys(call, side)
    asked = request_tags(params)
    for target in targets_of(call, params):
        resource = parse_policy(target.policy, "", "resource") if target.policy else None
        policies = PolicySet(side.identity, resource, side.boundary, side.session)
        decision = evaluate(policies, _context(target, side, base, asked))
        if not decision.allowed:
            raise errors.access_denied(
                service, call.principal.arn, target.action, target.resource, decision
            )
    if isinstance(call.context, dict):
        call.context[ACCESS_CHECKED] = True
