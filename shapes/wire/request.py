"""What the wire layer is handed (an HTTP request) and what routing finds for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen
class WireRequest:
    """One HTTP request as the server received it."""

    method: str
    path: str
    """Raw percent-encoded path without the query: ``/bucket/my%20key``."""
    query: str
    """Raw query string without ``?``; ``""`` when there is none."""
    headers: Mapping[str, str]
    """Header names lower-cased."""
    body: bytes
    """Already de-chunked (the server decodes aws-chunked)."""
    host: str = ""
    """The Host header; S3 virtual-host style puts the bucket here."""
    s3_hosts: tuple[str, ...] = ()
    """Hostnames besides ``localhost`` and AWS's on which ``bucket.<name>`` names a
    bucket (the server's ``s3_hosts`` setting), lower-case, without ports."""


@attrs.frozen
class Route:
    """The service and operation a request is for."""

    service_model: Any
    operation_model: Any
    protocol: str = ""
    """The wire protocol the request was sent in, where the model allows several
    (CloudWatch takes query, json and rpc-v2-cbor); ``""`` means the model's own."""


class WireRoutingError(Exception):
    """No service or no operation matches the request; the message says why."""

    def __init__(self, message: str, *, code: str = "UnknownOperationException") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
