"""The server's own endpoints: dashboard, state, reset; and requests nothing serves."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError
from server_clients import Clients, clients_for

from hookmock import World
from hookmock.server import Server


@pytest.fixture
def aws(hookmock_server: str) -> Clients:
    return clients_for(hookmock_server)


def _get(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def _populate(aws: Clients) -> None:
    aws("s3").create_bucket(Bucket="shown-bucket")
    aws("sqs", region="eu-west-1").create_queue(QueueName="shown-queue")
    aws("iam").create_user(UserName="shown-user")


def test_an_unsigned_get_of_root_is_the_dashboard(aws: Clients, hookmock_server: str) -> None:
    _populate(aws)
    status, kind, body = _get(hookmock_server + "/")
    assert status == 200
    assert kind.startswith("text/html")
    page = body.decode()
    for expected in ("shown-bucket", "shown-queue", "shown-user", "eu-west-1", "123456789012"):
        assert expected in page
    # A signed GET / is S3 ListBuckets, not the dashboard.
    assert [b["Name"] for b in aws("s3").list_buckets()["Buckets"]] == ["shown-bucket"]


def test_state_lists_resources_per_service_account_and_region(
    aws: Clients, hookmock_server: str
) -> None:
    _populate(aws)
    status, kind, body = _get(hookmock_server + "/_hookmock/state")
    assert (status, kind) == (200, "application/json")
    state = json.loads(body)
    services = state["services"]
    assert state["default_account"] == "123456789012"
    assert services["sqs"] == {"123456789012": {"eu-west-1": {"queues": ["shown-queue"]}}}
    assert services["s3"]["(all accounts)"]["aws"]["buckets"] == ["shown-bucket"]
    assert services["iam"]["123456789012"]["aws"]["users"] == ["shown-user"]
    assert services["dynamodb"] == {}


def test_reset_empties_the_world(aws: Clients, hookmock_server: str) -> None:
    _populate(aws)
    status, _, body = _get(hookmock_server + "/_hookmock/reset", method="POST")
    assert status == 200
    assert json.loads(body) == {"reset": True}
    assert aws("s3").list_buckets()["Buckets"] == []
    assert "shown-bucket" not in _get(hookmock_server + "/")[2].decode()


@pytest.mark.parametrize(
    ("path", "method", "status"),
    [
        ("/_hookmock/nothing", "GET", 404),
        ("/_hookmock/reset", "GET", 405),
        ("/_hookmock/state", "POST", 405),
        ("/_hookmock/health", "GET", 200),
    ],
)
def test_control_paths(hookmock_server: str, path: str, method: str, status: int) -> None:
    assert _get(hookmock_server + path, method)[0] == status


def test_a_request_for_no_served_operation_is_a_clear_400(hookmock_server: str) -> None:
    status, _, body = _get(hookmock_server + "/?Action=NoSuchAction&Version=2011-06-15", "POST")
    assert status == 400
    assert b"<Code>" in body


def test_an_in_process_scope_answers_clients_pointed_at_the_server(
    aws: Clients, hookmock_server_session: Server, hookmock: World
) -> None:
    """While an in-process scope is active, it answers every client itself, even one
    whose endpoint is the server: the server's world never sees the call."""
    aws("s3").create_bucket(Bucket="in-process-only")
    assert [b.resources() for b in hookmock.backends("s3")] == [{"buckets": ["in-process-only"]}]
    assert hookmock_server_session.world.backends("s3") == []


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


SIGNED_DYNAMODB = (
    "AWS4-HMAC-SHA256 Credential=AKIASERVERTESTKEY001/20250101/us-east-1/dynamodb/aws4_request, "
    "SignedHeaders=host, Signature=0"
)


def test_a_body_that_does_not_parse_is_the_protocols_serialization_error(
    hookmock_server: str,
) -> None:
    status, body = _post(
        hookmock_server + "/",
        b"{not json",
        {
            "Authorization": SIGNED_DYNAMODB,
            "X-Amz-Target": "DynamoDB_20120810.ListTables",
            "Content-Type": "application/x-amz-json-1.0",
        },
    )
    assert status == 400
    assert json.loads(body)["__type"].endswith("SerializationException")


@pytest.mark.parametrize("failing", ["answer", "serialize_response"])
def test_a_failure_inside_hookmock_is_a_logged_500(
    aws: Clients, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, failing: str
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(f"hookmock.server._app.{failing}", broken)
    with caplog.at_level(logging.ERROR, "hookmock.server"), pytest.raises(ClientError) as raised:
        aws("sts").get_caller_identity()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    assert raised.value.response["Error"]["Code"] == "InternalError"
    assert "broken on purpose" in caplog.text
