"""Server load: many concurrent boto3 clients over loopback HTTP against one hookmock server.

``python tests/benchmarks/bench_server.py [--quick]`` (and the "server" section of
report.py). The server runs as ``hookmock server`` in a process of its own, so
the clients' botocore work does not share its interpreter lock. Each client thread
runs a bounded mix of S3 PutObject/GetObject, SQS SendMessage and DynamoDB
PutItem/GetItem; afterwards every object, message and item is counted back, so an
error or a lost write fails the run instead of being averaged away. Reports
requests per second and p50/p99 latency as the clients saw them.
"""

from __future__ import annotations

import contextlib
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
from botocore.config import Config

SERVER_THREADS = 16


def _client(service: str, url: str) -> Any:
    return boto3.Session().client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="AKIABENCHSERVER00001",
        aws_secret_access_key="secret",
        config=Config(retries={"max_attempts": 1}, max_pool_connections=4),
    )


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@contextlib.contextmanager
def _server_process() -> Iterator[str]:
    """``hookmock server`` on a free loopback port; yields its URL once it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "hookmock", "server", "-p", str(port)]
    command += ["--threads", str(SERVER_THREADS), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/_hookmock/health", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("hookmock server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def load(clients: int, rounds: int) -> dict[str, Any]:
    """``clients`` threads, each running ``rounds`` rounds of five calls."""
    with _server_process() as url:
        setup_s3, setup_sqs, setup_ddb = (_client(s, url) for s in ("s3", "sqs", "dynamodb"))
        setup_s3.create_bucket(Bucket="load")
        queue = setup_sqs.create_queue(QueueName="load")["QueueUrl"]
        setup_ddb.create_table(
            TableName="load",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        per_thread = [
            (_client("s3", url), _client("sqs", url), _client("dynamodb", url))
            for _ in range(clients)
        ]
        latencies: list[list[float]] = [[] for _ in range(clients)]
        errors: list[BaseException] = []
        start_line = threading.Barrier(clients + 1)
        body = b"x" * 1024

        def work(n: int) -> None:
            s3, sqs, ddb = per_thread[n]
            seen = latencies[n]
            start_line.wait()
            try:
                for i in range(rounds):
                    key = f"{n}-{i}"
                    for call, kwargs in (
                        (s3.put_object, {"Bucket": "load", "Key": key, "Body": body}),
                        (s3.get_object, {"Bucket": "load", "Key": key}),
                        (sqs.send_message, {"QueueUrl": queue, "MessageBody": key}),
                        (ddb.put_item, {"TableName": "load", "Item": {"pk": {"S": key}}}),
                        (ddb.get_item, {"TableName": "load", "Key": {"pk": {"S": key}}}),
                    ):
                        began = time.perf_counter()
                        answer = call(**kwargs)
                        if "Body" in answer:
                            answer["Body"].read()
                        seen.append(time.perf_counter() - began)
            except BaseException as error:  # reported below: the run fails
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        start_line.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
        if errors:
            raise SystemExit(f"server load: {len(errors)} client(s) failed: {errors[0]!r}")
        expected = clients * rounds
        lost = _lost(setup_s3, setup_sqs, setup_ddb, queue, expected)
        if lost:
            raise SystemExit(f"server load lost writes: {lost}")
    every = [value for thread in latencies for value in thread]
    return {
        "clients": clients,
        "server_threads": SERVER_THREADS,
        "requests": len(every),
        "seconds": elapsed,
        "requests_per_second": len(every) / elapsed,
        "p50_ms": statistics.median(every) * 1000,
        "p99_ms": _percentile(every, 0.99) * 1000,
        "max_ms": max(every) * 1000,
        "errors": 0,
        "lost": 0,
    }


def _lost(s3: Any, sqs: Any, ddb: Any, queue: str, expected: int) -> dict[str, int]:
    """What did not arrive: objects, messages and items counted back."""
    objects = sum(
        page.get("KeyCount", 0)
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="load")
    )
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    messages = int(attributes["ApproximateNumberOfMessages"])
    items = sum(page["Count"] for page in ddb.get_paginator("scan").paginate(TableName="load"))
    counted = {"s3 objects": objects, "sqs messages": messages, "dynamodb items": items}
    return {name: expected - count for name, count in counted.items() if count != expected}


def server_figures(quick: bool) -> dict[str, Any]:
    return load(clients=16, rounds=10) if quick else load(clients=32, rounds=25)


def markdown(figures: dict[str, Any]) -> list[str]:
    return [
        "",
        "| server load (loopback HTTP) | clients | requests | req/s | p50 ms | p99 ms "
        "| max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        f"| S3 put+get, SQS send, DynamoDB put+get | {figures['clients']} "
        f"| {figures['requests']:,} | {figures['requests_per_second']:,.0f} "
        f"| {figures['p50_ms']:.1f} | {figures['p99_ms']:.1f} | {figures['max_ms']:.0f} "
        f"| {figures['errors']} |",
    ]


if __name__ == "__main__":
    print("\n".join(markdown(server_figures("--quick" in sys.argv))))
