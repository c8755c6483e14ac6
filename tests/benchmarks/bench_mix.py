"""The op mix: the same calls answered by botocore's floor, by hookmock and by moto.

Each op runs three times over, on identical calls, interleaved in rounds:

- floor: a client answered by a ``before-call`` handler returning a canned,
  already-parsed response (what no event-based mock can beat);
- hookmock: a session activated with ``hookmock.activate``;
- moto: a plain session under moto's ``mock_aws`` (skipped when moto is not
  installed: it lives in the ``bench`` extra).

hookmock answers at ``before-call``, so its clients never reach the
``before-send`` handler moto answers at, and the two run side by side in one
process. Ops whose service or operation hookmock does not implement yet are
left out of the mix and listed as such.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import math
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import boto3
from botocore.response import StreamingBody

import hookmock
from hookmock.backends import service

sys.path.insert(0, os.path.dirname(__file__))
from bench_calls import floor_client, interleaved_medians, per_call

REGION = "us-east-1"
BODY = os.urandom(1024)
ITEM = {
    "pk": {"S": "customer#42"},
    "sk": {"N": "1"},
    "total": {"N": "129.95"},
    "tags": {"SS": ["gift", "priority"]},
}
KEY = {"pk": {"S": "customer#42"}, "sk": {"N": "1"}}
_names = itertools.count()

Clients = dict[str, Any]
"""A contender's clients by service name, and what setup left for the calls (``url:...``)."""


@dataclass(frozen=True)
class Op:
    name: str
    services: tuple[str, ...]
    operations: tuple[str, ...]
    """(service.Operation) pairs hookmock must implement for the op to run."""
    call: Callable[[Clients], Any]
    canned: Callable[[], dict[str, Any]]
    """The floor's answer to the op's main call."""
    setup: Callable[[Clients], None] = field(default=lambda clients: None)


def _streaming(data: bytes) -> dict[str, Any]:
    return {"Body": StreamingBody(io.BytesIO(data), len(data)), "ContentLength": len(data)}


def _s3_setup(c: Clients) -> None:
    c["s3"].create_bucket(Bucket="bench")
    c["s3"].put_object(Bucket="bench", Key="small", Body=BODY)
    for n in range(1000):
        c["s3"].put_object(Bucket="bench", Key=f"page/{n:04d}", Body=b"")


def _ddb_setup(c: Clients) -> None:
    c["dynamodb"].create_table(
        TableName="bench",
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "N"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    for n in range(1000):
        c["dynamodb"].put_item(TableName="bench", Item={**ITEM, "sk": {"N": str(n)}})


def _sqs_setup(c: Clients) -> None:
    c["url:queue"] = c["sqs"].create_queue(QueueName="bench")["QueueUrl"]


def _receive_and_delete(c: Clients) -> None:
    url = c["url:queue"]
    c["sqs"].send_message(QueueUrl=url, MessageBody="x" * 100)
    for message in c["sqs"].receive_message(QueueUrl=url).get("Messages", []):
        c["sqs"].delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


def _sns_setup(c: Clients) -> None:
    topic = c["sns"].create_topic(Name="bench")["TopicArn"]
    c["url:topic"] = topic
    for n in range(3):
        url = c["sqs"].create_queue(QueueName=f"fan{n}")["QueueUrl"]
        arn = c["sqs"].get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
        c["sns"].subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn["Attributes"]["QueueArn"])


def _iam_setup(c: Clients) -> None:
    for n in range(100):
        c["iam"].create_user(UserName=f"listed{n}")


UPDATE = {
    "UpdateExpression": "SET #n = if_not_exists(#n, :zero) + :one",
    "ExpressionAttributeNames": {"#n": "n"},
    "ExpressionAttributeValues": {":zero": {"N": "0"}, ":one": {"N": "1"}},
}
QUERY = {
    "KeyConditionExpression": "pk = :p",
    "ExpressionAttributeValues": {":p": {"S": "customer#42"}},
    "Limit": 100,
}

