"""aiobotocore clients reached by hookmock.aws and hookmock.activate, in the sync clients' world."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import boto3
import pytest

pytest.importorskip("aiobotocore", reason="async client tests need: pip install -e '.[async]'")

from aiobotocore.awsrequest import AioAWSResponse
from aiobotocore.session import AioSession, get_session
from botocore.exceptions import ClientError

import hookmock

from conftest import REAL_ACCOUNT, RecordingServer
from helpers import add_identity, bare_env, caller_account, run_python, sts

REGION = "us-east-1"
REAL_KEYS = {"aws_access_key_id": "AKIAREALREALREALREAL", "aws_secret_access_key": "real-secret"}


async def account_of(session: AioSession, **kwargs: Any) -> str:
    async with session.create_client("sts", region_name=REGION, **kwargs) as client:
        return str((await client.get_caller_identity())["Account"])


@pytest.mark.asyncio
async def test_aws_scope_answers_aiobotocore_clients_made_inside_it() -> None:
    with hookmock.aws():
        assert await account_of(get_session()) == "123456789012"


@pytest.mark.asyncio
@hookmock.aws
async def test_decorated_coroutine_test_is_mocked() -> None:
    assert await account_of(AioSession()) == "123456789012"


@pytest.mark.asyncio
async def test_sync_and_async_clients_share_one_world(s3: Any, aio_s3: Any) -> None:
    await aio_s3.create_bucket(Bucket="made-async")
    names = {bucket["Name"] for bucket in s3.list_buckets()["Buckets"]}
    assert names == {"bucket", "made-async"}

    s3.put_object(Bucket="bucket", Key="from-boto3", Body=b"sync")
    listed = await aio_s3.list_objects_v2(Bucket="bucket")
    assert [item["Key"] for item in listed["Contents"]] == ["from-boto3"]


@pytest.mark.asyncio
async def test_client_made_before_the_scope_is_answered_while_it_lasts(
    network: RecordingServer,
) -> None:
    async with get_session().create_client(
        "sts", region_name=REGION, endpoint_url=network.url, **REAL_KEYS
    ) as client:
        with hookmock.aws():
            assert (await client.get_caller_identity())["Account"] == "123456789012"
        assert (await client.get_caller_identity())["Account"] == REAL_ACCOUNT
    assert network.requests == ["POST /"]


@pytest.mark.asyncio
async def test_responses_are_the_async_kinds(aio_s3: Any) -> None:
    seen: list[Any] = []

    def record(http_response: Any, **_: Any) -> None:
        seen.append(http_response)

    aio_s3.meta.events.register("after-call.s3.ListBuckets", record)
    response = await aio_s3.list_buckets()
    assert isinstance(seen[0], AioAWSResponse)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amz-request-id"]


@pytest.mark.asyncio
async def test_errors_are_the_clients_modeled_exceptions(aio_s3: Any) -> None:
    with pytest.raises(aio_s3.exceptions.NoSuchKey) as raised:
        await aio_s3.get_object(Bucket="bucket", Key="missing")
    assert raised.value.response["Error"]["Code"] == "NoSuchKey"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    with pytest.raises(ClientError, match="NoSuchBucket"):
        await aio_s3.list_objects_v2(Bucket="no-such-bucket")


@pytest.mark.asyncio
async def test_bucket_location_is_answered_without_a_wire_body(aio_s3: Any) -> None:
    # aiobotocore's own after-call handler would await a wire body that is not there.
    await aio_s3.create_bucket(
        Bucket="in-ireland", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    location = await aio_s3.get_bucket_location(Bucket="in-ireland")
    assert location["LocationConstraint"] == "eu-west-1"


@pytest.mark.asyncio
async def test_paginators_and_waiters(aio_s3: Any) -> None:
    for number in range(7):
        await aio_s3.put_object(Bucket="bucket", Key=f"k{number}", Body=b"x")
    paginator = aio_s3.get_paginator("list_objects_v2")
    pages = paginator.paginate(Bucket="bucket", PaginationConfig={"PageSize": 3})
    sizes = [len(page["Contents"]) async for page in pages]
    assert sizes == [3, 3, 1]
    await aio_s3.get_waiter("object_exists").wait(Bucket="bucket", Key="k6")


@pytest.mark.asyncio
async def test_unimplemented_operation_fails_clearly_and_sends_nothing(
    network: RecordingServer,
) -> None:
    with hookmock.aws():
        async with get_session().create_client(
            "dynamodb", region_name=REGION, endpoint_url=network.url
        ) as client:
            with pytest.raises(hookmock.OperationNotImplemented, match="dynamodb:CreateBackup"):
                await client.create_backup(TableName="table", BackupName="backup")
    assert network.requests == []


@pytest.mark.asyncio
async def test_a_users_aio_stubber_still_wins() -> None:
    from aiobotocore.stub import AioStubber

    with hookmock.aws():
        async with get_session().create_client("sts", region_name=REGION) as client:
            with AioStubber(client) as stubber:
                stubber.add_response(
                    "get_caller_identity",
                    {"Account": REAL_ACCOUNT, "Arn": f"arn:aws:iam::{REAL_ACCOUNT}:root"},
                )
                assert (await client.get_caller_identity())["Account"] == REAL_ACCOUNT
            assert (await client.get_caller_identity())["Account"] == "123456789012"


@pytest.mark.asyncio
async def test_guard_refuses_an_async_request_that_reaches_before_send(
    network: RecordingServer,
) -> None:
    from hookmock._hooks import ANSWER_EVENT, answer

    with hookmock.aws():
        async with get_session().create_client(
            "sts", region_name=REGION, endpoint_url=network.url
        ) as client:
            client.meta.events.unregister(ANSWER_EVENT, answer)
            with pytest.raises(hookmock.RealRequestBlocked, match="did not answer"):
                await client.get_caller_identity()
    assert network.requests == []


@pytest.mark.asyncio
async def test_activated_session_is_mocked_and_another_stays_real(
    network: RecordingServer,
) -> None:
    mocked, other = get_session(), get_session()
    with hookmock.activate(mocked) as handle:
        assert await account_of(mocked, endpoint_url=network.url) == "123456789012"
        assert await account_of(other, endpoint_url=network.url, **REAL_KEYS) == REAL_ACCOUNT
        add_identity(handle.world, "AKIAASYNC00000000001", "555555555555")
        keys = {"aws_access_key_id": "AKIAASYNC00000000001", "aws_secret_access_key": "x"}
        assert await account_of(mocked, **keys) == "555555555555"
    assert network.requests == ["POST /"]


@pytest.mark.asyncio
async def test_activated_client_is_mocked_alone(network: RecordingServer) -> None:
    session = get_session()
    async with (
        session.create_client(
            "sts", region_name=REGION, endpoint_url=network.url, **REAL_KEYS
        ) as client,
        session.create_client(
            "sts", region_name=REGION, endpoint_url=network.url, **REAL_KEYS
        ) as sibling,
    ):
        with hookmock.activate(client):
            assert (await client.get_caller_identity())["Account"] == "123456789012"
            assert (await sibling.get_caller_identity())["Account"] == REAL_ACCOUNT
    assert network.requests == ["POST /"]


@pytest.mark.asyncio
async def test_activation_shares_a_world_with_sync_sessions() -> None:
    sync_session, async_session = boto3.Session(), get_session()
    with (
        hookmock.activate(sync_session) as handle,
        hookmock.activate(async_session, world=handle.world),
    ):
        sync_session.client("s3", region_name=REGION).create_bucket(Bucket="shared")
        async with async_session.create_client("s3", region_name=REGION) as client:
            listed = await client.list_buckets()
    assert [bucket["Name"] for bucket in listed["Buckets"]] == ["shared"]


@pytest.mark.asyncio
async def test_mocked_session_hands_out_the_documentation_keys() -> None:
    session = get_session()
    with hookmock.activate(session):
        credentials = await session.get_credentials()
        assert credentials.access_key == "AKIAIOSFODNN7EXAMPLE"
        # aiobotocore's signers await frozen credentials: they must be the async kind.
        frozen = await credentials.get_frozen_credentials()
        assert frozen.secret_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    assert await session.get_credentials() is None


@pytest.mark.asyncio
async def test_presigned_urls_are_signed_offline(aio_s3: Any) -> None:
    url = await aio_s3.generate_presigned_url(
        "get_object", Params={"Bucket": "bucket", "Key": "k"}, ExpiresIn=60
    )
    assert "AKIAIOSFODNN7EXAMPLE" in url  # SigV2 or SigV4 query, by botocore version


@pytest.mark.asyncio
async def test_no_credential_lookup_or_instance_metadata_while_mocked(
    network: RecordingServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "credential-process-ran"
    process = tmp_path / "credential_process.py"
    process.write_text(
        f"open({str(marker)!r}, 'w').write('ran')\n"
        'print(\'{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "s"}\')\n'
    )
    config = tmp_path / "config"
    config.write_text(f"[default]\ncredential_process = {sys.executable} {process}\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", network.url)
    monkeypatch.setenv("AWS_DEFAULTS_MODE", "auto")

    with hookmock.aws():
        assert await account_of(get_session()) == "123456789012"
    assert not marker.exists()
    assert network.requests == []

    # The same set-up unmocked does run both lookups: the assertions above can fail.
    session = get_session()
    await session.get_credentials()
    assert marker.exists()
    async with session.create_client("sts", region_name=None, **REAL_KEYS):
        pass
    assert network.requests


def test_sessions_made_before_import_are_blocked(network: RecordingServer, tmp_path: Path) -> None:
    result = run_python(
        """
        import asyncio, os
        from aiobotocore.session import get_session
        url = os.environ["RECORDER_URL"]
        keys = dict(aws_access_key_id="AKIAREALREALREALREAL", aws_secret_access_key="s")
        early = get_session()

        import hookmock

        async def main():
            with hookmock.aws():
                async with early.create_client(
                    "sts", region_name="us-east-1", endpoint_url=url, **keys
                ) as client:
                    try:
                        await client.get_caller_identity()
                    except hookmock.RealRequestBlocked as error:
                        print("blocked:", "created before hookmock was imported" in str(error))
                async with get_session().create_client("sts", region_name="us-east-1") as client:
                    print((await client.get_caller_identity())["Account"])

        asyncio.run(main())
        """,
        bare_env(tmp_path / "home", RECORDER_URL=network.url),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["blocked: True", "123456789012"]
    assert network.requests == []


def test_hookmock_does_not_import_aiobotocore(tmp_path: Path) -> None:
    result = run_python(
        """
        import sys, boto3, hookmock
        with hookmock.aws():
            boto3.client("sts", region_name="us-east-1").get_caller_identity()
        print(sorted(name for name in sys.modules if name.startswith("aio")))
        """,
        bare_env(tmp_path / "home"),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_sync_callers_still_get_sync_answers_after_aiobotocore_is_used(s3: Any) -> None:
    import asyncio

    async def touch() -> None:
        async with get_session().create_client("s3", region_name=REGION) as client:
            await client.put_object(Bucket="bucket", Key="k", Body=b"async")

    asyncio.run(touch())
    assert s3.get_object(Bucket="bucket", Key="k")["Body"].read() == b"async"
    assert caller_account(sts()) == "123456789012"


def test_install_reaches_aiobotocore_imported_after_it(tmp_path: Path) -> None:
    result = run_python(
        """
        import hookmock
        hookmock.install()

        import asyncio
        from aiobotocore.session import get_session

        async def main():
            session = get_session()
            print((await session.get_credentials()).access_key)
            async with session.create_client("sts", region_name="us-east-1") as client:
                print((await client.get_caller_identity())["Account"])

        asyncio.run(main())
        """,
        bare_env(tmp_path / "home"),
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["AKIAIOSFODNN7EXAMPLE", "123456789012"]
