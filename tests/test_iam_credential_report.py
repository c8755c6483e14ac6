"""IAM's credential report: generation on the world clock, expiry, and the CSV's columns."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import boto3
import pytest

import hookmock

ACCOUNT = "123456789012"
HEADER = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
    "cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
)


def generated_report(iam: Any) -> list[dict[str, str]]:
    assert iam.generate_credential_report()["State"] == "STARTED"
    hookmock.clock().advance(1)
    assert iam.generate_credential_report()["State"] == "COMPLETE"
    answer = iam.get_credential_report()
    assert answer["ReportFormat"] == "text/csv"
    text = answer["Content"].decode()
    assert text.splitlines()[0] == HEADER
    return list(csv.DictReader(io.StringIO(text)))


def test_report_states_follow_the_world_clock(iam: Any) -> None:
    with pytest.raises(iam.exceptions.CredentialReportNotPresentException) as raised:
        iam.get_credential_report()
    assert raised.value.response["Error"]["Code"] == "ReportNotPresent"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410
    started = iam.generate_credential_report()
    assert (started["State"], started["Description"]) == (
        "STARTED",
        "No report exists. Starting a new report generation task",
    )
    assert iam.generate_credential_report()["State"] == "INPROGRESS"
    with pytest.raises(iam.exceptions.CredentialReportNotReadyException) as raised:
        iam.get_credential_report()
    assert raised.value.response["Error"]["Code"] == "ReportInProgress"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    hookmock.clock().advance(1)
    assert iam.generate_credential_report()["State"] == "COMPLETE"
    generated = iam.get_credential_report()["GeneratedTime"]
    assert generated.tzinfo is not None
    assert generated.microsecond == 0
    hookmock.clock().advance(4 * 3600)
    with pytest.raises(iam.exceptions.CredentialReportExpiredException) as raised:
        iam.get_credential_report()
    assert raised.value.response["Error"]["Code"] == "ReportExpired"
    assert iam.generate_credential_report()["State"] == "STARTED"
    hookmock.clock().advance(1)
    assert iam.get_credential_report()["GeneratedTime"] > generated


def test_a_report_is_a_snapshot_until_it_expires(iam: Any) -> None:
    iam.create_user(UserName="before")
    rows = generated_report(iam)
    iam.create_user(UserName="after")
    assert iam.generate_credential_report()["State"] == "COMPLETE"
    content = iam.get_credential_report()["Content"].decode()
    assert [row["user"] for row in rows] == ["<root_account>", "before"]
    assert "after" not in content


def test_root_row_and_a_user_without_credentials(iam: Any) -> None:
    created = iam.create_user(UserName="plain")["User"]["CreateDate"]
    root, plain = generated_report(iam)
    assert root["user"] == "<root_account>"
    assert root["arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert (
        root["password_enabled"],
        root["password_last_changed"],
        root["password_next_rotation"],
    ) == ("not_supported", "not_supported", "not_supported")
    assert root["access_key_1_active"] == "false"
    assert root["access_key_1_last_rotated"] == "N/A"
    assert plain["arn"] == f"arn:aws:iam::{ACCOUNT}:user/plain"
    assert plain["user_creation_time"] == created.isoformat()
    assert {k: plain[k] for k in list(plain)[3:]} == {
        "password_enabled": "false",
        "password_last_used": "N/A",
        "password_last_changed": "N/A",
        "password_next_rotation": "N/A",
        "mfa_active": "false",
        **{
            f"access_key_{n}_{what}": "false" if what == "active" else "N/A"
            for n in (1, 2)
            for what in (
                "active",
                "last_rotated",
                "last_used_date",
                "last_used_region",
                "last_used_service",
            )
        },
        "cert_1_active": "false",
        "cert_1_last_rotated": "N/A",
        "cert_2_active": "false",
        "cert_2_last_rotated": "N/A",
    }


def test_passwords_keys_and_their_last_use(iam: Any) -> None:
    iam.update_account_password_policy(MaxPasswordAge=30)
    iam.create_user(UserName="dev")
    profile = iam.create_login_profile(UserName="dev", Password="Secret-123")["LoginProfile"]
    first = iam.create_access_key(UserName="dev")["AccessKey"]
    second = iam.create_access_key(UserName="dev")["AccessKey"]
    iam.update_access_key(UserName="dev", AccessKeyId=second["AccessKeyId"], Status="Inactive")
    session = boto3.Session(
        aws_access_key_id=first["AccessKeyId"], aws_secret_access_key=first["SecretAccessKey"]
    )
    session.client("sqs", region_name="eu-west-1").list_queues()
    used = iam.get_access_key_last_used(AccessKeyId=first["AccessKeyId"])["AccessKeyLastUsed"]
    session.client("s3", region_name="eu-west-1").list_buckets()
    _, dev = generated_report(iam)
    changed = profile["CreateDate"]
    assert (dev["password_enabled"], dev["password_last_used"]) == ("true", "no_information")
    assert dev["password_last_changed"] == changed.isoformat()
    assert dev["password_next_rotation"] == (changed + dt.timedelta(days=30)).isoformat()
    assert (dev["access_key_1_active"], dev["access_key_1_last_rotated"]) == (
        "true",
        first["CreateDate"].isoformat(),
    )
    # The key's latest use was S3's, which the report shows without a region.
    assert (dev["access_key_1_last_used_service"], dev["access_key_1_last_used_region"]) == (
        "s3",
        "N/A",
    )
    last_used = dt.datetime.fromisoformat(dev["access_key_1_last_used_date"])
    assert last_used >= used["LastUsedDate"].replace(microsecond=0)
    assert (dev["access_key_2_active"], dev["access_key_2_last_rotated"]) == ("false", "N/A")
    assert dev["access_key_2_last_used_date"] == "N/A"
