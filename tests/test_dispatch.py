"""The call path: routing to backends, caller identity, rendering, errors, threads."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import ClassVar

import attrs
import pytest
from botocore.exceptions import ClientError

import hookmock
from hookmock import backends
from hookmock.backends import Call, Params, Result, Service, operation
from hookmock.backends.sts import StsBackend
from hookmock.shapes import AWSError, RenderError

from helpers import add_identity, caller_account, sts, sts_as


def test_response_metadata_is_shaped_as_botocore_parses_it() -> None:
    with hookmock.aws():
        identity = sts().get_caller_identity()
    metadata = identity.pop("ResponseMetadata")
    assert set(identity) == {"UserId", "Account", "Arn"}
    assert metadata["HTTPStatusCode"] == 200
    assert metadata["RetryAttempts"] == 0
    assert len(metadata["RequestId"]) == 36
    assert metadata["HTTPHeaders"]["x-amzn-requestid"] == metadata["RequestId"]
    assert metadata["HTTPHeaders"]["content-type"] == "text/xml"


def test_each_call_gets_its_own_request_id() -> None:
    with hookmock.aws():
        client = sts()
        ids = {client.get_caller_identity()["ResponseMetadata"]["RequestId"] for _ in range(3)}
    assert len(ids) == 3


def test_arn_follows_the_regions_partition() -> None:
    with hookmock.aws():
        china = sts(region_name="cn-north-1").get_caller_identity()
        gov = sts(region_name="us-gov-west-1").get_caller_identity()
    assert china["Arn"] == "arn:aws-cn:iam::123456789012:root"
    assert gov["Arn"] == "arn:aws-us-gov:iam::123456789012:root"


def test_access_key_decides_the_account() -> None:
    with hookmock.aws() as world:
        add_identity(world, "AKIACROSSACCOUNT0001", "111111111111")
        assert caller_account(sts_as("AKIACROSSACCOUNT0001")) == "111111111111"
        assert caller_account(sts_as("AKIAUNKNOWNKEY000001")) == "123456789012"
        assert caller_account(sts()) == "123456789012"
        accounts = {b.account_id for b in world.backends("sts")}
    assert accounts == {"111111111111", "123456789012"}


def test_global_service_state_is_keyed_by_partition() -> None:
    with hookmock.aws() as world:
        sts(region_name="us-east-1").get_caller_identity()
        sts(region_name="eu-west-1").get_caller_identity()
        sts(region_name="cn-north-1").get_caller_identity()
        locations = sorted(b.location for b in world.backends("sts"))
    assert locations == ["aws", "aws-cn"]


def test_world_reset_forgets_everything() -> None:
    with hookmock.aws() as world:
        add_identity(world, "AKIARESET00000000001", "111111111111")
        sts().get_caller_identity()
        world.reset()
        assert world.backends() == []
        assert caller_account(sts_as("AKIARESET00000000001")) == "123456789012"


def test_concurrent_calls_from_many_threads_see_their_own_caller() -> None:
    threads = 8
    with hookmock.aws() as world:
        for n in range(threads):
            add_identity(world, f"AKIATHREAD{n:010d}", f"{n + 1:012d}")
        barrier = threading.Barrier(threads)

        def work(n: int) -> set[str]:
            client = sts_as(f"AKIATHREAD{n:010d}")
            barrier.wait()
            return {caller_account(client) for _ in range(20)}

        with ThreadPoolExecutor(threads) as pool:
            seen = list(pool.map(work, range(threads)))
    assert seen == [{f"{n + 1:012d}"} for n in range(threads)]


@pytest.fixture
def busy_switching() -> Iterator[None]:
    """Switch threads as often as CPython allows, so races show up."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


@attrs.define(eq=False)
class CountingSts(StsBackend):
    """A stateful test backend: each GetCallerIdentity call bumps a counter
    with a read-modify-write that only the backend's lock keeps atomic."""

    calls: int = 0
    created: ClassVar[list[object]] = []

    def __attrs_post_init__(self) -> None:
        time.sleep(0.001)  # widen the window in which two threads could both create one
        self.created.append(self)

    @operation("GetCallerIdentity")
    def get_caller_identity(self, call: Call, params: Params) -> Result:
        seen = self.calls
        time.sleep(0)
        self.calls = seen + 1
        return super().get_caller_identity(call, params)


