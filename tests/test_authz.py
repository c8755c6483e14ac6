"""Access control through real boto3 clients: authentication, each evaluation
rule, the services' denial errors, and how it is turned on."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import hookmock
from hookmock._world import Principal, Session

from helpers import current_world, error_of

ACCOUNT = "123456789012"
OTHER = "222222222222"


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def client(service: str, key: dict[str, str], region: str = "us-east-1") -> Any:
    return boto3.client(
        service,
        region_name=region,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def user_with_key(iam: Any, name: str, *statements: dict[str, Any]) -> dict[str, str]:
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=document(*statements))
    key: dict[str, str] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def denial(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["ResponseMetadata"]["HTTPStatusCode"],
        response["Error"]["Message"],
    )


@pytest.fixture
def admin() -> Iterator[Any]:
    """Access control on; clients signed with the default (root) key."""
    with hookmock.aws(iam=True):
        yield boto3.client("iam", region_name="us-east-1")


@pytest.fixture
def bucket(admin: Any) -> str:
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="bkt")
    s3.put_object(Bucket="bkt", Key="k", Body=b"x")
    s3.put_object(Bucket="bkt", Key="alice/a", Body=b"a")
    return "bkt"


ALICE = f"arn:aws:iam::{ACCOUNT}:user/alice"


# --- turning it on ---------------------------------------------------------------------


def test_off_by_default_users_without_policies_may_do_anything() -> None:
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        key = user_with_key(iam, "alice")
        client("iam", key).list_users()


def test_root_default_identity_stays_allowed(bucket: str) -> None:
    s3 = boto3.client("s3", region_name="us-east-1")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"


def test_activate_with_iam_turns_it_on() -> None:
    session = boto3.Session(region_name="us-east-1")
    with hookmock.activate(session, iam=True):
        iam = session.client("iam")
        key = user_with_key(iam, "alice")
        limited = session.client(
            "iam",
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )
        with pytest.raises(ClientError) as raised:
            limited.list_users()
        assert denial(raised)[0] == "AccessDenied"


def test_first_n_calls_are_unchecked_with_the_decorator() -> None:
    @hookmock.set_initial_no_auth_action_count(2)
    @hookmock.aws
    def run() -> None:
        iam = boto3.client("iam", region_name="us-east-1")
        key = user_with_key(iam, "alice")  # two calls: unchecked
        with pytest.raises(ClientError) as raised:
            client("iam", key).list_users()
        assert denial(raised)[0] == "AccessDenied"

    run()


def test_first_n_calls_are_unchecked_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INITIAL_NO_AUTH_ACTION_COUNT", "3")
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        key = user_with_key(iam, "alice")
        alice = client("iam", key)
        alice.list_users()  # the third call: still unchecked
        with pytest.raises(ClientError):
            alice.list_users()


def test_the_counter_as_a_context_manager_inside_a_scope() -> None:
    with hookmock.aws():
        iam = boto3.client("iam", region_name="us-east-1")
        key = user_with_key(iam, "alice")
        with hookmock.set_initial_no_auth_action_count(0), pytest.raises(ClientError):
            client("iam", key).list_users()
        client("iam", key).list_users()  # off again after the block


# --- authentication -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "code", "status"),
    [
        ("s3", "InvalidAccessKeyId", 403),
        ("sqs", "InvalidClientTokenId", 403),
        ("sns", "InvalidClientTokenId", 403),
        ("iam", "InvalidClientTokenId", 403),
        ("sts", "InvalidClientTokenId", 403),
        ("dynamodb", "UnrecognizedClientException", 400),
    ],
)
def test_unknown_key_is_refused(admin: Any, service: str, code: str, status: int) -> None:
    stranger = client(service, {"AccessKeyId": "AKIAUNKNOWNUNKNOWN12", "SecretAccessKey": "x"})
    call = {
        "s3": lambda: stranger.list_buckets(),
        "sqs": lambda: stranger.list_queues(),
        "sns": lambda: stranger.list_topics(),
        "iam": lambda: stranger.list_users(),
        "sts": lambda: stranger.get_caller_identity(),
        "dynamodb": lambda: stranger.list_tables(),
    }[service]
    with pytest.raises(ClientError) as raised:
        call()
    assert denial(raised)[:2] == (code, status)


def test_inactive_key_is_refused_and_active_again_works(admin: Any) -> None:
    key = user_with_key(admin, "alice", allow("iam:ListUsers"))
    alice = client("iam", key)
    alice.list_users()
    admin.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    with pytest.raises(ClientError) as raised:
        alice.list_users()
    assert error_of(raised) == (
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
    )
    admin.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
    alice.list_users()


def test_deleted_key_is_refused(admin: Any) -> None:
    key = user_with_key(admin, "alice", allow("iam:ListUsers"))
    admin.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    with pytest.raises(ClientError) as raised:
        client("iam", key).list_users()
    assert error_of(raised)[0] == "InvalidClientTokenId"


@pytest.mark.parametrize(
    ("service", "code", "status"),
    [
        ("s3", "SignatureDoesNotMatch", 403),
        ("sqs", "SignatureDoesNotMatch", 403),
        ("iam", "SignatureDoesNotMatch", 403),
        ("dynamodb", "InvalidSignatureException", 400),
    ],
)
def test_wrong_secret_is_refused(admin: Any, service: str, code: str, status: int) -> None:
    key = user_with_key(admin, "alice", allow())
    forged = client(service, {**key, "SecretAccessKey": "not-the-secret"})
    call = {
        "s3": lambda: forged.list_buckets(),
        "sqs": lambda: forged.list_queues(),
        "iam": lambda: forged.list_users(),
        "dynamodb": lambda: forged.list_tables(),
    }[service]
    with pytest.raises(ClientError) as raised:
        call()
    assert denial(raised)[:2] == (code, status)


def test_get_caller_identity_needs_no_permission(admin: Any) -> None:
    key = user_with_key(admin, "alice", deny("sts:GetCallerIdentity"))
    assert client("sts", key).get_caller_identity()["Arn"] == ALICE


# --- identity policies and the S3 denial wording --------------------------------------------


def test_implicit_deny_wording(admin: Any, bucket: str) -> None:
    alice = client("s3", user_with_key(admin, "alice"))
    with pytest.raises(ClientError) as raised:
        alice.get_object(Bucket=bucket, Key="k")
    assert denial(raised) == (
        "AccessDenied",
        403,
        f"User: {ALICE} is not authorized to perform: s3:GetObject on resource: "
        f'"arn:aws:s3:::{bucket}/k" because no identity-based policy allows the '
        "s3:GetObject action",
    )


def test_allow_and_explicit_deny(admin: Any, bucket: str) -> None:
    key = user_with_key(admin, "alice", allow("s3:*"), deny("s3:GetObject", "arn:aws:s3:::bkt/k"))
    alice = client("s3", key)
    assert alice.get_object(Bucket=bucket, Key="alice/a")["Body"].read() == b"a"
    with pytest.raises(ClientError) as raised:
        alice.get_object(Bucket=bucket, Key="k")
    assert denial(raised)[2] == (
        f"User: {ALICE} is not authorized to perform: s3:GetObject on resource: "
        f'"arn:aws:s3:::{bucket}/k" with an explicit deny in an identity-based policy'
    )


def test_operations_map_to_their_iam_actions(admin: Any, bucket: str) -> None:
    key = user_with_key(
        admin,
        "alice",
        allow("s3:GetObject", "arn:aws:s3:::bkt/*"),
        allow("s3:ListBucket", "arn:aws:s3:::bkt"),
    )
    alice = client("s3", key)
    alice.head_object(Bucket=bucket, Key="k")
    alice.list_objects_v2(Bucket=bucket)
    alice.head_bucket(Bucket=bucket)
    with pytest.raises(ClientError) as raised:
        alice.list_object_versions(Bucket=bucket)
    assert 's3:ListBucketVersions on resource: "arn:aws:s3:::bkt"' in denial(raised)[2]
    with pytest.raises(ClientError) as raised:
        alice.get_object(Bucket=bucket, Key="k", VersionId="null")
    assert "s3:GetObjectVersion" in denial(raised)[2]


def test_group_and_managed_policies_count(admin: Any, bucket: str) -> None:
    key = user_with_key(admin, "alice")
    admin.create_group(GroupName="readers")
    admin.add_user_to_group(GroupName="readers", UserName="alice")
    admin.put_group_policy(
        GroupName="readers", PolicyName="g", PolicyDocument=document(allow("s3:GetObject"))
    )
    arn = admin.create_policy(PolicyName="list", PolicyDocument=document(allow("s3:ListBucket")))[
        "Policy"
    ]["Arn"]
    admin.attach_user_policy(UserName="alice", PolicyArn=arn)
    alice = client("s3", key)
    alice.get_object(Bucket=bucket, Key="k")
    alice.list_objects(Bucket=bucket)
    admin.detach_user_policy(UserName="alice", PolicyArn=arn)
    with pytest.raises(ClientError):
        alice.list_objects(Bucket=bucket)


def test_not_action_and_not_resource(admin: Any, bucket: str) -> None:
    key = user_with_key(
        admin,
        "alice",
        {"Effect": "Allow", "NotAction": "s3:PutObject", "NotResource": "arn:aws:s3:::bkt/k"},
    )
    alice = client("s3", key)
    alice.get_object(Bucket=bucket, Key="alice/a")
    with pytest.raises(ClientError):
        alice.get_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError):
        alice.put_object(Bucket=bucket, Key="alice/b", Body=b"")


def test_policy_variables(admin: Any, bucket: str) -> None:
    key = user_with_key(admin, "alice", allow("s3:*", "arn:aws:s3:::bkt/${aws:username}/*"))
    alice = client("s3", key)
    alice.get_object(Bucket=bucket, Key="alice/a")
    with pytest.raises(ClientError):
        alice.get_object(Bucket=bucket, Key="k")


def test_conditions_on_service_keys(admin: Any, bucket: str) -> None:
    key = user_with_key(
        admin,
        "alice",
        allow(
            "s3:ListBucket",
            "arn:aws:s3:::bkt",
            Condition={"StringLike": {"s3:prefix": ["${aws:username}/*"]}},
        ),
    )
    alice = client("s3", key)
    alice.list_objects_v2(Bucket=bucket, Prefix="alice/")
    with pytest.raises(ClientError):
        alice.list_objects_v2(Bucket=bucket, Prefix="bob/")
    with pytest.raises(ClientError):
        alice.list_objects_v2(Bucket=bucket)


def test_current_time_follows_the_world_clock(admin: Any) -> None:
    until = (current_world().clock.now() + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    key = user_with_key(
        admin,
        "alice",
        allow("iam:ListUsers", Condition={"DateLessThan": {"aws:CurrentTime": until}}),
    )
    alice = client("iam", key)
    alice.list_users()
    hookmock.clock().advance(7200)
    with pytest.raises(ClientError):
        alice.list_users()


def test_principal_request_and_resource_tags(admin: Any) -> None:
    admin.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "red"}])
    admin.put_user_policy(
        UserName="alice",
        PolicyName="p",
        PolicyDocument=document(
            allow(
                "dynamodb:*",
                Condition={"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}},
            ),
            allow(
                "dynamodb:CreateTable",
                Condition={
                    "StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}"},
                    "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]},
                },
            ),
        ),
    )
    key = admin.create_access_key(UserName="alice")["AccessKey"]
    ddb = client("dynamodb", key)
    table = {
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST",
    }
    ddb.create_table(TableName="red", Tags=[{"Key": "team", "Value": "red"}], **table)
    ddb.put_item(TableName="red", Item={"pk": {"S": "1"}})
    with pytest.raises(ClientError) as raised:
        ddb.create_table(TableName="blue", Tags=[{"Key": "team", "Value": "blue"}], **table)
    code, status, message = denial(raised)
    assert (code, status) == ("AccessDeniedException", 400)
    assert message == (
        f"User: {ALICE} is not authorized to perform: dynamodb:CreateTable on resource: "
        f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/blue because no identity-based policy "
        "allows the dynamodb:CreateTable action"
    )
    boto3.client("dynamodb", region_name="us-east-1").create_table(TableName="blue", **table)
    with pytest.raises(ClientError):
        ddb.get_item(TableName="blue", Key={"pk": {"S": "1"}})


# --- boundaries and sessions --------------------------------------------------------------------


def test_permissions_boundary(admin: Any, bucket: str) -> None:
    key = user_with_key(admin, "alice", allow())
    arn = admin.create_policy(PolicyName="b", PolicyDocument=document(allow("s3:Get*")))["Policy"][
        "Arn"
    ]
    admin.put_user_permissions_boundary(UserName="alice", PermissionsBoundary=arn)
    alice = client("s3", key)
    alice.get_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as raised:
        alice.put_object(Bucket=bucket, Key="n", Body=b"")
    assert denial(raised)[2].endswith(
        "because no permissions boundary allows the s3:PutObject action"
    )


def role_session(admin: Any, *session_policies: str) -> dict[str, str]:
    """A role session's key, registered as the STS backend registers one."""
    admin.create_role(
        RoleName="R",
        AssumeRolePolicyDocument=document(
            {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}
        ),
    )
    admin.put_role_policy(RoleName="R", PolicyName="all", PolicyDocument=document(allow()))
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/R"
    session = Session(
        source_arn=role_arn,
        name="s",
        expiration=current_world().clock.now() + dt.timedelta(hours=1),
        policies=session_policies,
    )
    principal = Principal(
        ACCOUNT,
        f"arn:aws:sts::{ACCOUNT}:assumed-role/R/s",
        "AROAEXAMPLEEXAMPLE:s",
        kind="assumed-role",
        name="R",
        session=session,
    )
    key = {"AccessKeyId": "ASIAEXAMPLEEXAMPLE12", "SecretAccessKey": "session-secret"}
    current_world().register_access_key(key["AccessKeyId"], principal, key["SecretAccessKey"])
    return key


