"""S3 costs: object puts and gets at 1 KiB and 8 MiB, and a 1000-key listing page.

Run with ``nox -s bench`` (or ``python tests/benchmarks/bench_s3.py``). Per-call
figures are medians of interleaved rounds, against botocore's floor (the same
client answered by a canned before-call handler). Listing cost by bucket size
is in bench_scale.py, which fills buckets with ``fill`` below.
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
SMALL = os.urandom(1024)
LARGE = os.urandom(8 * 1024 * 1024)


def per_call_figures() -> dict[str, float]:
    floor_put = floor_client("s3", {"ETag": '"x"'})
    floor_get = floor_client("s3", {"ContentLength": 1024})
    with hookmock.aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bench")
        s3.put_object(Bucket="bench", Key="small", Body=SMALL)
        s3.put_object(Bucket="bench", Key="large", Body=LARGE)
        for n in range(1000):
            s3.put_object(Bucket="bench", Key=f"page/{n:04d}", Body=b"")
        contenders: dict[str, tuple[Callable[[], Any], int]] = {
            "floor PutObject": (lambda: floor_put.put_object(Bucket="b", Key="k", Body=SMALL), 500),
            "PutObject 1 KiB": (lambda: s3.put_object(Bucket="bench", Key="s", Body=SMALL), 500),
            "floor GetObject": (lambda: floor_get.get_object(Bucket="b", Key="k"), 500),
            "GetObject 1 KiB": (
                lambda: s3.get_object(Bucket="bench", Key="small")["Body"].read(),
                500,
            ),
            "HeadObject": (lambda: s3.head_object(Bucket="bench", Key="small"), 500),
            "ListObjectsV2 page (1000 keys)": (
                lambda: s3.list_objects_v2(Bucket="bench", Prefix="page/"),
                20,
            ),
            "PutObject 8 MiB": (lambda: s3.put_object(Bucket="bench", Key="l", Body=LARGE), 5),
            "GetObject 8 MiB": (
                lambda: s3.get_object(Bucket="bench", Key="large")["Body"].read(),
                5,
            ),
        }
        return interleaved_medians(contenders, ROUNDS)


def fill(bucket: Any, count: int) -> None:
    from hookmock.backends.s3.blob import Blob
    from hookmock.backends.s3.models import S3Object, now

    body, stamp = Blob.from_bytes(b""), now(hookmock.Clock())
    for n in range(count):
        key = f"key/{n:08d}"
        bucket.objects.add(S3Object(key, body, stamp), None)


def main() -> None:
    figures = per_call_figures()
    print(f"{'S3 call':<34} {'µs/call':>10} {'x floor':>8}")
    for name, value in figures.items():
        floor = figures["floor GetObject" if "Get" in name else "floor PutObject"]
        ratio = f"{value / floor:>8.2f}" if "1 KiB" in name else ""
        print(f"{name:<34} {value:>10.1f} {ratio}")


if __name__ == "__main__":
    main()
