"""Reading what SNS sent: the record tests inspect for endpoints hookmock does not serve."""

from __future__ import annotations

from hookmock._world import World
from hookmock.backends.sns import arns
from hookmock.backends.sns.models import Notification


def notifications(world: World, topic_arn: str) -> list[Notification]:
    """Everything SNS sent (or would have sent) for topic ``topic_arn``, or to the
    platform endpoint of that ARN, in ``world``, oldest first: notifications to
    every protocol but SQS, and subscription and unsubscribe confirmations to
    every protocol (their ``body`` carries the Token ConfirmSubscription takes)."""
    from hookmock.backends.sns.backend import SERVICE

    parsed = arns.parse(topic_arn)
    if parsed is None:
        raise ValueError(f"not a topic ARN: {topic_arn!r}")
    backend = world.backend(SERVICE, parsed.account, parsed.region)
    with backend.lock:
        if parsed.resource.startswith("endpoint/"):
            endpoint = backend.platform_endpoints.get(topic_arn)
            return list(endpoint.sent) if endpoint is not None else []
        topic = backend.topics.get(parsed.resource)
        return list(topic.sent) if topic is not None and topic.arn == topic_arn else []
