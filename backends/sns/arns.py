"""SNS ARNs: topics ``arn:{partition}:sns:{region}:{account}:{name}``, subscriptions
``{topic ARN}:{uuid}``, platform applications and endpoints."""

from __future__ import annotations

import attrs


@attrs.frozen
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str


def parse(arn: str) -> Arn | None:
    """The parts of ``arn``; None where it is no ARN at all."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or not all(parts[1:3]) or not parts[5]:
        return None
    return Arn(parts[1], parts[2], parts[3], parts[4], parts[5])


def topic_arn(partition: str, region: str, account: str, name: str) -> str:
    return f"arn:{partition}:sns:{region}:{account}:{name}"
