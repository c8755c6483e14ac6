"""DynamoDB Streams: reads the change logs that DynamoDB tables in the same
account and region keep (``hookmock.backends.dynamodb.streams``)."""

from __future__ import annotations

import base64
import binascii
import bisect
import json
from collections.abc import Iterator
from typing import Any

import attrs

from hookmock._clock import Clock
from hookmock.backends import service
from hookmock.backends._core import Backend, Call, Params, Result, Service, operation
from hookmock.backends.dynamodb.backend import DynamoDBBackend
from hookmock.backends.dynamodb.streams import StreamLog
from hookmock.shapes import AWSError

ITERATOR_LIFETIME = 15 * 60
"""Seconds a shard iterator stays valid, as DynamoDB Streams documents."""
MAX_RECORDS = 1000


def _validation(message: str) -> AWSError:
    return AWSError("ValidationException", message)


def _stream_not_found(arn: str) -> AWSError:
    return AWSError(
        "ResourceNotFoundException", f"Requested resource not found: Stream: {arn} not found"
    )


@attrs.define(eq=False)
class StreamsBackend(Backend):
    def _tables_backend(self, call: Call) -> DynamoDBBackend:
        tables = service("dynamodb")
        assert tables is not None  # registered alongside this service
        backend: DynamoDBBackend = call.world.backend(tables, self.account_id, self.location)
        return backend

    def _logs(self, call: Call) -> Iterator[StreamLog]:
        """Every stream of the account and region, with the deletions time to live is due."""
        now = self.world.clock.time()
        for table in self._tables_backend(call).tables.values():
            table.expire(now)
            yield from table.streams

    def _log(self, call: Call, arn: str) -> StreamLog:
        found = next((log for log in self._logs(call) if log.arn == arn), None)
        if found is None:
            raise _stream_not_found(arn)
        return found

    @operation("ListStreams")
    def list_streams(self, call: Call, params: Params) -> Result:
        with self._tables_backend(call).lock:
            wanted = params.get("TableName")
            logs = sorted(
                (log for log in self._logs(call) if wanted in (None, log.table_name)),
                key=lambda log: log.arn,
            )
            arns = [log.arn for log in logs]
            start = params.get("ExclusiveStartStreamArn")
            first = 0 if start is None else bisect.bisect_right(arns, start)
            limit = params.get("Limit", 100)
            page = logs[first : first + limit]
            result: dict[str, Any] = {
                "Streams": [
                    {"StreamArn": log.arn, "TableName": log.table_name, "StreamLabel": log.label}
                    for log in page
                ]
            }
            if first + limit < len(logs):
                result["LastEvaluatedStreamArn"] = page[-1].arn
            return result

    @operation("DescribeStream")
    def describe_stream(self, call: Call, params: Params) -> Result:
        with self._tables_backend(call).lock:
            log = self._log(call, params["StreamArn"])
            shard: dict[str, Any] = {
                "ShardId": log.shard_id,
                "SequenceNumberRange": {"StartingSequenceNumber": f"{1:021d}"},
            }
            if not log.enabled:
                shard["SequenceNumberRange"]["EndingSequenceNumber"] = f"{len(log.records):021d}"
            shards = [shard]
            if params.get("ExclusiveStartShardId") == log.shard_id:
                shards = []
            keys = [{"AttributeName": log.schema.hash_name, "KeyType": "HASH"}]
            if log.schema.range_name is not None:
                keys.append({"AttributeName": log.schema.range_name, "KeyType": "RANGE"})
            return {
                "StreamDescription": {
                    "StreamArn": log.arn,
                    "StreamLabel": log.label,
                    "StreamStatus": "ENABLED" if log.enabled else "DISABLED",
                    "StreamViewType": log.view_type,
                    "CreationRequestDateTime": log.created,
                    "TableName": log.table_name,
                    "KeySchema": keys,
                    "Shards": shards,
                }
            }

    @operation("GetShardIterator")
    def get_shard_iterator(self, call: Call, params: Params) -> Result:
        with self._tables_backend(call).lock:
            log = self._log(call, params["StreamArn"])
            if params["ShardId"] != log.shard_id:
                raise AWSError(
                    "ResourceNotFoundException",
                    f"Requested resource not found: Shard: {params['ShardId']} in Stream: "
                    f"{log.arn} not found",
                )
            kind = params["ShardIteratorType"]
            sequence = params.get("SequenceNumber")
            if kind in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER"):
                if sequence is None or not sequence.isdigit():
                    raise _validation(
                        f"SequenceNumber must be provided for ShardIteratorType {kind}"
                    )
                position = int(sequence) - (1 if kind == "AT_SEQUENCE_NUMBER" else 0)
                if position > len(log.records):
                    raise _validation(f"Invalid SequenceNumber {sequence} for shard {log.shard_id}")
            elif kind == "LATEST":
                position = len(log.records)
            else:
                position = 0
            return {"ShardIterator": _iterator(self.world.clock, log, max(position, 0))}

    @operation("GetRecords")
    def get_records(self, call: Call, params: Params) -> Result:
        token = params["ShardIterator"]
        arn, position, issued = _read_iterator(token)
        if self.world.clock.time() - issued > ITERATOR_LIFETIME:
            raise AWSError(
                "ExpiredIteratorException",
                "Iterator expired. The iterator was created over 15 minutes ago.",
            )
        with self._tables_backend(call).lock:
            log = self._log(call, arn)
            limit = min(params.get("Limit", MAX_RECORDS), MAX_RECORDS)
            records = log.records[position : position + limit]
            result: dict[str, Any] = {"Records": records}
            after = position + len(records)
            if log.enabled or after < len(log.records):
                result["NextShardIterator"] = _iterator(self.world.clock, log, after)
            return result


def _iterator(clock: Clock, log: StreamLog, position: int) -> str:
    state = {"arn": log.arn, "at": position, "issued": clock.time()}
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


def _read_iterator(token: str) -> tuple[str, int, float]:
    try:
        state = json.loads(base64.urlsafe_b64decode(token.encode()))
        return str(state["arn"]), int(state["at"]), float(state["issued"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise _validation("Invalid ShardIterator") from None


SERVICE = Service("dynamodbstreams", StreamsBackend)
"""Amazon DynamoDB Streams."""
