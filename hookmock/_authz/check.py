"""One call through access control: who signed it, then may they do it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hookmock._authz import errors
from hookmock._authz.identity import IdentitySide, identity_of
from hookmock._authz.resolve import targets_of
from hookmock._authz.settings import should_check
from hookmock._authz.signed import SignedRequest
from hookmock._authz.targets import Target, request_tags
from hookmock._credentials import signs_request
from hookmock._policy import ACCESS_CHECKED, PolicySet, RequestContext, evaluate, parse_policy
from hookmock._world import DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY
from hookmock.backends._core import Call

UNCHECKED = frozenset({("sts", "GetCallerIdentity")})
"""Operations AWS lets every authenticated caller make whatever its policies say."""
DECIDED_BY_TRUST = frozenset({("sts", "AssumeRole")})
"""Operations the STS backend authorizes itself: the role's trust policy evaluated
together with the caller's identity policies (``hookmock._authz.trust``), with the
request's session tags, source identity and external id as condition keys."""


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
    """Refuse keys that were never issued or are inactive, temporary keys sent with
    another session token (or none), and calls signed with another secret."""
    service = call.operation_model.service_model.service_name
    if isinstance(request_signer, SignedRequest):
        _authenticate_signed(call, service, request_signer)
        return
    key = _stored(request_signer, "access_key", "_access_key")
    if not key or key == DEFAULT_ACCESS_KEY_ID:
        return
    issued, active, secret = call.world.access_key_state(key)
    if not issued or not active:
        raise errors.unknown_key(service)
    token = call.world.session_token_of(key)
    if token is not None and _stored(request_signer, "token", "_token") != token:
        raise errors.invalid_token(service)
    if secret is not None and _stored(request_signer, "secret_key", "_secret_key") != secret:
        raise errors.bad_signature(service)


def _authenticate_signed(call: Call, service: str, signed: SignedRequest) -> None:
    """An HTTP request: its signature checked against the key's secret (the default
    example key's is known too)."""
    key = signed.access_key_id
    if key is None:
        raise errors.missing_authentication(service)
    signed.check_form(service, call.world.clock.now())
    if key == DEFAULT_ACCESS_KEY_ID:
        secret: str | None = DEFAULT_SECRET_ACCESS_KEY
    else:
        issued, active, secret = call.world.access_key_state(key)
        if not issued or not active:
            raise errors.unknown_key(service)
        token = call.world.session_token_of(key)
        if token is not None and signed.session_token != token:
            raise errors.invalid_token(service)
    if secret is not None and not signed.signed_with(secret):
        raise errors.bad_signature(service)


def request_keys(call: Call) -> dict[str, tuple[str, ...]]:
    """The global condition keys of the request itself, whoever makes it
    (``aws:CurrentTime``, ``aws:RequestedRegion`` ...), lower-cased."""
    now = call.world.clock.now().astimezone(dt.timezone.utc)
    service = call.operation_model.service_model.service_name
    return {
        "aws:requestedregion": ("us-east-1" if service == "iam" else call.region,),
        "aws:currenttime": (now.strftime("%Y-%m-%dT%H:%M:%SZ"),),
        "aws:epochtime": (str(int(now.timestamp())),),
        "aws:securetransport": ("true" if call.endpoint.startswith("https") else "false",),
    }


def global_keys(call: Call, side: IdentitySide) -> dict[str, tuple[str, ...]]:
    """The global condition keys every request carries (``aws:...``), lower-cased."""
    principal = call.principal
    keys: dict[str, tuple[str, ...]] = {
        "aws:principalarn": (side.principal_arn,),
        "aws:principalaccount": (principal.account_id,),
        "aws:principaltype": (side.caller.principal_type,),
        "aws:userid": (principal.user_id,),
        **request_keys(call),
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
    service's error when AWS would refuse it.

    Unsigned operations (web identity and SAML federation) carry no credentials to
    AWS: the client's key neither authenticates nor authorizes them, the operation
    decides (STS evaluates the role's trust policy)."""
    if not should_check(call.world):
        return
    model = call.operation_model
    if not signs_request(model):
        _mark_checked(call)
        return
    authenticate(call, request_signer)
    service = model.service_model.service_name
    if (service, model.name) in UNCHECKED:
        return
    if (service, model.name) not in DECIDED_BY_TRUST:
        _authorize_targets(call, params)
    _mark_checked(call)


def _authorize_targets(call: Call, params: Mapping[str, Any]) -> None:
    service = call.operation_model.service_model.service_name
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


def _mark_checked(call: Call) -> None:
    if isinstance(call.context, dict):
        call.context[ACCESS_CHECKED] = True
