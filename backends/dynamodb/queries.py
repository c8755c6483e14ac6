"""Query and Scan, on tables and on their secondary indexes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from hookmock.backends._core import Call, Params, Result, operation
from hookmock.backends.dynamodb import capacity, errors, legacy, requests, values
from hookmock.backends.dynamodb.expressions import conditions, nodes, parser
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.storage import ItemStore, KeySchema
from hookmock.backends.dynamodb.tables import Index, Table, TableHost
from hookmock.backends.dynamodb.values import AttributeValue, Item
from hookmock.shapes import Rendered

PAGE_BYTES = 1024 * 1024
KEY_KIND = "KeyConditionExpression"


class _Top:
    """Sorts after every key value: ``(v, TOP)`` bounds all entries whose first part is v."""

    def __lt__(self, other: object) -> bool:
        return False

    def __gt__(self, other: object) -> bool:
        return True


TOP = _Top()


@attrs.frozen
class SortRange:
    """The sort key condition of a Query, as bounds on the sort key value."""

    low: Any = None
    low_inclusive: bool = True
    high: Any = None
    high_inclusive: bool = True


@attrs.frozen
class Source:
    """What a Query or Scan reads: a table, or one of its indexes."""

    table: Table
    index: Index | None

    @property
    def store(self) -> ItemStore:
        return self.table.store if self.index is None else self.index.store

    @property
    def schema(self) -> KeySchema:
        return self.table.schema if self.index is None else self.index.schema

    def last_key(self, item: Item) -> Item:
        key = self.table.schema.key_of(item)
        if self.index is not None:
            key.update(self.index.schema.key_of(item))
        return key

    def start_position(self, params: Params) -> Item | None:
        given = params.get("ExclusiveStartKey")
        if given is None:
            return None
        key = values.checked_item(given)
        wanted = set(self.table.schema.names)
        if self.index is not None:
            wanted |= set(self.index.schema.names)
        types = {**self.table.schema.types, **(self.index.schema.types if self.index else {})}
        if set(key) != wanted or any(values.type_of(key[n]) != types[n] for n in wanted):
            raise errors.validation(
                "The provided starting key is invalid: The provided key element does not match "
                "the schema"
            )
        return key


def _source(table: Table, params: Params) -> Source:
    name = params.get("IndexName")
    if name is None:
        return Source(table, None)
    index = table.index(name)
    if index.is_global and params.get("ConsistentRead"):
        raise errors.validation("Consistent reads are not supported on global secondary indexes")
    return Source(table, index)


def _select(params: Params, source: Source) -> str:
    select: str | None = params.get("Select")
    chosen = "ProjectionExpression" if params.get("ProjectionExpression") else None
    chosen = chosen or ("AttributesToGet" if params.get("AttributesToGet") else None)
    wording = {
        "ALL_ATTRIBUTES": "ALL_ATTRIBUTES",
        "COUNT": "only the Count",
        "ALL_PROJECTED_ATTRIBUTES": "ALL_PROJECTED_ATTRIBUTES",
    }
    if select in wording and chosen:
        raise errors.validation(
            f"Cannot specify the {chosen} when choosing to get {wording[select]}"
        )
    if select == "ALL_PROJECTED_ATTRIBUTES" and source.index is None:
        raise errors.validation(
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
        )
    if select == "SPECIFIC_ATTRIBUTES" and not chosen:
        raise errors.validation(
            "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
            "SPECIFIC_ATTRIBUTES"
        )
    index = source.index
    if (
        select == "ALL_ATTRIBUTES"
        and index is not None
        and index.is_global
        and index.projection["ProjectionType"] != "ALL"
    ):
        raise errors.invalid_parameter(
            f"Select type ALL_ATTRIBUTES is not supported for global secondary index "
            f"{index.name} because its projection type is not ALL"
        )
    if select is not None:
        return select
    if chosen:
        return "SPECIFIC_ATTRIBUTES"
    return "ALL_ATTRIBUTES" if index is None else "ALL_PROJECTED_ATTRIBUTES"


def _shown(source: Source, item: Item, select: str) -> Item:
    if source.index is not None and select == "ALL_PROJECTED_ATTRIBUTES":
        return source.index.projected(item, source.table.schema)
    return item


class QueryOperations(TableHost):
    @operation("Query")
    def query(self, call: Call, params: Params) -> Result:
        table = self.table(params["TableName"])
        requests.check_legacy(call, params)
        source = _source(table, params)
        select = _select(params, source)
        bound = Bindings(params)
        keys = _key_condition_tree(params, bound, source.schema)
        hash_value, sort_range = _key_conditions(keys, source.schema, bound)
        condition = requests.condition(params, bound, "FilterExpression")
        _check_filter_keys(params, condition, bound, source.schema)
        paths = requests.projection(params, bound)
        bound.check_all_used()
        start = source.start_position(params)
        if start is not None and values.scalar(start[source.schema.hash_name]) != hash_value:
            raise errors.validation(
                "The provided starting key is outside query boundaries based on provided conditions"
            )
        forward = params.get("ScanIndexForward", True)
        entries = _partition_entries(source, hash_value, sort_range, start, forward)
        return _page(params, source, entries, condition, bound, paths, select)

    @operation("Scan")
    def scan(self, call: Call, params: Params) -> Result:
        table = self.table(params["TableName"])
        requests.check_legacy(call, params)
        source = _source(table, params)
        select = _select(params, source)
        segment, total = _segments(params)
        bound = Bindings(params)
        condition = requests.condition(params, bound, "FilterExpression")
        paths = requests.projection(params, bound)
        bound.check_all_used()
        start = source.start_position(params)
        after = None if start is None else source.store.position(start)
        entries = source.store.scan(after, segment, total)
        return _page(params, source, entries, condition, bound, paths, select)


def _key_condition_tree(params: Params, bound: Bindings, schema: KeySchema) -> nodes.Condition:
    if params.get("KeyConditionExpression") is not None:
        parsed = parser.parse_condition(KEY_KIND, params["KeyConditionExpression"])
        bound.use(KEY_KIND, parsed)
        tree: nodes.Condition = parsed.tree  # type: ignore[assignment]
        return tree
    if params.get("KeyConditions") is not None:
        return legacy.key_condition(params, bound, schema)
    raise errors.validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified "
        "in the request."
    )


def _check_filter_keys(
    params: Params, condition: nodes.Condition | None, bound: Bindings, schema: KeySchema
) -> None:
    """A Query's filter may not name the key attributes of what it reads."""
    if params.get("QueryFilter") is not None:
        legacy.check_filter_keys(params, schema)
        return
    if condition is None:
        return
    named = {bound.path(path)[0] for path in _paths(condition)}
    for name in schema.names:
        if name in named:
            raise errors.validation(
                "Filter Expression can only contain non-primary key attributes: "
                f"Primary key attribute: {name}"
            )


