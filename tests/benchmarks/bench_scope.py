"""What a test pays around its calls: a whole small test, an empty scope, the import.

- per test: enter a fresh scope, create a client, create a bucket, put and get
  an object, leave: hookmock's ``aws`` against moto's ``mock_aws``;
- scope: entering and leaving an empty scope, and the same plus one first call
  on a client made before the scope;
- import: ``import hookmock`` (or ``from moto import mock_aws``) in a fresh
  interpreter that has already imported boto3, median of several runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import boto3

import hookmock

sys.path.insert(0, os.path.dirname(__file__))
from bench_calls import interleaved_medians

REGION = "us-east-1"
IMPORT_RUNS = 7


def _moto_scope() -> Callable[[], Any] | None:
    try:
        from moto import mock_aws
    except ImportError:
        return None
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    return mock_aws


def _small_test(scope: Callable[[], Any]) -> None:
    with scope():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="small-test")
        s3.put_object(Bucket="small-test", Key="k", Body=b"hello")
        assert s3.get_object(Bucket="small-test", Key="k")["Body"].read() == b"hello"


def _empty(scope: Callable[[], Any]) -> None:
    with scope():
        pass


def _first_call(scope: Callable[[], Any], sts: Any) -> None:
    with scope():
        sts.get_caller_identity()


def scope_figures(rounds: int = 5) -> dict[str, dict[str, float]]:
    """µs per run of each scenario, per contender."""
    scopes: dict[str, Callable[[], Any]] = {"hookmock": hookmock.aws}
    moto = _moto_scope()
    if moto is not None:
        scopes["moto"] = moto
    sts = boto3.client("sts", region_name=REGION, aws_access_key_id="a", aws_secret_access_key="b")
    scenarios: dict[str, tuple[Callable[[Callable[[], Any]], None], int]] = {
        "small test (scope, client, bucket, put, get)": (_small_test, 20),
        "empty scope": (_empty, 200),
        "empty scope + first call": (lambda scope: _first_call(scope, sts), 100),
    }
    figures: dict[str, dict[str, float]] = {}
    for scenario, (run, calls) in scenarios.items():
        contenders = {
            name: ((lambda scope=scope, run=run: run(scope)), calls)
            for name, scope in scopes.items()
        }
        figures[scenario] = interleaved_medians(contenders, rounds)
    return figures


def _import_seconds(statement: str) -> float:
    code = (
        "import time, boto3\n"
        "start = time.perf_counter()\n"
        f"{statement}\n"
        "print(time.perf_counter() - start)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    return float(out)


def import_figures() -> dict[str, float]:
    """ms to import each contender beyond boto3, median of fresh interpreters."""
    statements = {"hookmock": "import hookmock"}
    if _moto_scope() is not None:
        statements["moto"] = "from moto import mock_aws"
    samples: dict[str, list[float]] = {name: [] for name in statements}
    for _ in range(IMPORT_RUNS):
        for name, statement in statements.items():
            samples[name].append(_import_seconds(statement) * 1e3)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    for scenario, figures in scope_figures().items():
        shown = "  ".join(f"{name} {value:,.0f} µs" for name, value in figures.items())
        print(f"{scenario:<48} {shown}")
    for name, value in import_figures().items():
        print(f"import {name:<41} {value:,.1f} ms")


if __name__ == "__main__":
    main()