# The floor answers a page as big as the mocks' (botocore's after-call handlers walk
# every entry: S3 URL-decodes each key, IAM looks for policy documents in each user).
_NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
LISTED_OBJECTS = {
    "IsTruncated": True,
    "Contents": [
        {
            "Key": f"page/{n:04d}",
            "LastModified": _NOW,
            "ETag": '"d41d8cd98f00b204e9800998ecf8427e"',
            "ChecksumAlgorithm": ["CRC32"],
            "ChecksumType": "FULL_OBJECT",
            "Size": 0,
            "StorageClass": "STANDARD",
        }
        for n in range(100)
    ],
    "Name": "bench",
    "Prefix": "page/",
    "MaxKeys": 100,
    "EncodingType": "url",
    "KeyCount": 100,
    "NextContinuationToken": "token",
}
LISTED_USERS = [
    {
        "Path": "/",
        "UserName": f"listed{n}",
        "UserId": f"AIDA{n:017d}",
        "Arn": f"arn:aws:iam::123456789012:user/listed{n}",
        "CreateDate": _NOW,
    }
    for n in range(100)
]

OPS = [
    Op(
        "STS GetCallerIdentity",
        ("sts",),
        ("sts.GetCallerIdentity",),
        lambda c: c["sts"].get_caller_identity(),
        lambda: {"UserId": "1", "Account": "123456789012", "Arn": "arn:aws:iam::1:root"},
    ),
    Op(
        "S3 PutObject 1 KiB",
        ("s3",),
        ("s3.PutObject",),
        lambda c: c["s3"].put_object(Bucket="bench", Key="put", Body=BODY),
        lambda: {"ETag": '"x"'},
        _s3_setup,
    ),
    Op(
        "S3 GetObject 1 KiB",
        ("s3",),
        ("s3.GetObject",),
        lambda c: c["s3"].get_object(Bucket="bench", Key="small")["Body"].read(),
        lambda: _streaming(BODY),
        _s3_setup,
    ),
    Op(
        "S3 HeadObject",
        ("s3",),
        ("s3.HeadObject",),
        lambda c: c["s3"].head_object(Bucket="bench", Key="small"),
        lambda: {"ContentLength": 1024, "ETag": '"x"'},
        _s3_setup,
    ),
    Op(
        "S3 ListObjectsV2 100-key page",
        ("s3",),
        ("s3.ListObjectsV2",),
        lambda c: c["s3"].list_objects_v2(Bucket="bench", Prefix="page/", MaxKeys=100),
        lambda: {**LISTED_OBJECTS, "Contents": [dict(o) for o in LISTED_OBJECTS["Contents"]]},
        _s3_setup,
    ),
    Op(
        "DynamoDB PutItem",
        ("dynamodb",),
        ("dynamodb.PutItem",),
        lambda c: c["dynamodb"].put_item(TableName="bench", Item=ITEM),
        lambda: {},
        _ddb_setup,
    ),
    Op(
        "DynamoDB GetItem",
        ("dynamodb",),
        ("dynamodb.GetItem",),
        lambda c: c["dynamodb"].get_item(TableName="bench", Key=KEY),
        lambda: {"Item": ITEM},
        _ddb_setup,
    ),
    Op(
        "DynamoDB UpdateItem SET n = n + 1",
        ("dynamodb",),
        ("dynamodb.UpdateItem",),
        lambda c: c["dynamodb"].update_item(TableName="bench", Key=KEY, **UPDATE),
        lambda: {},
        _ddb_setup,
    ),
    Op(
        "DynamoDB Query 100-item page",
        ("dynamodb",),
        ("dynamodb.Query",),
        lambda c: c["dynamodb"].query(TableName="bench", **QUERY),
        lambda: {"Items": [{**ITEM, "sk": {"N": str(n)}} for n in range(100)], "Count": 100},
        _ddb_setup,
    ),
    Op(
        "SQS SendMessage",
        ("sqs",),
        ("sqs.SendMessage",),
        lambda c: c["sqs"].send_message(QueueUrl=c["url:queue"], MessageBody="x" * 100),
        lambda: {"MessageId": "m", "MD5OfMessageBody": "x"},
        _sqs_setup,
    ),
    Op(
        "SQS Send+ReceiveMessage+DeleteMessage",
        ("sqs",),
        ("sqs.ReceiveMessage", "sqs.DeleteMessage"),
        _receive_and_delete,
        lambda: {
            "MessageId": "m",
            "MD5OfMessageBody": "x",
            "Messages": [{"MessageId": "m", "ReceiptHandle": "r", "Body": "x" * 100}],
        },
        _sqs_setup,
    ),
    Op(
        "SNS Publish to 3 SQS subscribers",
        ("sns", "sqs"),
        ("sns.Publish", "sns.Subscribe"),
        lambda c: c["sns"].publish(TopicArn=c["url:topic"], Message="hello"),
        lambda: {"MessageId": "m"},
        _sns_setup,
    ),
    Op(
        "IAM CreateUser",
        ("iam",),
        ("iam.CreateUser",),
        lambda c: c["iam"].create_user(UserName=f"user{next(_names)}"),
        lambda: {"User": {"UserName": "u", "Path": "/", "UserId": "AIDA", "Arn": "a"}},
    ),
    Op(
        "IAM ListUsers",
        ("iam",),
        ("iam.ListUsers",),
        lambda c: c["iam"].list_users(),
        lambda: {"Users": [dict(user) for user in LISTED_USERS], "IsTruncated": False},
        _iam_setup,
    ),
]