def _paths(node: nodes.Condition | nodes.Operand) -> Iterator[nodes.Path]:
    """Every document path a condition reads."""
    if isinstance(node, nodes.Path):
        yield node
    elif isinstance(node, nodes.Size):
        yield node.path
    elif isinstance(node, (nodes.And, nodes.Or)):
        yield from _paths(node.left)
        yield from _paths(node.right)
    elif isinstance(node, nodes.Not):
        yield from _paths(node.condition)
    elif isinstance(node, nodes.Compare):
        yield from _paths(node.left)
        yield from _paths(node.right)
    elif isinstance(node, nodes.Between):
        for part in (node.operand, node.low, node.high):
            yield from _paths(part)
    elif isinstance(node, nodes.In):
        for part in (node.operand, *node.choices):
            yield from _paths(part)
    elif isinstance(node, nodes.Function):
        for part in node.args:
            yield from _paths(part)


def _segments(params: Params) -> tuple[int, int]:
    segment = params.get("Segment")
    total = params.get("TotalSegments")
    if segment is not None and total is None:
        raise errors.validation(
            "The TotalSegments parameter is required but was not present in the request when "
            "Segment parameter is present"
        )
    if total is not None and segment is None:
        raise errors.validation(
            "The Segment parameter is required but was not present in the request when "
            "parameter TotalSegments is present"
        )
    if segment is None or total is None:
        return 0, 1
    if segment >= total:
        raise errors.validation(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
            f"Segment: {segment} is not less than TotalSegments: {total}"
        )
    return int(segment), int(total)


def _page(
    params: Params,
    source: Source,
    entries: Iterator[Item],
    condition: nodes.Condition | None,
    bound: Bindings,
    paths: list[tuple[str | int, ...]] | None,
    select: str,
) -> dict[str, Any]:
    """One page: Limit and the 1 MB cap count items read, before the filter."""
    limit = params.get("Limit")
    found: list[Item] = []
    scanned = 0
    read_bytes = 0
    last: Item | None = None
    store = source.store
    for item in entries:
        scanned += 1
        read_bytes += store.size_of(item)
        if condition is None or conditions.matches(condition, item, bound):
            found.append(item)
        if (limit is not None and scanned >= limit) or read_bytes >= PAGE_BYTES:
            last = item
            break
    result: dict[str, Any] = {"Count": len(found), "ScannedCount": scanned}
    if select != "COUNT":
        shown = [requests.handed_out(_shown(source, i, select), paths) for i in found]
        result["Items"] = Rendered(shown)
    if last is not None:
        result["LastEvaluatedKey"] = source.last_key(last)
    consistent = bool(params.get("ConsistentRead"))
    index = source.index
    used = capacity.consumed(
        params,
        source.table.name,
        capacity.read_units(read_bytes, consistent),
        None if index is None else index.name,
        index is None or index.is_global,
    )
    if used is not None:
        result["ConsumedCapacity"] = used
    return result


# --- key conditions --------------------------------------------------------------------


def _flatten(node: nodes.Condition) -> list[nodes.Condition]:
    if isinstance(node, nodes.And):
        return _flatten(node.left) + _flatten(node.right)
    return [node]


