"""WireResponse, and the base every protocol's serializer builds on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from hookmock.shapes.errors import AWSError
from hookmock.shapes.responses import response_headers

STREAM_CHUNK = 64 * 1024


@attrs.frozen
class WireResponse:
    """An HTTP response: status, headers in order, and a body (an iterable when streamed)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes | Iterable[bytes]


class Serializer:
    """Turns parsed dicts and AWSErrors into one protocol's wire responses."""

    def response(
        self, operation_model: Any, parsed: Mapping[str, Any], status: int, request_id: str
    ) -> WireResponse:
        raise NotImplementedError

    def error(
        self, service_model: Any, error: AWSError, request_id: str, operation_model: Any
    ) -> WireResponse:
        raise NotImplementedError

    def base_headers(self, service_model: Any, request_id: str) -> dict[str, str]:
        """Content-Type, Date and the request id headers, as the in-process path sets them."""
        return response_headers(service_model, request_id)


def fault(error: AWSError) -> str:
    return "Sender" if error.sender_fault else "Receiver"


def chunks(body: Any) -> Iterator[bytes]:
    """A streaming payload read piece by piece, so a large object never sits in memory twice."""
    if isinstance(body, str):
        yield body.encode("utf-8")
        return
    if isinstance(body, (bytes, bytearray, memoryview)):
        yield bytes(body)
        return
    iter_chunks = getattr(body, "iter_chunks", None)
    if iter_chunks is not None:
        yield from iter_chunks(STREAM_CHUNK)
        return
    while piece := body.read(STREAM_CHUNK):
        yield piece
