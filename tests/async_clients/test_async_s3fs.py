"""s3fs (its own aiobotocore session, run on fsspec's IO thread) and pandas on top of it,
answered in-process under hookmock.aws."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

import hookmock

s3fs = pytest.importorskip("s3fs", reason="s3fs tests need: pip install -e '.[async]'")

MiB = 1024 * 1024


@pytest.fixture
def fs(s3: Any) -> Iterator[Any]:
    """A fresh S3FileSystem in the world of ``s3`` (whose account owns 'bucket').

    fsspec caches S3FileSystem instances, and each keeps a cache of listings:
    an instance from an earlier test would answer from an earlier world. Clear
    the cache on both sides of every test that uses s3fs.
    """
    s3fs.S3FileSystem.clear_instance_cache()
    yield s3fs.S3FileSystem()
    s3fs.S3FileSystem.clear_instance_cache()


def test_listing_and_reading_objects_written_by_boto3(fs: Any, s3: Any) -> None:
    for key in ("a/one.csv", "a/two.csv", "a/deep/three.txt", "top.txt"):
        s3.put_object(Bucket="bucket", Key=key, Body=key.encode())
    assert fs.ls("bucket") == ["bucket/a", "bucket/top.txt"]
    assert sorted(fs.glob("bucket/a/*.csv")) == ["bucket/a/one.csv", "bucket/a/two.csv"]
    assert sorted(fs.glob("bucket/**/*.txt")) == ["bucket/a/deep/three.txt", "bucket/top.txt"]
    assert fs.find("bucket/a") == [
        "bucket/a/deep/three.txt",
        "bucket/a/one.csv",
        "bucket/a/two.csv",
    ]
    assert fs.cat("bucket/a/one.csv") == b"a/one.csv"
    info = fs.info("bucket/top.txt")
    assert (info["size"], info["type"]) == (7, "file")
    assert fs.isdir("bucket/a")
    assert not fs.exists("bucket/nothing")


def test_writes_are_seen_by_boto3(fs: Any, s3: Any) -> None:
    fs.pipe("bucket/piped.txt", b"piped")
    with fs.open("bucket/opened.txt", "wb") as handle:
        handle.write(b"opened")
    assert s3.get_object(Bucket="bucket", Key="piped.txt")["Body"].read() == b"piped"
    assert s3.get_object(Bucket="bucket", Key="opened.txt")["Body"].read() == b"opened"


def test_put_and_get_files_and_directories(fs: Any, s3: Any, tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "sub").mkdir(parents=True)
    (source / "x.txt").write_bytes(b"x")
    (source / "sub" / "y.txt").write_bytes(b"y")
    fs.put(str(source / "x.txt"), "bucket/single.txt")
    fs.put(str(source), "bucket/tree", recursive=True)
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket="bucket")["Contents"]]
    assert keys == ["single.txt", "tree/sub/y.txt", "tree/x.txt"]

    target = tmp_path / "target"
    fs.get("bucket/tree", str(target), recursive=True)
    assert (target / "x.txt").read_bytes() == b"x"
    assert (target / "sub" / "y.txt").read_bytes() == b"y"
    fs.get("bucket/single.txt", str(tmp_path / "single.txt"))
    assert (tmp_path / "single.txt").read_bytes() == b"x"


def test_rm_single_and_recursive(fs: Any, s3: Any) -> None:
    for key in ("keep.txt", "gone.txt", "dir/a", "dir/b/c"):
        s3.put_object(Bucket="bucket", Key=key, Body=b".")
    fs.rm("bucket/gone.txt")
    fs.rm("bucket/dir", recursive=True)
    assert [item["Key"] for item in s3.list_objects_v2(Bucket="bucket")["Contents"]] == ["keep.txt"]
    assert fs.ls("bucket", refresh=True) == ["bucket/keep.txt"]


def test_large_write_goes_multipart(fs: Any, s3: Any) -> None:
    data = os.urandom(12 * MiB + 17)
    with fs.open("bucket/big.bin", "wb", block_size=5 * MiB) as handle:
        for start in range(0, len(data), MiB):
            handle.write(data[start : start + MiB])
    head = s3.head_object(Bucket="bucket", Key="big.bin")
    assert head["ContentLength"] == len(data)
    assert head["ETag"].endswith('-3"')  # three parts: 5 MiB, 5 MiB and the rest
    assert hashlib.sha256(fs.cat("bucket/big.bin")).digest() == hashlib.sha256(data).digest()


def test_ranged_reads(fs: Any, s3: Any) -> None:
    data = os.urandom(3 * MiB)
    s3.put_object(Bucket="bucket", Key="blob", Body=data)
    assert fs.cat_file("bucket/blob", start=10, end=20) == data[10:20]
    assert fs.read_block("bucket/blob", 2 * MiB, 100) == data[2 * MiB : 2 * MiB + 100]
    with fs.open("bucket/blob", "rb", block_size=256 * 1024) as handle:
        handle.seek(MiB + 5)
        assert handle.read(1000) == data[MiB + 5 : MiB + 1005]
        handle.seek(-50, os.SEEK_END)
        assert handle.read() == data[-50:]


def test_missing_paths_are_file_not_found(fs: Any) -> None:
    with pytest.raises(FileNotFoundError):
        fs.cat("bucket/missing")
    with pytest.raises(FileNotFoundError):
        fs.ls("no-such-bucket")
    with pytest.raises(FileNotFoundError):
        fs.open("bucket/missing", "rb")


def test_a_cached_instance_answers_from_an_earlier_world() -> None:
    """Why the fs fixture clears fsspec's instance cache (see README, Async clients)."""
    s3fs.S3FileSystem.clear_instance_cache()
    try:
        with hookmock.aws():
            boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="earlier")
            first = s3fs.S3FileSystem()
            first.pipe("earlier/file", b"1")
            assert first.ls("earlier") == ["earlier/file"]
        with hookmock.aws():  # a fresh, empty world
            cached = s3fs.S3FileSystem()
            assert cached is first
            assert cached.ls("earlier") == ["earlier/file"]  # from its listing cache
            s3fs.S3FileSystem.clear_instance_cache()
            fresh = s3fs.S3FileSystem()
            assert fresh is not first
            with pytest.raises(FileNotFoundError):
                fresh.ls("earlier")
    finally:
        s3fs.S3FileSystem.clear_instance_cache()


