"""The AWS CLI (v1, its own vendored botocore) against hookmock's server.

Runs under ``nox -s server_cli``, which installs awscli; skipped where awscli is
not installed (it is not part of the test extra: it is large and slow to start).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("awscli", reason="the AWS CLI runs under `nox -s server_cli`")

MiB = 1024 * 1024


class Cli:
    def __init__(self, url: str, home: Path) -> None:
        self.url = url
        config = home / "config"
        # Small multipart threshold and chunks: `s3 cp` of a 12 MiB file is multipart.
        config.write_text(
            "[default]\nregion = us-east-1\ns3 =\n"
            "  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n"
        )
        self.env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(home),
            "AWS_ACCESS_KEY_ID": "AKIAAWSCLITEST000001",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
        }

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "awscli", "--endpoint-url", self.url, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"aws {' '.join(args)} failed:\n{done.stderr}")
        return done

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--output", "json").stdout or "null")


@pytest.fixture
def cli(hookmock_server: str, tmp_path: Path) -> Cli:
    home = tmp_path / "home"
    home.mkdir()
    return Cli(hookmock_server, home)


def test_s3_mb_cp_ls_sync_rm(cli: Cli, tmp_path: Path) -> None:
    cli.run("s3", "mb", "s3://cli-bucket")
    big = tmp_path / "big.bin"
    data = os.urandom(12 * MiB)
    big.write_bytes(data)
    cli.run("s3", "cp", str(big), "s3://cli-bucket/big.bin")
    head = cli.json("s3api", "head-object", "--bucket", "cli-bucket", "--key", "big.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"].endswith('-3"')  # three 5 MiB parts: a multipart upload
    back = tmp_path / "back.bin"
    cli.run("s3", "cp", "s3://cli-bucket/big.bin", str(back))
    assert back.read_bytes() == data

    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/c.txt"):
        (tree / name).write_text(name)
        # S3 keeps LastModified to the second, and sync re-sends a file whose mtime is
        # later: a file written in the second of its upload would be sent again.
        an_hour_ago = time.time() - 3600
        os.utime(tree / name, (an_hour_ago, an_hour_ago))
    cli.run("s3", "sync", str(tree), "s3://cli-bucket/tree")
    listing = cli.run("s3", "ls", "--recursive", "s3://cli-bucket/tree/").stdout
    assert sorted(line.split()[-1] for line in listing.splitlines()) == [
        "tree/a.txt",
        "tree/b.txt",
        "tree/sub/c.txt",
    ]
    (tree / "d.txt").write_text("d")
    synced = cli.run("s3", "sync", str(tree), "s3://cli-bucket/tree").stdout
    assert "d.txt" in synced
    assert "a.txt" not in synced  # unchanged files are not sent again

    assert "cli-bucket" in cli.run("s3", "ls").stdout
    cli.run("s3", "rm", "--recursive", "s3://cli-bucket/tree")
    cli.run("s3", "rm", "s3://cli-bucket/big.bin")
    assert cli.json("s3api", "list-objects-v2", "--bucket", "cli-bucket").get("Contents") is None
    cli.run("s3", "rb", "s3://cli-bucket")
    missing = cli.run("s3", "ls", "s3://cli-bucket", check=False)
    assert missing.returncode != 0
    assert "NoSuchBucket" in missing.stderr


def test_s3api_list_objects_v2_pages(cli: Cli, tmp_path: Path) -> None:
    cli.run("s3", "mb", "s3://paged")
    tree = tmp_path / "many"
    tree.mkdir()
    for i in range(23):
        (tree / f"k{i:02}").write_text(str(i))
    cli.run("s3", "sync", str(tree), "s3://paged")
    page = cli.json("s3api", "list-objects-v2", "--bucket", "paged", "--max-items", "10")
    assert [o["Key"] for o in page["Contents"]] == [f"k{i:02}" for i in range(10)]
    rest = cli.json(
        "s3api",
        "list-objects-v2",
        "--bucket",
        "paged",
        "--starting-token",
        page["NextToken"],
    )
    assert [o["Key"] for o in rest["Contents"]] == [f"k{i:02}" for i in range(10, 23)]
    small_pages = cli.json("s3api", "list-objects-v2", "--bucket", "paged", "--page-size", "4")
    assert len(small_pages["Contents"]) == 23


def test_sqs_sns_dynamodb_iam_sts(cli: Cli) -> None:
    url = cli.json("sqs", "create-queue", "--queue-name", "cli-queue")["QueueUrl"]
    cli.run("sqs", "send-message", "--queue-url", url, "--message-body", "from the cli")
    got = cli.json("sqs", "receive-message", "--queue-url", url)
    assert got["Messages"][0]["Body"] == "from the cli"

    topic = cli.json("sns", "create-topic", "--name", "cli-topic")["TopicArn"]
    assert topic == "arn:aws:sns:us-east-1:123456789012:cli-topic"
    published = cli.json("sns", "publish", "--topic-arn", topic, "--message", "hi")
    assert published["MessageId"]

    cli.run(
        "dynamodb",
        "create-table",
        "--table-name",
        "cli-table",
        "--attribute-definitions",
        "AttributeName=pk,AttributeType=S",
        "--key-schema",
        "AttributeName=pk,KeyType=HASH",
        "--billing-mode",
        "PAY_PER_REQUEST",
    )
    cli.run("dynamodb", "put-item", "--table-name", "cli-table", "--item", '{"pk": {"S": "x"}}')
    item = cli.json(
        "dynamodb", "get-item", "--table-name", "cli-table", "--key", '{"pk": {"S": "x"}}'
    )
    assert item["Item"] == {"pk": {"S": "x"}}

    cli.run("iam", "create-user", "--user-name", "cli-user")
    users = cli.json("iam", "list-users")["Users"]
    assert [u["UserName"] for u in users] == ["cli-user"]
    duplicate = cli.run("iam", "create-user", "--user-name", "cli-user", check=False)
    assert "EntityAlreadyExists" in duplicate.stderr

    identity = cli.json("sts", "get-caller-identity")
    assert identity["Account"] == "123456789012"