@pytest.mark.usefixtures("busy_switching")
def test_concurrent_calls_never_lose_updates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(backends._loaded, "sts", Service("sts", CountingSts, scope="partition"))
    CountingSts.created.clear()
    threads, calls = 8, 40
    with hookmock.aws() as world:
        clients = [sts() for _ in range(threads)]
        barrier = threading.Barrier(threads)

        def work(n: int) -> None:
            barrier.wait()
            for _ in range(calls):
                clients[n].get_caller_identity()

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(work, range(threads)))
        (backend,) = world.backends("sts")
    assert len(CountingSts.created) == 1
    assert backend.calls == threads * calls


@pytest.mark.usefixtures("busy_switching")
def test_lazy_backend_creation_is_race_free() -> None:
    spec = Service("sts", CountingSts, scope="partition")
    CountingSts.created.clear()
    world = hookmock.World()
    barrier = threading.Barrier(16)

    def create(_: int) -> object:
        barrier.wait()
        return world.backend(spec, "123456789012", "aws")

    with ThreadPoolExecutor(16) as pool:
        created = set(map(id, pool.map(create, range(16))))
    assert len(created) == 1
    assert len(CountingSts.created) == 1


def test_keys_given_to_the_session_name_the_caller() -> None:
    import boto3

    with hookmock.aws() as world:
        add_identity(world, "AKIASESSIONKEY000001", "888888888888")
        session = boto3.Session(
            aws_access_key_id="AKIASESSIONKEY000001", aws_secret_access_key="secret"
        )
        assert caller_account(sts(session)) == "888888888888"


# A test-only backend, swapped in for the duration of one test, to drive the
# error and rendering paths through real clients.
@attrs.define(eq=False)
class FailingSts(StsBackend):
    @operation("GetSessionToken")
    def get_session_token(self, call: Call, params: Params) -> Result:
        raise AWSError("RegionDisabledException", "STS is not activated in this region.", 403)

    @operation("GetAccessKeyInfo")
    def get_access_key_info(self, call: Call, params: Params) -> Result:
        return {"Account": call.account_id, "NotAMember": 1}


@attrs.define(eq=False)
class FailingDynamo(hookmock.backends.Backend):
    @operation("DescribeTable")
    def describe_table(self, call: Call, params: Params) -> Result:
        raise AWSError(
            "ResourceNotFoundException",
            f"Requested resource not found: Table: {params['TableName']} not found",
        )


@pytest.fixture
def test_backends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(backends._loaded, "sts", Service("sts", FailingSts, scope="partition"))
    monkeypatch.setitem(backends._loaded, "dynamodb", Service("dynamodb", FailingDynamo))


@pytest.mark.usefixtures("test_backends")
def test_query_protocol_error_raises_the_modeled_exception() -> None:
    with hookmock.aws():
        client = sts()
        with pytest.raises(client.exceptions.RegionDisabledException) as raised:
            client.get_session_token()
    response = raised.value.response
    assert response["Error"] == {
        "Code": "RegionDisabledException",
        "Message": "STS is not activated in this region.",
        "Type": "Sender",
    }
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 403


@pytest.mark.usefixtures("test_backends")
def test_json_protocol_error_raises_the_modeled_exception() -> None:
    import boto3

    with hookmock.aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        with pytest.raises(client.exceptions.ResourceNotFoundException) as raised:
            client.describe_table(TableName="missing")
    error = raised.value
    assert isinstance(error, ClientError)
    assert error.response["Error"]["Code"] == "ResourceNotFoundException"
    assert error.response["Error"]["Message"].endswith("Table: missing not found")
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    headers = error.response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == "application/x-amz-json-1.0"


@pytest.mark.usefixtures("test_backends")
def test_strict_rendering_catches_a_backend_result_outside_the_shape() -> None:
    with hookmock.aws(), pytest.raises(RenderError, match="NotAMember"):
        sts().get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")


@attrs.define(eq=False)
class LocatingS3(hookmock.backends.Backend):
    @operation("GetBucketLocation")
    def get_bucket_location(self, call: Call, params: Params) -> Result:
        return {"LocationConstraint": "eu-west-1"}


def test_botocores_after_call_handlers_accept_the_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import boto3

    monkeypatch.setitem(backends._loaded, "s3", Service("s3", LocatingS3))
    with hookmock.aws():
        response = boto3.client("s3", region_name="eu-west-1").get_bucket_location(Bucket="b")
    assert response["LocationConstraint"] == "eu-west-1"
    metadata = response["ResponseMetadata"]
    assert metadata["HTTPHeaders"]["x-amz-request-id"] == metadata["RequestId"]
    assert metadata["HostId"] == metadata["HTTPHeaders"]["x-amz-id-2"]
