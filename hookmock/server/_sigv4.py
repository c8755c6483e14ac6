"""Signature Version 4, computed the way AWS documents it, to check what a client sent.

Canonical request → string to sign → HMAC-SHA256 with the key derived from the
secret, date, region and service. The canonical URI is the path as sent (S3),
or with dot segments and repeated slashes removed and then encoded once more
(every other service); the canonical query string has each name and value
percent-encoded per RFC 3986 and is sorted; the canonical headers are the
``SignedHeaders``, values trimmed and inner whitespace collapsed.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from urllib.parse import quote, unquote

ALGORITHM = "AWS4-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    """The key of one day, region and service: HMAC chain from ``AWS4`` + secret."""
    key = _hmac(("AWS4" + secret).encode(), date)
    key = _hmac(key, region)
    key = _hmac(key, service)
    return _hmac(key, "aws4_request")


def sign(key: bytes, string_to_sign: str) -> str:
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def _remove_dot_segments(path: str) -> str:
    kept: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if kept:
                kept.pop()
        else:
            kept.append(segment)
    lead = "/" if path.startswith("/") else ""
    trail = "/" if path.endswith("/") and kept else ""
    return lead + "/".join(kept) + trail


def canonical_uri(path: str, *, s3: bool) -> str:
    """``path`` as received (percent-encoded once by the client)."""
    if s3:
        return path or "/"
    return quote(_remove_dot_segments(path) or "/", safe="/~")


def _encode(text: str) -> str:
    return quote(text, safe="-_.~")


def canonical_query(query: str, *, leave_out: str | None = None) -> str:
    """Each pair decoded, re-encoded per RFC 3986, sorted by name then value."""
    pairs: list[tuple[str, str]] = []
    for part in query.split("&"):
        if not part:
            continue
        name, _, value = part.partition("=")
        name = _encode(unquote(name))
        if name == leave_out:
            continue
        pairs.append((name, _encode(unquote(value))))
    pairs.sort()
    return "&".join(f"{name}={value}" for name, value in pairs)


def canonical_headers(headers: Mapping[str, str], signed: Iterable[str]) -> str:
    """``name:value\\n`` for each signed header (names lower-case, sorted)."""
    lines = []
    for name in sorted(signed):
        value = headers.get(name, "")
        lines.append(f"{name}:{' '.join(value.split())}\n")
    return "".join(lines)


def canonical_request(
    method: str,
    uri: str,
    query: str,
    headers: Mapping[str, str],
    signed_headers: str,
    payload_hash: str,
) -> str:
    names = [name for name in signed_headers.split(";") if name]
    return "\n".join(
        [
            method,
            uri,
            query,
            canonical_headers(headers, names),
            signed_headers,
            payload_hash,
        ]
    )


def string_to_sign(amz_date: str, scope: str, request: str) -> str:
    digest = hashlib.sha256(request.encode()).hexdigest()
    return f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}"


def chunk_string_to_sign(amz_date: str, scope: str, previous: str, data: bytes) -> str:
    """What each chunk of a signed aws-chunked body signs (its signature chains on)."""
    digest = hashlib.sha256(data).hexdigest()
    return f"{ALGORITHM}-PAYLOAD\n{amz_date}\n{scope}\n{previous}\n{EMPTY_SHA256}\n{digest}"


def trailer_string_to_sign(amz_date: str, scope: str, previous: str, trailers: bytes) -> str:
    """What the trailing headers' ``x-amz-trailer-signature`` signs."""
    digest = hashlib.sha256(trailers).hexdigest()
    return f"{ALGORITHM}-TRAILER\n{amz_date}\n{scope}\n{previous}\n{digest}"


def same(expected: str, given: str) -> bool:
    """Constant-time comparison of two signatures."""
    return hmac.compare_digest(expected.encode(), given.encode())
