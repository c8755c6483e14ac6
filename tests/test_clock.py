"""The world clock: real time read at call time, moved forward only by advance()."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import boto3
import pytest

import hookmock
from hookmock._errors import ScopeError

FROZEN = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)


class FrozenDatetime(dt.datetime):
    """What freezegun puts in the datetime module: a datetime class whose now() is fixed."""

    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return FROZEN if tz is not None else FROZEN.replace(tzinfo=None)


def test_follows_real_time() -> None:
    clock = hookmock.Clock()
    before = time.time()
    assert before <= clock.time() <= time.time()
    assert clock.now().tzinfo is not None
    assert abs(clock.now().timestamp() - time.time()) < 5


def test_reads_patched_time_functions_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = hookmock.Clock()
    monkeypatch.setattr(time, "time", lambda: FROZEN.timestamp())
    monkeypatch.setattr(dt, "datetime", FrozenDatetime)
    assert clock.time() == FROZEN.timestamp()
    assert clock.now() == FROZEN
    clock.advance(90)
    assert clock.time() == FROZEN.timestamp() + 90
    assert clock.now() == FROZEN + dt.timedelta(seconds=90)


def test_advance_moves_forward_and_tells_listeners() -> None:
    clock = hookmock.Clock()
    heard: list[float] = []
    clock.on_advance(lambda: heard.append(clock.offset))
    clock.advance(30)
    clock.advance(0.5)
    assert clock.offset == 30.5
    assert heard == [30, 30.5]
    assert clock.time() - time.time() == pytest.approx(30.5, abs=1)


def test_never_moves_back() -> None:
    clock = hookmock.Clock()
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(-1)
    assert clock.offset == 0


def test_world_reset_returns_to_real_time() -> None:
    world = hookmock.World()
    world.clock.advance(3600)
    world.reset()
    assert world.clock.offset == 0


def test_public_clock_is_the_scope_worlds() -> None:
    with hookmock.aws() as world:
        assert hookmock.clock() is world.clock
    with pytest.raises(ScopeError, match=r"needs an active hookmock\.aws scope"):
        hookmock.clock()


@hookmock.aws
def test_s3_timestamps_come_from_the_world_clock() -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="bucket")
    s3.put_object(Bucket="bucket", Key="before", Body=b"")
    hookmock.clock().advance(86400)
    s3.put_object(Bucket="bucket", Key="after", Body=b"")
    before = s3.head_object(Bucket="bucket", Key="before")["LastModified"]
    after = s3.head_object(Bucket="bucket", Key="after")["LastModified"]
    assert (after - before).total_seconds() == pytest.approx(86400, abs=5)
    assert after.timestamp() == pytest.approx(time.time() + 86400, abs=5)