def test_session_policy_caps_a_role_session(admin: Any, bucket: str) -> None:
    key = role_session(admin, document(allow("s3:GetObject")))
    s3 = client("s3", key)
    s3.get_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError) as raised:
        s3.delete_object(Bucket=bucket, Key="k")
    assert denial(raised)[2] == (
        f"User: arn:aws:sts::{ACCOUNT}:assumed-role/R/s is not authorized to perform: "
        f's3:DeleteObject on resource: "arn:aws:s3:::{bucket}/k" because no session policy '
        "allows the s3:DeleteObject action"
    )


def test_role_session_without_session_policy_has_the_role_permissions(
    admin: Any, bucket: str
) -> None:
    s3 = client("s3", role_session(admin))
    s3.delete_object(Bucket=bucket, Key="k")


# --- resource policies ------------------------------------------------------------------------


def test_bucket_policy_naming_the_user_allows_in_the_same_account(admin: Any, bucket: str) -> None:
    key = user_with_key(admin, "alice")
    boto3.client("s3", region_name="us-east-1").put_bucket_policy(
        Bucket=bucket,
        Policy=document(allow("s3:GetObject", "arn:aws:s3:::bkt/*", Principal={"AWS": ALICE})),
    )
    alice = client("s3", key)
    alice.get_object(Bucket=bucket, Key="k")
    with pytest.raises(ClientError):
        alice.list_objects(Bucket=bucket)


