"""hookmock.activate: one session or client mocked, every other one left real."""

from __future__ import annotations

import boto3
import botocore.session
import pytest

import hookmock

from conftest import REAL_ACCOUNT, RecordingServer
from helpers import add_identity, caller_account, sts, sts_as


def real_sts(session: object, network: RecordingServer) -> object:
    """A client pointed at the recording server, with keys of its own to sign with."""
    return sts(
        session,
        endpoint_url=network.url,
        aws_access_key_id="AKIAREALREALREALREAL",
        aws_secret_access_key="real-secret",
    )


def test_boto3_session_is_mocked_and_another_session_stays_real(network: RecordingServer) -> None:
    mocked, other = boto3.Session(), boto3.Session()
    with hookmock.activate(mocked) as handle:
        assert caller_account(sts(mocked)) == "123456789012"
        assert caller_account(real_sts(other, network)) == REAL_ACCOUNT
        assert isinstance(handle.world, hookmock.World)
    assert network.requests == ["POST /"]


def test_botocore_session_is_mocked(network: RecordingServer) -> None:
    session = botocore.session.get_session()
    handle = hookmock.activate(session)
    try:
        client = session.create_client("sts", region_name="us-east-1", endpoint_url=network.url)
        assert client.get_caller_identity()["Account"] == "123456789012"
    finally:
        handle.deactivate()
    assert network.requests == []


def test_client_is_mocked_alone(network: RecordingServer) -> None:
    session = boto3.Session()
    client, sibling = real_sts(session, network), real_sts(session, network)
    with hookmock.activate(client):
        assert caller_account(client) == "123456789012"
        assert caller_account(sibling) == REAL_ACCOUNT
    assert len(network.requests) == 1


def test_deactivate_makes_the_session_real_again(network: RecordingServer) -> None:
    session = boto3.Session()
    handle = hookmock.activate(session)
    client = real_sts(session, network)
    assert caller_account(client) == "123456789012"
    handle.deactivate()
    assert caller_account(client) == REAL_ACCOUNT
    assert caller_account(real_sts(session, network)) == REAL_ACCOUNT
    with pytest.raises(hookmock.HookmockError, match="already deactivated"):
        handle.deactivate()


def test_clients_made_before_activation_stay_real(network: RecordingServer) -> None:
    session = boto3.Session()
    early = real_sts(session, network)
    with hookmock.activate(session):
        assert caller_account(early) == REAL_ACCOUNT
        assert caller_account(real_sts(session, network)) == "123456789012"


def test_activation_can_share_a_world() -> None:
    first, second = boto3.Session(), boto3.Session()
    with hookmock.activate(first) as one, hookmock.activate(second, world=one.world):
        add_identity(one.world, "AKIASHARED0000000001", "555555555555")
        client = sts(second, aws_access_key_id="AKIASHARED0000000001", aws_secret_access_key="x")
        assert caller_account(client) == "555555555555"


def test_activation_inside_an_aws_scope_answers_from_its_own_world() -> None:
    session = boto3.Session()
    with hookmock.aws() as scope_world, hookmock.activate(session) as handle:
        add_identity(handle.world, "AKIAOWNWORLD00000001", "666666666666")
        key = {"aws_access_key_id": "AKIAOWNWORLD00000001", "aws_secret_access_key": "x"}
        assert caller_account(sts(session, **key)) == "666666666666"
        assert caller_account(sts_as("AKIAOWNWORLD00000001")) == "123456789012"
        assert handle.world is not scope_world


def test_activate_rejects_what_is_not_a_session_or_client() -> None:
    with pytest.raises(TypeError, match=r"boto3\.Session"):
        hookmock.activate("us-east-1")


def test_activated_session_needs_no_credentials(network: RecordingServer) -> None:
    session = boto3.Session()
    with hookmock.activate(session):
        credentials = session.get_credentials()
        assert credentials.access_key == "AKIAIOSFODNN7EXAMPLE"
    assert session.get_credentials() is None
