"""URLs the server hands out point back at it; S3 virtual hosts on configured names;
the CLI's --iam and --s3-host flags."""

from __future__ import annotations

import http.client
import json
import urllib.request
from typing import Any

import boto3
import pytest
from server_clients import Clients, clients_for

from hookmock import World
from hookmock.__main__ import main
from hookmock.server import Server, _run
from hookmock.server._app import _hostname_of


@pytest.fixture
def aws(hookmock_server: str) -> Clients:
    return clients_for(hookmock_server)


def test_queue_urls_point_at_the_server(aws: Clients, hookmock_server: str) -> None:
    sqs = aws("sqs")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    assert url == f"{hookmock_server}/123456789012/q"
    assert sqs.create_queue(QueueName="q")["QueueUrl"] == url
    assert sqs.get_queue_url(QueueName="q")["QueueUrl"] == url
    assert sqs.list_queues()["QueueUrls"] == [url]
    assert sqs.list_queues(MaxResults=10)["QueueUrls"] == [url]
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    # AWS's form of the same queue still names it.
    aws_form = "https://sqs.us-east-1.amazonaws.com/123456789012/q"
    assert sqs.receive_message(QueueUrl=aws_form)["Messages"][0]["Body"] == "hello"


def test_queue_urls_follow_the_host_the_client_used(aws: Clients, hookmock_server: str) -> None:
    aws("sqs").create_queue(QueueName="q")
    port = hookmock_server.rsplit(":", 1)[1]
    localhost = boto3.client(
        "sqs",
        endpoint_url=f"http://localhost:{port}",
        region_name="us-east-1",
        aws_access_key_id="AKIAHOSTTEST00000001",
        aws_secret_access_key="x",
    )
    assert localhost.get_queue_url(QueueName="q")["QueueUrl"] == (
        f"http://localhost:{port}/123456789012/q"
    )


def test_dead_letter_source_urls_point_at_the_server(aws: Clients, hookmock_server: str) -> None:
    sqs = aws("sqs")
    dlq = sqs.create_queue(QueueName="dlq")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    policy = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": "3"})
    source = sqs.create_queue(QueueName="src", Attributes={"RedrivePolicy": policy})["QueueUrl"]
    assert sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"] == [source]
    assert source.startswith(hookmock_server)


def _get(port: int, host: str, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_virtual_host_buckets_on_configured_hosts() -> None:
    with Server(World(), s3_hosts=["MyHost:5000", "s3.internal"]) as server:
        s3: Any = boto3.client(
            "s3",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="AKIAHOSTTEST00000001",
            aws_secret_access_key="x",
        )
        s3.create_bucket(Bucket="my.bucket")
        s3.put_object(Bucket="my.bucket", Key="dir/k", Body=b"virtual")
        port = server.port
        assert _get(port, f"my.bucket.myhost:{port}", "/dir/k") == (200, b"virtual")
        assert _get(port, "my.bucket.s3.internal", "/dir/k") == (200, b"virtual")
        status, body = _get(port, f"my.bucket.myhost:{port}", "/?list-type=2")
        assert status == 200
        assert b"<Key>dir/k</Key>" in body
        # The configured host itself is path style; other hosts are not virtual hosts.
        assert _get(port, f"myhost:{port}", "/my.bucket/dir/k") == (200, b"virtual")
        status, _ = _get(port, f"my.bucket.otherhost:{port}", "/dir/k")
        assert status == 404


def test_configured_hosts_are_compared_without_port_or_case() -> None:
    assert _hostname_of("MyHost:5000") == "myhost"
    assert _hostname_of("s3.internal") == "s3.internal"
    assert _hostname_of("[::1]") == "[::1]"


def test_cli_passes_iam_and_s3_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def serve(services: Any, **options: Any) -> None:
        seen.update(options, services=services)

    monkeypatch.setattr(_run, "serve", serve)
    monkeypatch.setattr("hookmock.server.serve", serve)
    assert main(["server", "s3", "-q", "--iam", "--s3-host", "a.test", "--s3-host", "b"]) == 0
    assert seen["iam"] is True
    assert seen["s3_hosts"] == ["a.test", "b"]
    assert seen["services"] == ["s3"]
    assert main(["server", "-q"]) == 0
    assert seen["iam"] is False
    assert seen["s3_hosts"] == []


def test_iam_server_refuses_unknown_keys_and_serves_the_dashboard() -> None:
    with Server(World(), services=["sts"], iam=True) as server:
        sts = boto3.client(
            "sts",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="AKIANEVERISSUED00001",
            aws_secret_access_key="x",
        )
        with pytest.raises(sts.exceptions.ClientError) as raised:
            sts.get_caller_identity()
        assert raised.value.response["Error"]["Code"] == "InvalidClientTokenId"
        assert urllib.request.urlopen(server.url + "/").status == 200
