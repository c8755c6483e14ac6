"""Tables and their secondary indexes: definitions checked as CreateTable
checks them, item writes that keep every index in step, and descriptions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from hookmock._world import World
from hookmock.backends._core import Params
from hookmock.backends.dynamodb import errors, values
from hookmock.backends.dynamodb.expiry import ExpiryIndex
from hookmock.backends.dynamodb.storage import ItemStore, KeySchema
from hookmock.backends.dynamodb.streams import StreamLog
from hookmock.backends.dynamodb.values import AttributeValue, Item

MAX_GSIS = 20
MAX_LSIS = 5
MAX_PROJECTED_ATTRIBUTES = 100


@attrs.define(eq=False)
class Index:
    name: str
    arn: str
    schema: KeySchema
    projection: dict[str, Any]
    store: ItemStore
    is_global: bool
    throughput: dict[str, int] | None = None

    def projected(self, item: Mapping[str, AttributeValue], table: KeySchema) -> Item:
        kind = self.projection["ProjectionType"]
        if kind == "ALL":
            return dict(item)
        keep = set(self.schema.names) | set(table.names)
        if kind == "INCLUDE":
            keep |= set(self.projection.get("NonKeyAttributes", ()))
        return {name: value for name, value in item.items() if name in keep}


@attrs.define(eq=False)
class Table:
    name: str
    arn: str
    schema: KeySchema
    attribute_definitions: list[dict[str, str]]
    billing_mode: str
    throughput: dict[str, int]
    created: dt.datetime
    table_id: str = attrs.field(factory=lambda: str(uuid.uuid4()))
    store: ItemStore = attrs.field(init=False)
    indexes: dict[str, Index] = attrs.field(factory=dict)
    stream: dict[str, Any] | None = None
    streams: list[StreamLog] = attrs.field(factory=list)
    """Every stream the table has had, the latest last."""
    sse: dict[str, Any] | None = None
    table_class: str = "STANDARD"
    deletion_protection: bool = False
    tags: dict[str, str] = attrs.field(factory=dict)
    ttl: dict[str, Any] | None = None
    expiry: ExpiryIndex | None = None
    """When items expire, while time to live is enabled."""
    point_in_time_recovery: bool = False
    billing_changed: dt.datetime | None = None

    def __attrs_post_init__(self) -> None:
        self.store = ItemStore(self.schema)

    def get(self, key: Mapping[str, AttributeValue]) -> Item | None:
        return self.store.get(key)

    def size_of(self, item: Mapping[str, AttributeValue] | None) -> int:
        return 0 if item is None else self.store.size_of(item)

    def check_index_keys(self, item: Mapping[str, AttributeValue]) -> None:
        """A write whose index key attribute has the wrong type is refused."""
        for index in self.indexes.values():
            for name in index.schema.names:
                given = item.get(name)
                expected = index.schema.types[name]
                if given is not None and values.type_of(given) != expected:
                    raise errors.invalid_parameter(
                        f"Type mismatch for Index Key {name} Expected: {expected} "
                        f"Actual: {values.type_of(given)} IndexName: {index.name}"
                    )
                if given is not None and expected in ("S", "B") and len(given[expected]) == 0:
                    raise errors.invalid_parameter(
                        "One or more parameter values are not valid. A value specified for a "
                        "secondary index key is not supported. The AttributeValue for a key "
                        f"attribute cannot contain an empty string value. IndexName: {index.name}, "
                        f"IndexKey: {name}"
                    )

    def write(
        self, old: Item | None, new: Item | None, *, expired: bool = False, size: int | None = None
    ) -> None:
        """Replace ``old`` by ``new`` (either may be None) in the table and its indexes;
        ``expired``: time to live deletes ``old``; ``size``: ``new``'s, if known."""
        if old is not None:
            self.store.remove(old)
            for index in self.indexes.values():
                if index.schema.covers(old):
                    index.store.remove(old)
        if new is not None:
            if size is None:
                size = values.item_size(new)
            self.store.put(new, size)
            for index in self.indexes.values():
                if index.schema.covers(new):
                    index.store.put(new, size)
        if self.expiry is not None:
            self.expiry.track(old, new)
        if self.streams and self.streams[-1].enabled:
            self.streams[-1].record(old, new, by_service=expired)

    def expire(self, now: float) -> None:
        """Delete the items whose time to live is before ``now`` (epoch seconds)."""
        if self.expiry is None:
            return
        for key in self.expiry.due(now):
            old = self.store.get(key)
            if old is not None:
                self.write(old, None, expired=True)

    def index(self, name: str) -> Index:
        found = self.indexes.get(name)
        if found is None:
            raise errors.validation(f"The table does not have the specified index: {name}")
        return found


# --- definitions -------------------------------------------------------------------


