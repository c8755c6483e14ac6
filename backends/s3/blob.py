"""Object bodies: in memory when small, in a temporary file when large.

A Blob is immutable once written, so copies of an object share it; a body
spilled to disk is removed when the last Blob referring to it goes away.
Every read opens its own handle, so concurrent ranged GETs never share a
file position.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import weakref
from collections.abc import Iterator
from typing import Any, BinaryIO

SPILL_OVER = 8 * 1024 * 1024
"""Bodies larger than this live in a temporary file rather than in RAM."""

CHUNK = 1024 * 1024


class Blob:
    __slots__ = ("__weakref__", "_data", "_path", "md5", "size")

    def __init__(self, data: bytes | None, path: str | None, size: int, md5: str) -> None:
        self._data = data
        self._path = path
        self.size = size
        self.md5 = md5
        if path is not None:
            weakref.finalize(self, _remove, path)

    @classmethod
    def from_bytes(cls, data: bytes) -> Blob:
        return cls(data, None, len(data), hashlib.md5(data).hexdigest())

    @classmethod
    def read_from(cls, source: Any, spill_over: int | None = None) -> Blob:
        """Read ``source`` (bytes or a readable) to its end, hashing as it goes."""
        limit = SPILL_OVER if spill_over is None else spill_over
        if isinstance(source, (bytes, bytearray, memoryview)):
            return cls.from_bytes(bytes(source))
        digest = hashlib.md5()
        chunks = _chunks(source)
        held: list[bytes] = []
        size = 0
        for chunk in chunks:
            digest.update(chunk)
            held.append(chunk)
            size += len(chunk)
            if size > limit:
                return cls._spill(held, chunks, digest, size)
        return cls(b"".join(held), None, size, digest.hexdigest())

    @classmethod
    def _spill(cls, held: list[bytes], rest: Iterator[bytes], digest: Any, size: int) -> Blob:
        handle, path = tempfile.mkstemp(prefix="hookmock-s3-")
        with os.fdopen(handle, "wb") as out:
            out.writelines(held)
            for chunk in rest:
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        return cls(None, path, size, digest.hexdigest())

    @classmethod
    def concat(cls, parts: list[Blob], md5: str) -> Blob:
        """One body made of ``parts`` in order; ``md5`` is the ETag digest to keep."""
        size = sum(part.size for part in parts)
        if size <= SPILL_OVER:
            return cls(b"".join(part.read() for part in parts), None, size, md5)
        handle, path = tempfile.mkstemp(prefix="hookmock-s3-")
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                with part.open() as reader:
                    for chunk in _chunks(reader):
                        out.write(chunk)
        return cls(None, path, size, md5)

    @property
    def in_memory(self) -> bool:
        return self._data is not None

    def open(self, start: int = 0, end: int | None = None) -> BinaryIO:
        """A fresh reader of bytes ``start``..``end`` (inclusive; None: to the end)."""
        stop = self.size if end is None else end + 1
        if self._data is not None:
            return io.BytesIO(self._data[start:stop])
        assert self._path is not None
        handle = open(self._path, "rb")  # noqa: SIM115 - handed to the caller, who closes it
        handle.seek(start)
        return _Bounded(handle, stop - start)  # type: ignore[return-value]

    def read(self) -> bytes:
        with self.open() as reader:
            return reader.read()


class _Bounded(io.RawIOBase):
    """Reads at most ``remaining`` bytes of a file, then reports its end.

    The file is closed as soon as it is read to the end: callers of botocore's
    StreamingBody rarely close it, and AWS's bodies need no closing either.
    """

    def __init__(self, handle: BinaryIO, remaining: int) -> None:
        self._handle = handle
        self._remaining = remaining

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self._remaining:
            size = self._remaining
        data = self._handle.read(size) if size else b""
        self._remaining -= len(data)
        if self._remaining == 0 or not data:
            self._handle.close()
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self._handle.closed:
            self._handle.close()
        super().close()


def _chunks(source: Any) -> Iterator[bytes]:
    while True:
        chunk = source.read(CHUNK)
        if not chunk:
            return
        yield chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
