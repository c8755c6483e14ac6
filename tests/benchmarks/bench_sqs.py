"""SQS costs: SendMessage and ReceiveMessage+DeleteMessage per call, and at queue depth.

Run with ``nox -s bench`` (or ``python tests/benchmarks/bench_sqs.py``). Per-call
figures are medians of interleaved rounds against botocore's floor (the same
client answered by a canned before-call handler). The depth figures fill a
queue straight through the backend, then time sends and receive+delete pairs
on it: a flat cost from a thousand to a hundred thousand waiting messages
(and as many in flight) is what no per-call scan looks like.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

import boto3

import hookmock

sys.path.insert(0, os.path.dirname(__file__))
from bench_calls import floor_client, interleaved_medians

ROUNDS = 5


def receive_and_delete(sqs: Any, url: str) -> None:
    for message in sqs.receive_message(QueueUrl=url)["Messages"]:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def per_call_figures() -> dict[str, float]:
    floor_send = floor_client("sqs", {"MessageId": "m", "MD5OfMessageBody": "x"})
    with hookmock.aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="bench")["QueueUrl"]
        for _ in range(5000):
            sqs.send_message(QueueUrl=url, MessageBody="x" * 100)
        contenders: dict[str, tuple[Callable[[], Any], int]] = {
            "floor SendMessage": (
                lambda: floor_send.send_message(QueueUrl=url, MessageBody="x"),
                500,
            ),
            "SendMessage 100 B": (
                lambda: sqs.send_message(QueueUrl=url, MessageBody="x" * 100),
                500,
            ),
            "ReceiveMessage+DeleteMessage": (lambda: receive_and_delete(sqs, url), 500),
        }
        return interleaved_medians(contenders, ROUNDS)


def fill(queue: Any, count: int, now: float, group: str | None = None) -> None:
    from hookmock.backends.sqs.messages import Message

    for _ in range(count):
        message = Message(str(uuid.uuid4()), "x", {}, {}, now, "123456789012", group)
        queue.add(message, now, 0)


def depth_figures(sizes: tuple[int, ...]) -> list[tuple[int, float, float]]:
    """(messages waiting, µs per send, µs per receive+delete) at each depth, with as
    many messages in flight as waiting."""
    rows = []
    for size in sizes:
        with hookmock.aws() as world:
            sqs = boto3.client("sqs", region_name="us-east-1")
            url = sqs.create_queue(QueueName="bench")["QueueUrl"]
            (backend,) = world.backends("sqs")
            queue = backend.queues["bench"]
            fill(queue, 2 * size, world.clock.time())
            for message in list(queue.visible(size)):
                queue.hide(message, world.clock.time(), 3600)
            sends, pairs = [], []
            for _ in range(ROUNDS):
                begin = time.perf_counter()
                sqs.send_message(QueueUrl=url, MessageBody="x")
                sends.append((time.perf_counter() - begin) * 1e6)
                begin = time.perf_counter()
                receive_and_delete(sqs, url)
                pairs.append((time.perf_counter() - begin) * 1e6)
            rows.append((size, statistics.median(sends), statistics.median(pairs)))
    return rows


def fifo_group_figures(sizes: tuple[int, ...]) -> list[tuple[int, float]]:
    """(messages in one FIFO group, µs per receive of ten): flat when a receive
    looks only at the front of the group."""
    rows = []
    for size in sizes:
        with hookmock.aws() as world:
            sqs = boto3.client("sqs", region_name="us-east-1")
            attributes = {"FifoQueue": "true", "ContentBasedDeduplication": "true"}
            url = sqs.create_queue(QueueName="bench.fifo", Attributes=attributes)["QueueUrl"]
            (backend,) = world.backends("sqs")
            fill(backend.queues["bench.fifo"], size, world.clock.time(), group="g")
            receives = []
            for _ in range(ROUNDS):
                begin = time.perf_counter()
                sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)
                receives.append((time.perf_counter() - begin) * 1e6)
            rows.append((size, statistics.median(receives)))
    return rows


def main() -> None:
    figures = per_call_figures()
    floor = figures["floor SendMessage"]
    print(f"{'SQS call':<34} {'µs/call':>10} {'x floor':>8}")
    for name, value in figures.items():
        print(f"{name:<34} {value:>10.1f} {value / floor:>8.2f}")
    sizes = (1_000, 100_000)
    print(f"\n{'messages waiting':<18} {'µs per send':>12} {'µs per receive+delete':>22}")
    for size, send_us, pair_us in depth_figures(sizes):
        print(f"{size:<18,} {send_us:>12.0f} {pair_us:>22.0f}")
    print(f"\n{'FIFO group size':<18} {'µs per receive':>15}")
    for size, receive_us in fifo_group_figures(sizes):
        print(f"{size:<18,} {receive_us:>15.0f}")


if __name__ == "__main__":
    main()
