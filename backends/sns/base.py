"""What every SNS operation needs: state, finding a topic by ARN, access, time."""

from __future__ import annotations

import json
from typing import Any

import attrs

from hookmock._policy import ACCESS_CHECKED
from hookmock.backends._core import Backend, Call
from hookmock.backends.sns import arns, errors
from hookmock.backends.sns.models import (
    PlatformApplication,
    PlatformEndpoint,
    Subscription,
    Topic,
)
from hookmock.backends.sns.sms_models import SmsAccount
from hookmock.shapes.paginate import SortedIndex


@attrs.define(eq=False)
class SnsBase(Backend):
    topics: SortedIndex[str, Topic] = attrs.field(factory=SortedIndex)
    subscriptions: SortedIndex[str, Subscription] = attrs.field(factory=SortedIndex)
    """The subscriptions this account owns in this region (to any account's topics), by ARN."""
    tokens: dict[str, str] = attrs.field(factory=dict)
    """Confirmation token → subscription ARN, for this account's topics."""
    platform_applications: SortedIndex[str, PlatformApplication] = attrs.field(factory=SortedIndex)
    platform_endpoints: dict[str, PlatformEndpoint] = attrs.field(factory=dict)
    sms: SmsAccount = attrs.field(factory=SmsAccount)
    """SMS settings, opted-out numbers, the SMS sandbox and the texts sent."""

    def __attrs_post_init__(self) -> None:
        self.lock = self.world.service_lock("sns")

    def now(self) -> float:
        return self.world.clock.time()

    def peer(self, call: Call, account_id: str, region: str | None = None) -> SnsBase:
        """The SNS backend of another account (or region) in the same world."""
        if account_id == self.account_id and region in (None, self.location):
            return self
        from hookmock.backends.sns.backend import SERVICE

        found: SnsBase = call.world.backend(SERVICE, account_id, region or self.location)
        return found

    def topic_of(self, call: Call, arn: str, action: str, parameter: str = "TopicArn") -> Topic:
        """The topic ``arn`` names, in any account of this region, if the caller may
        perform ``action`` on it."""
        parsed = arns.parse(arn)
        if (
            parsed is None
            or parsed.service != "sns"
            or parsed.region != call.region
            or ":" in parsed.resource
            or not parsed.account.isdigit()
        ):
            raise errors.invalid_parameter(call, parameter)
        topic = self.peer(call, parsed.account).topics.get(parsed.resource)
        if topic is None or topic.arn != arn:
            raise errors.topic_not_found(call)
        check_access(call, topic, action)
        return topic

    def subscription_of(self, call: Call, arn: str) -> Subscription:
        """The subscription ``arn`` names: it lives with its topic."""
        parsed = arns.parse(arn)
        if (
            parsed is None
            or parsed.service != "sns"
            or parsed.resource.count(":") != 1
            or parsed.region != call.region
        ):
            raise errors.invalid_parameter(call, "SubscriptionArn")
        topic = self.peer(call, parsed.account).topics.get(parsed.resource.split(":")[0])
        found = topic.subscriptions.get(arn) if topic is not None else None
        if found is None:
            raise errors.subscription_not_found(call)
        return found


def check_access(call: Call, topic: Topic, action: str) -> None:
    """Another account may use a topic only where its policy allows that account."""
    if call.account_id == topic.account_id or call.context.get(ACCESS_CHECKED):
        return
    policy = json.loads(topic.attributes.get("Policy") or "{}")
    if not _allows(policy, call, action):
        raise errors.not_authorized(call, action, topic.arn)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _allows(policy: dict[str, Any], call: Call, action: str) -> bool:
    """An Allow statement for the caller's account and the action. Statements with
    conditions are not evaluated and never grant (the default statement's
    AWS:SourceOwner condition limits it to the owner)."""
    account = call.account_id
    for statement in _listed(policy.get("Statement", [])):
        if (
            not isinstance(statement, dict)
            or statement.get("Effect") != "Allow"
            or statement.get("Condition")
        ):
            continue
        principal = statement.get("Principal")
        principals = (
            _listed(principal.get("AWS", [])) if isinstance(principal, dict) else [principal]
        )
        who = any(
            p in ("*", account, call.principal.arn, f"arn:{call.partition}:iam::{account}:root")
            for p in principals
        )
        actions = [str(a).lower() for a in _listed(statement.get("Action", []))]
        what = any(a in ("*", "sns:*", f"sns:{action.lower()}") for a in actions)
        if who and what:
            return True
    return False
