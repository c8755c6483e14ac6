"""Shared set-up for the STS tests: roles to assume, clients signed as sessions."""

from __future__ import annotations

import json
from typing import Any

import boto3

from hookmock._world import Principal

from helpers import current_world

TRUST_ANYONE = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
    }
)
ALLOW_S3 = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
    }
)


def root_of(account: str) -> dict[str, str]:
    """Client keyword arguments that sign as ``account``'s root user."""
    key = f"AKIAROOT{account}"
    current_world().register_access_key(key, Principal.root(account))
    return {"aws_access_key_id": key, "aws_secret_access_key": "secret"}


def make_role(account: str = "123456789012", name: str = "role", **kwargs: Any) -> str:
    """Create role ``name`` in ``account``; its ARN."""
    iam = boto3.client("iam", region_name="us-east-1", **root_of(account))
    kwargs.setdefault("AssumeRolePolicyDocument", TRUST_ANYONE)
    return str(iam.create_role(RoleName=name, **kwargs)["Role"]["Arn"])


def signed_with(credentials: dict[str, Any], service: str = "sts") -> Any:
    """A client of ``service`` signed with temporary ``credentials``."""
    return boto3.client(
        service,
        region_name="us-east-1",
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def iam_of(account: str) -> Any:
    return boto3.client("iam", region_name="us-east-1", **root_of(account))
