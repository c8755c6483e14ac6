"""S3 Object Lock through boto3: bucket defaults, retention, legal holds, protected deletes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import code_of


def later(days: int = 1) -> dt.datetime:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)).replace(microsecond=0)


@pytest.fixture
def locked(s3: Any) -> Any:
    s3.create_bucket(Bucket="locked", ObjectLockEnabledForBucket=True)
    return s3


def test_configuration_round_trip_and_default_retention(locked: Any) -> None:
    assert locked.get_object_lock_configuration(Bucket="locked")["ObjectLockConfiguration"] == {
        "ObjectLockEnabled": "Enabled"
    }
    rule = {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 2}}
    locked.put_object_lock_configuration(
        Bucket="locked", ObjectLockConfiguration={"ObjectLockEnabled": "Enabled", "Rule": rule}
    )
    got = locked.get_object_lock_configuration(Bucket="locked")["ObjectLockConfiguration"]
    assert got["Rule"] == rule
    version = locked.put_object(Bucket="locked", Key="k", Body=b"x")["VersionId"]
    head = locked.head_object(Bucket="locked", Key="k")
    assert head["ObjectLockMode"] == "GOVERNANCE"
    assert later(2) - dt.timedelta(minutes=1) <= head["ObjectLockRetainUntilDate"] <= later(2)
    with pytest.raises(ClientError) as raised:
        locked.delete_object(Bucket="locked", Key="k", VersionId=version)
    assert code_of(raised) == ("AccessDenied", 403)
    locked.delete_object(
        Bucket="locked", Key="k", VersionId=version, BypassGovernanceRetention=True
    )
    assert "Versions" not in locked.list_object_versions(Bucket="locked")


def test_configuration_errors(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_object_lock_configuration(Bucket="bucket")
    assert code_of(raised) == ("ObjectLockConfigurationNotFoundError", 404)
    enabled = {"ObjectLockEnabled": "Enabled"}
    with pytest.raises(ClientError) as raised:
        s3.put_object_lock_configuration(Bucket="bucket", ObjectLockConfiguration=enabled)
    assert code_of(raised) == ("InvalidBucketState", 409)
    s3.put_bucket_versioning(Bucket="bucket", VersioningConfiguration={"Status": "Enabled"})
    for retention, code in [
        ({"Mode": "GOVERNANCE", "Days": 1, "Years": 1}, "MalformedXML"),
        ({"Mode": "GOVERNANCE"}, "MalformedXML"),
        ({"Days": 1}, "MalformedXML"),
        ({"Mode": "COMPLIANCE", "Days": 0}, "InvalidArgument"),
    ]:
        with pytest.raises(ClientError) as raised:
            s3.put_object_lock_configuration(
                Bucket="bucket",
                ObjectLockConfiguration={**enabled, "Rule": {"DefaultRetention": retention}},
            )
        assert code_of(raised) == (code, 400), retention
    # A versioned bucket may turn Object Lock on after creation.
    s3.put_object_lock_configuration(Bucket="bucket", ObjectLockConfiguration=enabled)
    assert s3.get_object_lock_configuration(Bucket="bucket")["ObjectLockConfiguration"]


def test_lock_parameters_need_a_lock_bucket(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_object(
            Bucket="bucket",
            Key="k",
            Body=b"x",
            ObjectLockMode="GOVERNANCE",
            ObjectLockRetainUntilDate=later(),
        )
    assert code_of(raised) == ("InvalidRequest", 400)
    s3.put_object(Bucket="bucket", Key="k", Body=b"x")
    with pytest.raises(ClientError) as raised:
        s3.get_object_retention(Bucket="bucket", Key="k")
    assert code_of(raised) == ("InvalidRequest", 400)


def test_retention_set_on_put_and_changed(locked: Any) -> None:
    with pytest.raises(ClientError) as raised:
        locked.put_object(Bucket="locked", Key="k", Body=b"x", ObjectLockMode="COMPLIANCE")
    assert code_of(raised) == ("InvalidArgument", 400)
    with pytest.raises(ClientError) as raised:
        locked.put_object(
            Bucket="locked",
            Key="k",
            Body=b"x",
            ObjectLockMode="COMPLIANCE",
            ObjectLockRetainUntilDate=later(-1),
        )
    assert code_of(raised) == ("InvalidArgument", 400)
    locked.put_object(Bucket="locked", Key="plain", Body=b"x")
    with pytest.raises(ClientError) as raised:
        locked.get_object_retention(Bucket="locked", Key="plain")
    assert code_of(raised) == ("NoSuchObjectLockConfiguration", 404)

    version = locked.put_object(
        Bucket="locked",
        Key="k",
        Body=b"x",
        ObjectLockMode="COMPLIANCE",
        ObjectLockRetainUntilDate=later(1),
    )["VersionId"]
    got = locked.get_object_retention(Bucket="locked", Key="k")["Retention"]
    assert got == {"Mode": "COMPLIANCE", "RetainUntilDate": later(1)}
    # Compliance may be extended but never shortened, not even with the bypass.
    locked.put_object_retention(
        Bucket="locked", Key="k", Retention={"Mode": "COMPLIANCE", "RetainUntilDate": later(3)}
    )
    with pytest.raises(ClientError) as raised:
        locked.put_object_retention(
            Bucket="locked",
            Key="k",
            Retention={"Mode": "COMPLIANCE", "RetainUntilDate": later(2)},
            BypassGovernanceRetention=True,
        )
    assert code_of(raised) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as raised:
        locked.delete_object(
            Bucket="locked", Key="k", VersionId=version, BypassGovernanceRetention=True
        )
    assert code_of(raised) == ("AccessDenied", 403)
    # A delete without a version id only adds a marker: allowed.
    assert locked.delete_object(Bucket="locked", Key="k")["DeleteMarker"] is True


def test_governance_shortened_only_with_bypass(locked: Any) -> None:
    locked.put_object(
        Bucket="locked",
        Key="k",
        Body=b"x",
        ObjectLockMode="GOVERNANCE",
        ObjectLockRetainUntilDate=later(5),
    )
    shorter = {"Mode": "GOVERNANCE", "RetainUntilDate": later(1)}
    with pytest.raises(ClientError) as raised:
        locked.put_object_retention(Bucket="locked", Key="k", Retention=shorter)
    assert code_of(raised) == ("AccessDenied", 403)
    locked.put_object_retention(
        Bucket="locked", Key="k", Retention=shorter, BypassGovernanceRetention=True
    )
    assert locked.get_object_retention(Bucket="locked", Key="k")["Retention"] == shorter


def test_legal_hold_blocks_deleting_the_version(locked: Any) -> None:
    version = locked.put_object(
        Bucket="locked", Key="k", Body=b"x", ObjectLockLegalHoldStatus="ON"
    )["VersionId"]
    assert locked.get_object_legal_hold(Bucket="locked", Key="k")["LegalHold"] == {"Status": "ON"}
    assert locked.get_object(Bucket="locked", Key="k")["ObjectLockLegalHoldStatus"] == "ON"
    with pytest.raises(ClientError) as raised:
        locked.delete_object(Bucket="locked", Key="k", VersionId=version)
    assert code_of(raised) == ("AccessDenied", 403)
    answer = locked.delete_objects(
        Bucket="locked", Delete={"Objects": [{"Key": "k", "VersionId": version}]}
    )
    assert [e["Code"] for e in answer["Errors"]] == ["AccessDenied"]
    locked.put_object_legal_hold(Bucket="locked", Key="k", LegalHold={"Status": "OFF"})
    locked.delete_object(Bucket="locked", Key="k", VersionId=version)
    with pytest.raises(ClientError) as raised:
        locked.get_object_legal_hold(Bucket="locked", Key="k")
    assert code_of(raised) == ("NoSuchKey", 404)


def test_legal_hold_absent(locked: Any) -> None:
    locked.put_object(Bucket="locked", Key="k", Body=b"x")
    with pytest.raises(ClientError) as raised:
        locked.get_object_legal_hold(Bucket="locked", Key="k")
    assert code_of(raised) == ("NoSuchObjectLockConfiguration", 404)


def test_multipart_upload_takes_the_lock_of_its_request(locked: Any) -> None:
    upload = locked.create_multipart_upload(
        Bucket="locked", Key="big", ObjectLockLegalHoldStatus="ON"
    )["UploadId"]
    etag = locked.upload_part(Bucket="locked", Key="big", UploadId=upload, PartNumber=1, Body=b"x")[
        "ETag"
    ]
    locked.complete_multipart_upload(
        Bucket="locked",
        Key="big",
        UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]},
    )
    assert locked.head_object(Bucket="locked", Key="big")["ObjectLockLegalHoldStatus"] == "ON"
