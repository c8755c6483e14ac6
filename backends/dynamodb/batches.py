"""BatchGetItem and BatchWriteItem: many keys across tables, checked whole
before any is read or written."""

from __future__ import annotations

from typing import Any

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.dynamodb import capacity, errors, requests, values
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.items import item_collection_metrics
from hookmock.backends.dynamodb.storage import KeySchema
from hookmock.backends.dynamodb.tables import TableHost
from hookmock.backends.dynamodb.values import Item

MAX_GET_KEYS = 100
MAX_WRITES = 25
MAX_RESPONSE_BYTES = 16 * 1024 * 1024


def _duplicates() -> Exception:
    return errors.validation("Provided list of item keys contains duplicates")


def _batch_key(schema: KeySchema, given: Item) -> Item:
    """The key of a batch entry: a missing or mistyped key attribute is a schema mismatch."""
    key = {name: given[name] for name in schema.names if name in given}
    return requests.checked_key(schema, key)


class BatchOperations(TableHost):
    @operation("BatchGetItem")
    def batch_get_item(self, call: Call, params: Params) -> Result:
        request = params["RequestItems"]
        if sum(len(entry["Keys"]) for entry in request.values()) > MAX_GET_KEYS:
            raise errors.validation("Too many items requested for the BatchGetItem call")
        plans = []
        for name, entry in request.items():
            table = self.table(name)
            requests.check_legacy(call, entry)
            bound = Bindings(entry)
            paths = requests.projection(entry, bound)
            bound.check_all_used()
            keys = [requests.checked_key(table.schema, key) for key in entry["Keys"]]
            identities = {table.schema.identity(key) for key in keys}
            if len(identities) != len(keys):
                raise _duplicates()
            plans.append((name, table, entry, keys, paths))
        responses: dict[str, list[Item]] = {}
        unprocessed: dict[str, Any] = {}
        used: list[dict[str, Any]] = []
        total = 0
        for name, table, entry, keys, paths in plans:
            found = responses.setdefault(name, [])
            read = 0
            for at, key in enumerate(keys):
                if total >= MAX_RESPONSE_BYTES:
                    unprocessed[name] = {**entry, "Keys": keys[at:]}
                    break
                item = table.get(key)
                if item is not None:
                    found.append(requests.projected(item, paths))
                    size = values.item_size(item)
                    total += size
                    read += size
            units = capacity.read_units(read, bool(entry.get("ConsistentRead")))
            consumed = capacity.consumed(params, name, units)
            if consumed is not None:
                used.append(consumed)
        result: dict[str, Any] = {"Responses": responses, "UnprocessedKeys": unprocessed}
        if used:
            result["ConsumedCapacity"] = used
        return result

    @operation("BatchWriteItem")
    def batch_write_item(self, call: Call, params: Params) -> Result:
        request = params["RequestItems"]
        if sum(len(writes) for writes in request.values()) > MAX_WRITES:
            raise errors.validation("Too many items requested for the BatchWriteItem call")
        plans = []
        for name, writes in request.items():
            table = self.table(name)
            seen: set[tuple[Any, ...]] = set()
            for write in writes:
                if "PutRequest" in write:
                    given = write["PutRequest"]["Item"]
                    key = _batch_key(table.schema, values.checked_item(given))
                    item: Item | None = requests.checked_new_item(table.schema, given)
                    table.check_index_keys(item or {})
                else:
                    key = requests.checked_key(table.schema, write["DeleteRequest"]["Key"])
                    item = None
                identity = table.schema.identity(key)
                if identity in seen:
                    raise _duplicates()
                seen.add(identity)
                plans.append((table, key, item))
        written: dict[str, float] = {}
        metrics: dict[str, list[dict[str, Any]]] = {}
        for table, key, item in plans:
            old = table.get(key)
            if item is not None or old is not None:
                table.write(old, item)
            size = max(values.item_size(old or {}), values.item_size(item or {}))
            written[table.name] = written.get(table.name, 0.0) + capacity.write_units(size)
            collection = item_collection_metrics(params, table, item or old)
            if collection is not None:
                metrics.setdefault(table.name, []).append(collection)
        result: dict[str, Any] = {"UnprocessedItems": {}}
        used = [capacity.consumed(params, name, units) for name, units in written.items()]
        if any(entry is not None for entry in used):
            result["ConsumedCapacity"] = [entry for entry in used if entry is not None]
        if metrics:
            result["ItemCollectionMetrics"] = metrics
        return result
