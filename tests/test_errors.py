"""Errors rendered exactly as botocore parses AWS's error responses.

The oracle is botocore itself: for each protocol family, the error body AWS
sends is parsed by botocore's parser (plus the modeled-field pass its endpoint
makes), and hookmock's rendering of the same error must equal it.
"""

from __future__ import annotations

from typing import Any

import attrs
import boto3
import botocore.parsers
import pytest
from botocore.exceptions import ClientError

import hookmock
from hookmock import backends
from hookmock.backends import Backend, Call, Params, Result, Service, operation
from hookmock.shapes.protocols import protocol_of


def botocore_parse(
    client: Any, operation: str, status: int, headers: dict[str, str], body: bytes
) -> dict[str, Any]:
    operation_model = client.meta.service_model.operation_model(operation)
    parser = botocore.parsers.create_parser(protocol_of(client.meta.service_model))
    response = {"status_code": status, "headers": headers, "body": body, "context": {}}
    parsed: dict[str, Any] = parser.parse(response, operation_model.output_shape)
    shape = client.meta.service_model.shape_for_error_code(parsed["Error"]["Code"])
    if shape is not None:
        parsed.update(parser.parse(response, shape))
    parsed.pop("ResponseMetadata", None)
    return parsed


def hookmock_error(
    monkeypatch: pytest.MonkeyPatch,
    service: str,
    operation_name: str,
    raise_it: Any,
    call_it: Any,
    scope: str = "region",
) -> dict[str, Any]:
    def handler(self: Backend, call: Call, params: Params) -> Result:
        raise raise_it(call)

    backend = attrs.define(eq=False)(
        type("Failing", (Backend,), {operation_name: operation(operation_name)(handler)})
    )
    monkeypatch.setitem(backends._loaded, service, Service(service, backend, scope=scope))  # type: ignore[arg-type]
    with hookmock.aws(), pytest.raises(ClientError) as raised:
        call_it(boto3.client(service, region_name="us-east-1"))
    response = dict(raised.value.response)
    response.pop("ResponseMetadata")
    return response


def test_query_error(monkeypatch: pytest.MonkeyPatch) -> None:
    message = "The user with name nobody cannot be found."
    ours = hookmock_error(
        monkeypatch,
        "iam",
        "GetUser",
        lambda call: call.error("NoSuchEntityException", message),
        lambda iam: iam.get_user(UserName="nobody"),
        scope="partition",
    )
    body = (
        '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error>'
        f"<Type>Sender</Type><Code>NoSuchEntity</Code><Message>{message}</Message>"
        "</Error><RequestId>r</RequestId></ErrorResponse>"
    ).encode()
    assert ours == botocore_parse(boto3.client("iam"), "GetUser", 404, {}, body)


