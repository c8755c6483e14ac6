"""Role trust policies: whether a caller may assume a role (the STS backend's seam).

A trust policy is the role's resource-based policy for ``sts:AssumeRole`` (and
the web identity / SAML actions): in the role's account it allows on its own
when it names the caller itself, and across accounts the caller's identity
policies must allow the action too, as for any resource policy. Unlike other
resource policies, the trust policy must allow in the same account too: an
identity policy alone never lets anyone assume a role. Federated callers (web
identity, SAML) are allowed by the trust policy alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from hookmock._authz.identity import identity_of
from hookmock._policy import Decision, PolicySet, RequestContext, evaluate, parse_policy
from hookmock._policy.context import Caller
from hookmock._world import Principal, World


def check_trust(
    world: World,
    principal: Principal | None,
    partition: str,
    role_arn: str,
    trust_policy: str,
    *,
    action: str = "sts:AssumeRole",
    keys: Mapping[str, tuple[str, ...]] | None = None,
    federated: str = "",
) -> Decision:
    """The decision on ``principal`` performing ``action`` on the role ``role_arn``
    whose trust policy is ``trust_policy``. ``keys`` adds condition keys the
    request carries (``sts:ExternalId``, ``aws:RequestTag/...``, lower-cased).

    A federated caller (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) has no IAM
    principal: pass ``principal=None`` and ``federated``, the identity provider a
    ``Principal: {"Federated": ...}`` names (the provider ARN, or a well-known
    issuer such as ``accounts.google.com``). Only the trust policy decides for it.
    """
    owner = role_arn.split(":")[4] if role_arn.count(":") >= 5 else ""
    trust = parse_policy(trust_policy, "TrustPolicy", "resource")
    extra = {k.lower(): v for k, v in (keys or {}).items()}
    if principal is None:
        if not federated:
            raise ValueError("check_trust needs a principal or a federated provider")
        caller = Caller(arn=federated, account_id=owner, kind="federated", provider=federated)
        context = RequestContext(action, role_arn, caller, owner, extra)
        return evaluate(PolicySet(resource=trust, resource_must_allow=True), context)
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
    if principal.session is not None and principal.session.source_identity:
        context_keys["aws:sourceidentity"] = (principal.session.source_identity,)
    context_keys.update(extra)
    context = RequestContext(
        action, role_arn, side.caller, owner or principal.account_id, context_keys
    )
    policies = PolicySet(
        side.identity, trust, side.boundary, side.session, resource_must_allow=True
    )
    return evaluate(policies, context)
