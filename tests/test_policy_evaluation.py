"""The policy evaluator on its own: statements, wildcards, variables, every
condition operator family, and AWS's decision order."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hookmock._policy import PolicySet, RequestContext, evaluate, parse_policy
from hookmock._policy.context import Caller
from hookmock._policy.document import Policy

ALICE = Caller("arn:aws:iam::111111111111:user/alice", "111111111111", "user", "AIDAALICE", "alice")
SESSION = Caller(
    "arn:aws:sts::111111111111:assumed-role/R/s",
    "111111111111",
    "assumed-role",
    "AROAR:s",
    "R",
    role_arn="arn:aws:iam::111111111111:role/R",
)
ROOT = Caller("arn:aws:iam::111111111111:root", "111111111111", "root", "111111111111")
OTHER = Caller("arn:aws:iam::222222222222:user/bob", "222222222222", "user", "AIDABOB", "bob")


def policy(*statements: dict[str, Any], kind: str = "user") -> Policy:
    return parse_policy(
        json.dumps({"Version": "2012-10-17", "Statement": list(statements)}), "p", kind
    )


def allow(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def request(
    action: str = "s3:GetObject",
    resource: str = "arn:aws:s3:::b/k",
    caller: Caller = ALICE,
    owner: str = "",
    **keys: Any,
) -> RequestContext:
    values = {
        k.replace("__", ":").replace("_", "/").lower(): tuple(v) if isinstance(v, list) else (v,)
        for k, v in keys.items()
    }
    values.setdefault("aws:username", (caller.name,))
    return RequestContext(action, resource, caller, owner, values)


def verdict(policies: PolicySet, context: RequestContext) -> str:
    return evaluate(policies, context).verdict


def test_no_policy_is_an_implicit_deny() -> None:
    decision = evaluate(PolicySet(), request())
    assert (decision.verdict, decision.source) == ("implicitDeny", "identity-based policy")


def test_allow_and_explicit_deny_wins() -> None:
    allowed = PolicySet([policy(allow("s3:Get*", "arn:aws:s3:::b/*"))])
    assert verdict(allowed, request()) == "allowed"
    both = PolicySet([policy(allow(), deny("s3:GetObject", "arn:aws:s3:::b/k"))])
    decision = evaluate(both, request())
    assert (decision.verdict, decision.source) == ("explicitDeny", "identity-based policy")
    assert [s.effect for _, s in decision.matched] == ["Deny"]


def test_actions_match_case_insensitively_resources_do_not() -> None:
    policies = PolicySet([policy(allow("S3:getobject", "arn:aws:s3:::B/*"))])
    assert verdict(policies, request()) == "implicitDeny"
    policies = PolicySet([policy(allow("S3:getobject", "arn:aws:s3:::b/?"))])
    assert verdict(policies, request()) == "allowed"
    assert verdict(policies, request(resource="arn:aws:s3:::b/kk")) == "implicitDeny"


def test_not_action_and_not_resource() -> None:
    policies = PolicySet([policy({"Effect": "Allow", "NotAction": "s3:Delete*", "Resource": "*"})])
    assert verdict(policies, request()) == "allowed"
    assert verdict(policies, request("s3:DeleteObject")) == "implicitDeny"
    policies = PolicySet(
        [policy({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})]
    )
    assert verdict(policies, request()) == "allowed"
    assert verdict(policies, request(resource="arn:aws:s3:::secret/x")) == "implicitDeny"


def test_arn_parts_match_one_by_one() -> None:
    policies = PolicySet([policy(allow("sqs:*", "arn:aws:sqs:*:111111111111:q*"))])
    queue = "arn:aws:sqs:eu-west-1:111111111111:queue1"
    assert verdict(policies, request("sqs:SendMessage", queue)) == "allowed"
    other = "arn:aws:sqs:eu-west-1:222222222222:queue1"
    assert verdict(policies, request("sqs:SendMessage", other)) == "implicitDeny"


def test_policy_variables_in_resources() -> None:
    policies = PolicySet([policy(allow("s3:*", "arn:aws:s3:::b/${aws:username}/*"))])
    assert verdict(policies, request(resource="arn:aws:s3:::b/alice/x")) == "allowed"
    assert verdict(policies, request(resource="arn:aws:s3:::b/bob/x")) == "implicitDeny"


def test_variable_escapes_are_literal_characters() -> None:
    policies = PolicySet([policy(allow("s3:*", "arn:aws:s3:::b/${*}${?}${$}"))])
    assert verdict(policies, request(resource="arn:aws:s3:::b/*?$")) == "allowed"
    assert verdict(policies, request(resource="arn:aws:s3:::b/xy$")) == "implicitDeny"


def test_missing_variable_matches_nothing_unless_defaulted() -> None:
    policies = PolicySet([policy(allow("s3:*", "arn:aws:s3:::b/${aws:PrincipalTag/team}/*"))])
    assert verdict(policies, request(resource="arn:aws:s3:::b//x")) == "implicitDeny"
    tagged = request(resource="arn:aws:s3:::b/red/x", aws__PrincipalTag_team="red")
    assert verdict(policies, tagged) == "allowed"
    defaulted = PolicySet(
        [policy(allow("s3:*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*"))]
    )
    assert verdict(defaulted, request(resource="arn:aws:s3:::b/none/x")) == "allowed"


def conditioned(condition: dict[str, Any]) -> PolicySet:
    return PolicySet([policy(allow(Condition=condition))])


@pytest.mark.parametrize(
    ("condition", "keys", "expected"),
    [
        ({"StringEquals": {"s3:prefix": ["a", "b"]}}, {"s3__prefix": "b"}, True),
        ({"StringEquals": {"s3:prefix": "a"}}, {"s3__prefix": "A"}, False),
        ({"StringEqualsIgnoreCase": {"s3:prefix": "a"}}, {"s3__prefix": "A"}, True),
        ({"StringNotEquals": {"s3:prefix": ["a", "b"]}}, {"s3__prefix": "b"}, False),
        ({"StringNotEquals": {"s3:prefix": "a"}}, {}, True),
        ({"StringLike": {"s3:prefix": "home/*"}}, {"s3__prefix": "home/x"}, True),
        ({"StringNotLike": {"s3:prefix": "home/*"}}, {"s3__prefix": "home/x"}, False),
        ({"StringEquals": {"s3:prefix": "${aws:username}"}}, {"s3__prefix": "alice"}, True),
        ({"NumericLessThan": {"s3:max-keys": "10"}}, {"s3__max-keys": "9"}, True),
        ({"NumericLessThanEquals": {"s3:max-keys": "10"}}, {"s3__max-keys": "11"}, False),
        ({"NumericGreaterThan": {"s3:max-keys": 10}}, {"s3__max-keys": "11"}, True),
        ({"NumericEquals": {"s3:max-keys": "10"}}, {"s3__max-keys": "ten"}, False),
        ({"NumericNotEquals": {"s3:max-keys": "10"}}, {"s3__max-keys": "3"}, True),
        (
            {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
            {"aws__CurrentTime": "2021-06-01T00:00:00Z"},
            True,
        ),
        (
            {"DateLessThan": {"aws:CurrentTime": "2020-01-01"}},
            {"aws__CurrentTime": "2021-06-01T00:00:00Z"},
            False,
        ),
        (
            {"DateLessThanEquals": {"aws:EpochTime": "1600000000"}},
            {"aws__EpochTime": "1600000000"},
            True,
        ),
        (
            {"DateNotEquals": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
            {"aws__CurrentTime": "2020-01-01T00:00:00Z"},
            False,
        ),
        ({"Bool": {"aws:SecureTransport": "true"}}, {"aws__SecureTransport": "true"}, True),
        ({"Bool": {"aws:SecureTransport": False}}, {"aws__SecureTransport": "true"}, False),
        ({"BinaryEquals": {"k:b": "QmluYXJ5"}}, {"k__b": "QmluYXJ5"}, True),
        ({"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}, {"aws__SourceIp": "203.0.113.7"}, True),
        (
            {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
            {"aws__SourceIp": "198.51.100.1"},
            False,
        ),
        (
            {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
            {"aws__SourceIp": "198.51.100.1"},
            True,
        ),
        ({"IpAddress": {"aws:SourceIp": "2001:db8::/32"}}, {"aws__SourceIp": "2001:db8::1"}, True),
        (
            {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111111111111:*"}},
            {"aws__SourceArn": "arn:aws:sns:us-east-1:111111111111:t"},
            True,
        ),
        (
            {"ArnEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:111111111111:t"}},
            {"aws__SourceArn": "arn:aws:sns:us-east-1:111111111111:u"},
            False,
        ),
        (
            {"ArnNotLike": {"aws:SourceArn": "arn:aws:sns:*:*:t"}},
            {"aws__SourceArn": "arn:aws:sns:us-east-1:1:u"},
            True,
        ),
        ({"Null": {"aws:TokenIssueTime": "true"}}, {}, True),
        ({"Null": {"aws:TokenIssueTime": "false"}}, {}, False),
        ({"StringEqualsIfExists": {"s3:prefix": "a"}}, {}, True),
        ({"StringEqualsIfExists": {"s3:prefix": "a"}}, {"s3__prefix": "b"}, False),
        ({"StringEquals": {"s3:prefix": "a"}}, {}, False),
        (
            {"ForAnyValue:StringEquals": {"aws:TagKeys": ["a", "b"]}},
            {"aws__TagKeys": ["c", "b"]},
            True,
        ),
        ({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}}, {}, False),
        (
            {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}},
            {"aws__TagKeys": ["a", "c"]},
            False,
        ),
        (
            {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}},
            {"aws__TagKeys": ["a", "b"]},
            True,
        ),
        ({"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}, {}, True),
        ({"StringEquals": {"s3:prefix": "a", "s3:delimiter": "/"}}, {"s3__prefix": "a"}, False),
        (
            {"StringEquals": {"s3:prefix": "a"}, "StringLike": {"s3:delimiter": "*"}},
            {"s3__prefix": "a", "s3__delimiter": "/"},
            True,
        ),
        ({"NoSuchOperator": {"s3:prefix": "a"}}, {"s3__prefix": "a"}, False),
    ],
)
def test_condition_operators(
    condition: dict[str, Any], keys: dict[str, Any], expected: bool
) -> None:
    context = request(**keys)
    assert evaluate(conditioned(condition), context).allowed is expected


def test_missing_context_values_are_reported() -> None:
    decision = evaluate(conditioned({"StringEquals": {"s3:prefix": "a"}}), request())
    assert decision.missing == ("s3:prefix",)


def test_permissions_boundary_caps_identity_policies() -> None:
    identity = [policy(allow())]
    boundary = policy(allow("s3:*"))
    assert verdict(PolicySet(identity, boundary=boundary), request()) == "allowed"
    decision = evaluate(PolicySet(identity, boundary=boundary), request("sqs:SendMessage"))
    assert (decision.verdict, decision.source) == ("implicitDeny", "permissions boundary")
    denying = policy(allow(), deny("s3:GetObject"))
    decision = evaluate(PolicySet(identity, boundary=denying), request())
    assert (decision.verdict, decision.source) == ("explicitDeny", "permissions boundary")


def test_session_policies_cap_a_session() -> None:
    identity = [policy(allow(), kind="role")]
    sessions = [policy(allow("s3:GetObject"))]
    assert verdict(PolicySet(identity, session=sessions), request(caller=SESSION)) == "allowed"
    decision = evaluate(
        PolicySet(identity, session=sessions), request("s3:PutObject", caller=SESSION)
    )
    assert (decision.verdict, decision.source) == ("implicitDeny", "session policy")
    decision = evaluate(PolicySet(identity, session=[]), request(caller=SESSION))
    assert decision.source == "session policy"


def resource_policy(*statements: dict[str, Any]) -> Policy:
    return policy(*statements, kind="resource")


def test_same_account_resource_policy_naming_the_user_allows_alone() -> None:
    rp = resource_policy(allow(Principal={"AWS": ALICE.arn}))
    boundary = policy(allow("sqs:*"))
    assert verdict(PolicySet(resource=rp, boundary=boundary), request()) == "allowed"


def test_resource_policy_naming_the_account_delegates_to_iam() -> None:
    rp = resource_policy(allow(Principal={"AWS": "111111111111"}))
    decision = evaluate(PolicySet(resource=rp), request())
    assert decision.source == "identity-based policy"
    assert verdict(PolicySet(resource=rp), request(caller=ROOT)) == "allowed"


def test_resource_policy_naming_a_role_is_capped_by_session_policies() -> None:
    rp = resource_policy(allow(Principal={"AWS": SESSION.role_arn}))
    assert verdict(PolicySet(resource=rp), request(caller=SESSION)) == "allowed"
    capped = PolicySet(resource=rp, session=[policy(allow("sqs:*"))])
    assert verdict(capped, request(caller=SESSION)) == "implicitDeny"
    by_session = resource_policy(allow(Principal={"AWS": SESSION.arn}))
    assert verdict(PolicySet(resource=by_session, session=[]), request(caller=SESSION)) == "allowed"


def test_cross_account_needs_both_sides() -> None:
    identity = [policy(allow())]
    rp = resource_policy(allow(Principal={"AWS": "arn:aws:iam::222222222222:root"}))
    context = request(caller=OTHER, owner="111111111111")
    assert verdict(PolicySet(identity, rp), context) == "allowed"
    decision = evaluate(PolicySet(identity), context)
    assert (decision.verdict, decision.source) == ("implicitDeny", "resource-based policy")
    decision = evaluate(PolicySet([], rp), context)
    assert decision.source == "identity-based policy"


def test_explicit_deny_in_a_resource_policy_stops_even_root() -> None:
    rp = resource_policy(deny(Principal="*"))
    decision = evaluate(PolicySet(resource=rp), request(caller=ROOT))
    assert (decision.verdict, decision.source) == ("explicitDeny", "resource-based policy")


def test_not_principal_applies_to_everyone_else() -> None:
    rp = resource_policy(
        {"Effect": "Deny", "NotPrincipal": {"AWS": ALICE.arn}, "Action": "*", "Resource": "*"}
    )
    identity = [policy(allow())]
    assert verdict(PolicySet(identity, rp), request()) == "allowed"
    bob = Caller("arn:aws:iam::111111111111:user/bob", "111111111111", "user", "AIDABOB", "bob")
    assert verdict(PolicySet(identity, rp), request(caller=bob)) == "explicitDeny"


def test_service_principals() -> None:
    sns = Caller("sns.amazonaws.com", "", "service", service="sns.amazonaws.com")
    rp = resource_policy(allow(Principal={"Service": "sns.amazonaws.com"}))
    context = request("sqs:SendMessage", caller=sns, owner="111111111111")
    assert verdict(PolicySet(resource=rp), context) == "allowed"
    assert verdict(PolicySet(), context) == "implicitDeny"


def test_statement_positions_are_found() -> None:
    text = (
        '{\n  "Statement": [\n'
        '    {"Effect": "Allow", "Action": "*", "Resource": "*"},\n'
        '    {"Effect": "Deny", "Action": "a:b", "Resource": "*"}\n  ]\n}'
    )
    statements = parse_policy(text).statements
    assert [(s.start, s.end) for s in statements] == [((3, 5), (3, 56)), ((4, 5), (4, 57))]
