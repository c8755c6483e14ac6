"""S3 bucket configurations through boto3: tagging, policy, ACL, CORS, lifecycle,
encryption, website, public access block, ownership, notifications, acceleration,
logging and request payment."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import hookmock
from hookmock._world import Principal
from hookmock.backends.s3 import SERVICE as S3
from hookmock.backends.s3.configuration import default_sse

from helpers import code_of

OWNER_ACCOUNT = "123456789012"
OTHER_ACCOUNT = "111111111111"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery"
QUEUE = "arn:aws:sqs:us-east-1:123456789012:events"
TOPIC = "arn:aws:sns:us-east-1:123456789012:events"
FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:handler"


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    code, status = code_of(raised)
    return code, status, raised.value.response["Error"]["Message"]


def owner_id(client: Any) -> str:
    return str(client.list_buckets()["Owner"]["ID"])


def allow_acls(client: Any, bucket: str = "bucket") -> None:
    """What a user does before using ACLs on a bucket made since April 2023."""
    client.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    client.delete_public_access_block(Bucket=bucket)


def public_policy(bucket: str = "bucket", **statement: Any) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                    **statement,
                }
            ],
        }
    )


@pytest.fixture
def world() -> Iterator[hookmock.World]:
    with hookmock.aws() as world:
        yield world


def other_account(world: hookmock.World, region: str = "us-east-1") -> Any:
    world.register_access_key("AKIAOTHERACCOUNT0001", Principal.root(OTHER_ACCOUNT))
    return boto3.client(
        "s3",
        region_name=region,
        aws_access_key_id="AKIAOTHERACCOUNT0001",
        aws_secret_access_key="s",
    )


# --- every operation: the bucket must exist ------------------------------------------

TAGGING = {"TagSet": [{"Key": "k", "Value": "v"}]}
MISSING_BUCKET_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("put_bucket_tagging", {"Tagging": TAGGING}),
    ("get_bucket_tagging", {}),
    ("delete_bucket_tagging", {}),
    ("put_bucket_policy", {"Policy": public_policy("missing")}),
    ("get_bucket_policy", {}),
    ("get_bucket_policy_status", {}),
    ("delete_bucket_policy", {}),
    ("get_bucket_acl", {}),
    ("put_bucket_acl", {"ACL": "private"}),
    (
        "put_bucket_cors",
        {
            "CORSConfiguration": {
                "CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]
            }
        },
    ),
    ("get_bucket_cors", {}),
    ("delete_bucket_cors", {}),
    (
        "put_bucket_lifecycle_configuration",
        {
            "LifecycleConfiguration": {
                "Rules": [{"Status": "Enabled", "Filter": {}, "Expiration": {"Days": 1}}]
            }
        },
    ),
    ("get_bucket_lifecycle_configuration", {}),
    ("delete_bucket_lifecycle", {}),
    (
        "put_bucket_encryption",
        {
            "ServerSideEncryptionConfiguration": {
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
            }
        },
    ),
    ("get_bucket_encryption", {}),
    ("delete_bucket_encryption", {}),
    ("put_bucket_website", {"WebsiteConfiguration": {"IndexDocument": {"Suffix": "index.html"}}}),
    ("get_bucket_website", {}),
    ("delete_bucket_website", {}),
    ("put_public_access_block", {"PublicAccessBlockConfiguration": {"BlockPublicAcls": True}}),
    ("get_public_access_block", {}),
    ("delete_public_access_block", {}),
    (
        "put_bucket_ownership_controls",
        {"OwnershipControls": {"Rules": [{"ObjectOwnership": "ObjectWriter"}]}},
    ),
    ("get_bucket_ownership_controls", {}),
    ("delete_bucket_ownership_controls", {}),
    ("put_bucket_notification_configuration", {"NotificationConfiguration": {}}),
    ("get_bucket_notification_configuration", {}),
    ("put_bucket_accelerate_configuration", {"AccelerateConfiguration": {"Status": "Enabled"}}),
    ("get_bucket_accelerate_configuration", {}),
    ("put_bucket_logging", {"BucketLoggingStatus": {}}),
    ("get_bucket_logging", {}),
    ("put_bucket_request_payment", {"RequestPaymentConfiguration": {"Payer": "Requester"}}),
    ("get_bucket_request_payment", {}),
]


@pytest.mark.parametrize(("method", "kwargs"), MISSING_BUCKET_CALLS, ids=lambda v: str(v)[:40])
def test_every_operation_needs_the_bucket(s3: Any, method: str, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as raised:
        getattr(s3, method)(Bucket="missing", **kwargs)
    assert error_of(raised) == ("NoSuchBucket", 404, "The specified bucket does not exist")
    assert raised.value.response["Error"]["BucketName"] == "missing"


def test_expected_bucket_owner_is_checked(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_tagging(Bucket="bucket", ExpectedBucketOwner=OTHER_ACCOUNT)
    assert code_of(raised) == ("AccessDenied", 403)


# --- tagging --------------------------------------------------------------------------


def test_bucket_tagging_round_trip(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_tagging(Bucket="bucket")
    assert error_of(raised) == ("NoSuchTagSet", 404, "The TagSet does not exist")
    s3.put_bucket_tagging(
        Bucket="bucket",
        Tagging={"TagSet": [{"Key": "team", "Value": "data"}, {"Key": "empty", "Value": ""}]},
    )
    assert s3.get_bucket_tagging(Bucket="bucket")["TagSet"] == [
        {"Key": "team", "Value": "data"},
        {"Key": "empty", "Value": ""},
    ]
    s3.put_bucket_tagging(Bucket="bucket", Tagging={"TagSet": [{"Key": "new", "Value": "1"}]})
    assert s3.get_bucket_tagging(Bucket="bucket")["TagSet"] == [{"Key": "new", "Value": "1"}]
    deleted = s3.delete_bucket_tagging(Bucket="bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(s3.exceptions.ClientError) as raised:
        s3.get_bucket_tagging(Bucket="bucket")
    assert code_of(raised) == ("NoSuchTagSet", 404)


def test_bucket_tagging_with_explicit_checksums(s3: Any) -> None:
    s3.put_bucket_tagging(Bucket="bucket", Tagging=TAGGING, ChecksumAlgorithm="SHA256")
    s3.put_bucket_tagging(Bucket="bucket", Tagging=TAGGING, ContentMD5="1B2M2Y8AsgTpgAmY7PhCfg==")
    boto3.resource("s3", region_name="us-east-1").BucketTagging("bucket").put(Tagging=TAGGING)
    assert s3.get_bucket_tagging(Bucket="bucket")["TagSet"] == TAGGING["TagSet"]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (
            [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}],
            ("InvalidTag", "Cannot provide multiple Tags with the same key"),
        ),
        (
            [{"Key": "aws:owner", "Value": "x"}],
            ("InvalidTag", "System tags cannot be added/updated by requester"),
        ),
        (
            [{"Key": "k" * 129, "Value": "x"}],
            ("InvalidTag", "The TagKey you have provided is invalid"),
        ),
        (
            [{"Key": "k", "Value": "v" * 257}],
            ("InvalidTag", "The TagValue you have provided is invalid"),
        ),
        (
            [{"Key": "k", "Value": "inv&alid"}],
            ("InvalidTag", "The TagValue you have provided is invalid"),
        ),
        (
            [{"Key": f"k{n}", "Value": "v"} for n in range(51)],
            ("BadRequest", "Bucket tag count cannot be greater than 50"),
        ),
    ],
    ids=["duplicate", "system", "long-key", "long-value", "bad-char", "51-tags"],
)
def test_invalid_bucket_tags(
    s3: Any, tags: list[dict[str, str]], expected: tuple[str, str]
) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_tagging(Bucket="bucket", Tagging={"TagSet": tags})
    assert error_of(raised) == (expected[0], 400, expected[1])
    with pytest.raises(ClientError):
        s3.get_bucket_tagging(Bucket="bucket")


def test_an_empty_tag_key_is_an_invalid_tag(s3: Any) -> None:
    # botocore refuses it first unless its validation is off; S3 says InvalidTag.
    unchecked = boto3.client(
        "s3", region_name="us-east-1", config=Config(parameter_validation=False)
    )
    with pytest.raises(ClientError) as raised:
        unchecked.put_bucket_tagging(
            Bucket="bucket", Tagging={"TagSet": [{"Key": "", "Value": "x"}]}
        )
    assert error_of(raised) == ("InvalidTag", 400, "The TagKey you have provided is invalid")


def test_tag_limits_are_inclusive(s3: Any) -> None:
    tags = [{"Key": f"{n:02d}" + "k" * 126, "Value": "v" * 256} for n in range(50)]
    tags[0] = {"Key": "spaces unicode é and +-=._:/@", "Value": "ok"}
    s3.put_bucket_tagging(Bucket="bucket", Tagging={"TagSet": tags})
    assert len(s3.get_bucket_tagging(Bucket="bucket")["TagSet"]) == 50
    assert s3.get_bucket_tagging(Bucket="bucket")["TagSet"][0] == tags[0]


# --- policy ---------------------------------------------------------------------------


def test_bucket_policy_round_trip(s3: Any) -> None:
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"],
            },
        },
        indent=2,
    )
    put = s3.put_bucket_policy(Bucket="bucket", Policy=policy)
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert s3.get_bucket_policy(Bucket="bucket")["Policy"] == policy
    assert s3.get_bucket_policy_status(Bucket="bucket")["PolicyStatus"] == {"IsPublic": False}
    deleted = s3.delete_bucket_policy(Bucket="bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    for get in (s3.get_bucket_policy, s3.get_bucket_policy_status):
        with pytest.raises(ClientError) as raised:
            get(Bucket="bucket")
        assert error_of(raised) == ("NoSuchBucketPolicy", 404, "The bucket policy does not exist")


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("not json", "Policies must be valid JSON and the first byte must be '{'"),
        ('[{"Statement": []}]', "Policies must be valid JSON and the first byte must be '{'"),
        ("{not json", "This policy contains invalid Json"),
        ('{"Version": "2012-10-17"}', "Missing required field Statement"),
        (public_policy("another-bucket"), "Policy has invalid resource"),
        (public_policy(Action="ec2:RunInstances"), "Policy has invalid action"),
        (public_policy(Principal={"Nobody": "x"}), "Invalid principal in policy"),
        (public_policy(Effect="Maybe"), "Invalid effect: Maybe"),
    ],
    ids=["text", "array", "broken", "no-statement", "resource", "action", "principal", "effect"],
)
def test_malformed_policies(s3: Any, policy: str, message: str) -> None:
    s3.delete_public_access_block(Bucket="bucket")
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_policy(Bucket="bucket", Policy=policy)
    assert error_of(raised) == ("MalformedPolicy", 400, message)


def test_public_policies_need_block_public_policy_off(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_policy(Bucket="bucket", Policy=public_policy())
    code, status, message = error_of(raised)
    assert (code, status) == ("AccessDenied", 403)
    assert message == (
        "User: arn:aws:iam::123456789012:root is not authorized to perform: s3:PutBucketPolicy "
        'on resource: "arn:aws:s3:::bucket" because public policies are blocked by the '
        "BlockPublicPolicy block public access setting."
    )
    # A condition makes a policy not public: allowed with the block on.
    limited = public_policy(Condition={"IpAddress": {"aws:SourceIp": "192.0.2.0/24"}})
    s3.put_bucket_policy(Bucket="bucket", Policy=limited)
    assert s3.get_bucket_policy_status(Bucket="bucket")["PolicyStatus"]["IsPublic"] is False
    s3.put_public_access_block(
        Bucket="bucket", PublicAccessBlockConfiguration={"BlockPublicPolicy": False}
    )
    s3.put_bucket_policy(Bucket="bucket", Policy=public_policy())
    assert s3.get_bucket_policy_status(Bucket="bucket")["PolicyStatus"]["IsPublic"] is True
    s3.put_bucket_policy(Bucket="bucket", Policy=public_policy(Principal={"AWS": ["*"]}))
    assert s3.get_bucket_policy_status(Bucket="bucket")["PolicyStatus"]["IsPublic"] is True


# --- ACL ------------------------------------------------------------------------------


def test_a_new_bucket_acl_is_the_owners_full_control(s3: Any) -> None:
    owner = owner_id(s3)
    got = s3.get_bucket_acl(Bucket="bucket")
    assert got["Owner"] == {"ID": owner}
    assert got["Grants"] == [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"}
    ]


def test_acls_are_disabled_on_new_buckets(s3: Any) -> None:
    owner = owner_id(s3)
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_acl(Bucket="bucket", ACL="public-read")
    assert error_of(raised) == (
        "AccessControlListNotSupported",
        400,
        "The bucket does not allow ACLs",
    )
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_acl(Bucket="bucket", GrantRead=f'uri="{ALL_USERS}"')
    assert code_of(raised) == ("AccessControlListNotSupported", 400)
    # The owner's full control alone is what bucket owner enforced allows.
    s3.put_bucket_acl(Bucket="bucket", ACL="private")
    s3.put_bucket_acl(Bucket="bucket", GrantFullControl=f'id="{owner}"')
    assert len(s3.get_bucket_acl(Bucket="bucket")["Grants"]) == 1


def test_block_public_acls_refuses_public_acls(s3: Any) -> None:
    s3.put_bucket_ownership_controls(
        Bucket="bucket", OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]}
    )
    for acl in ("public-read", "public-read-write", "authenticated-read"):
        with pytest.raises(ClientError) as raised:
            s3.put_bucket_acl(Bucket="bucket", ACL=acl)
        code, status, message = error_of(raised)
        assert (code, status) == ("AccessDenied", 403)
        assert "because public ACLs are blocked by the BlockPublicAcls" in message
    s3.put_bucket_acl(Bucket="bucket", GrantWrite=f"uri={LOG_DELIVERY}")  # not public


@pytest.mark.parametrize(
    ("acl", "extra"),
    [
        ("private", []),
        ("public-read", [(ALL_USERS, "READ")]),
        ("public-read-write", [(ALL_USERS, "READ"), (ALL_USERS, "WRITE")]),
        ("authenticated-read", [(AUTHENTICATED_USERS, "READ")]),
    ],
)
def test_canned_bucket_acls(s3: Any, acl: str, extra: list[tuple[str, str]]) -> None:
    allow_acls(s3)
    owner = owner_id(s3)
    s3.put_bucket_acl(Bucket="bucket", ACL=acl)
    got = s3.get_bucket_acl(Bucket="bucket")
    assert got["Owner"] == {"ID": owner}
    assert got["Grants"] == [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
        *({"Grantee": {"Type": "Group", "URI": uri}, "Permission": p} for uri, p in extra),
    ]


def test_grant_headers_and_policy_bodies(s3: Any) -> None:
    allow_acls(s3)
    owner = owner_id(s3)
    other = "a" * 64
    s3.put_bucket_acl(
        Bucket="bucket",
        GrantFullControl=f'id="{owner}"',
        GrantRead=f'uri="{ALL_USERS}", id={other}',
        GrantWriteACP='emailAddress="someone@example.com"',
    )
    grants = s3.get_bucket_acl(Bucket="bucket")["Grants"]
    assert grants == [
        {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
        {"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"},
        {"Grantee": {"Type": "CanonicalUser", "ID": other}, "Permission": "READ"},
        {
            "Grantee": {"Type": "AmazonCustomerByEmail", "EmailAddress": "someone@example.com"},
            "Permission": "WRITE_ACP",
        },
    ]
    body = {
        "Owner": {"ID": owner},
        "Grants": [
            {"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
            {"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "WRITE"},
            {"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "READ_ACP"},
        ],
    }
    s3.put_bucket_acl(Bucket="bucket", AccessControlPolicy=body)
    assert s3.get_bucket_acl(Bucket="bucket")["Grants"] == body["Grants"]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"GrantRead": "everyone"}, ("InvalidArgument", "Argument format not recognized")),
        ({"GrantRead": "uri=http://example.com/group"}, ("InvalidArgument", "Invalid group uri")),
        ({"GrantRead": "id=not-canonical"}, ("InvalidArgument", "Invalid id")),
        (
            {"ACL": "private", "GrantRead": f"uri={ALL_USERS}"},
            ("InvalidRequest", "Specifying both Canned ACLs and Header Grants is not allowed"),
        ),
        ({}, ("MissingSecurityHeader", "Your request was missing a required header")),
        (
            {
                "AccessControlPolicy": {
                    "Owner": {"ID": "b" * 64},
                    "Grants": [
                        {"Grantee": {"Type": "Group", "URI": "urn:nobody"}, "Permission": "READ"}
                    ],
                }
            },
            ("InvalidArgument", "Invalid group uri"),
        ),
        (
            {"AccessControlPolicy": {"Owner": {"ID": "short"}, "Grants": []}},
            ("InvalidArgument", "Invalid id"),
        ),
        (
            {
                "AccessControlPolicy": {
                    "Owner": {"ID": "b" * 64},
                    "Grants": [{"Grantee": {"Type": "CanonicalUser"}, "Permission": "READ"}],
                }
            },
            ("MalformedACLError", None),
        ),
        (
            {"ACL": "private", "AccessControlPolicy": {"Owner": {"ID": "b" * 64}, "Grants": []}},
            ("UnexpectedContent", "This request does not support content"),
        ),
    ],
    ids=[
        "format",
        "group",
        "id",
        "canned-and-headers",
        "nothing",
        "body-group",
        "body-owner",
        "body-grantee",
        "body-and-canned",
    ],
)
def test_invalid_acls(s3: Any, kwargs: dict[str, Any], expected: tuple[str, str | None]) -> None:
    allow_acls(s3)
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_acl(Bucket="bucket", **kwargs)
    code, status, message = error_of(raised)
    assert (code, status) == (expected[0], 400)
    if expected[1] is not None:
        assert message == expected[1]


def test_acls_must_be_private_before_ownership_is_enforced(s3: Any) -> None:
    allow_acls(s3)
    s3.put_bucket_acl(Bucket="bucket", ACL="public-read")
    enforced = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_ownership_controls(Bucket="bucket", OwnershipControls=enforced)
    assert error_of(raised) == (
        "InvalidBucketAclWithObjectOwnership",
        400,
        "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    )
    s3.put_bucket_acl(Bucket="bucket", ACL="private")
    s3.put_bucket_ownership_controls(Bucket="bucket", OwnershipControls=enforced)


# --- CORS -----------------------------------------------------------------------------

CORS_RULE = {
    "ID": "web",
    "AllowedHeaders": ["*"],
    "AllowedMethods": ["GET", "PUT", "POST", "DELETE", "HEAD"],
    "AllowedOrigins": ["https://*.example.com"],
    "ExposeHeaders": ["ETag"],
    "MaxAgeSeconds": 3000,
}


def test_cors_round_trip(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_cors(Bucket="bucket")
    assert error_of(raised) == (
        "NoSuchCORSConfiguration",
        404,
        "The CORS configuration does not exist",
    )
    second = {"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}
    s3.put_bucket_cors(Bucket="bucket", CORSConfiguration={"CORSRules": [CORS_RULE, second]})
    assert s3.get_bucket_cors(Bucket="bucket")["CORSRules"] == [CORS_RULE, second]
    deleted = s3.delete_bucket_cors(Bucket="bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_cors(Bucket="bucket")
    assert code_of(raised) == ("NoSuchCORSConfiguration", 404)


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (
            [{"AllowedMethods": ["GET", "OPTIONS"], "AllowedOrigins": ["*"]}],
            (
                "InvalidRequest",
                "Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS",
            ),
        ),
        (
            [{"AllowedMethods": ["get"], "AllowedOrigins": ["*"]}],
            (
                "InvalidRequest",
                "Found unsupported HTTP method in CORS config. Unsupported method is get",
            ),
        ),
        (
            [{"AllowedMethods": ["GET"], "AllowedOrigins": ["https://*.*.com"]}],
            (
                "InvalidRequest",
                'AllowedOrigin "https://*.*.com" can not have more than one wildcard.',
            ),
        ),
        ([{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}] * 101, ("MalformedXML", None)),
        ([], ("MalformedXML", None)),
    ],
    ids=["options", "lowercase", "wildcards", "101-rules", "no-rules"],
)
def test_invalid_cors(
    s3: Any, rules: list[dict[str, Any]], expected: tuple[str, str | None]
) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_cors(Bucket="bucket", CORSConfiguration={"CORSRules": rules})
    code, status, message = error_of(raised)
    assert (code, status) == (expected[0], 400)
    if expected[1] is not None:
        assert message == expected[1]


def test_one_hundred_cors_rules_are_allowed(s3: Any) -> None:
    rules = [
        {"AllowedMethods": ["GET"], "AllowedOrigins": [f"https://{n}.example"]} for n in range(100)
    ]
    s3.put_bucket_cors(Bucket="bucket", CORSConfiguration={"CORSRules": rules})
    assert len(s3.get_bucket_cors(Bucket="bucket")["CORSRules"]) == 100


# --- lifecycle ------------------------------------------------------------------------

MIDNIGHT = dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)


def lifecycle(*rules: dict[str, Any]) -> dict[str, Any]:
    return {"Rules": list(rules)}


def test_lifecycle_round_trip(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_lifecycle_configuration(Bucket="bucket")
    assert error_of(raised) == (
        "NoSuchLifecycleConfiguration",
        404,
        "The lifecycle configuration does not exist",
    )
    rules = [
        {
            "ID": "logs",
            "Status": "Enabled",
            "Filter": {"Prefix": "logs/"},
            "Transitions": [{"Days": 30, "StorageClass": "STANDARD_IA"}],
            "Expiration": {"Days": 365},
        },
        {
            "ID": "tagged",
            "Status": "Disabled",
            "Filter": {
                "And": {
                    "Prefix": "tmp/",
                    "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}],
                    "ObjectSizeGreaterThan": 1024,
                }
            },
            "Expiration": {"Date": MIDNIGHT},
        },
        {
            "ID": "legacy",
            "Status": "Enabled",
            "Prefix": "old/",
            "NoncurrentVersionExpiration": {"NoncurrentDays": 10, "NewerNoncurrentVersions": 2},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7},
        },
        {
            "ID": "markers",
            "Status": "Enabled",
            "Filter": {},
            "Expiration": {"ExpiredObjectDeleteMarker": True},
            "NoncurrentVersionTransitions": [{"NoncurrentDays": 0, "StorageClass": "GLACIER"}],
        },
    ]
    put = s3.put_bucket_lifecycle_configuration(
        Bucket="bucket", LifecycleConfiguration=lifecycle(*rules)
    )
    assert put["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K"
    got = s3.get_bucket_lifecycle_configuration(Bucket="bucket")
    assert got["Rules"] == rules
    assert got["TransitionDefaultMinimumObjectSize"] == "all_storage_classes_128K"
    put = s3.put_bucket_lifecycle_configuration(
        Bucket="bucket",
        LifecycleConfiguration=lifecycle(rules[0]),
        TransitionDefaultMinimumObjectSize="varies_by_storage_class",
    )
    assert put["TransitionDefaultMinimumObjectSize"] == "varies_by_storage_class"
    got = s3.get_bucket_lifecycle_configuration(Bucket="bucket")
    assert got["TransitionDefaultMinimumObjectSize"] == "varies_by_storage_class"
    assert got["Rules"] == rules[:1]
    deleted = s3.delete_bucket_lifecycle(Bucket="bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_lifecycle_configuration(Bucket="bucket")
    assert code_of(raised) == ("NoSuchLifecycleConfiguration", 404)


def test_lifecycle_rules_without_id_get_one(s3: Any) -> None:
    rule = {"Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 1}}
    s3.put_bucket_lifecycle_configuration(Bucket="bucket", LifecycleConfiguration=lifecycle(rule))
    (got,) = s3.get_bucket_lifecycle_configuration(Bucket="bucket")["Rules"]
    assert got["ID"]
    assert {k: v for k, v in got.items() if k != "ID"} == rule


def expiring(days: int = 1, **rule: Any) -> dict[str, Any]:
    return {"ID": "r", "Status": "Enabled", "Filter": {}, "Expiration": {"Days": days}, **rule}


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (
            [expiring(), expiring()],
            ("InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule"),
        ),
        (
            [{"ID": "r", "Status": "Enabled", "Filter": {}}],
            ("InvalidRequest", "At least one action needs to be specified in a rule"),
        ),
        (
            [expiring(days=0)],
            ("InvalidArgument", "'Days' for Expiration action must be a positive integer"),
        ),
        (
            [expiring(ID="x" * 256)],
            ("InvalidArgument", "ID length should not exceed allowed limit of 255"),
        ),
        ([expiring(Prefix="a/")], ("MalformedXML", None)),
        ([{"ID": "r", "Status": "Enabled", "Expiration": {"Days": 1}}], ("MalformedXML", None)),
        ([expiring(Filter={"Prefix": "a/", "ObjectSizeLessThan": 5})], ("MalformedXML", None)),
        (
            [expiring(Expiration={"Days": 1, "ExpiredObjectDeleteMarker": True})],
            ("MalformedXML", None),
        ),
        (
            [expiring(Expiration={"Date": MIDNIGHT + dt.timedelta(hours=1)})],
            ("InvalidArgument", "'Date' must be at midnight GMT"),
        ),
        (
            [expiring(Transitions=[{"Days": 10, "StorageClass": "STANDARD_IA"}], Expiration=None)],
            (
                "InvalidArgument",
                "'Days' in Transition action must be greater than or equal to 30 for "
                "storageClass 'STANDARD_IA'",
            ),
        ),
        (
            [expiring(Transitions=[{"StorageClass": "GLACIER"}], Expiration=None)],
            ("MalformedXML", None),
        ),
        (
            [
                expiring(
                    Filter={
                        "And": {"Tags": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]}
                    }
                )
            ],
            ("InvalidRequest", "Duplicate Tag Keys are not allowed."),
        ),
        ([expiring(ID=f"r{n}") for n in range(1001)], ("MalformedXML", None)),
    ],
    ids=[
        "duplicate-id",
        "no-action",
        "zero-days",
        "long-id",
        "filter-and-prefix",
        "no-filter",
        "two-conditions",
        "days-and-marker",
        "not-midnight",
        "ia-too-soon",
        "transition-without-time",
        "duplicate-tags",
        "1001-rules",
    ],
)
def test_invalid_lifecycle(
    s3: Any, rules: list[dict[str, Any]], expected: tuple[str, str | None]
) -> None:
    rules = [{k: v for k, v in rule.items() if v is not None} for rule in rules]
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_lifecycle_configuration(
            Bucket="bucket", LifecycleConfiguration=lifecycle(*rules)
        )
    code, status, message = error_of(raised)
    assert (code, status) == (expected[0], 400)
    if expected[1] is not None:
        assert message == expected[1]


# --- default encryption ---------------------------------------------------------------

SSE_S3 = {
    "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"},
    "BucketKeyEnabled": False,
}


def rules_of(s3: Any) -> list[dict[str, Any]]:
    rules = s3.get_bucket_encryption(Bucket="bucket")["ServerSideEncryptionConfiguration"]["Rules"]
    for rule in rules:
        rule.pop("BlockedEncryptionTypes", None)
    return list(rules)


def test_every_bucket_is_encrypted_with_sse_s3(s3: Any) -> None:
    (rule,) = s3.get_bucket_encryption(Bucket="bucket")["ServerSideEncryptionConfiguration"][
        "Rules"
    ]
    assert rule["ApplyServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    assert rule["BucketKeyEnabled"] is False


def test_encryption_round_trip(s3: Any) -> None:
    key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    kms = {
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key},
        "BucketKeyEnabled": True,
    }
    s3.put_bucket_encryption(Bucket="bucket", ServerSideEncryptionConfiguration={"Rules": [kms]})
    assert rules_of(s3) == [kms]
    dsse = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms:dsse"}}
    s3.put_bucket_encryption(Bucket="bucket", ServerSideEncryptionConfiguration={"Rules": [dsse]})
    assert rules_of(s3) == [{**dsse, "BucketKeyEnabled": False}]
    deleted = s3.delete_bucket_encryption(Bucket="bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert rules_of(s3) == [SSE_S3]


def test_the_bucket_default_encryption_is_readable(world: hookmock.World) -> None:
    client = boto3.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket="bucket")
    bucket = world.backend(S3, "", "aws").buckets["bucket"]
    assert default_sse(bucket) == ("AES256", None, False)
    client.put_bucket_encryption(
        Bucket="bucket",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": "alias/mine",
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    assert default_sse(bucket) == ("aws:kms", "alias/mine", True)


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (
            [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "AES256",
                        "KMSMasterKeyID": "alias/mine",
                    }
                }
            ],
            (
                "InvalidArgument",
                "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms "
                "or aws:kms:dsse",
            ),
        ),
        ([SSE_S3, SSE_S3], ("MalformedXML", None)),
        ([], ("MalformedXML", None)),
        ([{"BucketKeyEnabled": True}], ("MalformedXML", None)),
    ],
    ids=["key-with-aes256", "two-rules", "no-rules", "no-default"],
)
def test_invalid_encryption(
    s3: Any, rules: list[dict[str, Any]], expected: tuple[str, str | None]
) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_encryption(
            Bucket="bucket", ServerSideEncryptionConfiguration={"Rules": rules}
        )
    code, status, message = error_of(raised)
    assert (code, status) == (expected[0], 400)
    if expected[1] is not None:
        assert message == expected[1]
    assert rules_of(s3) == [SSE_S3]


# --- website --------------------------------------------------------------------------


def test_website_round_trip(s3: Any) -> None:
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_website(Bucket="bucket")
    assert error_of(raised) == (
        "NoSuchWebsiteConfiguration",
        404,
        "The specified bucket does not have a website configuration",
    )
    site = {
        "IndexDocument": {"Suffix": "index.html"},
        "ErrorDocument": {"Key": "error.html"},
        "RoutingRules": [
            {
                "Condition": {"KeyPrefixEquals": "docs/"},
                "Redirect": {"ReplaceKeyPrefixWith": "documents/", "HttpRedirectCode": "301"},
            }
        ],
    }
    s3.put_bucket_website(Bucket="bucket", WebsiteConfiguration=site)
    got = s3.get_bucket_website(Bucket="bucket")
    assert {k: got[k] for k in site} == site
    redirect = {"RedirectAllRequestsTo": {"HostName": "example.com", "Protocol": "https"}}
    s3.put_bucket_website(Bucket="bucket", WebsiteConfiguration=redirect)
    got = s3.get_bucket_website(Bucket="bucket")
    assert got["RedirectAllRequestsTo"] == redirect["RedirectAllRequestsTo"]
    assert "IndexDocument" not in got
    deleted = s3.delete_bucket_website(Bucket="bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_website(Bucket="bucket")
    assert code_of(raised) == ("NoSuchWebsiteConfiguration", 404)


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        (
            {"ErrorDocument": {"Key": "error.html"}},
            (
                "InvalidArgument",
                "A value for IndexDocument Suffix must be provided if RedirectAllRequestsTo is "
                "empty",
            ),
        ),
        (
            {"IndexDocument": {"Suffix": "pages/index.html"}},
            ("InvalidArgument", "The IndexDocument Suffix is not well formed"),
        ),
        (
            {
                "RedirectAllRequestsTo": {"HostName": "example.com"},
                "IndexDocument": {"Suffix": "index.html"},
            },
            (
                "InvalidArgument",
                "RedirectAllRequestsTo cannot be provided in conjunction with other Routing Rules.",
            ),
        ),
        (
            {
                "IndexDocument": {"Suffix": "index.html"},
                "RoutingRules": [
                    {"Redirect": {"ReplaceKeyPrefixWith": "a/", "ReplaceKeyWith": "b"}}
                ],
            },
            ("InvalidRequest", "You can only define ReplaceKeyPrefix or ReplaceKey but not both."),
        ),
    ],
    ids=["no-index", "slash", "redirect-and-index", "both-replacements"],
)
def test_invalid_websites(s3: Any, site: dict[str, Any], expected: tuple[str, str]) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_website(Bucket="bucket", WebsiteConfiguration=site)
    assert error_of(raised) == (expected[0], 400, expected[1])


# --- public access block --------------------------------------------------------------


def test_public_access_block(s3: Any) -> None:
    all_on = dict.fromkeys(
        ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True
    )
    got = s3.get_public_access_block(Bucket="bucket")
    assert got["PublicAccessBlockConfiguration"] == all_on
    s3.put_public_access_block(
        Bucket="bucket",
        PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": False},
    )
    got = s3.get_public_access_block(Bucket="bucket")
    assert got["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": False,
        "BlockPublicPolicy": False,
        "RestrictPublicBuckets": False,
    }
    deleted = s3.delete_public_access_block(Bucket="bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as raised:
        s3.get_public_access_block(Bucket="bucket")
    assert error_of(raised) == (
        "NoSuchPublicAccessBlockConfiguration",
        404,
        "The public access block configuration was not found",
    )
    with pytest.raises(ClientError) as raised:
        s3.put_public_access_block(Bucket="bucket", PublicAccessBlockConfiguration={})
    assert error_of(raised) == ("InvalidRequest", 400, "Must specify at least one configuration.")


# --- ownership controls ---------------------------------------------------------------


def test_ownership_controls(s3: Any) -> None:
    def rules() -> list[dict[str, str]]:
        got = s3.get_bucket_ownership_controls(Bucket="bucket")
        return list(got["OwnershipControls"]["Rules"])

    assert rules() == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    for ownership in ("ObjectWriter", "BucketOwnerPreferred", "BucketOwnerEnforced"):
        s3.put_bucket_ownership_controls(
            Bucket="bucket", OwnershipControls={"Rules": [{"ObjectOwnership": ownership}]}
        )
        assert rules() == [{"ObjectOwnership": ownership}]
    deleted = s3.delete_bucket_ownership_controls(Bucket="bucket")
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as raised:
        s3.get_bucket_ownership_controls(Bucket="bucket")
    assert error_of(raised) == (
        "OwnershipControlsNotFoundError",
        404,
        "The bucket ownership controls were not found",
    )
    # Without ownership controls ACLs are enabled again.
    s3.delete_public_access_block(Bucket="bucket")
    s3.put_bucket_acl(Bucket="bucket", ACL="public-read")
    two = {"Rules": [{"ObjectOwnership": "ObjectWriter"}, {"ObjectOwnership": "ObjectWriter"}]}
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_ownership_controls(Bucket="bucket", OwnershipControls=two)
    assert code_of(raised) == ("MalformedXML", 400)


# --- notifications --------------------------------------------------------------------


def test_notification_configuration_round_trip(s3: Any) -> None:
    got = s3.get_bucket_notification_configuration(Bucket="bucket")
    assert set(got) == {"ResponseMetadata"}
    configuration = {
        "QueueConfigurations": [
            {
                "Id": "uploads",
                "QueueArn": QUEUE,
                "Events": ["s3:ObjectCreated:*"],
                "Filter": {
                    "Key": {
                        "FilterRules": [
                            {"Name": "prefix", "Value": "uploads/"},
                            {"Name": "suffix", "Value": ".jpg"},
                        ]
                    }
                },
            }
        ],
        "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectRemoved:Delete"]}],
        "LambdaFunctionConfigurations": [
            {"LambdaFunctionArn": FUNCTION, "Events": ["s3:ObjectRestore:Completed"]}
        ],
        "EventBridgeConfiguration": {},
    }
    s3.put_bucket_notification_configuration(
        Bucket="bucket", NotificationConfiguration=configuration
    )
    got = s3.get_bucket_notification_configuration(Bucket="bucket")
    (queue,) = got["QueueConfigurations"]
    assert queue["Id"] == "uploads"
    assert queue["Filter"]["Key"]["FilterRules"] == [
        {"Name": "Prefix", "Value": "uploads/"},
        {"Name": "Suffix", "Value": ".jpg"},
    ]
    (topic,) = got["TopicConfigurations"]
    assert topic["Id"]  # S3 names a configuration put without an Id
    assert topic["TopicArn"] == TOPIC
    assert topic["Events"] == ["s3:ObjectRemoved:Delete"]
    assert got["LambdaFunctionConfigurations"][0]["LambdaFunctionArn"] == FUNCTION
    assert got["EventBridgeConfiguration"] == {}
    # An empty configuration turns notifications off.
    s3.put_bucket_notification_configuration(Bucket="bucket", NotificationConfiguration={})
    got = s3.get_bucket_notification_configuration(Bucket="bucket")
    assert set(got) == {"ResponseMetadata"}


def queue(events: list[str], prefix: str = "", **extra: Any) -> dict[str, Any]:
    rules = [{"Name": "prefix", "Value": prefix}] if prefix else []
    return {"QueueArn": QUEUE, "Events": events, "Filter": {"Key": {"FilterRules": rules}}, **extra}


@pytest.mark.parametrize(
    ("configuration", "message"),
    [
        (
            {"QueueConfigurations": [queue(["s3:ObjectCreated:Everything"])]},
            "The event is not supported for notifications",
        ),
        (
            {
                "QueueConfigurations": [
                    queue(["s3:ObjectCreated:*"], "a/"),
                    queue(["s3:ObjectCreated:Put"], "a/b/"),
                ]
            },
            "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules "
            "if the prefixes are overlapping for the same event type.",
        ),
        (
            {
                "QueueConfigurations": [
                    queue(["s3:ObjectCreated:Put"], "images-api/"),
                    queue(["s3:ObjectCreated:*"]),
                ]
            },
            "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules "
            "if the prefixes are overlapping for the same event type.",
        ),
        (
            {"QueueConfigurations": [queue(["s3:ObjectCreated:*"], QueueArn="not-an-arn")]},
            "The ARN is not well formed",
        ),
        (
            {"QueueConfigurations": [queue(["s3:ObjectCreated:*"], QueueArn=TOPIC)]},
            "The ARN is not well formed",
        ),
        (
            {
                "QueueConfigurations": [
                    queue(
                        ["s3:ObjectCreated:*"],
                        QueueArn="arn:aws:sqs:eu-west-1:123456789012:events",
                    )
                ]
            },
            "The notification destination service region is not valid for the bucket location "
            "constraint",
        ),
        (
            {
                "QueueConfigurations": [
                    {
                        "QueueArn": QUEUE,
                        "Events": ["s3:ObjectCreated:*"],
                        "Filter": {
                            "Key": {
                                "FilterRules": [
                                    {"Name": "prefix", "Value": "a"},
                                    {"Name": "prefix", "Value": "b"},
                                ]
                            }
                        },
                    }
                ]
            },
            "Cannot specify more than one prefix rule in a filter.",
        ),
    ],
    ids=["event", "overlap", "filter-and-none", "arn", "wrong-service", "region", "two-prefixes"],
)
def test_invalid_notifications(s3: Any, configuration: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_notification_configuration(
            Bucket="bucket", NotificationConfiguration=configuration
        )
    assert error_of(raised) == ("InvalidArgument", 400, message)


def test_unfiltered_notifications_that_share_an_event(s3: Any) -> None:
    configuration = {
        "QueueConfigurations": [queue(["s3:ObjectRemoved:*"])],
        "TopicConfigurations": [{"TopicArn": TOPIC, "Events": ["s3:ObjectRemoved:*"]}],
    }
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_notification_configuration(
            Bucket="bucket", NotificationConfiguration=configuration
        )
    assert error_of(raised) == (
        "InvalidArgument",
        400,
        "Configurations overlap. Configurations on the same bucket cannot share a common "
        "event type.",
    )
    error = raised.value.response["Error"]
    assert (error["ArgumentName"], error["ArgumentValue"]) == (
        "Event",
        "s3:ObjectRemoved:*, s3:ObjectRemoved:*",
    )


def test_notifications_that_do_not_overlap(s3: Any) -> None:
    configuration = {
        "QueueConfigurations": [
            queue(["s3:ObjectCreated:*"], "images/"),
            queue(["s3:ObjectCreated:*"], "videos/"),
            queue(["s3:ObjectRemoved:*"], "images/"),
        ]
    }
    s3.put_bucket_notification_configuration(
        Bucket="bucket", NotificationConfiguration=configuration
    )
    got = s3.get_bucket_notification_configuration(Bucket="bucket")["QueueConfigurations"]
    assert len({item["Id"] for item in got}) == 3


# --- transfer acceleration ------------------------------------------------------------


def test_accelerate_configuration(s3: Any) -> None:
    assert "Status" not in s3.get_bucket_accelerate_configuration(Bucket="bucket")
    for status in ("Enabled", "Suspended"):
        s3.put_bucket_accelerate_configuration(
            Bucket="bucket", AccelerateConfiguration={"Status": status}
        )
        assert s3.get_bucket_accelerate_configuration(Bucket="bucket")["Status"] == status
    s3.create_bucket(Bucket="with.dots")
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_accelerate_configuration(
            Bucket="with.dots", AccelerateConfiguration={"Status": "Enabled"}
        )
    assert error_of(raised) == (
        "InvalidRequest",
        400,
        "S3 Transfer Acceleration is not supported for buckets with periods (.) in their names",
    )


# --- server access logging ------------------------------------------------------------


def test_logging_round_trip(s3: Any) -> None:
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket="bucket")
    s3.create_bucket(Bucket="logs")
    enabled = {
        "TargetBucket": "logs",
        "TargetPrefix": "bucket/",
        "TargetObjectKeyFormat": {"PartitionedPrefix": {"PartitionDateSource": "EventTime"}},
    }
    s3.put_bucket_logging(Bucket="bucket", BucketLoggingStatus={"LoggingEnabled": enabled})
    assert s3.get_bucket_logging(Bucket="bucket")["LoggingEnabled"] == enabled
    s3.put_bucket_logging(Bucket="bucket", BucketLoggingStatus={})
    assert "LoggingEnabled" not in s3.get_bucket_logging(Bucket="bucket")


def test_logging_target_grants(s3: Any) -> None:
    s3.create_bucket(Bucket="logs")
    grants = [{"Grantee": {"Type": "Group", "URI": ALL_USERS}, "Permission": "READ"}]
    enabled = {"TargetBucket": "logs", "TargetPrefix": "", "TargetGrants": grants}
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_logging(Bucket="bucket", BucketLoggingStatus={"LoggingEnabled": enabled})
    assert error_of(raised) == (
        "AccessControlListNotSupported",
        400,
        "Target grants not allowed for bucket owner enforced buckets",
    )
    s3.put_bucket_ownership_controls(
        Bucket="logs", OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    )
    s3.put_bucket_logging(Bucket="bucket", BucketLoggingStatus={"LoggingEnabled": enabled})
    assert s3.get_bucket_logging(Bucket="bucket")["LoggingEnabled"]["TargetGrants"] == grants


def test_logging_targets_must_be_the_owners_in_the_same_region(world: hookmock.World) -> None:
    client = boto3.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket="bucket")
    client.create_bucket(
        Bucket="logs-eu", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    other_account(world).create_bucket(Bucket="theirs")

    def enable(target: str) -> pytest.ExceptionInfo[ClientError]:
        with pytest.raises(ClientError) as raised:
            client.put_bucket_logging(
                Bucket="bucket",
                BucketLoggingStatus={
                    "LoggingEnabled": {"TargetBucket": target, "TargetPrefix": ""}
                },
            )
        return raised

    missing = enable("missing")
    assert error_of(missing) == (
        "InvalidTargetBucketForLogging",
        400,
        "The target bucket for logging does not exist",
    )
    assert missing.value.response["Error"]["TargetBucket"] == "missing"
    assert error_of(enable("theirs")) == (
        "InvalidTargetBucketForLogging",
        400,
        "The owner for the bucket to be logged and the target bucket must be the same.",
    )
    elsewhere = enable("logs-eu")
    assert code_of(elsewhere) == ("CrossLocationLoggingProhibitted", 403)
    assert elsewhere.value.response["Error"]["TargetBucketLocation"] == "eu-west-1"


# --- request payment ------------------------------------------------------------------


def test_request_payment(s3: Any) -> None:
    assert s3.get_bucket_request_payment(Bucket="bucket")["Payer"] == "BucketOwner"
    s3.put_bucket_request_payment(
        Bucket="bucket", RequestPaymentConfiguration={"Payer": "Requester"}
    )
    assert s3.get_bucket_request_payment(Bucket="bucket")["Payer"] == "Requester"


# --- configurations belong to their bucket --------------------------------------------


def test_configurations_are_per_bucket(s3: Any) -> None:
    s3.create_bucket(Bucket="second")
    s3.put_bucket_tagging(Bucket="bucket", Tagging=TAGGING)
    s3.put_bucket_request_payment(
        Bucket="bucket", RequestPaymentConfiguration={"Payer": "Requester"}
    )
    with pytest.raises(ClientError):
        s3.get_bucket_tagging(Bucket="second")
    assert s3.get_bucket_request_payment(Bucket="second")["Payer"] == "BucketOwner"


DELETES: list[Callable[[Any], Any]] = [
    lambda c: c.delete_bucket_tagging(Bucket="bucket"),
    lambda c: c.delete_bucket_policy(Bucket="bucket"),
    lambda c: c.delete_bucket_cors(Bucket="bucket"),
    lambda c: c.delete_bucket_lifecycle(Bucket="bucket"),
    lambda c: c.delete_bucket_website(Bucket="bucket"),
]


@pytest.mark.parametrize("delete", DELETES)
def test_deleting_what_was_never_set_succeeds(s3: Any, delete: Callable[[Any], Any]) -> None:
    assert delete(s3)["ResponseMetadata"]["HTTPStatusCode"] == 204


# --- what CreateBucket sets -------------------------------------------------------------


@pytest.mark.usefixtures("world")
def test_create_bucket_acl_and_ownership() -> None:
    client = boto3.client("s3", region_name="us-east-1")
    with pytest.raises(ClientError) as raised:
        client.create_bucket(Bucket="public", ACL="public-read")
    assert code_of(raised) == ("InvalidBucketAclWithObjectOwnership", 400)
    with pytest.raises(ClientError) as raised:
        client.create_bucket(Bucket="public", ACL="public-read", ObjectOwnership="ObjectWriter")
    assert error_of(raised) == (
        "InvalidBucketAclWithBlockPublicAccessError",
        400,
        "Bucket cannot have public ACLs set with BlockPublicAccess enabled",
    )
    with pytest.raises(ClientError) as raised:
        client.create_bucket(
            Bucket="public", GrantRead=f"uri={ALL_USERS}", ObjectOwnership="ObjectWriter"
        )
    assert code_of(raised) == ("InvalidBucketAclWithBlockPublicAccessError", 400)
    assert client.list_buckets()["Buckets"] == []  # nothing was made

    client.create_bucket(Bucket="private", ACL="private")
    controls = client.get_bucket_ownership_controls(Bucket="private")["OwnershipControls"]
    assert controls["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]

    client.create_bucket(
        Bucket="logs", ObjectOwnership="BucketOwnerPreferred", GrantWrite=f"uri={LOG_DELIVERY}"
    )
    controls = client.get_bucket_ownership_controls(Bucket="logs")["OwnershipControls"]
    assert controls["Rules"] == [{"ObjectOwnership": "BucketOwnerPreferred"}]
    grants = client.get_bucket_acl(Bucket="logs")["Grants"]
    assert grants == [{"Grantee": {"Type": "Group", "URI": LOG_DELIVERY}, "Permission": "WRITE"}]
