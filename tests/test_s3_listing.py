"""Listing objects: prefixes, delimiters, markers, tokens and key encoding."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

KEYS = [
    "a.txt",
    "photos/2024/jan/1.jpg",
    "photos/2024/jan/2.jpg",
    "photos/2024/feb/1.jpg",
    "photos/2025/mar/1.jpg",
    "photos/index.html",
    "videos/clip.mp4",
    "z.txt",
]


def fill(s3: Any, keys: list[str]) -> None:
    for key in keys:
        s3.put_object(Bucket="bucket", Key=key, Body=key.encode())


def keys_of(response: dict[str, Any]) -> list[str]:
    return [item["Key"] for item in response.get("Contents", [])]


def prefixes_of(response: dict[str, Any]) -> list[str]:
    return [item["Prefix"] for item in response.get("CommonPrefixes", [])]


def test_plain_listing_is_in_key_order(s3: Any) -> None:
    fill(s3, list(reversed(KEYS)))
    listed = s3.list_objects_v2(Bucket="bucket")
    assert keys_of(listed) == sorted(KEYS)
    assert listed["KeyCount"] == len(KEYS)
    assert listed["IsTruncated"] is False
    assert listed["Name"] == "bucket"
    assert listed["MaxKeys"] == 1000
    first = listed["Contents"][0]
    assert first["Size"] == len(b"a.txt")
    assert first["StorageClass"] == "STANDARD"
    assert "Owner" not in first
    assert "Owner" in s3.list_objects_v2(Bucket="bucket", FetchOwner=True)["Contents"][0]
    assert "Owner" in s3.list_objects(Bucket="bucket")["Contents"][0]


def test_empty_bucket_has_no_contents(s3: Any) -> None:
    listed = s3.list_objects_v2(Bucket="bucket")
    assert "Contents" not in listed
    assert listed["KeyCount"] == 0


def test_prefix_and_delimiter(s3: Any) -> None:
    fill(s3, KEYS)
    top = s3.list_objects_v2(Bucket="bucket", Delimiter="/")
    assert keys_of(top) == ["a.txt", "z.txt"]
    assert prefixes_of(top) == ["photos/", "videos/"]
    assert top["KeyCount"] == 4
    photos = s3.list_objects_v2(Bucket="bucket", Prefix="photos/", Delimiter="/")
    assert keys_of(photos) == ["photos/index.html"]
    assert prefixes_of(photos) == ["photos/2024/", "photos/2025/"]
    deep = s3.list_objects(Bucket="bucket", Prefix="photos/2024/", Delimiter="/")
    assert prefixes_of(deep) == ["photos/2024/feb/", "photos/2024/jan/"]
    assert keys_of(s3.list_objects_v2(Bucket="bucket", Prefix="nothing/")) == []


def test_start_after_and_marker(s3: Any) -> None:
    fill(s3, KEYS)
    after = s3.list_objects_v2(Bucket="bucket", StartAfter="photos/index.html")
    assert keys_of(after) == ["videos/clip.mp4", "z.txt"]
    assert after["StartAfter"] == "photos/index.html"
    marked = s3.list_objects(Bucket="bucket", Marker="photos/2025/mar/1.jpg")
    assert keys_of(marked) == ["photos/index.html", "videos/clip.mp4", "z.txt"]
    assert marked["Marker"] == "photos/2025/mar/1.jpg"


@pytest.mark.parametrize("delimiter", [None, "/"])
@pytest.mark.parametrize("operation", ["list_objects", "list_objects_v2"])
def test_paging_returns_every_entry_once(s3: Any, operation: str, delimiter: str | None) -> None:
    keys = [f"dir{d}/file{f:02d}" for d in range(5) for f in range(7)] + [
        f"top{n:02d}" for n in range(9)
    ]
    fill(s3, keys)
    extra = {"Delimiter": delimiter} if delimiter else {}
    pages = list(
        s3.get_paginator(operation).paginate(
            Bucket="bucket", PaginationConfig={"PageSize": 4}, **extra
        )
    )
    entries = [e for page in pages for e in keys_of(page) + prefixes_of(page)]
    expected = (
        sorted(keys)
        if not delimiter
        else [f"dir{d}/" for d in range(5)] + sorted(k for k in keys if k.startswith("top"))
    )
    assert sorted(entries) == sorted(expected)
    assert len(entries) == len(expected)
    assert all(page["IsTruncated"] for page in pages[:-1])
    assert pages[-1]["IsTruncated"] is False


def test_truncation_fields(s3: Any) -> None:
    fill(s3, KEYS)
    v2 = s3.list_objects_v2(Bucket="bucket", MaxKeys=2)
    assert v2["IsTruncated"] is True
    assert v2["KeyCount"] == 2
    assert "NextContinuationToken" in v2
    rest = s3.list_objects_v2(Bucket="bucket", ContinuationToken=v2["NextContinuationToken"])
    assert rest["ContinuationToken"] == v2["NextContinuationToken"]
    assert keys_of(v2) + keys_of(rest) == sorted(KEYS)
    v1 = s3.list_objects(Bucket="bucket", MaxKeys=2)
    assert v1["IsTruncated"] is True
    assert "NextMarker" not in v1  # only sent when a delimiter is given
    with_delimiter = s3.list_objects(Bucket="bucket", MaxKeys=2, Delimiter="/")
    assert with_delimiter["NextMarker"] == "photos/"


def test_bad_continuation_tokens(s3: Any) -> None:
    s3.create_bucket(Bucket="other")
    fill(s3, KEYS)
    token = s3.list_objects_v2(Bucket="bucket", MaxKeys=1)["NextContinuationToken"]
    for bad in ("garbage", token):
        with pytest.raises(ClientError) as raised:
            s3.list_objects_v2(Bucket="other" if bad == token else "bucket", ContinuationToken=bad)
        assert raised.value.response["Error"]["Code"] == "InvalidArgument"


def test_missing_bucket(s3: Any) -> None:
    with pytest.raises(s3.exceptions.NoSuchBucket):
        s3.list_objects_v2(Bucket="missing")


ODD_KEYS = ["a b", "x+y", "100%", "%41", "ü/é", "/leading", "tab\tkey", "emoji 😀"]


def test_odd_keys_round_trip_through_botocores_own_encoding(s3: Any) -> None:
    fill(s3, ODD_KEYS)
    assert keys_of(s3.list_objects_v2(Bucket="bucket")) == sorted(ODD_KEYS)
    assert keys_of(s3.list_objects(Bucket="bucket")) == sorted(ODD_KEYS)
    grouped = s3.list_objects_v2(Bucket="bucket", Delimiter="/", Prefix="ü")
    assert prefixes_of(grouped) == ["ü/"]
    for key in ODD_KEYS:
        assert s3.get_object(Bucket="bucket", Key=key)["Body"].read() == key.encode()


def test_encoding_asked_for_explicitly_is_left_to_the_caller(s3: Any) -> None:
    fill(s3, ["a b", "x+y"])
    listed = s3.list_objects_v2(Bucket="bucket", EncodingType="url")
    assert listed["EncodingType"] == "url"
    assert keys_of(listed) == ["a%20b", "x%2By"]


def test_listing_seeks_instead_of_scanning(s3: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A page costs its own entries, not the bucket: keys rolled up under a common
    prefix are skipped with one seek, and a continuation starts by binary search."""
    from hookmock._state import STATE
    from hookmock.backends.s3.blob import Blob
    from hookmock.backends.s3.models import S3Object, now
    from hookmock.shapes.paginate import SortedIndex

    assert STATE.world is not None
    (backend,) = STATE.world.backends("s3")
    bucket = backend.buckets["bucket"]
    body = Blob.from_bytes(b"")
    stamp = now(STATE.world.clock)
    for n in range(50_000):
        key = f"logs/{n:06d}" if n % 2 else f"data/{n:06d}"
        bucket.objects.add(S3Object(key, body, stamp), None)
    visited = 0
    original = SortedIndex.after

    def counting(self: Any, position: Any, *, inclusive: bool = False) -> Iterator[Any]:
        nonlocal visited
        for pair in original(self, position, inclusive=inclusive):
            visited += 1
            yield pair

    monkeypatch.setattr(SortedIndex, "after", counting)
    rolled_up = s3.list_objects_v2(Bucket="bucket", Delimiter="/")
    assert prefixes_of(rolled_up) == ["data/", "logs/"]
    assert visited <= 4
    visited = 0
    first = s3.list_objects_v2(Bucket="bucket", Prefix="logs/", MaxKeys=100)
    second = s3.list_objects_v2(
        Bucket="bucket",
        Prefix="logs/",
        MaxKeys=100,
        ContinuationToken=first["NextContinuationToken"],
    )
    assert keys_of(second)[0] == "logs/000201"
    assert visited <= 2 * 101
