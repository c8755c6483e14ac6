"""Bucket naming rules for general purpose buckets, as AWS documents them."""

from __future__ import annotations

import re

_LABELS = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
_IP_ADDRESS = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")


def is_valid_bucket_name(name: str) -> bool:
    """3-63 characters of lowercase letters, digits, dots and hyphens, starting and
    ending with a letter or digit, no adjacent dots, not an IP address, and none of
    the reserved prefixes and suffixes."""
    return (
        3 <= len(name) <= 63
        and _LABELS.match(name) is not None
        and ".." not in name
        and ".-" not in name
        and "-." not in name
        and _IP_ADDRESS.match(name) is None
        and not name.startswith(_RESERVED_PREFIXES)
        and not name.endswith(_RESERVED_SUFFIXES)
    )
