"""Consumed capacity, as DynamoDB meters it: reads in 4 KB units (half for
eventually consistent reads), writes in 1 KB units, at least one unit each."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

READ_UNIT = 4096
WRITE_UNIT = 1024


def read_units(size: int, consistent: bool) -> float:
    units = max(math.ceil(size / READ_UNIT), 1)
    return float(units) if consistent else units / 2


def write_units(size: int) -> float:
    return float(max(math.ceil(size / WRITE_UNIT), 1))


def consumed(
    params: Mapping[str, Any],
    table: str,
    units: float,
    index: str | None = None,
    is_global: bool = True,
) -> dict[str, Any] | None:
    """The ConsumedCapacity member for ``ReturnConsumedCapacity`` (None when not asked for)."""
    mode = params.get("ReturnConsumedCapacity", "NONE")
    if mode == "NONE":
        return None
    result: dict[str, Any] = {"TableName": table, "CapacityUnits": units}
    if mode == "INDEXES":
        if index is None:
            result["Table"] = {"CapacityUnits": units}
        else:
            result["Table"] = {"CapacityUnits": 0.0}
            member = "GlobalSecondaryIndexes" if is_global else "LocalSecondaryIndexes"
            result[member] = {index: {"CapacityUnits": units}}
    return result
