"""SimulatePrincipalPolicy and SimulateCustomPolicy: the access control evaluator
answering IAM's policy simulator."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from helpers import error_of

ACCOUNT = "123456789012"


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def decisions(answer: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"])
        for r in answer["EvaluationResults"]
    ]


def test_custom_policy_allowed_implicit_and_explicit_deny(iam: Any) -> None:
    policy = document(
        allow("s3:*"), {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
    )
    answer = iam.simulate_custom_policy(
        PolicyInputList=[policy],
        ActionNames=["s3:GetObject", "s3:DeleteObject", "sqs:SendMessage"],
    )
    assert decisions(answer) == [
        ("s3:GetObject", "*", "allowed"),
        ("s3:DeleteObject", "*", "explicitDeny"),
        ("sqs:SendMessage", "*", "implicitDeny"),
    ]
    matched = answer["EvaluationResults"][1]["MatchedStatements"]
    start = policy.index('{"Effect": "Deny"')
    assert matched == [
        {
            "SourcePolicyId": "PolicyInputList.1",
            "SourcePolicyType": "none",
            "StartPosition": {"Line": 1, "Column": start + 1},
            "EndPosition": {"Line": 1, "Column": policy.index("}", start) + 2},
        }
    ]
    assert answer["IsTruncated"] is False


def test_custom_policy_resources_and_context_entries(iam: Any) -> None:
    policy = document(
        allow(
            "s3:ListBucket",
            "arn:aws:s3:::b",
            Condition={"StringLike": {"s3:prefix": "home/*"}},
        )
    )
    common = {"PolicyInputList": [policy], "ActionNames": ["s3:ListBucket"]}
    answer = iam.simulate_custom_policy(ResourceArns=["arn:aws:s3:::b", "arn:aws:s3:::c"], **common)
    assert decisions(answer) == [
        ("s3:ListBucket", "arn:aws:s3:::b", "implicitDeny"),
        ("s3:ListBucket", "arn:aws:s3:::c", "implicitDeny"),
    ]
    assert answer["EvaluationResults"][0]["MissingContextValues"] == ["s3:prefix"]
    answer = iam.simulate_custom_policy(
        ResourceArns=["arn:aws:s3:::b"],
        ContextEntries=[
            {
                "ContextKeyName": "s3:prefix",
                "ContextKeyValues": ["home/x"],
                "ContextKeyType": "string",
            }
        ],
        **common,
    )
    assert decisions(answer) == [("s3:ListBucket", "arn:aws:s3:::b", "allowed")]
    specific = answer["EvaluationResults"][0]["ResourceSpecificResults"]
    assert [(r["EvalResourceName"], r["EvalResourceDecision"]) for r in specific] == [
        ("arn:aws:s3:::b", "allowed")
    ]


def test_custom_policy_with_ip_and_date_conditions(iam: Any) -> None:
    policy = document(
        allow(
            "ec2:*",
            Condition={
                "IpAddress": {"aws:SourceIp": "203.0.113.0/24"},
                "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"},
            },
        )
    )

    def simulate(ip: str, when: str) -> str:
        answer = iam.simulate_custom_policy(
            PolicyInputList=[policy],
            ActionNames=["ec2:RunInstances"],
            ContextEntries=[
                {
                    "ContextKeyName": "aws:SourceIp",
                    "ContextKeyValues": [ip],
                    "ContextKeyType": "ip",
                },
                {
                    "ContextKeyName": "aws:CurrentTime",
                    "ContextKeyValues": [when],
                    "ContextKeyType": "date",
                },
            ],
        )
        return str(answer["EvaluationResults"][0]["EvalDecision"])

    assert simulate("203.0.113.9", "2025-01-01T00:00:00Z") == "allowed"
    assert simulate("198.51.100.9", "2025-01-01T00:00:00Z") == "implicitDeny"
    assert simulate("203.0.113.9", "2031-01-01T00:00:00Z") == "implicitDeny"


def test_custom_policy_with_boundary_and_resource_policy(iam: Any) -> None:
    iam.create_user(UserName="alice")
    answer = iam.simulate_custom_policy(
        PolicyInputList=[document(allow())],
        PermissionsBoundaryPolicyInputList=[document(allow("s3:*"))],
        ActionNames=["s3:GetObject", "sqs:SendMessage"],
    )
    assert decisions(answer) == [
        ("s3:GetObject", "*", "allowed"),
        ("sqs:SendMessage", "*", "implicitDeny"),
    ]
    assert answer["EvaluationResults"][1]["PermissionsBoundaryDecisionDetail"] == {
        "AllowedByPermissionsBoundary": False
    }
    resource_policy = document(
        allow(
            "s3:GetObject",
            "arn:aws:s3:::b/*",
            Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"},
        )
    )
    answer = iam.simulate_custom_policy(
        PolicyInputList=[document(allow("sqs:*"))],
        ActionNames=["s3:GetObject"],
        ResourceArns=["arn:aws:s3:::b/k"],
        ResourcePolicy=resource_policy,
        CallerArn=f"arn:aws:iam::{ACCOUNT}:user/alice",
    )
    assert decisions(answer) == [("s3:GetObject", "arn:aws:s3:::b/k", "allowed")]
    assert answer["EvaluationResults"][0]["MatchedStatements"][0]["SourcePolicyType"] == "resource"


def test_principal_policy_reads_the_users_groups_and_managed_policies(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.put_user_policy(
        UserName="alice", PolicyName="own", PolicyDocument=document(allow("s3:GetObject"))
    )
    iam.create_group(GroupName="g")
    iam.add_user_to_group(GroupName="g", UserName="alice")
    iam.put_group_policy(GroupName="g", PolicyName="grp", PolicyDocument=document(allow("sqs:*")))
    arn = iam.create_policy(
        PolicyName="m", PolicyDocument=document(allow("s3:*", "arn:aws:s3:::${aws:username}/*"))
    )["Policy"]["Arn"]
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    source = f"arn:aws:iam::{ACCOUNT}:user/alice"
    answer = iam.simulate_principal_policy(
        PolicySourceArn=source,
        ActionNames=["s3:GetObject", "sqs:SendMessage", "sns:Publish", "s3:PutObject"],
        ResourceArns=["arn:aws:s3:::alice/k"],
    )
    assert [r["EvalDecision"] for r in answer["EvaluationResults"]] == [
        "allowed",
        "allowed",
        "implicitDeny",
        "allowed",
    ]
    sources = {
        s["SourcePolicyId"]: s["SourcePolicyType"]
        for r in answer["EvaluationResults"]
        for s in r["MatchedStatements"]
    }
    assert sources == {"own": "user", "grp": "group", "m": "user-managed"}


def test_principal_policy_of_a_role_with_a_boundary(iam: Any) -> None:
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}
            ],
        }
    )
    boundary = iam.create_policy(PolicyName="b", PolicyDocument=document(allow("s3:*")))["Policy"][
        "Arn"
    ]
    role = iam.create_role(
        RoleName="r", AssumeRolePolicyDocument=trust, PermissionsBoundary=boundary
    )
    iam.put_role_policy(RoleName="r", PolicyName="all", PolicyDocument=document(allow()))
    answer = iam.simulate_principal_policy(
        PolicySourceArn=role["Role"]["Arn"], ActionNames=["s3:GetObject", "iam:ListUsers"]
    )
    assert [r["EvalDecision"] for r in answer["EvaluationResults"]] == ["allowed", "implicitDeny"]


def test_simulation_pages(iam: Any) -> None:
    actions = [f"s3:Get{i}" for i in range(5)]
    paginator = iam.get_paginator("simulate_custom_policy")
    pages = list(
        paginator.paginate(
            PolicyInputList=[document(allow())],
            ActionNames=actions,
            PaginationConfig={"PageSize": 2},
        )
    )
    assert [len(p["EvaluationResults"]) for p in pages] == [2, 2, 1]
    assert [r["EvalActionName"] for p in pages for r in p["EvaluationResults"]] == actions


def test_unknown_source_and_bad_documents(iam: Any) -> None:
    with pytest.raises(ClientError) as raised:
        iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/nobody", ActionNames=["s3:GetObject"]
        )
    assert error_of(raised)[0] == "NoSuchEntity"
    with pytest.raises(ClientError) as raised:
        iam.simulate_custom_policy(PolicyInputList=["{not json"], ActionNames=["s3:GetObject"])
    assert error_of(raised)[0] == "MalformedPolicyDocument"
    with pytest.raises(ParamValidationError):
        iam.simulate_custom_policy(PolicyInputList=[document(allow())])
