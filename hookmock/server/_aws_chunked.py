"""Decoding ``Content-Encoding: aws-chunked`` request bodies (SigV4 streaming uploads).

The body is a series of chunks, ``<hex size>[;chunk-signature=<sig>]\\r\\n<data>\\r\\n``,
ended by a zero-size chunk that may be followed by trailing headers
(``x-amz-checksum-crc32:<b64>``, ``x-amz-trailer-signature:<sig>``) and an empty
line. Chunk signatures are not checked here: signature verification belongs to
access control. Transfer-Encoding chunking, if any, is undone by the HTTP server
before this runs.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

_CRLF = b"\r\n"


class MalformedChunks(ValueError):
    """The body is not valid aws-chunked encoding."""


@attrs.frozen
class Decoded:
    body: bytes
    trailers: Mapping[str, str]
    """Trailing headers, names lower-cased, without the trailer signature."""


def is_aws_chunked(headers: Mapping[str, str]) -> bool:
    """Whether a request body (headers lower-cased) is aws-chunked encoded."""
    encodings = headers.get("content-encoding", "")
    if "aws-chunked" in (part.strip().lower() for part in encodings.split(",")):
        return True
    return headers.get("x-amz-content-sha256", "").startswith("STREAMING-")


def without_aws_chunked(content_encoding: str) -> str:
    """The Content-Encoding the object keeps: the request's, minus aws-chunked."""
    parts = [part.strip() for part in content_encoding.split(",")]
    return ",".join(part for part in parts if part and part.lower() != "aws-chunked")


def decode(raw: bytes) -> Decoded:
    """The payload and trailers of an aws-chunked body."""
    view = memoryview(raw)
    pieces: list[bytes] = []
    position = 0
    while True:
        line_end = raw.find(_CRLF, position)
        if line_end < 0:
            raise MalformedChunks("a chunk header is not terminated")
        header = raw[position:line_end].split(b";", 1)[0].strip()
        try:
            size = int(header, 16)
        except ValueError:
            raise MalformedChunks(f"bad chunk size {header!r}") from None
        if size < 0:
            raise MalformedChunks("negative chunk size")
        start = line_end + 2
        if size == 0:
            return Decoded(b"".join(pieces), _trailers(raw[start:]))
        end = start + size
        if raw[end : end + 2] != _CRLF:
            raise MalformedChunks("a chunk is shorter than its size or not terminated")
        pieces.append(bytes(view[start:end]))
        position = end + 2


def _trailers(rest: bytes) -> dict[str, str]:
    trailers: dict[str, str] = {}
    for line in rest.split(_CRLF):
        if not line.strip():
            continue
        name, sep, value = line.decode("latin-1").partition(":")
        if not sep:
            raise MalformedChunks(f"bad trailer line {line!r}")
        name = name.strip().lower()
        if name != "x-amz-trailer-signature":
            trailers[name] = value.strip()
    return trailers


@attrs.frozen
class SignedChunks:
    """An aws-chunked body's chunks with the signatures they carry, for verification."""

    chunks: tuple[tuple[bytes, str | None], ...]
    """Each chunk's data (the last one empty) and its ``chunk-signature``."""
    trailer_lines: tuple[str, ...]
    """Trailing headers as signed: ``name:value``, without the trailer signature."""
    trailer_signature: str | None


def signed_chunks(raw: bytes) -> SignedChunks:
    """The chunks of an aws-chunked body, each with its declared signature."""
    chunks: list[tuple[bytes, str | None]] = []
    position = 0
    while True:
        line_end = raw.find(_CRLF, position)
        if line_end < 0:
            raise MalformedChunks("a chunk header is not terminated")
        size_text, _, extension = raw[position:line_end].partition(b";")
        try:
            size = int(size_text.strip(), 16)
        except ValueError:
            raise MalformedChunks(f"bad chunk size {size_text!r}") from None
        name, _, value = extension.decode("latin-1").partition("=")
        signature = value.strip() if name.strip() == "chunk-signature" else None
        start = line_end + 2
        chunks.append((raw[start : start + size], signature))
        if size == 0:
            break
        position = start + size + 2
    lines: list[str] = []
    trailer_signature = None
    for line in raw[start:].split(_CRLF):
        name, sep, value = line.decode("latin-1").partition(":")
        if not sep:
            continue
        if name.strip().lower() == "x-amz-trailer-signature":
            trailer_signature = value.strip()
        else:
            lines.append(f"{name.strip().lower()}:{value.strip()}")
    return SignedChunks(tuple(chunks), tuple(lines), trailer_signature)