def key_schema(elements: Sequence[Params], types: Mapping[str, str], what: str) -> KeySchema:
    """A KeySchema parameter as a KeySchema, with CreateTable's checks."""
    if not elements or len(elements) > 2:
        raise errors.validation(
            f"1 validation error detected: Value '{list(elements)}' at '{what}' failed to satisfy "
            "constraint: Member must have length less than or equal to 2"
        )
    if elements[0]["KeyType"] != "HASH":
        raise errors.validation(
            "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
        )
    range_name = None
    if len(elements) == 2:
        if elements[1]["KeyType"] != "RANGE":
            raise errors.validation(
                "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"
            )
        range_name = elements[1]["AttributeName"]
        if range_name == elements[0]["AttributeName"]:
            raise errors.validation(
                "Both the Hash Key and the Range Key element in the KeySchema have the same name"
            )
    schema = KeySchema(elements[0]["AttributeName"], range_name, {})
    missing = [name for name in schema.names if name not in types]
    if missing:
        raise errors.invalid_parameter(
            "Some index key attributes are not defined in AttributeDefinitions. "
            f"Keys: [{', '.join(missing)}], AttributeDefinitions: [{', '.join(types)}]"
        )
    return KeySchema(schema.hash_name, range_name, {name: types[name] for name in schema.names})


def checked_projection(projection: Params, index_name: str) -> dict[str, Any]:
    kind = projection.get("ProjectionType")
    extra = projection.get("NonKeyAttributes")
    if kind is None:
        raise errors.invalid_parameter(f"Unknown ProjectionType: null for index: {index_name}")
    if kind == "INCLUDE" and not extra:
        raise errors.invalid_parameter(
            "ProjectionType is INCLUDE, but NonKeyAttributes is not specified"
        )
    if kind != "INCLUDE" and extra:
        raise errors.invalid_parameter(
            f"ProjectionType is {kind}, but NonKeyAttributes is specified"
        )
    return dict(projection)


def checked_throughput(billing_mode: str, given: Params | None, what: str) -> dict[str, int]:
    if billing_mode == "PAY_PER_REQUEST":
        if given is not None:
            raise errors.invalid_parameter(
                "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when "
                "BillingMode is PAY_PER_REQUEST"
            )
        return {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}
    if given is None:
        raise errors.invalid_parameter(
            "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode "
            "is PROVISIONED"
        )
    for unit in ("ReadCapacityUnits", "WriteCapacityUnits"):
        if given[unit] < 1:
            raise errors.validation(
                f"1 validation error detected: Value '{given[unit]}' at '{what}.{unit[0].lower()}"
                f"{unit[1:]}' failed to satisfy constraint: Member must have value greater than "
                "or equal to 1"
            )
    return {
        "ReadCapacityUnits": int(given["ReadCapacityUnits"]),
        "WriteCapacityUnits": int(given["WriteCapacityUnits"]),
    }


def describe_index(index: Index) -> dict[str, Any]:
    description: dict[str, Any] = {
        "IndexName": index.name,
        "KeySchema": _key_schema_elements(index.schema),
        "Projection": index.projection,
        "IndexSizeBytes": index.store.size_bytes,
        "ItemCount": len(index.store),
        "IndexArn": index.arn,
    }
    if index.is_global:
        description["IndexStatus"] = "ACTIVE"
        description["ProvisionedThroughput"] = {
            "NumberOfDecreasesToday": 0,
            **(index.throughput or {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}),
        }
    return description


def _key_schema_elements(schema: KeySchema) -> list[dict[str, str]]:
    elements = [{"AttributeName": schema.hash_name, "KeyType": "HASH"}]
    if schema.range_name is not None:
        elements.append({"AttributeName": schema.range_name, "KeyType": "RANGE"})
    return elements


def describe(table: Table, status: str = "ACTIVE") -> dict[str, Any]:
    description: dict[str, Any] = {
        "AttributeDefinitions": table.attribute_definitions,
        "TableName": table.name,
        "KeySchema": _key_schema_elements(table.schema),
        "TableStatus": status,
        "CreationDateTime": table.created,
        "ProvisionedThroughput": {"NumberOfDecreasesToday": 0, **table.throughput},
        "TableSizeBytes": table.store.size_bytes,
        "ItemCount": len(table.store),
        "TableArn": table.arn,
        "TableId": table.table_id,
        "DeletionProtectionEnabled": table.deletion_protection,
    }
    if table.billing_mode == "PAY_PER_REQUEST" or table.billing_changed is not None:
        summary: dict[str, Any] = {"BillingMode": table.billing_mode}
        if table.billing_changed is not None and table.billing_mode == "PAY_PER_REQUEST":
            summary["LastUpdateToPayPerRequestDateTime"] = table.billing_changed
        description["BillingModeSummary"] = summary
    local = [describe_index(i) for i in table.indexes.values() if not i.is_global]
    global_ = [describe_index(i) for i in table.indexes.values() if i.is_global]
    if local:
        description["LocalSecondaryIndexes"] = local
    if global_:
        description["GlobalSecondaryIndexes"] = global_
    if table.stream is not None and table.stream.get("StreamEnabled"):
        description["StreamSpecification"] = table.stream
    if table.streams:
        description["LatestStreamLabel"] = table.streams[-1].label
        description["LatestStreamArn"] = table.streams[-1].arn
    if table.sse is not None:
        description["SSEDescription"] = table.sse
    if table.table_class != "STANDARD":
        description["TableClassSummary"] = {"TableClass": table.table_class}
    return description


class TableHost:
    """What the operation mixins rely on from the backend: its tables."""

    world: World
    tables: dict[str, Table]
    transaction_tokens: dict[str, Any]

    def table(self, name: str) -> Table:
        """The table an item operation names (with the item operations' not-found wording),
        its expired items deleted."""
        found = self.tables.get(name)
        if found is None:
            raise errors.resource_not_found()
        found.expire(self.world.clock.time())
        return found
