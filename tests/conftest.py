from __future__ import annotations

import http.server
import os
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import pytest_asyncio
from hypothesis import Phase, settings

import hookmock
import hookmock.shapes.render

from helpers import create_pk_sk_table

# hookmock's own suite renders strictly: a backend result that does not fit its
# output shape is a bug and must fail loudly here.
hookmock.shapes.render.STRICT = True

# Property tests: a modest default so the suite stays quick; `--hypothesis-profile
# thorough` digs deeper, `diagnose` finds a failure fast without shrinking it.
settings.register_profile("default", max_examples=60)
settings.register_profile("thorough", max_examples=1000)
settings.register_profile("diagnose", max_examples=40, phases=[Phase.generate])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REAL_ACCOUNT = "999999999999"
STS_XML = f"""<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::{REAL_ACCOUNT}:user/real</Arn>
    <UserId>AIDAREALREALREALREAL</UserId>
    <Account>{REAL_ACCOUNT}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>real-request</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>""".encode()


class RecordingServer:
    """A loopback HTTP server standing in for "the network": it records every
    request it gets and answers as STS GetCallerIdentity would, from an
    account hookmock never uses."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorded = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                self.rfile.read(length)
                recorded.append(f"{self.command} {self.path}")
                # Instance metadata paths get plain text, as IMDS sends.
                body = b"not-a-role" if self.path.startswith("/latest/") else STS_XML
                self.send_response(200)
                self.send_header("content-type", "text/xml")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def network() -> Iterator[RecordingServer]:
    server = RecordingServer()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _no_aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test may read the developer's real AWS set-up."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def s3() -> Iterator[Any]:
    """A mocked S3 client whose account owns an empty bucket named 'bucket'."""
    with hookmock.aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="bucket")
        yield client


@pytest.fixture
def ddb() -> Iterator[Any]:
    """A mocked DynamoDB client with table 't': pk (S) hash key, sk (N) range key."""
    with hookmock.aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        create_pk_sk_table(client, "t")
        yield client


@pytest.fixture
def sqs() -> Iterator[Any]:
    """A mocked SQS client in us-east-1."""
    with hookmock.aws():
        yield boto3.client("sqs", region_name="us-east-1")


@pytest.fixture
def iam() -> Iterator[Any]:
    """A mocked IAM client (a global service: the region only picks the partition)."""
    with hookmock.aws():
        yield boto3.client("iam", region_name="us-east-1")


@pytest.fixture
def sns() -> Iterator[Any]:
    """A mocked SNS client in us-east-1."""
    with hookmock.aws():
        yield boto3.client("sns", region_name="us-east-1")


@pytest_asyncio.fixture
async def aio_s3(s3: Any) -> AsyncIterator[Any]:
    """An aiobotocore S3 client in the same world as ``s3`` (and its bucket 'bucket').
    For tests/async_clients, whose modules skip where aiobotocore is not installed."""
    from aiobotocore.session import get_session

    async with get_session().create_client("s3", region_name="us-east-1") as client:
        yield client
