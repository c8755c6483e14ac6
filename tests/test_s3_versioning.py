"""S3 versioning through boto3: version ids, delete markers, suspension, version listing."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from helpers import code_of


def enable(s3: Any, status: str = "Enabled") -> None:
    s3.put_bucket_versioning(Bucket="bucket", VersioningConfiguration={"Status": status})


def body(s3: Any, key: str, **kwargs: Any) -> bytes:
    return bytes(s3.get_object(Bucket="bucket", Key=key, **kwargs)["Body"].read())


def all_versions(s3: Any, **kwargs: Any) -> list[tuple[str, str, bool, bool]]:
    """(key, version id, is latest, is delete marker) over every page, in listing order."""
    found: list[tuple[str, str, bool, bool]] = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket="bucket", **kwargs):
        entries = [(v, False) for v in page.get("Versions", [])]
        entries += [(m, True) for m in page.get("DeleteMarkers", [])]
        # A page splits versions from markers; the tests' only markers are latest ones.
        entries.sort(key=lambda e: (e[0]["Key"], not e[0]["IsLatest"]))
        found += [(e["Key"], e["VersionId"], e["IsLatest"], marker) for e, marker in entries]
    return found


def test_versioning_status_round_trip(s3: Any) -> None:
    assert "Status" not in s3.get_bucket_versioning(Bucket="bucket")
    enable(s3)
    assert s3.get_bucket_versioning(Bucket="bucket")["Status"] == "Enabled"
    enable(s3, "Suspended")
    assert s3.get_bucket_versioning(Bucket="bucket")["Status"] == "Suspended"


def test_unversioned_bucket_keeps_one_null_version(s3: Any) -> None:
    put = s3.put_object(Bucket="bucket", Key="k", Body=b"one")
    assert "VersionId" not in put
    assert "VersionId" not in s3.head_object(Bucket="bucket", Key="k")
    s3.put_object(Bucket="bucket", Key="k", Body=b"two")
    assert body(s3, "k", VersionId="null") == b"two"
    versions = s3.list_object_versions(Bucket="bucket")["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [("null", True)]


def test_every_put_is_kept_and_readable_by_version(s3: Any) -> None:
    enable(s3)
    first = s3.put_object(Bucket="bucket", Key="k", Body=b"one")["VersionId"]
    second = s3.put_object(Bucket="bucket", Key="k", Body=b"two")["VersionId"]
    assert first != second
    assert body(s3, "k") == b"two"
    assert body(s3, "k", VersionId=first) == b"one"
    got = s3.get_object(Bucket="bucket", Key="k")
    assert got["VersionId"] == second
    head = s3.head_object(Bucket="bucket", Key="k", VersionId=first)
    assert head["VersionId"] == first
    assert head["ContentLength"] == 3
    assert all_versions(s3) == [("k", second, True, False), ("k", first, False, False)]


def test_delete_adds_a_marker_that_hides_the_key(s3: Any) -> None:
    enable(s3)
    kept = s3.put_object(Bucket="bucket", Key="k", Body=b"one")["VersionId"]
    deleted = s3.delete_object(Bucket="bucket", Key="k")
    assert deleted["DeleteMarker"] is True
    marker = deleted["VersionId"]
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k")
    assert code_of(raised) == ("NoSuchKey", 404)
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", VersionId=marker)
    assert code_of(raised) == ("MethodNotAllowed", 405)
    with pytest.raises(ClientError) as raised:
        s3.head_object(Bucket="bucket", Key="k")
    assert code_of(raised) == ("404", 404)
    assert "Contents" not in s3.list_objects_v2(Bucket="bucket")
    assert all_versions(s3) == [("k", marker, True, True), ("k", kept, False, False)]
    with pytest.raises(ClientError) as raised:
        s3.delete_bucket(Bucket="bucket")
    assert code_of(raised) == ("BucketNotEmpty", 409)

    removed = s3.delete_object(Bucket="bucket", Key="k", VersionId=marker)
    assert removed["DeleteMarker"] is True
    assert removed["VersionId"] == marker
    assert body(s3, "k") == b"one"


def test_deleting_a_version_makes_the_previous_one_current(s3: Any) -> None:
    enable(s3)
    first = s3.put_object(Bucket="bucket", Key="k", Body=b"one")["VersionId"]
    second = s3.put_object(Bucket="bucket", Key="k", Body=b"two")["VersionId"]
    removed = s3.delete_object(Bucket="bucket", Key="k", VersionId=second)
    assert removed["VersionId"] == second
    assert "DeleteMarker" not in removed
    assert body(s3, "k") == b"one"
    s3.delete_object(Bucket="bucket", Key="k", VersionId=first)
    assert "Versions" not in s3.list_object_versions(Bucket="bucket")
    s3.delete_bucket(Bucket="bucket")


def test_suspended_versioning_replaces_only_the_null_version(s3: Any) -> None:
    enable(s3)
    kept = s3.put_object(Bucket="bucket", Key="k", Body=b"one")["VersionId"]
    enable(s3, "Suspended")
    assert s3.put_object(Bucket="bucket", Key="k", Body=b"two")["VersionId"] == "null"
    s3.put_object(Bucket="bucket", Key="k", Body=b"three")
    assert body(s3, "k") == b"three"
    assert all_versions(s3) == [("k", "null", True, False), ("k", kept, False, False)]
    deleted = s3.delete_object(Bucket="bucket", Key="k")
    assert (deleted["DeleteMarker"], deleted["VersionId"]) == (True, "null")
    assert all_versions(s3) == [("k", "null", True, True), ("k", kept, False, False)]


def test_version_ids_that_are_malformed_or_unknown(s3: Any) -> None:
    enable(s3)
    s3.put_object(Bucket="bucket", Key="k", Body=b"one")
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", VersionId="not a version")
    assert code_of(raised) == ("InvalidArgument", 400)
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="k", VersionId="A" * 32)
    assert code_of(raised) == ("NoSuchVersion", 404)
    assert raised.value.response["Error"]["VersionId"] == "A" * 32
    with pytest.raises(ClientError) as raised:
        s3.delete_object(Bucket="bucket", Key="k", VersionId="bad id!")
    assert code_of(raised) == ("InvalidArgument", 400)
    # A well-formed id that matches nothing deletes nothing, successfully.
    s3.delete_object(Bucket="bucket", Key="k", VersionId="A" * 32)
    assert body(s3, "k") == b"one"


def test_copy_from_a_version(s3: Any) -> None:
    enable(s3)
    old = s3.put_object(Bucket="bucket", Key="src", Body=b"old")["VersionId"]
    s3.put_object(Bucket="bucket", Key="src", Body=b"new")
    copied = s3.copy_object(
        Bucket="bucket", Key="dst", CopySource={"Bucket": "bucket", "Key": "src", "VersionId": old}
    )
    assert copied["CopySourceVersionId"] == old
    assert copied["VersionId"] not in (None, old)
    assert body(s3, "dst") == b"old"
    marker = s3.delete_object(Bucket="bucket", Key="src")["VersionId"]
    with pytest.raises(ClientError) as raised:
        s3.copy_object(
            Bucket="bucket",
            Key="dst",
            CopySource={"Bucket": "bucket", "Key": "src", "VersionId": marker},
        )
    assert code_of(raised) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as raised:
        s3.copy_object(Bucket="bucket", Key="dst", CopySource="bucket/src")
    assert code_of(raised) == ("NoSuchKey", 404)


def test_delete_objects_with_versions(s3: Any) -> None:
    enable(s3)
    first = s3.put_object(Bucket="bucket", Key="a", Body=b"1")["VersionId"]
    s3.put_object(Bucket="bucket", Key="b", Body=b"2")
    answer = s3.delete_objects(
        Bucket="bucket",
        Delete={
            "Objects": [
                {"Key": "a", "VersionId": first},
                {"Key": "b"},
                {"Key": "c", "VersionId": "not valid"},
            ]
        },
    )
    by_key = {entry["Key"]: entry for entry in answer["Deleted"]}
    assert by_key["a"]["VersionId"] == first
    assert by_key["b"]["DeleteMarker"] is True
    assert by_key["b"]["DeleteMarkerVersionId"]
    assert [(e["Key"], e["Code"]) for e in answer["Errors"]] == [("c", "InvalidArgument")]
    assert "Contents" not in s3.list_objects_v2(Bucket="bucket")


def test_listing_versions_pages_across_and_within_keys(s3: Any) -> None:
    enable(s3)
    for key in ["a", "b/1", "b/2", "c"]:
        for n in range(3):
            s3.put_object(Bucket="bucket", Key=key, Body=str(n).encode())
    s3.delete_object(Bucket="bucket", Key="c")
    everything = all_versions(s3)
    assert len(everything) == 13
    assert [e[0] for e in everything] == ["a"] * 3 + ["b/1"] * 3 + ["b/2"] * 3 + ["c"] * 4
    assert all_versions(s3, PaginationConfig={"PageSize": 2}) == everything
    page = s3.list_object_versions(Bucket="bucket", MaxKeys=4)
    assert page["IsTruncated"] is True
    assert (page["NextKeyMarker"], page["NextVersionIdMarker"]) == ("b/1", everything[3][1])
    rest = s3.list_object_versions(
        Bucket="bucket", KeyMarker="b/1", VersionIdMarker=page["NextVersionIdMarker"], MaxKeys=2
    )
    assert [v["VersionId"] for v in rest["Versions"]] == [everything[4][1], everything[5][1]]
    after_key = s3.list_object_versions(Bucket="bucket", KeyMarker="b/2")
    assert {v["Key"] for v in after_key["Versions"]} == {"c"}
    assert len(after_key["DeleteMarkers"]) == 1


def test_listing_versions_rolls_up_common_prefixes(s3: Any) -> None:
    for key in ["a", "b/1", "b/2", "c"]:
        s3.put_object(Bucket="bucket", Key=key, Body=b"x")
    page = s3.list_object_versions(Bucket="bucket", Delimiter="/", MaxKeys=2)
    assert [v["Key"] for v in page["Versions"]] == ["a"]
    assert page["CommonPrefixes"] == [{"Prefix": "b/"}]
    assert page["NextKeyMarker"] == "b/"
    assert "NextVersionIdMarker" not in page
    rest = s3.list_object_versions(Bucket="bucket", Delimiter="/", KeyMarker="b/")
    assert [v["Key"] for v in rest["Versions"]] == ["c"]
    assert "CommonPrefixes" not in rest


def test_listing_versions_round_trips_unusual_keys(s3: Any) -> None:
    keys = ["/leading", "a b+c%d", "naïve ☃", "x\ty"]
    for key in keys:
        s3.put_object(Bucket="bucket", Key=key, Body=b"x")
    page = s3.list_object_versions(Bucket="bucket", Prefix="")
    assert [v["Key"] for v in page["Versions"]] == sorted(keys, key=lambda k: k.encode())
    page = s3.list_object_versions(Bucket="bucket", KeyMarker="a b+c%d")
    assert [v["Key"] for v in page["Versions"]] == ["naïve ☃", "x\ty"]


def test_listing_versions_rejects_bad_markers(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.list_object_versions(Bucket="bucket", VersionIdMarker="null")
    assert code_of(raised) == ("InvalidArgument", 400)
    with pytest.raises(ClientError) as raised:
        s3.list_object_versions(Bucket="bucket", KeyMarker="k", VersionIdMarker="bad marker")
    assert code_of(raised) == ("InvalidArgument", 400)
    with pytest.raises(ClientError) as raised:
        s3.list_object_versions(Bucket="missing")
    assert code_of(raised) == ("NoSuchBucket", 404)


def test_mfa_delete_needs_mfa(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_versioning(
            Bucket="bucket", VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"}
        )
    assert code_of(raised) == ("AccessDenied", 403)
    assert "Status" not in s3.get_bucket_versioning(Bucket="bucket")
    s3.put_bucket_versioning(
        Bucket="bucket",
        MFA="arn:aws:iam::123456789012:mfa/root 123456",
        VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"},
    )
    assert s3.get_bucket_versioning(Bucket="bucket") | {"ResponseMetadata": None} == {
        "Status": "Enabled",
        "MFADelete": "Enabled",
        "ResponseMetadata": None,
    }


def test_object_lock_bucket_is_versioned_for_good(s3: Any) -> None:
    s3.create_bucket(Bucket="locked", ObjectLockEnabledForBucket=True)
    assert s3.get_bucket_versioning(Bucket="locked")["Status"] == "Enabled"
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_versioning(Bucket="locked", VersioningConfiguration={"Status": "Suspended"})
    assert code_of(raised) == ("InvalidBucketState", 409)


def test_resource_api_versions(s3: Any) -> None:
    bucket = boto3.resource("s3", region_name="us-east-1").Bucket("bucket")
    bucket.Versioning().enable()
    bucket.put_object(Key="k", Body=b"one")
    bucket.put_object(Key="k", Body=b"two")
    versions = list(bucket.object_versions.all())
    assert len(versions) == 2
    assert versions[1].get()["Body"].read() == b"one"
    bucket.object_versions.delete()
    assert list(bucket.object_versions.all()) == []


def test_multipart_completion_creates_a_version(s3: Any) -> None:
    enable(s3)
    upload = s3.create_multipart_upload(Bucket="bucket", Key="big")["UploadId"]
    etag = s3.upload_part(Bucket="bucket", Key="big", UploadId=upload, PartNumber=1, Body=b"x")[
        "ETag"
    ]
    done = s3.complete_multipart_upload(
        Bucket="bucket",
        Key="big",
        UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]},
    )
    assert done["VersionId"] == s3.head_object(Bucket="bucket", Key="big")["VersionId"]
