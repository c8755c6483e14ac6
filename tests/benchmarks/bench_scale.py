"""Cost per operation as collections grow: 1k, 100k and 1M entries.

Each (structure, size) runs in a fresh interpreter, so its peak RSS is its
own: ``python bench_scale.py s3 100000`` prints one JSON line. The collection
is filled straight through the backend (a million boto3 calls would measure
the calls), then the operation is timed at the start, middle and end of it.
A flat cost across sizes is what a seek, rather than a scan, looks like.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import boto3

import hookmock

sys.path.insert(0, os.path.dirname(__file__))

SIZES = (1_000, 100_000, 1_000_000)
REPEATS = 15


def _timed(calls: list[Callable[[], Any]]) -> float:
    timings = []
    for _ in range(REPEATS):
        for call in calls:
            begin = time.perf_counter()
            call()
            timings.append((time.perf_counter() - begin) * 1e6)
    return statistics.median(timings)


def s3_list_page(size: int) -> float:
    from bench_s3 import fill

    with hookmock.aws() as world:
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bench")
        (backend,) = world.backends("s3")
        fill(backend.buckets["bench"], size)
        s3.list_objects_v2(Bucket="bench", MaxKeys=1)  # the first read sorts new keys once
        starts = ["", f"key/{size // 2:08d}", f"key/{max(size - 101, 0):08d}"]
        return _timed(
            [
                lambda start=start: s3.list_objects_v2(
                    Bucket="bench", StartAfter=start, MaxKeys=100
                )
                for start in starts
            ]
        )


def dynamodb_query_page(size: int) -> float:
    from bench_dynamodb import create, fill

    with hookmock.aws() as world:
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        create(ddb)
        (backend,) = world.backends("dynamodb")
        fill(backend.tables["bench"], size)
        starts = [0, size // 2, max(size - 101, 0)]
        return _timed(
            [
                lambda start=start: ddb.query(
                    TableName="bench",
                    KeyConditionExpression="pk = :p AND sk >= :s",
                    ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"N": str(start)}},
                    Limit=100,
                )
                for start in starts
            ]
        )


def sqs_send(size: int) -> float:
    from bench_sqs import fill

    with hookmock.aws() as world:
        sqs = boto3.client("sqs", region_name="us-east-1")
        url = sqs.create_queue(QueueName="bench")["QueueUrl"]
        (backend,) = world.backends("sqs")
        fill(backend.queues["bench"], size, world.clock.time())
        return _timed([lambda: sqs.send_message(QueueUrl=url, MessageBody="x")])


STRUCTURES: dict[str, tuple[str, Callable[[int], float]]] = {
    "s3": ("S3 ListObjectsV2 100-key page, N keys in the bucket", s3_list_page),
    "dynamodb": ("DynamoDB Query 100-item page, N items in the partition", dynamodb_query_page),
    "sqs": ("SQS SendMessage, N messages in the queue", sqs_send),
}


def measure(structure: str, size: int) -> dict[str, Any]:
    """One (structure, size) in a fresh interpreter: µs per operation and peak RSS MiB."""
    out = subprocess.run(
        [sys.executable, __file__, structure, str(size)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(out))


def scale_figures(sizes: tuple[int, ...] = SIZES) -> dict[str, list[dict[str, Any]]]:
    return {structure: [measure(structure, size) for size in sizes] for structure in STRUCTURES}


def _peak_mib() -> float:
    """This interpreter's peak RSS. Linux keeps ru_maxrss across exec, so a child
    would report its parent's peak; VmHWM belongs to this process image alone."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(structure: str, size: int) -> None:
    us = STRUCTURES[structure][1](size)
    peak_mib = _peak_mib()
    print(json.dumps({"size": size, "us": us, "peak_mib": peak_mib}))


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _child(sys.argv[1], int(sys.argv[2]))
    else:
        for structure, rows in scale_figures().items():
            print(STRUCTURES[structure][0])
            for row in rows:
                print(f"  {row['size']:>9,}  {row['us']:>8.0f} µs  {row['peak_mib']:>6.0f} MiB")
