"""Running the server: in a background thread, and as ``hookmock server``."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from hookmock import World
from hookmock.server import Credentials, Server
from hookmock.server._run import is_loopback
from hookmock.shapes.errors import AWSError
from hookmock.shapes.wire import WireRequest


def _s3(url: str) -> object:
    return boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="AKIAEMBEDDED000000001",
        aws_secret_access_key="secret",
    )


def test_server_in_a_thread_starts_on_a_free_port_and_stops() -> None:
    world = World()
    with Server(world, services=["s3"]) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.world is world
        client = _s3(server.url)
        client.create_bucket(Bucket="embedded")  # type: ignore[attr-defined]
        assert [b.resources() for b in world.backends("s3")] == [{"buckets": ["embedded"]}]
        port = server.port
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_two_servers_keep_their_own_worlds() -> None:
    with Server() as one, Server() as two:
        _s3(one.url).create_bucket(Bucket="only-in-one")  # type: ignore[attr-defined]
        assert _s3(two.url).list_buckets()["Buckets"] == []  # type: ignore[attr-defined]


def test_only_the_named_services_are_served() -> None:
    with Server(services=["sqs"]) as server, pytest.raises(ClientError) as raised:
        _s3(server.url).list_buckets()  # type: ignore[attr-defined]
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert "s3" in raised.value.response["Error"]["Message"]
    with pytest.raises(ValueError, match="no lambda backend"):
        Server(services=["lambda"])


def test_stop_while_clients_are_connected() -> None:
    server = Server().start()
    url = server.url
    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(lambda _: urllib.request.urlopen(url + "/").status == 200, range(8)))
    server.stop()
    server.stop()


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("::1")
    assert is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
    assert not is_loopback("10.1.2.3")


def _run_cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "hookmock", "server", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_cli_serves_until_stopped() -> None:
    port = _free_port()
    process = _run_cli("sqs", "sts", "-p", str(port))
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith(f"hookmock serving sqs, sts on http://127.0.0.1:{port}")
        client = boto3.client(
            "sts",
            endpoint_url=f"http://127.0.0.1:{port}",
            region_name="us-east-1",
            aws_access_key_id="AKIACLI0000000000001",
            aws_secret_access_key="secret",
        )
        assert client.get_caller_identity()["Account"] == "123456789012"
    finally:
        process.terminate()
        _, log = process.communicate(timeout=30)
    assert '"POST /" sts:GetCallerIdentity 200' in log


def test_cli_warns_when_bound_beyond_loopback() -> None:
    process = _run_cli("sts", "-H", "0.0.0.0", "-p", str(_free_port()))
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.readline()
        assert "WARNING" in process.stderr.readline()
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_cli_refuses_unknown_services() -> None:
    process = _run_cli("lambda")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "no lambda backend" in err


def test_the_authenticate_hook_sees_every_aws_request_and_may_refuse_it() -> None:
    seen: list[tuple[str, str | None, str | None]] = []

    def authenticate(
        request: WireRequest, credentials: Credentials, world: World
    ) -> AWSError | None:
        seen.append((request.method, credentials.access_key_id, credentials.region))
        if credentials.access_key_id == "AKIAREFUSED000000001":
            return AWSError("SignatureDoesNotMatch", "refused by the test's hook", 403)
        return None

    with Server(services=["sts"], authenticate=authenticate) as server:

        def sts(key: str) -> Any:
            return boto3.client(
                "sts",
                endpoint_url=server.url,
                region_name="eu-west-2",
                aws_access_key_id=key,
                aws_secret_access_key="secret",
            )

        assert sts("AKIAALLOWED000000001").get_caller_identity()["Account"] == "123456789012"
        with pytest.raises(ClientError) as raised:
            sts("AKIAREFUSED000000001").get_caller_identity()
        assert raised.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
        assert urllib.request.urlopen(server.url + "/").status == 200  # not an AWS request
    assert seen == [
        ("POST", "AKIAALLOWED000000001", "eu-west-2"),
        ("POST", "AKIAREFUSED000000001", "eu-west-2"),
    ]


def test_many_open_keep_alive_connections_are_all_served() -> None:
    """A few dozen SDK clients keep well over 100 connections open (waitress's default
    limit, past which it stops accepting)."""
    with Server() as server:
        connections = [
            http.client.HTTPConnection("127.0.0.1", server.port, timeout=10) for _ in range(150)
        ]
        try:
            for connection in connections:
                connection.request("GET", "/_hookmock/health")
                response = connection.getresponse()
                assert response.status == 200
                response.read()
        finally:
            for connection in connections:
                connection.close()
