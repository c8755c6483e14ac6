"""A small CBOR (RFC 8949) encoder: the subset smithy-rpc-v2-cbor responses use.

Definite lengths only; integers in the shortest head; floats as doubles (every
reader accepts them, and no value loses precision); timestamps as tag 1.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen
class Tagged:
    tag: int
    value: Any


def encode(value: Any) -> bytes:
    out = bytearray()
    _write(out, value)
    return bytes(out)


def _head(out: bytearray, major: int, number: int) -> None:
    if number < 24:
        out.append(major << 5 | number)
    elif number < 1 << 8:
        out += bytes((major << 5 | 24, number))
    elif number < 1 << 16:
        out.append(major << 5 | 25)
        out += number.to_bytes(2, "big")
    elif number < 1 << 32:
        out.append(major << 5 | 26)
        out += number.to_bytes(4, "big")
    elif number < 1 << 64:
        out.append(major << 5 | 27)
        out += number.to_bytes(8, "big")
    else:
        raise OverflowError(f"{number} does not fit a CBOR head")


def _write(out: bytearray, value: Any) -> None:
    if value is None:
        out.append(0xF6)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, int):
        _head(out, 0, value) if value >= 0 else _head(out, 1, -1 - value)
    elif isinstance(value, float):
        out.append(0xFB)
        out += struct.pack(">d", value)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        _head(out, 2, len(data))
        out += data
    elif isinstance(value, str):
        text = value.encode("utf-8")
        _head(out, 3, len(text))
        out += text
    elif isinstance(value, (list, tuple)):
        _head(out, 4, len(value))
        for item in value:
            _write(out, item)
    elif isinstance(value, Mapping):
        _head(out, 5, len(value))
        for key, item in value.items():
            _write(out, key)
            _write(out, item)
    elif isinstance(value, Tagged):
        _head(out, 6, value.tag)
        _write(out, value.value)
    else:
        raise TypeError(f"no CBOR form for {type(value).__name__}")
