"""Which AWS partition a region belongs to, from botocore's own partition data."""

from __future__ import annotations

import functools
import re

from botocore.loaders import create_loader

DEFAULT_PARTITION = "aws"


@functools.cache
def _partition_patterns() -> tuple[tuple[re.Pattern[str], frozenset[str], str], ...]:
    data = create_loader().load_data("partitions")
    return tuple(
        (re.compile(entry["regionRegex"]), frozenset(entry.get("regions", {})), entry["id"])
        for entry in data["partitions"]
    )


@functools.lru_cache(maxsize=256)
def partition_of(region: str | None) -> str:
    """The partition id (``aws``, ``aws-cn``, ``aws-us-gov`` ...) of ``region``."""
    if not region:
        return DEFAULT_PARTITION
    for pattern, regions, partition in _partition_patterns():
        if region in regions or pattern.match(region):
            return partition
    return DEFAULT_PARTITION