def _operator_of(node: nodes.Condition) -> str:
    if isinstance(node, nodes.Or):
        return "OR"
    if isinstance(node, nodes.Not):
        return "NOT"
    if isinstance(node, nodes.In):
        return "IN"
    if isinstance(node, nodes.Function):
        return node.name
    if isinstance(node, nodes.Compare):
        return node.operator
    return "BETWEEN"


def _key_name(operand: nodes.Operand, bound: Bindings) -> str:
    if isinstance(operand, nodes.Size):
        raise errors.validation("KeyConditionExpressions cannot contain nested operations")
    if not isinstance(operand, nodes.Path):
        raise errors.validation(
            "Invalid condition in KeyConditionExpression: No key attribute specified"
        )
    path = bound.path(operand)
    if len(path) != 1:
        raise errors.validation(
            "KeyConditionExpressions cannot have conditions on nested attributes"
        )
    return str(path[0])


def _key_value(operand: nodes.Operand, bound: Bindings, schema: KeySchema, name: str) -> Any:
    if not isinstance(operand, nodes.Value):
        raise errors.validation(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one "
            "condition"
        )
    value: AttributeValue = bound.value(operand)
    if values.type_of(value) != schema.types[name]:
        raise errors.invalid_parameter("Condition parameter type does not match schema type")
    return values.scalar(value)


_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}


def _key_conditions(
    tree: nodes.Condition, schema: KeySchema, bound: Bindings
) -> tuple[Any, SortRange]:
    """The partition key value and the sort key range a key condition expression names."""
    hash_value: Any = None
    sort_range: SortRange | None = None
    for part in _flatten(tree):
        operator = _operator_of(part)
        if operator in ("OR", "NOT", "IN", "<>") or operator in (
            "attribute_exists",
            "attribute_not_exists",
            "attribute_type",
            "contains",
        ):
            raise errors.validation(f"Invalid operator used in KeyConditionExpression: {operator}")
        if isinstance(part, nodes.Compare):
            left, right, op = part.left, part.right, part.operator
            if isinstance(left, nodes.Value) and not isinstance(right, nodes.Value):
                left, right, op = right, left, _MIRRORED[op]
            name = _key_name(left, bound)
        elif isinstance(part, nodes.Between):
            name = _key_name(part.operand, bound)
        else:
            assert isinstance(part, nodes.Function)  # begins_with: the others are refused above
            name = _key_name(part.args[0], bound)
        if name not in schema.names:
            raise errors.validation("Query key condition not supported")
        already = hash_value is not None if name == schema.hash_name else sort_range is not None
        if already:
            raise errors.invalid_expression(
                KEY_KIND, "KeyConditionExpressions must only contain one condition per key"
            )
        if name == schema.hash_name:
            if not isinstance(part, nodes.Compare) or op != "=":
                raise errors.validation("Query key condition not supported")
            hash_value = _key_value(right, bound, schema, name)
        elif isinstance(part, nodes.Compare):
            sort_range = _compare_range(op, _key_value(right, bound, schema, name))
        elif isinstance(part, nodes.Between):
            low = _key_value(part.low, bound, schema, name)
            high = _key_value(part.high, bound, schema, name)
            sort_range = SortRange(low, True, high, True)
        else:
            prefix = _key_value(part.args[1], bound, schema, name)
            if schema.types[name] == "N":
                raise conditions.wrong_operand(KEY_KIND, "begins_with", "N")
            sort_range = SortRange(prefix, True, _prefix_end(prefix), False)
    if hash_value is None:
        raise errors.validation(f"Query condition missed key schema element: {schema.hash_name}")
    return hash_value, sort_range or SortRange()


def _compare_range(op: str, value: Any) -> SortRange:
    if op == "=":
        return SortRange(value, True, value, True)
    if op in ("<", "<="):
        return SortRange(None, True, value, op == "<=")
    return SortRange(value, op == ">=", None, True)


def _prefix_end(prefix: Any) -> Any:
    """The least value above every value starting with ``prefix`` (None: no bound)."""
    if isinstance(prefix, bytes):
        trimmed = prefix.rstrip(b"\xff")
        return trimmed[:-1] + bytes([trimmed[-1] + 1]) if trimmed else None
    if not prefix:
        return None
    if ord(prefix[-1]) >= 0x10FFFF:
        return None
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _partition_entries(
    source: Source, hash_value: Any, sort: SortRange, start: Item | None, forward: bool
) -> Iterator[Item]:
    partition = source.store.partition(hash_value)
    if partition is None:
        return iter(())
    if sort.low is None:
        first = 0
    else:
        first = partition.bisect_left((sort.low,) if sort.low_inclusive else (sort.low, TOP))
    if sort.high is None:
        stop = len(partition)
    else:
        stop = partition.bisect_left((sort.high, TOP) if sort.high_inclusive else (sort.high,))
    if start is not None:
        at = source.store.sort_values(start)
        if forward:
            first = max(first, partition.bisect_right(at))
        else:
            stop = min(stop, partition.bisect_left(at))
    if first >= stop:
        return iter(())
    return (partition[key] for key in partition.islice(first, stop, reverse=not forward))
