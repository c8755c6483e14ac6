"""The MD5 digests SQS returns, computed as the SQS developer guide describes."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping
from typing import Any

_STRING, _BINARY = 1, 2


def md5_of_body(body: str) -> str:
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def _framed(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def md5_of_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> str:
    """Over the attributes sorted by name: each name, data type, a transport
    byte (1 string or number, 2 binary) and value, every field but the byte
    preceded by its 4-byte big-endian length."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        attribute = attributes[name]
        data_type = attribute["DataType"]
        digest.update(_framed(name.encode("utf-8")))
        digest.update(_framed(data_type.encode("utf-8")))
        if data_type.startswith("Binary"):
            digest.update(bytes([_BINARY]) + _framed(attribute["BinaryValue"]))
        else:
            digest.update(bytes([_STRING]) + _framed(attribute["StringValue"].encode("utf-8")))
    return digest.hexdigest()
