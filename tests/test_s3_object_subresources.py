"""S3 object tagging, GetObjectAttributes and RestoreObject through boto3."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError

from helpers import code_of

PART = b"p" * (5 * 1024 * 1024)


def tag_set(**tags: str) -> dict[str, Any]:
    return {"TagSet": [{"Key": k, "Value": v} for k, v in tags.items()]}


def test_object_tagging_round_trip(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="k", Body=b"x", Tagging="a=1")
    assert s3.get_object_tagging(Bucket="bucket", Key="k")["TagSet"] == [{"Key": "a", "Value": "1"}]
    answer = s3.put_object_tagging(Bucket="bucket", Key="k", Tagging=tag_set(team="core", x=""))
    assert "VersionId" not in answer
    got = s3.get_object_tagging(Bucket="bucket", Key="k")
    assert got["TagSet"] == [{"Key": "team", "Value": "core"}, {"Key": "x", "Value": ""}]
    assert s3.get_object(Bucket="bucket", Key="k")["TagCount"] == 2
    deleted = s3.delete_object_tagging(Bucket="bucket", Key="k")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_object_tagging(Bucket="bucket", Key="k")["TagSet"] == []


def test_object_tagging_is_per_version(s3: Any) -> None:
    s3.put_bucket_versioning(Bucket="bucket", VersioningConfiguration={"Status": "Enabled"})
    old = s3.put_object(Bucket="bucket", Key="k", Body=b"1", Tagging="v=old")["VersionId"]
    s3.put_object(Bucket="bucket", Key="k", Body=b"2", Tagging="v=new")
    answer = s3.put_object_tagging(
        Bucket="bucket", Key="k", VersionId=old, Tagging=tag_set(v="changed")
    )
    assert answer["VersionId"] == old
    assert s3.get_object_tagging(Bucket="bucket", Key="k")["TagSet"][0]["Value"] == "new"
    got = s3.get_object_tagging(Bucket="bucket", Key="k", VersionId=old)
    assert (got["VersionId"], got["TagSet"][0]["Value"]) == (old, "changed")


def test_object_tagging_errors(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_object_tagging(Bucket="bucket", Key="missing")
    assert code_of(raised) == ("NoSuchKey", 404)
    s3.put_object(Bucket="bucket", Key="k", Body=b"x")
    eleven = {f"k{n}": "v" for n in range(11)}
    with pytest.raises(ClientError) as raised:
        s3.put_object_tagging(Bucket="bucket", Key="k", Tagging=tag_set(**eleven))
    assert code_of(raised) == ("BadRequest", 400)
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k2", Body=b"x", Tagging="a=1&a=2")
    assert code_of(raised) == ("InvalidTag", 400)
    with pytest.raises(ClientError) as raised:
        s3.put_object_tagging(Bucket="bucket", Key="k", Tagging=tag_set(**{"aws:x": "1"}))
    assert code_of(raised) == ("InvalidTag", 400)
    with pytest.raises(ClientError) as raised:
        s3.put_object(
            Bucket="bucket", Key="k3", Body=b"x", Tagging="&".join(f"t{n}=v" for n in range(11))
        )
    assert code_of(raised) == ("BadRequest", 400)
    assert s3.get_object_tagging(Bucket="bucket", Key="k")["TagSet"] == []
    assert "Contents" not in s3.list_objects_v2(Bucket="bucket", Prefix="k2")


def test_get_object_attributes(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="k", Body=b"hello", StorageClass="STANDARD_IA")
    got = s3.get_object_attributes(
        Bucket="bucket", Key="k", ObjectAttributes=["ETag", "StorageClass", "ObjectSize"]
    )
    assert got["ETag"] == hashlib.md5(b"hello").hexdigest()
    assert got["StorageClass"] == "STANDARD_IA"
    assert got["ObjectSize"] == 5
    assert "ObjectParts" not in got
    only_size = s3.get_object_attributes(Bucket="bucket", Key="k", ObjectAttributes=["ObjectSize"])
    assert "ETag" not in only_size
    assert only_size["LastModified"] == got["LastModified"]
    with pytest.raises(ClientError) as raised:
        s3.get_object_attributes(Bucket="bucket", Key="nope", ObjectAttributes=["ETag"])
    assert code_of(raised) == ("NoSuchKey", 404)


def test_get_object_attributes_pages_parts(s3: Any) -> None:
    upload = s3.create_multipart_upload(Bucket="bucket", Key="big")["UploadId"]
    parts = []
    for number, body in enumerate([PART, PART, b"end"], start=1):
        etag = s3.upload_part(
            Bucket="bucket", Key="big", UploadId=upload, PartNumber=number, Body=body
        )["ETag"]
        parts.append({"PartNumber": number, "ETag": etag})
    s3.complete_multipart_upload(
        Bucket="bucket", Key="big", UploadId=upload, MultipartUpload={"Parts": parts}
    )
    first = s3.get_object_attributes(
        Bucket="bucket", Key="big", ObjectAttributes=["ObjectParts"], MaxParts=2
    )["ObjectParts"]
    assert first["TotalPartsCount"] == 3
    assert first["IsTruncated"] is True
    assert [p["Size"] for p in first["Parts"]] == [len(PART), len(PART)]
    rest = s3.get_object_attributes(
        Bucket="bucket",
        Key="big",
        ObjectAttributes=["ObjectParts"],
        PartNumberMarker=first["NextPartNumberMarker"],
    )["ObjectParts"]
    assert rest["IsTruncated"] is False
    assert [(p["PartNumber"], p["Size"]) for p in rest["Parts"]] == [(3, 3)]


def test_archived_objects_need_a_restore(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="cold", Body=b"ice", StorageClass="GLACIER")
    with pytest.raises(ClientError) as raised:
        s3.get_object(Bucket="bucket", Key="cold")
    assert code_of(raised) == ("InvalidObjectState", 403)
    assert raised.value.response["Error"]["StorageClass"] == "GLACIER"
    with pytest.raises(ClientError) as raised:
        s3.copy_object(Bucket="bucket", Key="copy", CopySource="bucket/cold")
    assert code_of(raised) == ("InvalidObjectState", 403)
    head = s3.head_object(Bucket="bucket", Key="cold")
    assert head["StorageClass"] == "GLACIER"
    assert "Restore" not in head

    started = s3.restore_object(Bucket="bucket", Key="cold", RestoreRequest={"Days": 2})
    assert started["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert s3.get_object(Bucket="bucket", Key="cold")["Body"].read() == b"ice"
    restore = s3.head_object(Bucket="bucket", Key="cold")["Restore"]
    expiry = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).strftime("%d %b %Y")
    assert restore.startswith('ongoing-request="false", expiry-date="')
    assert expiry in restore
    assert restore.endswith(' 00:00:00 GMT"')
    again = s3.restore_object(Bucket="bucket", Key="cold", RestoreRequest={"Days": 5})
    assert again["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_restore_errors(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="warm", Body=b"x")
    with pytest.raises(ClientError) as raised:
        s3.restore_object(Bucket="bucket", Key="warm", RestoreRequest={"Days": 1})
    assert code_of(raised) == ("InvalidObjectState", 403)
    s3.put_object(Bucket="bucket", Key="cold", Body=b"x", StorageClass="DEEP_ARCHIVE")
    with pytest.raises(ClientError) as raised:
        s3.restore_object(Bucket="bucket", Key="cold", RestoreRequest={})
    assert code_of(raised) == ("MalformedXML", 400)
    with pytest.raises(ClientError) as raised:
        s3.restore_object(Bucket="bucket", Key="cold", RestoreRequest={"Days": 0})
    assert code_of(raised) == ("InvalidArgument", 400)
    with pytest.raises(ClientError) as raised:
        s3.restore_object(Bucket="bucket", Key="missing", RestoreRequest={"Days": 1})
    assert code_of(raised) == ("NoSuchKey", 404)


ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def test_object_acl_defaults_to_owner_full_control(s3: Any) -> None:
    s3.put_object(Bucket="bucket", Key="k", Body=b"x")
    got = s3.get_object_acl(Bucket="bucket", Key="k")
    owner = got["Owner"]["ID"]
    assert len(owner) == 64
    assert got["Grants"] == [
        {"Grantee": {"ID": owner, "Type": "CanonicalUser"}, "Permission": "FULL_CONTROL"}
    ]
    # With ACLs disabled (the default BucketOwnerEnforced) only owner-only ACLs are accepted.
    s3.put_object_acl(Bucket="bucket", Key="k", ACL="bucket-owner-full-control")
    with pytest.raises(ClientError) as raised:
        s3.put_object_acl(Bucket="bucket", Key="k", ACL="public-read")
    assert code_of(raised) == ("AccessControlListNotSupported", 400)
    with pytest.raises(ClientError) as raised:
        s3.put_object(Bucket="bucket", Key="k2", Body=b"x", ACL="public-read")
    assert code_of(raised) == ("AccessControlListNotSupported", 400)


def test_object_acls_once_the_bucket_enables_them(s3: Any) -> None:
    s3.put_bucket_ownership_controls(
        Bucket="bucket", OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    reader = "a" * 64
    s3.put_object(Bucket="bucket", Key="k", Body=b"x", GrantRead=f'id="{reader}"')
    grants = s3.get_object_acl(Bucket="bucket", Key="k")["Grants"]
    assert grants == [{"Grantee": {"ID": reader, "Type": "CanonicalUser"}, "Permission": "READ"}]
    # The default public access block still refuses public ACLs.
    with pytest.raises(ClientError) as raised:
        s3.put_object_acl(Bucket="bucket", Key="k", ACL="public-read")
    assert code_of(raised) == ("AccessDenied", 403)
    s3.delete_public_access_block(Bucket="bucket")
    s3.put_object_acl(Bucket="bucket", Key="k", GrantRead=f'uri="{ALL_USERS}"')
    grants = s3.get_object_acl(Bucket="bucket", Key="k")["Grants"]
    assert grants == [{"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"}]
    with pytest.raises(ClientError) as raised:
        s3.put_object_acl(Bucket="bucket", Key="k", ACL="private", GrantRead=f'uri="{ALL_USERS}"')
    assert code_of(raised) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as raised:
        s3.put_object_acl(Bucket="bucket", Key="k")
    assert code_of(raised) == ("MissingSecurityHeader", 400)
    with pytest.raises(ClientError) as raised:
        s3.get_object_acl(Bucket="bucket", Key="missing")
    assert code_of(raised) == ("NoSuchKey", 404)
