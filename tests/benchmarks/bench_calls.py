"""Per-call cost: hookmock against botocore's own floor, and what shapes adds.

Run with ``nox -s bench`` (or ``python tests/benchmarks/bench_calls.py``).
Contenders run interleaved, several rounds each, and the median is reported
so machine drift cancels. Figures are µs per call on this machine.

- floor: the same botocore client answered by a before-call handler with a
  canned, already-parsed response: no event-based mock can beat it.
- hookmock: the full path (bind, dispatch, validate, backend, render).
- validate / render: shapes' share, measured alone on a DynamoDB PutItem
  input and a DescribeTable-sized output.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse

import hookmock
from hookmock.shapes import render_output
from hookmock.shapes.validate import check_input

ROUNDS = 7
CALLS = 2000


def per_call(func: Callable[[], Any], calls: int = CALLS) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        func()
    return (time.perf_counter() - start) / calls * 1e6


def interleaved_medians(
    contenders: dict[str, tuple[Callable[[], Any], int]], rounds: int = 5
) -> dict[str, float]:
    """µs per call of each contender (func, calls per round): a warm-up, then
    rounds that interleave the contenders, so drift on a shared machine hits
    them alike; the median round counts."""
    for func, calls in contenders.values():
        per_call(func, max(1, calls // 10))
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, (func, calls) in contenders.items():
            samples[name].append(per_call(func, calls))
    return {name: statistics.median(values) for name, values in samples.items()}


def floor_client(service: str, canned: dict[str, Any] | Callable[[], dict[str, Any]]) -> Any:
    """A client whose every call is answered at before-call with ``canned`` (or
    what calling it returns: a streaming body can be read only once)."""
    client = boto3.Session().client(
        service, region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b"
    )
    make = canned if callable(canned) else lambda: canned

    def answer(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        return AWSResponse("https://aws", 200, {}, None), {**make(), "ResponseMetadata": {}}

    client.meta.events.register("before-call", answer)
    return client


def main() -> None:
    floor = floor_client(
        "sts", {"UserId": "1", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:root"}
    )
    ddb_floor = floor_client("dynamodb", {})
    mock = hookmock.aws()
    mock.start()
    mocked = boto3.client("sts", region_name="us-east-1")
    ddb = boto3.client("dynamodb", region_name="us-east-1").meta.service_model
    put_item = ddb.operation_model("PutItem")
    item_params = {
        "TableName": "orders",
        "Item": {
            "pk": {"S": "customer#42"},
            "sk": {"S": "order#2026-11-20#0001"},
            "total": {"N": "129.95"},
            "lines": {
                "L": [{"M": {"sku": {"S": f"sku-{n}"}, "qty": {"N": "1"}}} for n in range(5)]
            },
            "tags": {"SS": ["gift", "priority"]},
        },
        "ConditionExpression": "attribute_not_exists(pk)",
        "ReturnValues": "NONE",
    }
    describe = ddb.operation_model("DescribeTable").output_shape
    table = {
        "Table": {
            "TableName": "orders",
            "TableStatus": "ACTIVE",
            "ItemCount": 10,
            "TableSizeBytes": 999,
            "CreationDateTime": 1763600000.0,
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            "ProvisionedThroughput": {
                "ReadCapacityUnits": 5,
                "WriteCapacityUnits": 5,
                "NumberOfDecreasesToday": 0,
            },
        }
    }
    contenders: dict[str, Callable[[], Any]] = {
        "floor (canned before-call)": floor.get_caller_identity,
        "hookmock GetCallerIdentity": mocked.get_caller_identity,
        "floor DynamoDB PutItem": lambda: ddb_floor.put_item(**item_params),
        "shapes: validate PutItem input": lambda: check_input(put_item, item_params),
        "shapes: render DescribeTable output": lambda: render_output(describe, table),
    }
    for func in contenders.values():  # warm caches
        per_call(func, 200)
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(ROUNDS):
        for name, func in contenders.items():
            samples[name].append(per_call(func))
    mock.stop()

    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor_us = medians["floor (canned before-call)"]
    put_floor_us = medians["floor DynamoDB PutItem"]
    print(f"{'contender':<38} {'µs/call':>9} {'x STS floor':>12} {'x PutItem floor':>16}")
    for name, value in medians.items():
        print(f"{name:<38} {value:>9.1f} {value / floor_us:>12.2f} {value / put_floor_us:>16.2f}")


if __name__ == "__main__":
    main()
