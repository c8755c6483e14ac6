"""Time to Live: a table's items ordered by when they expire.

DynamoDB deletes an item some time after the number of epoch seconds in its
TTL attribute has passed. hookmock deletes it at the first call that touches
the table once the world clock is past that time (``Table.expire``), so the
index is kept in step with every write and the call only pays for the items
that are due: O(log n) per write, O(k log n) for k expired items.
"""

from __future__ import annotations

import decimal
from typing import Any

from sortedcontainers import SortedList

from hookmock._clock import Clock
from hookmock.backends.dynamodb import values
from hookmock.backends.dynamodb.storage import KeySchema
from hookmock.backends.dynamodb.values import Item

IGNORED_AFTER = 5 * 365 * 24 * 3600
"""An expiry more than five years in the past is ignored, as DynamoDB documents."""


class ExpiryIndex:
    def __init__(self, attribute: str, schema: KeySchema, clock: Clock) -> None:
        self.attribute = attribute
        self._schema = schema
        self._clock = clock
        self._order: SortedList = SortedList()
        """(expiry, key identity) of every item that will expire."""
        self._entries: dict[tuple[Any, ...], tuple[decimal.Decimal, Item]] = {}
        """Key identity → (expiry, key) of the same items."""

    def __len__(self) -> int:
        return len(self._entries)

    def track(self, old: Item | None, new: Item | None) -> None:
        """Follow a write that replaced ``old`` by ``new`` (either may be None)."""
        if old is not None:
            identity = self._schema.identity(old)
            entry = self._entries.pop(identity, None)
            if entry is not None:
                self._order.remove((entry[0], identity))
        if new is not None:
            expiry = self._expiry_of(new)
            if expiry is not None:
                identity = self._schema.identity(new)
                self._entries[identity] = (expiry, self._schema.key_of(new))
                self._order.add((expiry, identity))

    def _expiry_of(self, item: Item) -> decimal.Decimal | None:
        """The item's expiry; None for a missing or non-number attribute, or one
        already more than five years past when it is written."""
        value = item.get(self.attribute)
        if value is None or values.type_of(value) != "N":
            return None
        expiry = values.number(value["N"])
        if expiry < decimal.Decimal(self._clock.time() - IGNORED_AFTER):
            return None
        return expiry

    def due(self, now: float) -> list[Item]:
        """The keys of the items whose expiry is before ``now``, no longer tracked."""
        keys: list[Item] = []
        while self._order and self._order[0][0] < now:
            _, identity = self._order.pop(0)
            keys.append(self._entries.pop(identity)[1])
        return keys
