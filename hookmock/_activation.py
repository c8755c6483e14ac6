"""``hookmock.activate``: mock one session or one client, leaving the rest real."""

from __future__ import annotations

import itertools
import threading
from types import TracebackType
from typing import Any

import botocore.client
import botocore.session

from hookmock._authz import settings as access_settings
from hookmock._errors import RealRequestBlocked, ScopeError, blocked_request_message
from hookmock._hooks import (
    ANSWER,
    BIND_EVENT,
    BINDING_KEY,
    GUARD_EVENT,
    SKIP_ACCOUNT_LOOKUP,
    Binding,
    HandlerSpec,
    carries_handlers,
)
from hookmock._patches import count_activation
from hookmock._world import World

_ids = itertools.count()


def _resolve(target: Any) -> tuple[Any, botocore.session.Session | None]:
    """(event emitter, botocore session or None) of a boto3/botocore session or client."""
    if isinstance(target, botocore.client.BaseClient):
        return target.meta.events, None
    inner = getattr(target, "_session", None)  # boto3.Session wraps a botocore session
    if isinstance(inner, botocore.session.Session):
        target = inner
    if isinstance(target, botocore.session.Session):
        return target.get_component("event_emitter"), target
    raise TypeError(
        f"hookmock.activate() takes a boto3.Session, a botocore session or a client, "
        f"not {type(target).__name__}"
    )


class Activation:
    """Handle returned by :func:`activate`: a context manager, or call ``deactivate()``."""

    def __init__(self, target: Any, world: World | None = None, *, iam: bool = False) -> None:
        self.world = world if world is not None else World()
        if iam:
            access_settings.enable(self.world)
        else:
            access_settings.settings_of(self.world)
        self._emitter, self._session = _resolve(target)
        suffix = next(_ids)
        self._bind_id = f"hookmock-bind-{suffix}"
        self._guard_id = f"hookmock-guard-{suffix}"
        self.active = True
        self._lock = threading.Lock()
        self._register(SKIP_ACCOUNT_LOOKUP)
        self._emitter.register_last(BIND_EVENT, self._bind, unique_id=self._bind_id)
        if not carries_handlers(self._emitter):
            self._register(ANSWER)
        self._emitter.register_last(GUARD_EVENT, self._guard, unique_id=self._guard_id)
        if self._session is not None:
            count_activation(self._session, +1)

    def _register(self, spec: HandlerSpec) -> None:
        event, handler, unique_id = spec
        self._emitter.register_last(event, handler, unique_id=unique_id)

    def _bind(self, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if self.active:
            context[BINDING_KEY] = Binding(self.world, params)

    def _guard(self, request: Any, **_: Any) -> None:
        if self.active:
            raise RealRequestBlocked(
                blocked_request_message(
                    getattr(request, "url", "?"),
                    reason="This session is under hookmock.activate() but hookmock did not "
                    "answer the call.",
                )
            )

    def deactivate(self) -> None:
        """Stop mocking: the session (and clients made from it) talk to AWS again."""
        with self._lock:
            if not self.active:
                raise ScopeError("this hookmock activation was already deactivated")
            self.active = False
        self._emitter.unregister(BIND_EVENT, unique_id=self._bind_id)
        self._emitter.unregister(GUARD_EVENT, unique_id=self._guard_id)
        if self._session is not None:
            count_activation(self._session, -1)

    def __enter__(self) -> Activation:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.deactivate()


def activate(target: Any, *, world: World | None = None, iam: bool = False) -> Activation:
    """Mock one boto3/botocore session (clients made from it afterwards) or one client.

    Other sessions stay real. Pass ``world`` to share state with another
    activation or scope; by default the activation gets a fresh world.
    ``iam=True`` turns access control on for that world.
    """
    return Activation(target, world, iam=iam)