def test_json_error_with_modeled_message(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = hookmock_error(
        monkeypatch,
        "dynamodb",
        "DescribeTable",
        lambda call: call.error("ResourceNotFoundException", "Requested resource not found"),
        lambda ddb: ddb.describe_table(TableName="missing"),
    )
    body = (
        b'{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",'
        b'"message":"Requested resource not found"}'
    )
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    assert ours == botocore_parse(ddb, "DescribeTable", 400, {}, body)
    assert ours["message"] == "Requested resource not found"


def test_json_error_with_structured_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    reasons = [
        {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"},
        {"Code": "None"},
    ]
    ours = hookmock_error(
        monkeypatch,
        "dynamodb",
        "TransactWriteItems",
        lambda call: call.error(
            "TransactionCanceledException", "Transaction cancelled", CancellationReasons=reasons
        ),
        lambda ddb: ddb.transact_write_items(
            TransactItems=[
                {
                    "ConditionCheck": {
                        "TableName": "t",
                        "Key": {"k": {"S": "v"}},
                        "ConditionExpression": "attribute_exists(k)",
                    }
                }
            ]
        ),
    )
    body = (
        b'{"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",'
        b'"Message":"Transaction cancelled","CancellationReasons":[{"Code":'
        b'"ConditionalCheckFailed","Message":"The conditional request failed"},{"Code":"None"}]}'
    )
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    assert ours == botocore_parse(ddb, "TransactWriteItems", 400, {}, body)
    assert ours["CancellationReasons"] == reasons


def test_query_compatible_json_error(monkeypatch: pytest.MonkeyPatch) -> None:
    message = "The specified queue does not exist."
    ours = hookmock_error(
        monkeypatch,
        "sqs",
        "GetQueueUrl",
        lambda call: call.error(
            "QueueDoesNotExist", message, query_code="AWS.SimpleQueueService.NonExistentQueue"
        ),
        lambda sqs: sqs.get_queue_url(QueueName="missing"),
    )
    sqs = boto3.client("sqs", region_name="us-east-1")
    headers = {"x-amzn-query-error": "AWS.SimpleQueueService.NonExistentQueue;Sender"}
    body = f'{{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"{message}"}}'.encode()
    assert ours == botocore_parse(sqs, "GetQueueUrl", 400, headers, body)


def test_rest_json_error(monkeypatch: pytest.MonkeyPatch) -> None:
    message = "Function not found: arn:aws:lambda:us-east-1:123456789012:function:f"
    ours = hookmock_error(
        monkeypatch,
        "lambda",
        "GetFunction",
        lambda call: call.error("ResourceNotFoundException", message, Type="User"),
        lambda fn: fn.get_function(FunctionName="f"),
    )
    fn = boto3.client("lambda", region_name="us-east-1")
    headers = {"x-amzn-errortype": "ResourceNotFoundException"}
    body = f'{{"Type":"User","Message":"{message}"}}'.encode()
    assert ours == botocore_parse(fn, "GetFunction", 404, headers, body)


def test_rest_xml_s3_error(monkeypatch: pytest.MonkeyPatch) -> None:
    ours = hookmock_error(
        monkeypatch,
        "s3",
        "GetObject",
        lambda call: call.error("NoSuchKey", "The specified key does not exist.", Key="k"),
        lambda s3: s3.get_object(Bucket="b", Key="k"),
    )
    s3 = boto3.client("s3", region_name="us-east-1")
    body = (
        b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
        b"<Key>k</Key><RequestId>r</RequestId><HostId>h</HostId></Error>"
    )
    assert ours == botocore_parse(s3, "GetObject", 404, {}, body)


def test_ec2_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from hookmock.shapes import AWSError

    message = "The instance ID 'i-1' does not exist"
    ours = hookmock_error(
        monkeypatch,
        "ec2",
        "DescribeInstances",
        lambda call: AWSError("InvalidInstanceID.NotFound", message),
        lambda ec2: ec2.describe_instances(InstanceIds=["i-1"]),
    )
    ec2 = boto3.client("ec2", region_name="us-east-1")
    body = (
        "<Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>"
        f"<Message>{message}</Message></Error></Errors><RequestID>r</RequestID></Response>"
    ).encode()
    assert ours == botocore_parse(ec2, "DescribeInstances", 400, {}, body)


def test_modeled_error_takes_code_and_status_from_the_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def handler(self: Backend, call: Call, params: Params) -> Result:
        raise call.error("NoSuchEntityException", "missing")

    backend = attrs.define(eq=False)(type("B", (Backend,), {"g": operation("GetRole")(handler)}))
    monkeypatch.setitem(backends._loaded, "iam", Service("iam", backend, scope="partition"))  # type: ignore[arg-type]
    with hookmock.aws():
        iam = boto3.client("iam")
        with pytest.raises(iam.exceptions.NoSuchEntityException) as raised:
            iam.get_role(RoleName="r")
    assert raised.value.response["Error"]["Code"] == "NoSuchEntity"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_error_shape_must_be_an_error() -> None:
    from hookmock.shapes.errors import modeled_error

    with pytest.raises(ValueError, match="not an error shape"):
        modeled_error(boto3.client("iam").meta.service_model, "User", "x")


def test_query_compatible_error_raises_the_modeled_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def handler(self: Backend, call: Call, params: Params) -> Result:
        raise call.error(
            "QueueDoesNotExist", "gone", query_code="AWS.SimpleQueueService.NonExistentQueue"
        )

    backend = attrs.define(eq=False)(
        type("B", (Backend,), {"g": operation("GetQueueUrl")(handler)})
    )
    monkeypatch.setitem(backends._loaded, "sqs", Service("sqs", backend))  # type: ignore[arg-type]
    with hookmock.aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        with pytest.raises(sqs.exceptions.QueueDoesNotExist) as raised:
            sqs.get_queue_url(QueueName="missing")
    assert raised.value.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
