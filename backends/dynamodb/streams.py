"""A table's stream: the change records DynamoDB Streams serves, one shard per stream."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs

from hookmock._clock import Clock
from hookmock.backends.dynamodb import values
from hookmock.backends.dynamodb.storage import KeySchema
from hookmock.backends.dynamodb.values import Item

NEW_VIEWS = ("NEW_IMAGE", "NEW_AND_OLD_IMAGES")
OLD_VIEWS = ("OLD_IMAGE", "NEW_AND_OLD_IMAGES")
SERVICE_IDENTITY = {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
"""Who deleted an item that time to live expired, as DynamoDB Streams reports it."""


@attrs.define(eq=False)
class StreamLog:
    table_name: str
    table_arn: str
    label: str
    view_type: str
    region: str
    schema: KeySchema
    clock: Clock = attrs.field(repr=False)
    created: dt.datetime = attrs.field(init=False)
    shard_id: str = attrs.field(init=False)
    records: list[dict[str, Any]] = attrs.field(factory=list)
    enabled: bool = True

    def __attrs_post_init__(self) -> None:
        self.created = self.clock.now()
        millis = int(self.created.timestamp() * 1000)
        self.shard_id = f"shardId-{millis:020d}-{uuid.uuid4().hex[:8]}"

    @property
    def arn(self) -> str:
        return f"{self.table_arn}/stream/{self.label}"

    def record(self, old: Item | None, new: Item | None, *, by_service: bool = False) -> None:
        """Log one change; a write that changed nothing logs nothing, as AWS documents.
        ``by_service``: DynamoDB itself made the change (time to live)."""
        if old is not None and new is not None and values.equal({"M": old}, {"M": new}):
            return
        name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
        changed: Item = new if new is not None else old  # type: ignore[assignment]
        body: dict[str, Any] = {
            "ApproximateCreationDateTime": self.clock.now().replace(microsecond=0),
            "Keys": self.schema.key_of(changed),
            "SequenceNumber": f"{len(self.records) + 1:021d}",
            "SizeBytes": values.item_size(changed),
            "StreamViewType": self.view_type,
        }
        if self.view_type in NEW_VIEWS and new is not None:
            body["NewImage"] = new
        if self.view_type in OLD_VIEWS and old is not None:
            body["OldImage"] = old
        record: dict[str, Any] = {
            "eventID": uuid.uuid4().hex,
            "eventName": name,
            "eventVersion": "1.1",
            "eventSource": "aws:dynamodb",
            "awsRegion": self.region,
            "dynamodb": body,
        }
        if by_service:
            record["userIdentity"] = dict(SERVICE_IDENTITY)
        self.records.append(record)
