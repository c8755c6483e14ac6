"""Small helpers shared by the foundation tests."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from hookmock._state import STATE
from hookmock._world import Principal, World

DEFAULT_ARN = "arn:aws:iam::123456789012:root"


def sts(session: Any = None, **kwargs: Any) -> Any:
    kwargs.setdefault("region_name", "us-east-1")
    return (session or boto3).client("sts", **kwargs)


def caller_account(client: Any = None) -> str:
    return str((client or sts()).get_caller_identity()["Account"])


def current_world() -> World:
    world = STATE.world
    assert world is not None, "no hookmock scope is active"
    return world


def add_identity(world: World, key: str, account: str) -> None:
    """Make calls signed with ``key`` come from ``account``: visible world state."""
    world.register_access_key(key, Principal.root(account))


def sts_as(key: str, **kwargs: Any) -> Any:
    return sts(aws_access_key_id=key, aws_secret_access_key="secret", **kwargs)


def code_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    """(error code, HTTP status) of a ClientError caught by pytest.raises."""
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    """(code, message) of a ClientError caught by pytest.raises."""
    error = raised.value.response["Error"]
    return error["Code"], error["Message"]


def attributes(client: Any, url: str, *names: str) -> dict[str, str]:
    answer = client.get_queue_attributes(QueueUrl=url, AttributeNames=list(names) or ["All"])
    return dict(answer.get("Attributes", {}))


def create_pk_sk_table(client: Any, name: str, *extra_definitions: str, **kwargs: Any) -> None:
    """An on-demand DynamoDB table keyed pk (S) / sk (N); ``extra_definitions``
    declares further string attributes for the indexes in ``kwargs``."""
    client.create_table(
        TableName=name,
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
            *({"AttributeName": n, "AttributeType": "S"} for n in extra_definitions),
        ],
        BillingMode="PAY_PER_REQUEST",
        **kwargs,
    )


def run_python(code: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment with no AWS settings at all and an empty home directory."""
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=str(home), **extra)
    return env