def implemented(op: Op) -> bool:
    for pair in op.operations:
        name, operation = pair.split(".")
        found = service(name)
        if found is None or operation not in found.operations:
            return False
    return True


def _clients(session: boto3.Session, services: tuple[str, ...]) -> Clients:
    return {name: session.client(name, region_name=REGION) for name in services}


@contextlib.contextmanager
def _moto() -> Iterator[Callable[[], boto3.Session] | None]:
    try:
        from moto import mock_aws
    except ImportError:
        yield None
        return
    with mock_aws():
        yield lambda: boto3.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION
        )


def _floor(op: Op) -> Callable[[], Any]:
    """The op's call on clients whose every call returns the op's canned answer."""
    clients: Clients = {name: floor_client(name, op.canned) for name in op.services}
    clients["url:queue"] = "https://sqs.us-east-1.amazonaws.com/123456789012/bench"
    clients["url:topic"] = "arn:aws:sns:us-east-1:123456789012:bench"
    return lambda: op.call(clients)


def _calls_for(func: Callable[[], Any], budget: float = 0.15) -> int:
    """Calls per round so one round of ``func`` takes about ``budget`` seconds."""
    per = per_call(func, 20) / 1e6
    return max(20, min(2000, int(budget / per)))


@dataclass
class Row:
    op: str
    floor_us: float
    hookmock_us: float
    moto_us: float | None

    @property
    def hookmock_over_floor(self) -> float:
        return self.hookmock_us / self.floor_us

    @property
    def moto_over_hookmock(self) -> float | None:
        return None if self.moto_us is None else self.moto_us / self.hookmock_us


def run(rounds: int = 5) -> tuple[list[Row], list[str]]:
    """Rows for the implemented ops, and the names of ops left out. Each op starts
    from empty state in both mocks."""
    rows: list[Row] = []
    skipped = [op.name for op in OPS if not implemented(op)]
    for op in OPS:
        if not implemented(op):
            continue
        session = boto3.Session(region_name=REGION)
        with hookmock.activate(session), _moto() as moto_session:
            ours = _clients(session, op.services)
            op.setup(ours)
            contenders = {"floor": _floor(op), "hookmock": partial(op.call, ours)}
            if moto_session is not None:
                theirs = _clients(moto_session(), op.services)
                op.setup(theirs)
                contenders["moto"] = partial(op.call, theirs)
            timed = {name: (func, _calls_for(func)) for name, func in contenders.items()}
            medians = interleaved_medians(timed, rounds)
        rows.append(Row(op.name, medians["floor"], medians["hookmock"], medians.get("moto")))
    return rows, skipped


def geometric_mean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else math.nan


def main() -> None:
    rows, skipped = run()
    print(f"{'op':<40} {'floor':>7} {'hookmock':>9} {'moto':>7} {'hm/floor':>9} {'moto/hm':>8}")
    for row in rows:
        moto = f"{row.moto_us:>7.0f}" if row.moto_us is not None else f"{'-':>7}"
        ratio = row.moto_over_hookmock
        print(
            f"{row.op:<40} {row.floor_us:>7.0f} {row.hookmock_us:>9.0f} {moto} "
            f"{row.hookmock_over_floor:>9.2f} {'-' if ratio is None else f'{ratio:.1f}':>8}"
        )
    for name in skipped:
        print(f"{name:<40} not implemented in hookmock yet")


if __name__ == "__main__":
    main()