def test_bucket_policy_explicit_deny(admin: Any, bucket: str) -> None:
    key = user_with_key(admin, "alice", allow())
    boto3.client("s3", region_name="us-east-1").put_bucket_policy(
        Bucket=bucket,
        Policy=document(deny("s3:GetObject", "arn:aws:s3:::bkt/k", Principal="*")),
    )
    with pytest.raises(ClientError) as raised:
        client("s3", key).get_object(Bucket=bucket, Key="k")
    assert denial(raised)[2].endswith("with an explicit deny in a resource-based policy")


def other_account_user(world: Any, name: str, *statements: dict[str, Any]) -> dict[str, str]:
    """A user of account 222222222222, made with that account's root key."""
    root = {"AccessKeyId": "AKIAOTHERROOTEXAMPLE", "SecretAccessKey": "root-secret"}
    world.register_access_key(root["AccessKeyId"], Principal.root(OTHER), root["SecretAccessKey"])
    return user_with_key(client("iam", root), name, *statements)


def test_cross_account_needs_the_resource_policy_and_an_identity_policy(
    admin: Any, bucket: str
) -> None:
    key = other_account_user(current_world(), "bob", allow("s3:GetObject"))
    bob = client("s3", key)
    with pytest.raises(ClientError) as raised:
        bob.get_object(Bucket=bucket, Key="k")
    assert denial(raised)[2].endswith(
        "because no resource-based policy allows the s3:GetObject action"
    )
    boto3.client("s3", region_name="us-east-1").put_bucket_policy(
        Bucket=bucket,
        Policy=document(allow("s3:GetObject", "arn:aws:s3:::bkt/*", Principal={"AWS": OTHER})),
    )
    assert bob.get_object(Bucket=bucket, Key="k")["Body"].read() == b"x"


