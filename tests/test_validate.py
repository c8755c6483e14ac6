"""Server-side validation and normalization of every call's params, through boto3."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

import attrs
import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

import hookmock
from hookmock import backends
from hookmock.backends import Backend, Call, Params, Result, Service, operation
from hookmock.shapes import AWSError
from hookmock.shapes.validate import Violation

UNVALIDATED = Config(parameter_validation=False)


@attrs.define(eq=False)
class Recorder(Backend):
    """Answers any operation it lists by remembering the params it was given."""

    seen: ClassVar[list[Params]] = []

    def _record(self, call: Call, params: Params) -> Result:
        self.seen.append(params)
        return None


def recording(*names: str) -> type[Backend]:
    def handler() -> Any:
        def record(self: Recorder, call: Call, params: Params) -> Result:
            return self._record(call, params)

        return record

    namespace = {name: operation(name)(handler()) for name in names}
    return attrs.define(eq=False)(type("RecordingBackend", (Recorder,), namespace))


@pytest.fixture
def record(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(service: str, *names: str, **options: Any) -> list[Params]:
        monkeypatch.setitem(
            backends._loaded, service, Service(service, recording(*names), **options)
        )
        Recorder.seen.clear()
        return Recorder.seen

    with hookmock.aws():
        yield install


def client(service: str, **kwargs: Any) -> Any:
    return boto3.client(service, region_name="us-east-1", **kwargs)


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = raised.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def test_json_service_gets_validation_exception_in_awss_words(record: Any) -> None:
    seen = record("dynamodb", "CreateTable")
    with pytest.raises(ClientError) as raised:
        client("dynamodb").create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASHY"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="FREE",
        )
    assert error_of(raised) == (
        "ValidationException",
        "2 validation errors detected: "
        "Value 'HASHY' at 'keySchema.1.member.keyType' failed to satisfy constraint: "
        "Member must satisfy enum value set: [HASH, RANGE]; "
        "Value 'FREE' at 'billingMode' failed to satisfy constraint: "
        "Member must satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]",
        400,
    )
    assert seen == []  # the backend never saw the call


def test_query_service_gets_validation_error(record: Any) -> None:
    record("iam", "CreateUser", scope="partition")
    with pytest.raises(ClientError) as raised:
        client("iam").create_user(UserName="x" * 65)
    code, message, status = error_of(raised)
    assert (code, status) == ("ValidationError", 400)
    assert message == (
        f"1 validation error detected: Value '{'x' * 65}' at 'userName' failed to satisfy "
        "constraint: Member must have length less than or equal to 64"
    )
    assert raised.value.response["Error"]["Type"] == "Sender"


def test_several_failures_of_one_value_are_each_reported(record: Any) -> None:
    record("iam", "CreateUser", scope="partition")
    with pytest.raises(ClientError) as raised:
        client("iam").create_user(UserName="bad name!" * 8)
    message = error_of(raised)[1]
    assert message.startswith("2 validation errors detected: ")
    assert "Member must have length less than or equal to 64; " in message
    assert message.endswith("Member must satisfy regular expression pattern: [\\w+=,.@-]+")


def test_required_members_are_checked_when_the_client_does_not(record: Any) -> None:
    record("dynamodb", "DescribeTable")
    with pytest.raises(ClientError) as raised:
        client("dynamodb", config=UNVALIDATED).describe_table()
    assert error_of(raised)[1] == (
        "1 validation error detected: Value null at 'tableName' failed to satisfy "
        "constraint: Member must not be null"
    )


def test_min_is_checked_when_the_client_does_not(record: Any) -> None:
    record("ssm", "GetParameters")
    with pytest.raises(ClientError) as raised:
        client("ssm", config=UNVALIDATED).get_parameters(Names=["ok", ""])
    assert error_of(raised)[1] == (
        "1 validation error detected: Value '[ok, ]' at 'names' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must have length less than or equal to "
        "2048, Member must have length greater than or equal to 1]"
    )


def test_list_count_limits(record: Any) -> None:
    record("ssm", "GetParameters")
    with pytest.raises(ClientError) as raised:
        client("ssm").get_parameters(Names=[f"p{n}" for n in range(11)])
    assert error_of(raised)[1].endswith(
        "at 'names' failed to satisfy constraint: Member must have length less than or equal to 10"
    )


def test_map_keys_are_checked_as_a_whole(record: Any) -> None:
    record("lambda", "UpdateFunctionConfiguration")
    with pytest.raises(ClientError) as raised:
        client("lambda").update_function_configuration(
            FunctionName="f", Environment={"Variables": {"_BAD": "x", "GOOD": "y"}}
        )
    code, message, _ = error_of(raised)
    assert code == "ValidationException"
    assert message == (
        "1 validation error detected: Value '{_BAD=x, GOOD=y}' at 'environment.variables' "
        "failed to satisfy constraint: Map keys must satisfy constraint: "
        "[Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]"
    )


def test_numeric_ranges(record: Any) -> None:
    record("dynamodb", "Scan")
    with pytest.raises(ClientError) as raised:
        client("dynamodb").scan(TableName="t", Limit=1, Segment=0, TotalSegments=1_000_001)
    assert error_of(raised)[1].endswith(
        "Value '1000001' at 'totalSegments' failed to satisfy constraint: "
        "Member must have value less than or equal to 1000000"
    )


def test_wrong_types_from_an_unvalidating_client_raise_botocores_error(record: Any) -> None:
    record("iam", "CreateUser", scope="partition")
    with pytest.raises(ParamValidationError, match="Invalid type for parameter UserName"):
        client("iam", config=UNVALIDATED).create_user(UserName=5)


def test_inputs_reach_the_backend_normalized(record: Any) -> None:
    seen = record("dynamodb", "PutItem", "RestoreTableToPointInTime")
    ddb = client("dynamodb")
    ddb.put_item(TableName="t", Item={"k": {"B": "text"}, "m": {"L": [{"B": b"raw"}]}})
    ddb.restore_table_to_point_in_time(
        SourceTableName="source", TargetTableName="target", RestoreDateTime="2026-01-02T03:04:05Z"
    )
    ddb.restore_table_to_point_in_time(
        SourceTableName="source", TargetTableName="target", RestoreDateTime=0
    )
    ddb.restore_table_to_point_in_time(
        SourceTableName="source", TargetTableName="target", RestoreDateTime=dt.datetime(2026, 1, 2)
    )
    assert seen[0]["Item"] == {"k": {"B": b"text"}, "m": {"L": [{"B": b"raw"}]}}
    utc = dt.timezone.utc
    assert [params["RestoreDateTime"] for params in seen[1:]] == [
        dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=utc),
        dt.datetime(1970, 1, 1, tzinfo=utc),
        dt.datetime(2026, 1, 2, tzinfo=utc),
    ]


def test_streaming_payloads_arrive_readable(record: Any) -> None:
    seen = record("s3", "PutObject")
    client("s3").put_object(Bucket="bucket", Key="k", Body=b"payload")
    assert seen[0]["Body"].read() == b"payload"


def test_a_service_can_word_its_validation_errors_its_own_way(record: Any) -> None:
    def s3_style(service_model: Any, violations: list[Violation]) -> AWSError:
        return AWSError("InvalidArgument", f"Invalid {violations[0].path}")

    record("s3", "PutBucketVersioning", input_error=s3_style)
    with pytest.raises(ClientError) as raised:
        client("s3").put_bucket_versioning(
            Bucket="b", VersioningConfiguration={"Status": "Sometimes"}
        )
    assert error_of(raised) == ("InvalidArgument", "Invalid versioningConfiguration.status", 400)
