"""Calls AWS services make on a customer's behalf (SNS delivering to an SQS queue):
a service principal, allowed only by the resource's policy naming it."""

from __future__ import annotations

import datetime as dt

import attrs

from hookmock._policy import PolicySet, RequestContext, evaluate, parse_policy
from hookmock._policy.context import Caller
from hookmock._world import World


@attrs.frozen
class ServiceSource:
    """A service acting for one of its resources: ``aws:SourceArn`` and
    ``aws:SourceAccount`` of the request it makes."""

    service: str
    """The service principal, e.g. ``sns.amazonaws.com``."""
    source_arn: str
    source_account: str


def service_allowed(
    world: World, source: ServiceSource, action: str, resource: str, owner: str, policy: str | None
) -> bool:
    """Whether the resource policy ``policy`` (None where the resource has none)
    lets ``source`` perform ``action`` on ``resource`` of account ``owner``; without a
    policy that names the service (or ``*``), nothing does."""
    if not policy:
        return False
    now = world.clock.now().astimezone(dt.timezone.utc)
    keys = {
        "aws:sourcearn": (source.source_arn,),
        "aws:sourceaccount": (source.source_account,),
        "aws:currenttime": (now.strftime("%Y-%m-%dT%H:%M:%SZ"),),
        "aws:epochtime": (str(int(now.timestamp())),),
    }
    caller = Caller(arn=source.service, account_id="", kind="service", service=source.service)
    context = RequestContext(action, resource, caller, owner, keys)
    decision = evaluate(PolicySet(resource=parse_policy(policy, "", "resource")), context)
    return decision.allowed