def test_cross_account_queue_policy_with_a_condition(admin: Any) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:q"
    key = other_account_user(current_world(), "bob", allow("sqs:SendMessage"))
    bob = client("sqs", key)
    with pytest.raises(ClientError) as raised:
        bob.send_message(QueueUrl=url, MessageBody="m")
    assert denial(raised)[:2] == ("AccessDenied", 403)
    policy = document(
        allow(
            "sqs:SendMessage",
            arn,
            Principal={"AWS": f"arn:aws:iam::{OTHER}:user/bob"},
            Condition={"StringEquals": {"aws:PrincipalAccount": OTHER}},
        )
    )
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    bob.send_message(QueueUrl=url, MessageBody="m")


def test_not_principal_in_a_queue_policy(admin: Any) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    alice = client("sqs", user_with_key(admin, "alice", allow("sqs:*")))
    carol = client("sqs", user_with_key(admin, "carol", allow("sqs:*")))
    policy = document(
        {
            "Effect": "Deny",
            "NotPrincipal": {"AWS": ALICE},
            "Action": "sqs:SendMessage",
            "Resource": "*",
        }
    )
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    alice.send_message(QueueUrl=url, MessageBody="m")
    with pytest.raises(ClientError) as raised:
        carol.send_message(QueueUrl=url, MessageBody="m")
    assert denial(raised)[2].endswith("with an explicit deny in a resource-based policy")