def test_s3fs_on_an_activated_session() -> None:
    from aiobotocore.session import AioSession

    session = AioSession()
    with hookmock.activate(session):
        fs = s3fs.S3FileSystem(session=session, skip_instance_cache=True)
        fs.mkdir("activated")
        fs.pipe("activated/k", b"v")
        assert fs.cat("activated/k") == b"v"
        assert fs.ls("activated") == ["activated/k"]


@pytest.mark.asyncio
async def test_asynchronous_filesystem(s3: Any) -> None:
    fs = s3fs.S3FileSystem(asynchronous=True, skip_instance_cache=True)
    client = await fs.set_session()
    try:
        await fs._pipe_file("bucket/async.txt", b"async body")
        assert await fs._cat_file("bucket/async.txt", start=6) == b"body"
        assert await fs._ls("bucket") == ["bucket/async.txt"]
        await fs._rm_file("bucket/async.txt")
    finally:
        await client.close()
    assert "Contents" not in s3.list_objects_v2(Bucket="bucket")


# -- pandas -----------------------------------------------------------------------


def test_pandas_csv_round_trip(fs: Any, s3: Any) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"name": ["a", "b", "c"], "value": [1, 2, 3]})
    frame.to_csv("s3://bucket/frames/data.csv", index=False)
    assert (
        s3.get_object(Bucket="bucket", Key="frames/data.csv")["Body"]
        .read()
        .startswith(b"name,value\n")
    )
    pd.testing.assert_frame_equal(pd.read_csv("s3://bucket/frames/data.csv"), frame)
    with pytest.raises(FileNotFoundError):
        pd.read_csv("s3://bucket/frames/missing.csv")


def test_pandas_parquet_through_fsspec(fs: Any, s3: Any) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    frame = pd.DataFrame({"name": ["a", "b", "c"], "value": [1.5, 2.5, 3.5]})
    # storage_options (even empty) or filesystem= route pandas through fsspec;
    # with neither, pandas hands s3:// paths to Arrow's own S3 client instead.
    frame.to_parquet("s3://bucket/frames/data.parquet", storage_options={})
    assert s3.head_object(Bucket="bucket", Key="frames/data.parquet")["ContentLength"] > 0
    read = pd.read_parquet("s3://bucket/frames/data.parquet", storage_options={})
    pd.testing.assert_frame_equal(read, frame)
    frame.to_parquet("bucket/frames/other.parquet", filesystem=fs)
    pd.testing.assert_frame_equal(
        pd.read_parquet("bucket/frames/other.parquet", filesystem=fs), frame
    )
