"""DynamoDB costs: PutItem, GetItem, UpdateItem with an expression, a
100-item Query page from a table of 1k and 1M items, and GetItem/PutItem on a
table whose items all carry a time to live.

Run with ``nox -s bench`` (or ``python tests/benchmarks/bench_dynamodb.py``).
Per-call figures are medians of interleaved rounds, against botocore's floor
(the same client answered by a canned before-call handler). The scale figures
fill one partition straight through the backend (a million boto3 puts would
measure the puts) and time Query pages at its start, middle and end: a flat
cost across sizes is what a seek, rather than a scan, looks like. The time
to live figures do the same for the expiry index: a call checks only the
earliest expiry, and a write moves one index entry.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import boto3

import hookmock

sys.path.insert(0, os.path.dirname(__file__))
from bench_calls import floor_client, interleaved_medians

ROUNDS = 5
KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
DEFINITIONS = [
    {"AttributeName": "pk", "AttributeType": "S"},
    {"AttributeName": "sk", "AttributeType": "N"},
]
ITEM = {"pk": {"S": "p"}, "sk": {"N": "1"}, "name": {"S": "widget"}, "n": {"N": "1"}}


def create(client: Any) -> None:
    client.create_table(
        TableName="bench",
        KeySchema=KEYS,
        AttributeDefinitions=DEFINITIONS,
        BillingMode="PAY_PER_REQUEST",
    )


def per_call_figures() -> dict[str, float]:
    floor = floor_client("dynamodb", {})
    key = {"pk": ITEM["pk"], "sk": ITEM["sk"]}
    update = {
        "UpdateExpression": "SET #n = #n + :one",
        "ExpressionAttributeNames": {"#n": "n"},
        "ExpressionAttributeValues": {":one": {"N": "1"}},
    }
    with hookmock.aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        create(ddb)
        ddb.put_item(TableName="bench", Item=ITEM)
        contenders: dict[str, tuple[Callable[[], Any], int]] = {
            "floor PutItem": (lambda: floor.put_item(TableName="bench", Item=ITEM), 500),
            "PutItem": (lambda: ddb.put_item(TableName="bench", Item=ITEM), 500),
            "floor GetItem": (lambda: floor.get_item(TableName="bench", Key=key), 500),
            "GetItem": (lambda: ddb.get_item(TableName="bench", Key=key), 500),
            "floor UpdateItem": (
                lambda: floor.update_item(TableName="bench", Key=key, **update),
                500,
            ),
            "UpdateItem SET n = n + :one": (
                lambda: ddb.update_item(TableName="bench", Key=key, **update),
                500,
            ),
        }
        return interleaved_medians(contenders, ROUNDS)


def fill(table: Any, count: int) -> None:
    for n in range(count):
        table.write(None, {"pk": {"S": "p"}, "sk": {"N": str(n)}, "v": {"S": "x"}})


def scale_figures(sizes: tuple[int, ...]) -> list[tuple[int, float, float]]:
    """(items, µs per 100-item Query page, peak RSS MiB) for each table size."""
    rows = []
    for size in sizes:
        with hookmock.aws() as world:
            ddb = boto3.client("dynamodb", region_name="us-east-1")
            create(ddb)
            (backend,) = world.backends("dynamodb")
            fill(backend.tables["bench"], size)
            starts = [0, size // 2, max(size - 101, 0)]
            timings = []
            for _ in range(ROUNDS):
                for start in starts:
                    begin = time.perf_counter()
                    ddb.query(
                        TableName="bench",
                        KeyConditionExpression="pk = :p AND sk >= :s",
                        ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"N": str(start)}},
                        Limit=100,
                    )
                    timings.append((time.perf_counter() - begin) * 1e6)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            rows.append((size, statistics.median(timings), peak))
    return rows


def ttl_figures(sizes: tuple[int, ...]) -> list[tuple[int, float, float]]:
    """(items, µs per GetItem, µs per PutItem) on a TTL table whose items expire later."""
    rows = []
    for size in sizes:
        with hookmock.aws() as world:
            ddb = boto3.client("dynamodb", region_name="us-east-1")
            create(ddb)
            ddb.update_time_to_live(
                TableName="bench", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"}
            )
            (backend,) = world.backends("dynamodb")
            table = backend.tables["bench"]
            later = int(world.clock.time()) + 86400
            for n in range(size):
                table.write(
                    None, {"pk": {"S": "p"}, "sk": {"N": str(n)}, "exp": {"N": str(later + n)}}
                )
            key = {"pk": {"S": "p"}, "sk": {"N": str(size // 2)}}
            item = {**key, "exp": {"N": str(later + size)}}
            gets, puts = [], []
            for _ in range(ROUNDS * 20):
                begin = time.perf_counter()
                ddb.get_item(TableName="bench", Key=key)
                gets.append((time.perf_counter() - begin) * 1e6)
                begin = time.perf_counter()
                ddb.put_item(TableName="bench", Item=item)
                puts.append((time.perf_counter() - begin) * 1e6)
            rows.append((size, statistics.median(gets), statistics.median(puts)))
    return rows


def main() -> None:
    figures = per_call_figures()
    print(f"{'DynamoDB call':<34} {'µs/call':>10} {'x floor':>8}")
    for name, value in figures.items():
        if name.startswith("floor"):
            print(f"{name:<34} {value:>10.1f}")
            continue
        floor = figures["floor " + name.split()[0]]
        print(f"{name:<34} {value:>10.1f} {value / floor:>8.2f}")
    sizes = (1_000, 1_000_000) if "--quick" not in sys.argv else (1_000, 100_000)
    print(f"\n{'items in table':<16} {'µs per 100-item page':>22} {'peak RSS MiB':>14}")
    for size, page_us, peak in scale_figures(sizes):
        print(f"{size:<16,} {page_us:>22.0f} {peak:>14.0f}")
    print(f"\n{'items with a TTL':<16} {'µs per GetItem':>16} {'µs per PutItem':>16}")
    for size, get_us, put_us in ttl_figures(sizes):
        print(f"{size:<16,} {get_us:>16.0f} {put_us:>16.0f}")


if __name__ == "__main__":
    main()