# --- each service's denial ------------------------------------------------------------------------


def test_sns_denial_is_an_authorization_error(admin: Any) -> None:
    arn = boto3.client("sns", region_name="us-east-1").create_topic(Name="t")["TopicArn"]
    sns = client("sns", user_with_key(admin, "alice"))
    with pytest.raises(ClientError) as raised:
        sns.publish(TopicArn=arn, Message="m")
    assert denial(raised) == (
        "AuthorizationError",
        403,
        f"User: {ALICE} is not authorized to perform: SNS:Publish on resource: {arn} "
        "because no identity-based policy allows the SNS:Publish action",
    )


def test_iam_denial_names_the_entity(admin: Any) -> None:
    admin.create_user(UserName="bob", Path="/staff/")
    iam = client("iam", user_with_key(admin, "alice", allow("iam:List*")))
    iam.list_users()
    with pytest.raises(ClientError) as raised:
        iam.get_user(UserName="bob")
    assert denial(raised) == (
        "AccessDenied",
        403,
        f"User: {ALICE} is not authorized to perform: iam:GetUser on resource: "
        f"arn:aws:iam::{ACCOUNT}:user/staff/bob because no identity-based policy allows the "
        "iam:GetUser action",
    )


def test_sqs_denial_wording(admin: Any) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    alice = client("sqs", user_with_key(admin, "alice"))
    with pytest.raises(ClientError) as raised:
        alice.send_message_batch(QueueUrl=url, Entries=[{"Id": "1", "MessageBody": "m"}])
    assert denial(raised) == (
        "AccessDenied",
        403,
        f"User: {ALICE} is not authorized to perform: sqs:SendMessage on resource: "
        f"arn:aws:sqs:us-east-1:{ACCOUNT}:q because no identity-based policy allows the "
        "sqs:SendMessage action",
    )


def test_check_trust_seam_for_assume_role(admin: Any) -> None:
    from hookmock._authz.trust import check_trust

    world = current_world()
    trust = document({"Effect": "Allow", "Principal": {"AWS": ALICE}, "Action": "sts:AssumeRole"})
    admin.create_user(UserName="alice")
    alice = Principal(ACCOUNT, ALICE, "AIDAALICE", kind="user", name="alice")
    role = f"arn:aws:iam::{ACCOUNT}:role/R"
    assert check_trust(world, alice, "aws", role, trust).allowed
    other_account_user(world, "bob")
    stranger = Principal(
        OTHER, f"arn:aws:iam::{OTHER}:user/bob", "AIDABOB", kind="user", name="bob"
    )
    open_to_other = document(
        {"Effect": "Allow", "Principal": {"AWS": OTHER}, "Action": "sts:AssumeRole"}
    )
    decision = check_trust(world, stranger, "aws", role, open_to_other)
    assert (decision.verdict, decision.source) == ("implicitDeny", "identity-based policy")
    client(
        "iam", {"AccessKeyId": "AKIAOTHERROOTEXAMPLE", "SecretAccessKey": "root-secret"}
    ).put_user_policy(
        UserName="bob", PolicyName="assume", PolicyDocument=document(allow("sts:AssumeRole"))
    )
    assert check_trust(world, stranger, "aws", role, open_to_other).allowed
