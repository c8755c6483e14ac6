"""Role trust policies: whether a caller may assume a role (the STS backend's seam).

A trust policy is the role's resource-based policy for ``sts:AssumeRole`` (and
the web identity / SAML actions): in the role's account it allows on its own
when it names the caller itself, and across accounts the caller's identity
policies must allow the action too, as for any resource policy.
"""

from __future__ import annotations

from collections.abc import Mapping

from hookmock._authz.identity import identity_of
from hookmock._policy import Decision, PolicySet, RequestContext, evaluate, parse_policy
from hookmock._world import Principal, World


def check_trust(
    world: World,
    principal: Principal,
    partition: str,
    role_arn: str,
    trust_policy: str,
    *,
    action: str = "sts:AssumeRole",
    keys: Mapping[str, tuple[str, ...]] | None = None,
) -> Decision:
    """The decision on ``principal`` performing ``action`` on the role ``role_arn``
    whose trust policy is ``trust_policy``. ``keys`` adds condition keys the
    request carries (``sts:ExternalId``, ``aws:RequestTag/...``, lower-cased)."""
    side = identity_of(world, principal, partition)
    context_keys: dict[str, tuple[str, ...]] = {
        "aws:principalarn": (side.principal_arn,),
        "aws:principalaccount": (principal.account_id,),
        "aws:principaltype": (side.caller.principal_type,),
        "aws:userid": (principal.user_id,),
    }
    if principal.kind == "user":
        context_keys["aws:username"] = (principal.name,)
    for name, value in side.tags.items():
        context_keys[f"aws:principaltag/{name.lower()}"] = (value,)
    context_keys.update({k.lower(): v for k, v in (keys or {}).items()})
    owner = role_arn.split(":")[4] if role_arn.count(":") >= 5 else principal.account_id
    trust = parse_policy(trust_policy, "TrustPolicy", "resource")
    context = RequestContext(action, role_arn, side.caller, owner, context_keys)
    return evaluate(PolicySet(side.identity, trust, side.boundary, side.session), context)
