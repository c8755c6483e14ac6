"""Server tests: real boto3 clients over HTTP to the session's hookmock server
(the plugin's ``hookmock_server`` fixture: one server, its world emptied per test).

Not a conftest.py: the suite imports ``conftest`` by name, so there is only one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

KEY = "AKIASERVERTESTKEY001"
SECRET = "server-test-secret"

Clients = Callable[..., Any]


def clients_for(url: str) -> Clients:
    """``aws("s3", region="eu-west-1", key=...)``: a client pointed at ``url``,
    which retries nothing so every answer is seen as sent."""

    def make(
        service: str, *, region: str = "us-east-1", key: str = KEY, config: Config | None = None
    ) -> Any:
        base = Config(retries={"max_attempts": 1, "mode": "standard"})
        return boto3.client(
            service,
            endpoint_url=url,
            region_name=region,
            aws_access_key_id=key,
            aws_secret_access_key=SECRET,
            config=base.merge(config) if config is not None else base,
        )

    return make
