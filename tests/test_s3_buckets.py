"""S3 buckets through boto3: create rules, ownership across accounts, listing, deletion."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError

import hookmock
from hookmock._world import Principal

from helpers import code_of


@pytest.fixture
def world() -> Iterator[hookmock.World]:
    with hookmock.aws() as world:
        yield world


def s3(region: str = "us-east-1", **keys: str) -> Any:
    return boto3.client("s3", region_name=region, **keys)


def other_account(world: hookmock.World, region: str = "us-east-1") -> Any:
    world.register_access_key("AKIAOTHERACCOUNT0001", Principal.root("111111111111"))
    return s3(region, aws_access_key_id="AKIAOTHERACCOUNT0001", aws_secret_access_key="s")


@pytest.mark.usefixtures("world")
def test_create_head_list_delete() -> None:
    client = s3()
    created = client.create_bucket(Bucket="my-bucket")
    assert created["Location"] == "/my-bucket"
    head = client.head_bucket(Bucket="my-bucket")
    assert head["BucketRegion"] == "us-east-1"
    listed = client.list_buckets()
    assert [b["Name"] for b in listed["Buckets"]] == ["my-bucket"]
    assert listed["Buckets"][0]["CreationDate"].tzinfo is not None
    assert re.fullmatch("[0-9a-f]{64}", listed["Owner"]["ID"])
    deleted = client.delete_bucket(Bucket="my-bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert client.list_buckets()["Buckets"] == []


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    "name",
    [
        "ab",
        "a" * 64,
        "My-Bucket",
        "-bucket",
        "bucket-",
        "bu..cket",
        "bucket.-x",
        "192.168.5.4",
        "xn--bucket",
        "bucket-s3alias",
        "sthree-bucket",
        "bucket_name",
    ],
)
def test_invalid_bucket_names(name: str) -> None:
    with pytest.raises(ClientError) as raised:
        s3().create_bucket(Bucket=name)
    assert code_of(raised) == ("InvalidBucketName", 400)
    assert raised.value.response["Error"]["BucketName"] == name


@pytest.mark.usefixtures("world")
def test_names_botocore_rejects_never_reach_the_backend() -> None:
    with pytest.raises(ParamValidationError):
        s3().create_bucket(Bucket="has space")


@pytest.mark.usefixtures("world")
def test_location_constraint_rules() -> None:
    with pytest.raises(ClientError) as raised:
        s3().create_bucket(
            Bucket="b-1", CreateBucketConfiguration={"LocationConstraint": "us-east-1"}
        )
    assert code_of(raised) == ("InvalidLocationConstraint", 400)
    with pytest.raises(ClientError) as raised:
        s3("eu-west-1").create_bucket(Bucket="b-2")
    assert code_of(raised) == ("IllegalLocationConstraintException", 400)
    assert "unspecified location constraint" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        s3("eu-west-1").create_bucket(
            Bucket="b-3", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
    assert code_of(raised) == ("IllegalLocationConstraintException", 400)
    assert "The eu-central-1 location constraint" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        s3("eu-west-1").create_bucket(
            Bucket="b-4", CreateBucketConfiguration={"LocationConstraint": "mars-north-1"}
        )
    assert code_of(raised) == ("InvalidLocationConstraint", 400)


@pytest.mark.usefixtures("world")
def test_bucket_region_and_location() -> None:
    s3("eu-west-1").create_bucket(
        Bucket="in-ireland", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    # The us-east-1 (global) endpoint accepts any location constraint.
    s3().create_bucket(
        Bucket="from-virginia", CreateBucketConfiguration={"LocationConstraint": "ap-south-1"}
    )
    s3().create_bucket(Bucket="in-virginia")
    client = s3()
    assert client.get_bucket_location(Bucket="in-ireland")["LocationConstraint"] == "eu-west-1"
    assert client.get_bucket_location(Bucket="from-virginia")["LocationConstraint"] == "ap-south-1"
    assert client.get_bucket_location(Bucket="in-virginia")["LocationConstraint"] is None
    assert client.head_bucket(Bucket="in-ireland")["BucketRegion"] == "eu-west-1"
    ireland = client.list_buckets(BucketRegion="eu-west-1")["Buckets"]
    assert [b["Name"] for b in ireland] == ["in-ireland"]


def test_creating_an_existing_bucket(world: hookmock.World) -> None:
    client = s3()
    client.create_bucket(Bucket="mine")
    assert client.create_bucket(Bucket="mine")["Location"] == "/mine"  # us-east-1: 200 OK
    s3("eu-west-1").create_bucket(
        Bucket="mine-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    with pytest.raises(ClientError) as raised:
        s3("eu-west-1").create_bucket(
            Bucket="mine-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
    assert code_of(raised) == ("BucketAlreadyOwnedByYou", 409)
    with pytest.raises(ClientError) as raised:
        other_account(world).create_bucket(Bucket="mine")
    assert code_of(raised) == ("BucketAlreadyExists", 409)


def test_buckets_are_listed_per_account_but_named_globally(world: hookmock.World) -> None:
    s3().create_bucket(Bucket="first-account")
    other = other_account(world)
    other.create_bucket(Bucket="second-account")
    assert [b["Name"] for b in s3().list_buckets()["Buckets"]] == ["first-account"]
    assert [b["Name"] for b in other.list_buckets()["Buckets"]] == ["second-account"]
    assert s3().list_buckets()["Owner"] != other.list_buckets()["Owner"]
    with pytest.raises(ClientError) as raised:
        s3().head_bucket(Bucket="second-account", ExpectedBucketOwner="123456789012")
    assert code_of(raised) == ("403", 403)


@pytest.mark.usefixtures("world")
def test_list_buckets_pages() -> None:
    client = s3()
    names = [f"bucket-{n:02d}" for n in range(12)]
    for name in reversed(names):
        client.create_bucket(Bucket=name)
    first = client.list_buckets(MaxBuckets=5)
    assert [b["Name"] for b in first["Buckets"]] == names[:5]
    pages = list(client.get_paginator("list_buckets").paginate(PaginationConfig={"PageSize": 5}))
    assert [b["Name"] for page in pages for b in page["Buckets"]] == names
    assert "ContinuationToken" not in pages[-1]
    filtered = client.list_buckets(Prefix="bucket-1")
    assert [b["Name"] for b in filtered["Buckets"]] == ["bucket-10", "bucket-11"]
    assert filtered["Prefix"] == "bucket-1"
    with pytest.raises(ClientError) as raised:
        client.list_buckets(MaxBuckets=5, ContinuationToken="garbage")
    assert code_of(raised) == ("InvalidArgument", 400)


@pytest.mark.usefixtures("world")
def test_missing_and_non_empty_buckets() -> None:
    client = s3()
    with pytest.raises(ClientError) as raised:
        client.head_bucket(Bucket="missing")
    assert code_of(raised) == ("404", 404)
    with pytest.raises(client.exceptions.NoSuchBucket) as missing:
        client.delete_bucket(Bucket="missing")
    assert missing.value.response["Error"]["BucketName"] == "missing"
    client.create_bucket(Bucket="full")
    client.put_object(Bucket="full", Key="k", Body=b"x")
    with pytest.raises(ClientError) as raised:
        client.delete_bucket(Bucket="full")
    assert code_of(raised) == ("BucketNotEmpty", 409)


@pytest.mark.usefixtures("world")
def test_resource_api_and_waiters() -> None:
    resource = boto3.resource("s3", region_name="us-east-1")
    bucket = resource.create_bucket(Bucket="via-resource")
    bucket.wait_until_exists()
    assert bucket.creation_date is not None
    assert bucket.creation_date <= dt.datetime.now(dt.timezone.utc)
    assert [b.name for b in resource.buckets.all()] == ["via-resource"]
    bucket.delete()
    bucket.wait_until_not_exists()
