"""A small CBOR (RFC 8949) decoder: what smithy-rpc-v2-cbor request bodies use.

Written here rather than depending on cbor2: decoding is ~100 lines, the
protocol uses only the basic data model plus tag 1 (epoch timestamps), and the
server must not need an extra package for one protocol.
"""

from __future__ import annotations

import struct
from typing import Any

from hookmock.shapes.wire._scalars import WireValueError, epoch_to_datetime

_BREAK = object()
_MAX_DEPTH = 200


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def take(self, count: int) -> bytes:
        end = self.at + count
        if end > len(self.data):
            raise WireValueError("CBOR data ends early")
        chunk = self.data[self.at : end]
        self.at = end
        return chunk

    def argument(self, info: int) -> int | None:
        """The argument of a head; None for indefinite length (info 31)."""
        if info < 24:
            return info
        if info in (24, 25, 26, 27):
            return int.from_bytes(self.take(1 << (info - 24)), "big")
        if info == 31:
            return None
        raise WireValueError(f"reserved CBOR additional info {info}")

    def item(self, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            raise WireValueError("CBOR nesting too deep")
        head = self.take(1)[0]
        major, info = head >> 5, head & 0x1F
        if major == 7:
            return self.simple(info)
        argument = self.argument(info)
        if major == 0:
            return _definite(argument)
        if major == 1:
            return -1 - _definite(argument)
        if major in (2, 3):
            raw = self.string_bytes(major, argument, depth)
            if major == 3:
                try:
                    return raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    raise WireValueError("CBOR text is not UTF-8") from error
            return raw
        if major == 4:
            return self.array(argument, depth)
        if major == 5:
            return self.map(argument, depth)
        # major 6: a tag. Tag 1 is an epoch timestamp; others carry their content.
        content = self.item(depth + 1)
        if _definite(argument) == 1:
            return epoch_to_datetime(content)
        return content

    def string_bytes(self, major: int, length: int | None, depth: int) -> bytes:
        if length is not None:
            return self.take(length)
        chunks: list[bytes] = []
        while True:
            head = self.take(1)[0]
            if head == 0xFF:
                return b"".join(chunks)
            if head >> 5 != major:
                raise WireValueError("CBOR indefinite string holds another type")
            chunks.append(self.take(_definite(self.argument(head & 0x1F))))

    def array(self, length: int | None, depth: int) -> list[Any]:
        items: list[Any] = []
        while length is None or len(items) < length:
            value = self.item(depth + 1)
            if value is _BREAK:
                if length is None:
                    return items
                raise WireValueError("unexpected CBOR break")
            items.append(value)
        return items

    def map(self, length: int | None, depth: int) -> dict[Any, Any]:
        entries: dict[Any, Any] = {}
        count = 0
        while length is None or count < length:
            key = self.item(depth + 1)
            if key is _BREAK:
                if length is None:
                    return entries
                raise WireValueError("unexpected CBOR break")
            value = self.item(depth + 1)
            if value is _BREAK:
                raise WireValueError("CBOR map key without a value")
            if isinstance(key, (list, dict)):
                raise WireValueError("CBOR map key must be a scalar")
            entries[key] = value
            count += 1
        return entries

    def simple(self, info: int) -> Any:
        if info == 20:
            return False
        if info == 21:
            return True
        if info in (22, 23):
            return None
        if info == 25:
            return struct.unpack(">e", self.take(2))[0]
        if info == 26:
            return struct.unpack(">f", self.take(4))[0]
        if info == 27:
            return struct.unpack(">d", self.take(8))[0]
        if info == 31:
            return _BREAK
        if info == 24:
            self.take(1)
        return None


def _definite(argument: int | None) -> int:
    if argument is None:
        raise WireValueError("indefinite length where CBOR allows none")
    return argument


def decode(data: bytes) -> Any:
    """The single CBOR data item in ``data``."""
    reader = _Reader(data)
    value = reader.item()
    if value is _BREAK:
        raise WireValueError("unexpected CBOR break")
    if reader.at != len(data):
        raise WireValueError("trailing bytes after the CBOR data item")
    return value
