"""Where items live: partitions by hash key, each sorted by its sort key.

A Query reads one partition from a seek (O(log n + page)); a Scan walks the
partitions in the order of their hash key's token, as DynamoDB's scan order
follows its partitioning, so Scan segments are contiguous token ranges.
Tables and secondary indexes share the structure: an index orders a
partition's entries by (index sort key, table key), as index keys need not be
unique.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
from sortedcontainers import SortedDict

from hookmock.backends.dynamodb import values
from hookmock.backends.dynamodb.values import AttributeValue, Item

TOKEN_SPACE = 1 << 64
Position = tuple[Any, ...]
"""(token, hash value, *sort values): where an entry sits in scan order."""


@attrs.frozen
class KeySchema:
    hash_name: str
    range_name: str | None
    types: Mapping[str, str]
    """Key attribute name → its declared type (S, N or B)."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.hash_name,) if self.range_name is None else (self.hash_name, self.range_name)

    def key_of(self, item: Mapping[str, AttributeValue]) -> Item:
        return {name: item[name] for name in self.names if name in item}

    def identity(self, key: Mapping[str, AttributeValue]) -> tuple[Any, ...]:
        """The comparable values of ``key``'s attributes: equal for one item's key."""
        return tuple(values.scalar(key[name]) for name in self.names)

    def covers(self, item: Mapping[str, AttributeValue]) -> bool:
        """Whether ``item`` has every key attribute with its declared type."""
        return all(
            name in item and values.type_of(item[name]) == self.types[name] for name in self.names
        )


def token(hash_value: Any) -> int:
    raw = hash_value if isinstance(hash_value, bytes) else str(hash_value).encode()
    return int.from_bytes(hashlib.md5(raw, usedforsecurity=False).digest()[:8], "big")


class ItemStore:
    """The entries of a table (``table_schema`` None) or of one index of it."""

    def __init__(self, schema: KeySchema, table_schema: KeySchema | None = None) -> None:
        self.schema = schema
        self._table_schema = table_schema
        self._partitions: dict[Any, SortedDict] = {}
        self._scan_order = SortedDict()
        self.size_bytes = 0
        self._count = 0
        # Entry sizes by the id of the stored item: items are never changed once
        # stored (writes replace them), and an id stays unique while the store
        # holds its item, so each read of a page does not size every item again.
        self._sizes: dict[int, int] = {}

    def __len__(self) -> int:
        return self._count

    def sort_values(self, item: Mapping[str, AttributeValue]) -> tuple[Any, ...]:
        """An entry's place inside its partition."""
        own = (
            () if self.schema.range_name is None else (values.scalar(item[self.schema.range_name]),)
        )
        if self._table_schema is None:
            return own
        return own + tuple(values.scalar(item[name]) for name in self._table_schema.names)

    def position(self, item: Mapping[str, AttributeValue]) -> Position:
        hash_value = values.scalar(item[self.schema.hash_name])
        return (token(hash_value), hash_value, *self.sort_values(item))

    def get(self, key: Mapping[str, AttributeValue]) -> Item | None:
        partition = self._partitions.get(values.scalar(key[self.schema.hash_name]))
        if partition is None:
            return None
        found: Item | None = partition.get(self.sort_values(key))
        return found

    def put(self, item: Item, size: int | None = None) -> None:
        """Add or replace the entry at ``item``'s key (callers remove a moved entry first).
        ``size``: the item's size, when the caller knows it already."""
        hash_value = values.scalar(item[self.schema.hash_name])
        partition = self._partitions.get(hash_value)
        if partition is None:
            partition = self._partitions[hash_value] = SortedDict()
            self._scan_order[(token(hash_value), hash_value)] = partition
        sort = self.sort_values(item)
        old = partition.get(sort)
        if old is not None:
            self.size_bytes -= self._sizes.pop(id(old))
        else:
            self._count += 1
        partition[sort] = item
        if size is None:
            size = values.item_size(item)
        self._sizes[id(item)] = size
        self.size_bytes += size

    def remove(self, item: Mapping[str, AttributeValue]) -> None:
        hash_value = values.scalar(item[self.schema.hash_name])
        partition = self._partitions.get(hash_value)
        if partition is None:
            return
        old = partition.pop(self.sort_values(item), None)
        if old is None:
            return
        self._count -= 1
        self.size_bytes -= self._sizes.pop(id(old))
        if not partition:
            del self._partitions[hash_value]
            del self._scan_order[(token(hash_value), hash_value)]

    def size_of(self, item: Mapping[str, AttributeValue]) -> int:
        """``item``'s size: kept for the entries stored here, computed for any other."""
        size = self._sizes.get(id(item))
        return values.item_size(item) if size is None else size

    def partition(self, hash_value: Any) -> SortedDict | None:
        return self._partitions.get(hash_value)

    def scan(
        self, after: Position | None, segment: int = 0, total_segments: int = 1
    ) -> Iterator[Item]:
        """Entries in scan order, from just after ``after``, within one segment."""
        low = TOKEN_SPACE * segment // total_segments
        high = TOKEN_SPACE * (segment + 1) // total_segments
        start: tuple[Any, ...] = (low,)
        resumed: tuple[Any, ...] | None = None
        if after is not None and after[0] >= low:
            start, resumed = (after[0], after[1]), tuple(after[2:])
        for part_key in self._scan_order.irange(minimum=start):
            if part_key[0] >= high:
                return
            partition = self._scan_order[part_key]
            if part_key == start and resumed is not None:
                keys = partition.irange(minimum=resumed, inclusive=(False, True))
                yield from (partition[key] for key in keys)
            else:
                yield from partition.values()
