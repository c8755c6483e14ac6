"""SNS costs: Publish to a topic with three SQS subscribers, against botocore's floor.

Run with ``nox -s bench`` (or ``python tests/benchmarks/bench_sns.py``). Figures
are medians of interleaved rounds, µs per call: the floor is the same client
answered by a canned before-call handler; "no subscribers" is Publish's own
cost (checks, dedup, rendering); the fan-out rows add three SQS deliveries,
as JSON envelopes or as raw messages with two attributes carried over.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import boto3

import hookmock

sys.path.insert(0, os.path.dirname(__file__))
from bench_calls import floor_client, interleaved_medians

ROUNDS = 5
CALLS = 500
ATTRIBUTES = {
    "colour": {"DataType": "String", "StringValue": "blue"},
    "size": {"DataType": "Number", "StringValue": "3"},
}


def topic_with_queues(sns: Any, sqs: Any, name: str, raw: bool) -> str:
    topic = str(sns.create_topic(Name=name)["TopicArn"])
    for number in range(3):
        queue = f"{name}-{number}"
        sqs.create_queue(QueueName=queue)
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=f"arn:aws:sqs:us-east-1:123456789012:{queue}",
            Attributes={"RawMessageDelivery": "true" if raw else "false"},
        )
    return topic


def per_call_figures() -> dict[str, float]:
    floor = floor_client("sns", {"MessageId": "m"})
    with hookmock.aws():
        sns = boto3.client("sns", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        alone = sns.create_topic(Name="alone")["TopicArn"]
        envelope = topic_with_queues(sns, sqs, "envelope", raw=False)
        raw = topic_with_queues(sns, sqs, "raw", raw=True)
        body = "x" * 100
        contenders: dict[str, tuple[Callable[[], Any], int]] = {
            "floor Publish": (lambda: floor.publish(TopicArn=alone, Message=body), CALLS),
            "Publish, no subscribers": (
                lambda: sns.publish(TopicArn=alone, Message=body, MessageAttributes=ATTRIBUTES),
                CALLS,
            ),
            "Publish to 3 SQS (envelope)": (
                lambda: sns.publish(TopicArn=envelope, Message=body, MessageAttributes=ATTRIBUTES),
                CALLS,
            ),
            "Publish to 3 SQS (raw)": (
                lambda: sns.publish(TopicArn=raw, Message=body, MessageAttributes=ATTRIBUTES),
                CALLS,
            ),
        }
        return interleaved_medians(contenders, ROUNDS)


def main() -> None:
    figures = per_call_figures()
    floor = figures["floor Publish"]
    print(f"{'SNS call':<34} {'µs/call':>10} {'x floor':>8}")
    for name, value in figures.items():
        print(f"{name:<34} {value:>10.1f} {value / floor:>8.2f}")


if __name__ == "__main__":
    main()
