"""Payloads of async clients: streaming bodies out as aiobotocore's, bodies in read with await.

aiobotocore's response body (``aiobotocore.response.StreamingBody``: a proxy
on aiobotocore 2, an ``AioStreamingBody`` on 3) reads an aiohttp response:
``raw.content.read(n)``, ``raw.content.at_eof()``, ``raw.url``, ``raw.close()``,
and on aiobotocore 2 ``async with body as stream`` hands out the aiohttp
response itself. ``Response`` gives it that surface over the rendered
payload, so callers get the very body class the installed aiobotocore uses.
Imported only once aiobotocore is.
"""

from __future__ import annotations

import inspect
import tempfile
from collections.abc import AsyncIterator
from typing import IO, Any

from aiobotocore.response import StreamingBody as AioStreamingBody
from botocore.response import StreamingBody

READ_CHUNK = 1024 * 1024
SPOOL_IN_MEMORY = 8 * 1024 * 1024
"""An async request body larger than this is spooled to a temporary file."""


class Content:
    """The reading surface of an ``aiohttp.StreamReader`` over a synchronous payload."""

    def __init__(self, payload: StreamingBody, length: int | None) -> None:
        self._payload = payload
        self._length = length
        self._read = 0
        self._eof = length == 0

    async def read(self, n: int = -1) -> bytes:
        if n == 0 or self._eof:
            return b""
        data: bytes = self._payload.read(None if n < 0 else n)
        self._read += len(data)
        if n < 0 or not data or (self._length is not None and self._read >= self._length):
            self._eof = True
        return data

    async def readany(self) -> bytes:
        return await self.read(READ_CHUNK)

    def at_eof(self) -> bool:
        return self._eof

    async def iter_chunked(self, n: int) -> AsyncIterator[bytes]:
        while chunk := await self.read(n):
            yield chunk

    def iter_any(self) -> AsyncIterator[bytes]:
        return self.iter_chunked(READ_CHUNK)

    def close(self) -> None:
        self._eof = True
        self._payload.close()


class Response:
    """The surface of an ``aiohttp.ClientResponse`` that aiobotocore's bodies wrap."""

    def __init__(
        self, payload: StreamingBody, length: int | None, url: str, status: int, headers: Any
    ) -> None:
        self.content = Content(payload, length)
        self.content_length = length
        self.url = url
        self.status = status
        self.headers = headers
        self._body: bytes | None = None
        self._closed = False

    def __repr__(self) -> str:
        return f"<hookmock response body [{self.status}] {self.content_length} bytes {self.url}>"

    async def read(self) -> bytes:
        """The whole body, kept for later calls as aiohttp does."""
        if self._body is None:
            self._body = await self.content.read()
        return self._body

    async def text(self, encoding: str = "utf-8", errors: str = "strict") -> str:
        return (await self.read()).decode(encoding, errors)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self.content.close()

    def release(self) -> None:
        self.close()

    async def __aenter__(self) -> Response:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.close()


def async_streaming_body(payload: StreamingBody, url: str, status: int, headers: Any) -> Any:
    """``payload`` (a rendered botocore StreamingBody) as the installed aiobotocore's body."""
    # botocore keeps the length private; the rendered body always carries it.
    length = getattr(payload, "_content_length", None)
    size = int(length) if length is not None else None
    return AioStreamingBody(Response(payload, size, url, status, headers), size)


def is_async_reader(value: Any) -> bool:
    """An aiofiles file, an aiobotocore or aiohttp body: anything whose ``read`` is awaited."""
    read = getattr(value, "read", None)
    return read is not None and inspect.iscoroutinefunction(read)


async def spool(reader: Any) -> IO[bytes]:
    """Read an async reader to its end into a file that the backends read synchronously."""
    spooled: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - returned
    try:
        while chunk := await reader.read(READ_CHUNK):
            spooled.write(chunk.encode("utf-8") if isinstance(chunk, str) else bytes(chunk))
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled
