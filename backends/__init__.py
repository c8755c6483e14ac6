"""Service backends, imported on first use so an unused service costs nothing."""

from __future__ import annotations

import importlib
import threading

from hookmock.backends._core import Answer, Backend, Call, Params, Result, Service, operation

__all__ = [
    "SERVICES",
    "Answer",
    "Backend",
    "Call",
    "Params",
    "Result",
    "Service",
    "all_services",
    "operation",
    "service",
]

SERVICES: dict[str, str] = {
    "dynamodb": "hookmock.backends.dynamodb",
    "dynamodbstreams": "hookmock.backends.dynamodbstreams",
    "iam": "hookmock.backends.iam",
    "s3": "hookmock.backends.s3",
    "sns": "hookmock.backends.sns",
    "sqs": "hookmock.backends.sqs",
    "sts": "hookmock.backends.sts",
}
"""botocore service name → module whose ``SERVICE`` attribute describes the backend."""

_loaded: dict[str, Service] = {}
_load_lock = threading.Lock()


def service(name: str) -> Service | None:
    """The backend of botocore service ``name``, or None where hookmock has none."""
    found = _loaded.get(name)
    if found is not None or name not in SERVICES:
        return found
    with _load_lock:
        if name not in _loaded:
            module = importlib.import_module(SERVICES[name])
            _loaded[name] = module.SERVICE
        return _loaded[name]


def all_services() -> list[Service]:
    return [s for s in map(service, sorted(SERVICES)) if s is not None]
