"""Successful answers rendered exactly as botocore's parser renders AWS's responses."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import attrs
import boto3
import botocore.parsers
import pytest
from botocore.response import StreamingBody

import hookmock
from hookmock import backends
from hookmock.backends import Backend, Call, Params, Result, Service, operation
from hookmock.shapes import RenderError
from hookmock.shapes.protocols import protocol_of

from helpers import sts


def botocore_parse(client: Any, operation_name: str, body: bytes, headers: Any = None) -> Any:
    model = client.meta.service_model
    parser = botocore.parsers.create_parser(protocol_of(model))
    response = {"status_code": 200, "headers": headers or {}, "body": body, "context": {}}
    parsed = parser.parse(response, model.operation_model(operation_name).output_shape)
    parsed.pop("ResponseMetadata", None)
    return parsed


def answering(monkeypatch: pytest.MonkeyPatch, service: str, name: str, result: Any) -> None:
    def handler(self: Backend, call: Call, params: Params) -> Result:
        return result() if callable(result) else result

    backend = attrs.define(eq=False)(
        type("Answering", (Backend,), {name: operation(name)(handler)})
    )
    monkeypatch.setitem(backends._loaded, service, Service(service, backend))  # type: ignore[arg-type]


def test_query_answer_equals_botocores_parse_of_awss_xml() -> None:
    body = (
        b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
        b"<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:root</Arn>"
        b"<UserId>123456789012</UserId><Account>123456789012</Account>"
        b"</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId>"
        b"</ResponseMetadata></GetCallerIdentityResponse>"
    )
    with hookmock.aws():
        ours = sts().get_caller_identity()
    ours.pop("ResponseMetadata")
    assert ours == botocore_parse(sts(), "GetCallerIdentity", body)


def test_json_answer_types_equal_botocores(monkeypatch: pytest.MonkeyPatch) -> None:
    created = dt.datetime(2026, 11, 20, 12, 30, 15, 500000, tzinfo=dt.timezone.utc)
    answering(
        monkeypatch,
        "dynamodb",
        "DescribeTable",
        {
            "Table": {
                "TableName": "t",
                "CreationDateTime": created,
                "ItemCount": 3,
                "TableSizeBytes": 120,
                "DeletionProtectionEnabled": False,
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "ProvisionedThroughput": {
                    "ReadCapacityUnits": 5,
                    "WriteCapacityUnits": 5,
                    "NumberOfDecreasesToday": 0,
                },
            }
        },
    )
    wire = (
        f'{{"Table":{{"TableName":"t","CreationDateTime":{created.timestamp()!r},'
        '"ItemCount":3,"TableSizeBytes":120,"DeletionProtectionEnabled":false,'
        '"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],'
        '"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5,'
        '"NumberOfDecreasesToday":0}}}'
    ).encode()
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    with hookmock.aws():
        ours = ddb.describe_table(TableName="t")
    ours.pop("ResponseMetadata")
    assert ours == botocore_parse(ddb, "DescribeTable", wire)
    assert ours["Table"]["CreationDateTime"] == created


def test_naive_and_epoch_timestamps_become_aware_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    answering(
        monkeypatch,
        "dynamodb",
        "DescribeTable",
        {
            "Table": {
                "CreationDateTime": dt.datetime(2026, 1, 1, 0, 0),
                "RestoreSummary": {"RestoreDateTime": 0, "RestoreInProgress": False},
            }
        },
    )
    with hookmock.aws():
        table = boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName="t")[
            "Table"
        ]
    assert table["CreationDateTime"] == dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert table["RestoreSummary"]["RestoreDateTime"] == dt.datetime(
        1970, 1, 1, tzinfo=dt.timezone.utc
    )


@pytest.mark.parametrize("body", [b"object bytes", "object bytes", io.BytesIO(b"object bytes")])
def test_streaming_payloads_become_streaming_bodies(
    monkeypatch: pytest.MonkeyPatch, body: Any
) -> None:
    answering(monkeypatch, "s3", "GetObject", {"Body": body, "ContentLength": 12})
    with hookmock.aws():
        response = boto3.client("s3", region_name="us-east-1").get_object(Bucket="b", Key="k")
    assert isinstance(response["Body"], StreamingBody)
    assert response["Body"].read() == b"object bytes"


def test_members_left_none_are_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    answering(
        monkeypatch, "dynamodb", "DescribeTable", {"Table": {"TableName": "t", "ItemCount": None}}
    )
    with hookmock.aws():
        table = boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName="t")[
            "Table"
        ]
    assert table == {"TableName": "t"}


@pytest.mark.parametrize(
    ("result", "complaint"),
    [
        ({"Table": {"ItemCount": "3"}}, "must be an integer"),
        ({"Table": {"TableName": 3}}, "must be a string"),
        ({"Table": {"KeySchema": {"AttributeName": "pk"}}}, "must be a list"),
        ({"Table": {"DeletionProtectionEnabled": 1}}, "must be a boolean"),
        ({"Table": {"CreationDateTime": "yesterday"}}, "must be a datetime"),
        ({"Unknown": 1}, "no member"),
    ],
)
def test_strict_mode_rejects_results_outside_the_output_shape(
    monkeypatch: pytest.MonkeyPatch, result: Any, complaint: str
) -> None:
    answering(monkeypatch, "dynamodb", "DescribeTable", result)
    with hookmock.aws(), pytest.raises(RenderError, match=complaint):
        boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName="t")


def test_lenient_mode_drops_what_does_not_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hookmock.shapes.render, "STRICT", False)
    answering(
        monkeypatch,
        "dynamodb",
        "DescribeTable",
        {"Table": {"TableName": "t", "ItemCount": "3"}, "Unknown": 1},
    )
    with hookmock.aws():
        response = boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName="t")
    assert response["Table"] == {"TableName": "t"}
    assert "Unknown" not in response


def test_members_newer_than_the_installed_model_are_marked_and_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hookmock.shapes import IfModeled

    answering(
        monkeypatch,
        "dynamodb",
        "DescribeTable",
        {
            "Table": {
                "TableName": IfModeled("t"),
                "MemberFromTheFuture": IfModeled(1),
            }
        },
    )
    with hookmock.aws():
        table = boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName="t")[
            "Table"
        ]
    assert table == {"TableName": "t"}


def test_structures_come_out_in_the_models_member_order(monkeypatch: pytest.MonkeyPatch) -> None:
    answering(
        monkeypatch,
        "dynamodb",
        "DescribeTable",
        {"Table": {"ItemCount": 3, "TableName": "t", "TableStatus": "ACTIVE"}},
    )
    with hookmock.aws():
        table = boto3.client("dynamodb", region_name="us-east-1").describe_table(TableName="t")[
            "Table"
        ]
    shape = boto3.client("dynamodb", region_name="us-east-1").meta.service_model.shape_for(
        "TableDescription"
    )
    assert list(table) == [name for name in shape.members if name in table]


def test_a_rendered_member_is_handed_out_as_built(monkeypatch: pytest.MonkeyPatch) -> None:
    from hookmock.shapes import Rendered

    item = {"pk": {"S": "a"}, "data": {"B": b"\x00"}, "tags": {"SS": ["x"]}}
    answering(monkeypatch, "dynamodb", "GetItem", lambda: {"Item": Rendered(item)})
    with hookmock.aws():
        got = boto3.client("dynamodb", region_name="us-east-1").get_item(
            TableName="t", Key={"pk": {"S": "a"}}
        )
    assert got["Item"] is item


@pytest.mark.parametrize(
    "built",
    [
        {"pk": {"B": bytearray(b"\x00")}},  # equal to bytes, but not what botocore returns
        {"pk": {"S": 1}},
        {"pk": {"S": "a", "N": "1"}, "x": {"NotAType": "a"}},
    ],
)
def test_strict_mode_checks_what_a_backend_marks_rendered(
    monkeypatch: pytest.MonkeyPatch, built: Any
) -> None:
    from hookmock.shapes import Rendered

    answering(monkeypatch, "dynamodb", "GetItem", lambda: {"Item": Rendered(built)})
    with hookmock.aws(), pytest.raises(RenderError, match=r"GetItemOutput\.Item"):
        boto3.client("dynamodb", region_name="us-east-1").get_item(
            TableName="t", Key={"pk": {"S": "a"}}
        )
