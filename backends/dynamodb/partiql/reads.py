"""SELECT through ExecuteStatement: a Query when the WHERE pins the partition key
(equality, IN, or an OR of them), with sort key conditions as a range; a Scan
otherwise. Pages end after ``Limit`` items read or 1 MB, as Query and Scan do;
NextToken carries where the page ended, bound to the statement and its parameters."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from hookmock.backends._core import Params
from hookmock.backends.dynamodb import capacity, errors, values
from hookmock.backends.dynamodb.expressions import conditions
from hookmock.backends.dynamodb.expressions.bindings import Bindings
from hookmock.backends.dynamodb.partiql import nodes as ql
from hookmock.backends.dynamodb.partiql import planner
from hookmock.backends.dynamodb.partiql.statements import check_functions, projected
from hookmock.backends.dynamodb.queries import PAGE_BYTES, SortRange, Source, _partition_entries
from hookmock.backends.dynamodb.storage import KeySchema
from hookmock.backends.dynamodb.tables import Table
from hookmock.backends.dynamodb.values import Item
from hookmock.shapes import AWSError

Position = tuple[int, Item]
"""(index of the partition in the plan, key of the last item read)."""


def scope_of(params: Params) -> str:
    """What a NextToken is bound to: the statement and its parameters."""
    raw = json.dumps([params["Statement"], params.get("Parameters")], default=repr)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _encode_key(key: Item) -> dict[str, list[str]]:
    encoded = {}
    for name, value in key.items():
        kind, content = next(iter(value.items()))
        text = base64.b64encode(content).decode() if kind == "B" else content
        encoded[name] = [kind, text]
    return encoded


def _decode_key(encoded: dict[str, list[str]], types: dict[str, str]) -> Item:
    """The key a token carries, of exactly the key attributes and their types."""
    key: Item = {}
    for name, (kind, text) in encoded.items():
        if types.get(name) != kind:
            raise ValueError(kind)
        key[name] = values.checked({kind: base64.b64decode(text) if kind == "B" else str(text)})
    if set(key) != set(types):
        raise ValueError("not the key attributes")
    return key


def next_token(scope: str, position: Position) -> str:
    raw = json.dumps([scope, position[0], _encode_key(position[1])], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def start_position(token: str | None, scope: str, types: dict[str, str]) -> Position | None:
    if token is None:
        return None
    try:
        minted_for, index, encoded = json.loads(base64.urlsafe_b64decode(token.encode()))
        key = _decode_key(encoded, types)
        valid = isinstance(index, int) and index >= 0
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, AttributeError, AWSError):
        valid = False
    if not valid:
        raise errors.validation("Invalid NextToken")
    if minted_for != scope:
        raise errors.validation("NextToken does not match request")
    return index, key


def _source(table: Table, select: ql.Select, consistent: bool) -> Source:
    if select.index is None:
        return Source(table, None)
    index = table.index(select.index)
    if index.is_global and consistent:
        raise errors.validation(
            "Strongly consistent read is not supported on Global Secondary Indexes"
        )
    return Source(table, index)


def _ordering(
    select: ql.Select, schema: KeySchema, hash_values: list[Any] | None
) -> tuple[bool | None, bool]:
    """From ORDER BY: how partitions are ordered (None: as the WHERE lists them;
    True: descending) and whether each partition is read backwards."""
    if not select.order:
        return None, False
    if select.where is None:
        raise errors.validation(
            "Must have WHERE clause in the statement when using ORDER BY clause."
        )
    if hash_values is None:
        raise errors.validation(
            "Must have at least one non-optional hash key condition in WHERE clause when using "
            "ORDER BY clause."
        )
    for name, _ in select.order:
        if name not in schema.names:
            raise errors.validation(
                f"Variable reference {name} in ORDER BY clause must be part of the primary key"
            )
    ordered = dict(select.order)
    if len(hash_values) > 1 and schema.hash_name not in ordered:
        raise errors.validation(
            "Must have hash key in ORDER BY clause when more than one hash key condition "
            "specified in WHERE clause."
        )
    by_hash = ordered.get(schema.hash_name)
    backwards = schema.range_name is not None and ordered.get(schema.range_name, False)
    return by_hash, backwards


def _entries(
    source: Source,
    hash_values: list[Any] | None,
    sort: SortRange,
    start: Position | None,
    backwards: bool,
) -> Iterator[tuple[int, Item]]:
    if hash_values is None:
        after = None if start is None else source.store.position(start[1])
        yield from ((0, item) for item in source.store.scan(after))
        return
    first = 0 if start is None else start[0]
    for at in range(first, len(hash_values)):
        resume = start[1] if start is not None and at == start[0] else None
        entries = _partition_entries(source, hash_values[at], sort, resume, not backwards)
        yield from ((at, item) for item in entries)


def select_page(params: Params, table: Table, select: ql.Select, bound: Bindings) -> dict[str, Any]:
    consistent = bool(params.get("ConsistentRead"))
    source = _source(table, select, consistent)
    schema = source.schema
    where = select.where
    check_functions(where, bound)
    hash_values = None if where is None else planner.partitions(where, schema, bound)
    sort = (
        SortRange()
        if where is None or hash_values is None
        else planner.sort_range(where, schema, bound)
    )
    by_hash, backwards = _ordering(select, schema, hash_values)
    if hash_values is not None and by_hash is not None:
        hash_values = sorted(hash_values, reverse=by_hash)
    scope = scope_of(params)
    start = start_position(params.get("NextToken"), scope, {**table.schema.types, **schema.types})
    limit = params.get("Limit")
    found: list[dict[str, Any]] = []
    read_bytes = 0
    last: Position | None = None
    entries = _entries(source, hash_values, sort, start, backwards)
    for scanned, (at, item) in enumerate(entries, 1):
        read_bytes += values.item_size(item)
        if where is None or conditions.matches(where, item, bound):
            found.append(projected(_shown(source, item), select.projection, bound))
        if (limit is not None and scanned >= limit) or read_bytes >= PAGE_BYTES:
            last = (at, source.last_key(item))
            break
    answer: dict[str, Any] = {"Items": found}
    if last is not None:
        answer["NextToken"] = next_token(scope, last)
    index = source.index
    used = capacity.consumed(
        params,
        table.name,
        capacity.read_units(read_bytes, consistent),
        None if index is None else index.name,
        index is None or index.is_global,
    )
    if used is not None:
        answer["ConsumedCapacity"] = used
    return answer


def _shown(source: Source, item: Item) -> Item:
    """What an index holds of an item: the attributes it projects."""
    if source.index is None:
        return item
    return source.index.projected(item, source.table.schema)
