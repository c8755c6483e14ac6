"""Topics, subscriptions and the record of what SNS sent where."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator
from typing import Any

import attrs

from hookmock.shapes.paginate import SortedIndex

SQS, HTTP, HTTPS, EMAIL, EMAIL_JSON, SMS, LAMBDA, APPLICATION, FIREHOSE = (
    "sqs",
    "http",
    "https",
    "email",
    "email-json",
    "sms",
    "lambda",
    "application",
    "firehose",
)
PROTOCOLS = frozenset({SQS, HTTP, HTTPS, EMAIL, EMAIL_JSON, SMS, LAMBDA, APPLICATION, FIREHOSE})


@attrs.define(eq=False)
class Subscription:
    arn: str
    topic_arn: str
    protocol: str
    endpoint: str
    owner: str
    principal_arn: str
    attributes: dict[str, str] = attrs.field(factory=dict)
    """Settable attributes as set (RawMessageDelivery, FilterPolicy, ...)."""
    pending: bool = False
    token: str | None = None
    authenticated: bool = False
    """ConfirmationWasAuthenticated: confirmed by an authenticated call, or never pending."""
    filter: Any = None
    """The parsed FilterPolicy, or None."""

    @property
    def raw(self) -> bool:
        return self.attributes.get("RawMessageDelivery") == "true"


@attrs.frozen
class Notification:
    """What SNS sent (or, for endpoints hookmock does not serve, would have sent)."""

    subscription_arn: str
    protocol: str
    endpoint: str
    kind: str
    """Notification, SubscriptionConfirmation or UnsubscribeConfirmation."""
    body: str
    message_id: str
    delivered: bool
    """True where the message reached an SQS queue of this world."""
    message_attributes: dict[str, dict[str, Any]] = attrs.field(factory=dict)


@attrs.define(eq=False)
class Topic:
    name: str
    arn: str
    account_id: str
    region: str
    fifo: bool
    attributes: dict[str, str]
    """Settable attributes as set, Policy included."""
    tags: dict[str, str] = attrs.field(factory=dict)
    data_protection_policy: str = ""
    subscriptions: SortedIndex[str, Subscription] = attrs.field(factory=SortedIndex, repr=False)
    by_endpoint: dict[tuple[str, str], Subscription] = attrs.field(factory=dict, repr=False)
    pending_subscriptions: int = 0
    deleted_subscriptions: int = 0
    sent: list[Notification] = attrs.field(factory=list, repr=False)
    deduplication: dict[tuple[str, str], tuple[float, str, str]] = attrs.field(
        factory=dict, repr=False
    )
    """(scope, deduplication id) → (until, message id, sequence number)."""
    _dedup_expiry: deque[tuple[float, tuple[str, str]]] = attrs.field(factory=deque, repr=False)
    _sequence: Iterator[int] = attrs.field(factory=lambda: itertools.count(1), repr=False)

    def next_sequence_number(self) -> str:
        return f"{next(self._sequence):020d}"

    def duplicate_of(self, key: tuple[str, str], now: float) -> tuple[str, str] | None:
        expiry = self._dedup_expiry
        while expiry and expiry[0][0] <= now:
            _, old = expiry.popleft()
            found = self.deduplication.get(old)
            if found is not None and found[0] <= now:
                del self.deduplication[old]
        hit = self.deduplication.get(key)
        return None if hit is None else (hit[1], hit[2])

    def remember(self, key: tuple[str, str], until: float, message_id: str, sequence: str) -> None:
        self.deduplication[key] = (until, message_id, sequence)
        self._dedup_expiry.append((until, key))


@attrs.define(eq=False)
class PlatformEndpoint:
    arn: str
    application_arn: str
    attributes: dict[str, str]
    """Token, Enabled and CustomUserData (when given)."""
    sent: list[Notification] = attrs.field(factory=list, repr=False)


@attrs.define(eq=False)
class PlatformApplication:
    arn: str
    name: str
    platform: str
    attributes: dict[str, str]
    endpoints: SortedIndex[str, PlatformEndpoint] = attrs.field(factory=SortedIndex, repr=False)
    by_token: dict[str, PlatformEndpoint] = attrs.field(factory=dict, repr=False)
