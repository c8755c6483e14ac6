"""PutItem, GetItem, UpdateItem and DeleteItem."""

from __future__ import annotations

from typing import Any

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.dynamodb import capacity, legacy, requests, values
from hookmock.backends.dynamodb.expressions import conditions, documents, nodes, parser, update
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.tables import Table, TableHost
from hookmock.backends.dynamodb.values import Item
from hookmock.shapes import Rendered

_EMPTY: Item = {}


def check_condition(
    call: Call, params: Params, condition: nodes.Condition | None, old: Item | None, bound: Bindings
) -> None:
    if condition is not None and not conditions.matches(condition, old or _EMPTY, bound):
        raise requests.condition_failed(call, params, old)


def write_result(
    params: Params,
    table: Table,
    old: Item | None,
    new: Item | None,
    attributes: Item | None,
    old_size: int = 0,
) -> dict[str, Any]:
    """A single-item write's answer (after the write; ``old_size`` is the replaced
    item's): the attributes ReturnValues asked for, ConsumedCapacity and
    ItemCollectionMetrics."""
    answer: dict[str, Any] = {"Attributes": attributes} if attributes else {}
    size = max(old_size, table.size_of(new))
    used = capacity.consumed(params, table.name, capacity.write_units(size))
    if used is not None:
        answer["ConsumedCapacity"] = used
    metrics = item_collection_metrics(params, table, new or old)
    if metrics is not None:
        answer["ItemCollectionMetrics"] = metrics
    return answer


def item_collection_metrics(
    params: Params, table: Table, item: Item | None
) -> dict[str, Any] | None:
    """Reported only for tables with local secondary indexes, as DynamoDB does."""
    if params.get("ReturnItemCollectionMetrics") != "SIZE" or item is None:
        return None
    if not any(not index.is_global for index in table.indexes.values()):
        return None
    hash_name = table.schema.hash_name
    return {"ItemCollectionKey": {hash_name: item[hash_name]}, "SizeEstimateRangeGB": [0.0, 1.0]}


class ItemOperations(TableHost):
    def _conditional_write(
        self, call: Call, params: Params
    ) -> tuple[Table, bool, Bindings, nodes.Condition | None]:
        """PutItem's and DeleteItem's request checks: the table, whether the old
        item is to be returned, and the bound condition."""
        table = self.table(params["TableName"])
        requests.check_legacy(call, params)
        returning = requests.check_return_values(params, ("NONE", "ALL_OLD"))
        bound = Bindings(params)
        condition = requests.condition(params, bound)
        bound.check_all_used()
        return table, returning == "ALL_OLD", bound, condition

    @operation("PutItem")
    def put_item(self, call: Call, params: Params) -> Result:
        table, returns_old, bound, condition = self._conditional_write(call, params)
        item = requests.checked_new_item(table.schema, params["Item"])
        table.check_index_keys(item)
        old = table.get(item)
        check_condition(call, params, condition, old, bound)
        old_size = table.size_of(old)
        table.write(old, item)
        return write_result(params, table, old, item, old if returns_old else None, old_size)

    @operation("GetItem")
    def get_item(self, call: Call, params: Params) -> Result:
        table = self.table(params["TableName"])
        requests.check_legacy(call, params)
        bound = Bindings(params)
        paths = requests.projection(params, bound)
        bound.check_all_used()
        key = requests.checked_key(table.schema, params["Key"])
        found = table.get(key)
        answer: dict[str, Any] = {}
        if found is not None:
            answer["Item"] = Rendered(requests.handed_out(found, paths))
        consistent = bool(params.get("ConsistentRead"))
        size = table.size_of(found)
        used = capacity.consumed(params, table.name, capacity.read_units(size, consistent))
        if used is not None:
            answer["ConsumedCapacity"] = used
        return answer

    @operation("DeleteItem")
    def delete_item(self, call: Call, params: Params) -> Result:
        table, returns_old, bound, condition = self._conditional_write(call, params)
        key = requests.checked_key(table.schema, params["Key"])
        old = table.get(key)
        check_condition(call, params, condition, old, bound)
        old_size = table.size_of(old)
        if old is not None:
            table.write(old, None)
        return write_result(params, table, old, None, old if returns_old else None, old_size)

    @operation("UpdateItem")
    def update_item(self, call: Call, params: Params) -> Result:
        table = self.table(params["TableName"])
        requests.check_legacy(call, params)
        returning = requests.check_return_values(
            params, ("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW")
        )
        bound = Bindings(params)
        actions = update_actions(params, bound, table)
        condition = requests.condition(params, bound)
        bound.check_all_used()
        key = requests.checked_key(table.schema, params["Key"])
        old = table.get(key)
        check_condition(call, params, condition, old, bound)
        if params.get("AttributeUpdates") is None:
            new = update.apply(actions, old or dict(key), bound) if actions else dict(old or key)
        elif old is None and not legacy.creates_item(actions):
            return write_result(params, table, None, None, None)
        else:
            new = update.apply(actions, old or dict(key), bound, legacy.type_mismatch)
        table.check_index_keys(new)
        size = values.check_item_size(new)
        old_size = table.size_of(old)
        table.write(old, new, size=size)
        attributes = returned_attributes(returning, actions, bound, old, new)
        return write_result(params, table, old, new, attributes, old_size)


def update_actions(params: Params, bound: Bindings, table: Table) -> list[nodes.UpdateAction]:
    """The request's update actions, from its UpdateExpression or its AttributeUpdates."""
    given = legacy.update_actions(params, bound, table.schema.names)
    if given is not None:
        return given
    text = params.get("UpdateExpression")
    if text is None:
        return []
    parsed = parser.parse_update(text)
    bound.use("UpdateExpression", parsed)
    actions: list[nodes.UpdateAction] = list(parsed.tree)  # type: ignore[call-overload]
    update.check(actions, bound, table.schema.names)
    return actions


def returned_attributes(
    returning: str,
    actions: list[nodes.UpdateAction],
    bound: Bindings,
    old: Item | None,
    new: Item,
) -> Item | None:
    if returning == "ALL_OLD":
        return old
    if returning == "ALL_NEW":
        return new
    if returning in ("UPDATED_OLD", "UPDATED_NEW"):
        source = old if returning == "UPDATED_OLD" else new
        if not source:
            return None
        return documents.project(source, [bound.path(action.path) for action in actions])
    return None
