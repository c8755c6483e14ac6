"""Nothing leaves the process while hookmock is active, and no credentials are needed."""

from __future__ import annotations

import sys
from pathlib import Path

import boto3
import pytest

import hookmock

from conftest import REAL_ACCOUNT, RecordingServer
from helpers import bare_env, caller_account, run_python, sts


def test_client_with_custom_endpoint_is_answered_in_process(network: RecordingServer) -> None:
    with hookmock.aws():
        assert caller_account(sts(endpoint_url=network.url)) == "123456789012"
    assert network.requests == []


def test_works_with_no_aws_environment_and_an_empty_home(tmp_path: Path) -> None:
    result = run_python(
        """
        import boto3, hookmock
        with hookmock.aws():
            print(boto3.client("sts", region_name="eu-west-1").get_caller_identity()["Arn"])
        """,
        bare_env(tmp_path / "home"),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "arn:aws:iam::123456789012:root"


def test_sessions_made_before_import_are_blocked_or_adopted(
    network: RecordingServer, tmp_path: Path
) -> None:
    result = run_python(
        """
        import os, boto3, botocore.session
        url = os.environ["RECORDER_URL"]
        keys = dict(aws_access_key_id="AKIAREALREALREALREAL", aws_secret_access_key="s")
        early_session = botocore.session.get_session()
        early_client = boto3.client("sts", region_name="us-east-1", endpoint_url=url, **keys)

        import hookmock

        with hookmock.aws():
            # boto3's default session predates the import: it is given the handlers.
            print(boto3.client("sts", region_name="us-east-1").get_caller_identity()["Account"])
            for client in (
                early_client,
                early_session.create_client("sts", "us-east-1", endpoint_url=url, **keys),
            ):
                try:
                    client.get_caller_identity()
                except hookmock.RealRequestBlocked as error:
                    print("blocked:", "created before hookmock was imported" in str(error))
        """,
        bare_env(tmp_path / "home", RECORDER_URL=network.url),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["123456789012", "blocked: True", "blocked: True"]
    assert network.requests == []


def test_no_credential_lookup_runs_while_mocked(
    network: RecordingServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "credential-process-ran"
    config = tmp_path / "config"
    process = tmp_path / "credential_process.py"
    process.write_text(
        f"open({str(marker)!r}, 'w').write('ran')\n"
        'print(\'{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "s"}\')\n'
    )
    config.write_text(f"[default]\ncredential_process = {sys.executable} {process}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", network.url)

    with hookmock.aws():
        assert caller_account(sts(boto3.Session())) == "123456789012"
    assert not marker.exists()
    assert network.requests == []

    # The same set-up unmocked does run the lookup: the assertions above can fail.
    boto3.Session().get_credentials()
    assert marker.exists()


def test_unimplemented_operation_fails_clearly_and_sends_nothing(network: RecordingServer) -> None:
    with hookmock.aws():
        client = sts(endpoint_url=network.url)
        with pytest.raises(hookmock.OperationNotImplemented) as raised:
            client.assume_root(
                TargetPrincipal="111111111111",
                TaskPolicyArn={
                    "arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"
                },
            )
    error = raised.value
    assert isinstance(error, NotImplementedError)
    assert (error.service, error.operation) == ("sts", "AssumeRoot")
    message = str(error)
    assert "sts:AssumeRoot" in message
    assert "GetCallerIdentity" in message
    assert "open an issue" in message
    assert network.requests == []


def test_service_without_backend_fails_clearly() -> None:
    with hookmock.aws():
        client = boto3.client("codecommit", region_name="us-east-1")
        with pytest.raises(hookmock.OperationNotImplemented, match="no backend for the"):
            client.list_repositories()


def test_a_users_stubber_still_wins() -> None:
    from botocore.stub import Stubber

    with hookmock.aws():
        client = sts()
        with Stubber(client) as stubber:
            stubber.add_response(
                "get_caller_identity",
                {"Account": REAL_ACCOUNT, "Arn": "arn:aws:iam::999999999999:root", "UserId": "x"},
            )
            assert caller_account(client) == REAL_ACCOUNT
        assert caller_account(client) == "123456789012"


def test_guard_refuses_a_request_that_reaches_before_send() -> None:
    from hookmock._hooks import ANSWER_EVENT, answer

    with hookmock.aws():
        client = sts()
        client.meta.events.unregister(ANSWER_EVENT, answer)
        with pytest.raises(hookmock.RealRequestBlocked, match="did not answer"):
            client.get_caller_identity()


def test_no_instance_metadata_lookup_while_mocked(
    network: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", network.url)
    monkeypatch.setenv("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "1")

    with hookmock.aws():
        assert caller_account(sts(boto3.Session())) == "123456789012"
    assert network.requests == []

    boto3.Session().get_credentials()  # unmocked, botocore asks instance metadata
    assert network.requests


def write_credential_process(tmp_path: Path) -> tuple[Path, Path]:
    """A profile whose credentials come from a process and expire soon, so
    botocore refreshes them whenever it reads them. Returns (config, run log)."""
    runs = tmp_path / "runs"
    process = tmp_path / "process.py"
    process.write_text(
        "import datetime, json\n"
        f"open({str(runs)!r}, 'a').write('x')\n"
        "soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=2)\n"
        "print(json.dumps({'Version': 1, 'AccessKeyId': 'AKIAPROCESS', "
        "'SecretAccessKey': 's', 'SessionToken': 't', 'Expiration': soon.isoformat()}))\n"
    )
    config = tmp_path / "config"
    config.write_text(f"[default]\ncredential_process = {sys.executable} {process}\n")
    return config, runs


def test_earlier_clients_refreshable_credentials_are_not_refreshed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, runs = write_credential_process(tmp_path)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    early = boto3.Session().client("kinesis", region_name="us-east-1")
    assert runs.read_text() == "x"
    with hookmock.aws():
        for _ in range(3):
            with pytest.raises(hookmock.OperationNotImplemented):
                early.list_streams()
    assert runs.read_text() == "x"


def test_activated_client_creation_asks_no_instance_metadata(
    network: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", network.url)
    monkeypatch.setenv("AWS_DEFAULTS_MODE", "auto")
    session = boto3.Session()
    with hookmock.activate(session):
        assert caller_account(sts(session)) == "123456789012"
    assert network.requests == []

    # Unmocked, the same client creation asks instance metadata for the region.
    sts(boto3.Session(), aws_access_key_id="AKIAREALREALREALREAL", aws_secret_access_key="s")
    assert network.requests


def test_sso_token_configuration_is_not_read_while_mocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nsso_session = corp\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    with hookmock.aws():
        assert caller_account(sts(boto3.Session())) == "123456789012"
    from botocore.exceptions import InvalidConfigError

    with pytest.raises(InvalidConfigError):  # unmocked, botocore reads the broken set-up
        sts(boto3.Session())


def test_activation_bookkeeping_survives_concurrent_activations() -> None:
    import threading

    from hookmock._patches import _activations, is_mocked

    session = boto3.Session()
    inner = session._session
    keeper = hookmock.activate(session)
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        barrier = threading.Barrier(8)

        def churn() -> None:
            barrier.wait()
            for _ in range(200):
                hookmock.activate(session).deactivate()

        threads = [threading.Thread(target=churn) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert _activations[inner] == 1
        assert is_mocked(inner)
    finally:
        sys.setswitchinterval(old_interval)
        keeper.deactivate()
    assert inner not in _activations
