"""Exceptions hookmock raises to the user (not AWS errors: those are ClientErrors)."""

from __future__ import annotations

from collections.abc import Iterable


class HookmockError(Exception):
    """Base class of every error hookmock itself raises."""


class OperationNotImplemented(HookmockError, NotImplementedError):
    """The called AWS operation has no hookmock backend yet.

    hookmock never answers such a call with a made-up success, and never lets it
    reach AWS: the call fails with this error instead.
    """

    def __init__(self, service: str, operation: str, implemented: Iterable[str] = ()) -> None:
        self.service = service
        self.operation = operation
        known = sorted(implemented)
        if known:
            have = f"hookmock implements these {service} operations: {', '.join(known)}."
        else:
            have = f"hookmock has no backend for the '{service}' service yet."
        super().__init__(
            f"hookmock does not implement {service}:{operation}. {have} "
            f"To ask for it, open an issue on hookmock's tracker titled "
            f"'{service}:{operation}'. Until then you can answer this call yourself with "
            f"botocore.stub.Stubber on the client: a Stubber's responses take precedence "
            f"over hookmock's."
        )


class RealRequestBlocked(HookmockError, ConnectionRefusedError):
    """A request would have left the process while hookmock was active."""


class ScopeError(HookmockError, RuntimeError):
    """A hookmock scope or activation was used out of order."""


def blocked_request_message(url: str, *, reason: str) -> str:
    return (
        f"hookmock blocked a real request to {url} because hookmock is active; nothing "
        f"was sent. {reason} To fix the set-up: import hookmock (or load its pytest plugin, "
        f"or call hookmock.install() from sitecustomize) before any boto3/botocore session "
        f"is created, create clients after the mock starts, or connect an existing client "
        f"with hookmock.activate(client)."
    )


class FeatureNotImplemented(HookmockError, NotImplementedError):
    """An implemented operation was asked for something hookmock does not do yet."""

    def __init__(self, service: str, operation: str, feature: str) -> None:
        super().__init__(
            f"hookmock implements {service}:{operation} but not {feature} yet. Answer this "
            f"call with botocore.stub.Stubber on the client, or leave {feature} out."
        )
