"""Policy documents are checked as IAM checks them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from helpers import error_of

ACCOUNT = "123456789012"


def statement(**fields: Any) -> str:
    body = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", **fields}
    body = {k: v for k, v in body.items() if v is not None}
    return json.dumps({"Version": "2012-10-17", "Statement": [body]})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "Syntax errors in policy."),
        ("[]", "Syntax errors in policy."),
        ('{"Version": "2012-10-17"}', "Syntax errors in policy."),
        ('{"Version": "2012-10-17", "Statement": [], "Extra": 1}', "Syntax errors in policy."),
        (
            json.dumps({"Version": "2020-01-01", "Statement": []}),
            "The policy failed legacy parsing",
        ),
        (statement(Effect="allow"), "The policy failed legacy parsing"),
        (statement(Effect=None), "The policy failed legacy parsing"),
        (statement(Action=None), "Policy statement must contain actions."),
        (statement(Resource=None), "Policy statement must contain resources."),
        (statement(Principal={"AWS": ACCOUNT}), "Has prohibited field Principal"),
        (statement(Action="s3:Get:Object"), "Actions/Condition can contain only one colon."),
        (
            statement(Action="GetObject"),
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        ),
        (statement(Resource="bucket"), 'Resource bucket must be in ARN format or "*".'),
        (statement(Action=1), "Syntax errors in policy."),
        (statement(Condition="x"), "Syntax errors in policy."),
        (statement(NotAction="s3:*"), "Syntax errors in policy."),
    ],
)
def test_malformed_identity_policies(iam: Any, text: str, message: str) -> None:
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException) as raised:
        iam.create_policy(PolicyName="p", PolicyDocument=text)
    assert error_of(raised) == ("MalformedPolicyDocument", message)
    iam.create_user(UserName="u")
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException):
        iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=text)
    assert iam.list_policies(Scope="Local")["Policies"] == []


@pytest.mark.parametrize(
    "text",
    [
        statement(NotAction="iam:*", Action=None),
        statement(NotResource="arn:aws:s3:::b", Resource=None),
        statement(Action=["*"], Condition={"Bool": {"aws:SecureTransport": "true"}}),
        json.dumps({"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}),
        json.dumps({"Version": "2008-10-17", "Id": "x", "Statement": []})[:-3]
        + '[{"Sid": "a", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]}',
    ],
)
def test_valid_identity_policies(iam: Any, text: str) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=text)["Policy"]["Arn"]
    version = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
    assert version["Document"] == json.loads(text)


@pytest.mark.parametrize(
    ("statement_fields", "message"),
    [
        ({"Effect": "Allow", "Action": "sts:AssumeRole"}, "Missing required field Principal"),
        (
            {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"},
            "Has prohibited field Resource",
        ),
        (
            {"Effect": "Allow", "Principal": {"Nobody": "x"}, "Action": "sts:AssumeRole"},
            "Syntax errors in policy.",
        ),
        (
            {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}},
            "Policy statement must contain actions.",
        ),
    ],
)
def test_malformed_trust_policies(iam: Any, statement_fields: Any, message: str) -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement_fields]})
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException) as raised:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=text)
    assert error_of(raised) == ("MalformedPolicyDocument", message)
    assert iam.list_roles()["Roles"] == []


def test_managed_policy_size_counts_non_white_space(iam: Any) -> None:
    def sized(length: int, spaces: int = 0) -> str:
        def compact(action: str) -> str:
            body = {"Effect": "Allow", "Action": action, "Resource": "*"}
            return json.dumps({"Statement": [body]}, separators=(",", ":"))

        filler = "x" * (length - len(compact("s3:")))
        return compact("s3:" + filler).replace("{", "{" + " " * spaces, 1)

    iam.create_policy(PolicyName="fits", PolicyDocument=sized(6144, spaces=500))
    with pytest.raises(iam.exceptions.LimitExceededException) as raised:
        iam.create_policy(PolicyName="big", PolicyDocument=sized(6145))
    assert error_of(raised) == ("LimitExceeded", "Cannot exceed quota for PolicySize: 6144")


def test_trust_policy_size(iam: Any) -> None:
    principals = [f"arn:aws:iam::{ACCOUNT}:user/u{i:04}" for i in range(60)]
    text = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": {"Effect": "Allow", "Principal": {"AWS": principals}, "Action": "sts:*"},
        }
    )
    with pytest.raises(iam.exceptions.LimitExceededException) as raised:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=text)
    assert error_of(raised)[1] == "Cannot exceed quota for ACLSizePerRole: 2048"
