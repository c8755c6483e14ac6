"""The places botocore offers no event for, patched once and dormant until mocking.

- Credential and token resolution: while a session is mocked,
  ``get_credentials`` hands out AWS's documentation example key instead of
  walking the provider chain, and ``get_auth_token`` gives no bearer token,
  so no instance-metadata, container, SSO or credential-process lookup can
  run and no real credentials are read. Credentials given explicitly to the
  session are kept: they name the caller (see World).
- Client creation: while a mocked session creates a client, nothing it does
  may use the network (``AWS_DEFAULTS_MODE=auto`` asks instance metadata for
  the region there; botocore tolerates that lookup failing).
- The HTTP send of sync botocore: clients whose session predates hookmock's
  import carry no handlers, so the event guard cannot stop them. While a
  process-wide scope is active, or a mocked session is creating a client,
  their requests are refused here. This never answers a request; it only
  refuses one.
- aiobotocore overrides the credential and client-creation methods with
  coroutines and sends through its own HTTP sessions: hookmock._aio_patches
  patches those the same way, as soon as aiobotocore is imported (checked at
  hookmock's import and whenever a botocore session is created, since every
  AioSession is one), so aiobotocore is never imported by hookmock itself.
"""

from __future__ import annotations

import contextlib
import contextvars
import sys
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import botocore.credentials
import botocore.httpsession
import botocore.session

from hookmock._errors import RealRequestBlocked, blocked_request_message
from hookmock._state import STATE
from hookmock._world import DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY

CREDENTIALS_METHOD = "hookmock"

_activations: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_activations_lock = threading.Lock()
_creating_mocked_client: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "hookmock_creating_mocked_client", default=False
)

_original_get_credentials = botocore.session.Session.get_credentials
_original_get_auth_token = botocore.session.Session.get_auth_token
_original_create_client = botocore.session.Session.create_client
_original_send = botocore.httpsession.URLLib3Session.send
_original_init = botocore.session.Session.__init__
_aio_patched = False
_aio_patch_lock = threading.Lock()


def count_activation(session: Any, delta: int) -> None:
    """Track live hookmock.activate() calls per botocore session."""
    with _activations_lock:
        left = _activations.get(session, 0) + delta
        if left > 0:
            _activations[session] = left
        else:
            _activations.pop(session, None)


def is_mocked(session: Any) -> bool:
    return STATE.world is not None or _activations.get(session, 0) > 0


def mock_credentials(kind: Any = botocore.credentials.Credentials) -> Any:
    return kind(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, method=CREDENTIALS_METHOD)


def credentials_while_mocked(session: Any, kind: Any = botocore.credentials.Credentials) -> Any:
    """Credentials given explicitly to the session, else the documentation key pair."""
    given = session._credentials
    if given is not None and getattr(given, "method", None) in (None, "explicit"):
        return given
    return mock_credentials(kind)


def _get_credentials(self: Any) -> Any:
    if not is_mocked(self):
        return _original_get_credentials(self)
    return credentials_while_mocked(self)


def _get_auth_token(self: Any, **kwargs: Any) -> Any:
    if is_mocked(self):
        return None
    return _original_get_auth_token(self, **kwargs)


@contextlib.contextmanager
def creating_mocked_client() -> Iterator[None]:
    """Mark the current thread (or asyncio task) as creating a client for a mocked session."""
    token = _creating_mocked_client.set(True)
    try:
        yield
    finally:
        _creating_mocked_client.reset(token)


def _create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
    if not is_mocked(self):
        return _original_create_client(self, *args, **kwargs)
    with creating_mocked_client():
        return _original_create_client(self, *args, **kwargs)


def refusal(request: Any) -> RealRequestBlocked | None:
    """The error that refuses ``request`` (an HTTP send hookmock did not answer), if any."""
    if STATE.world is not None:
        reason = (
            "The client that sent it is not connected to hookmock: its session was "
            "created before hookmock was imported, or it is a client made before "
            "hookmock.activate() that was never passed to it."
        )
    elif _creating_mocked_client.get():
        reason = "A mocked session was creating a client, which must not use the network."
    else:
        return None
    return RealRequestBlocked(blocked_request_message(getattr(request, "url", "?"), reason=reason))


def _send(self: Any, request: Any) -> Any:
    error = refusal(request)
    if error is not None:
        raise error
    return _original_send(self, request)


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    _original_init(self, *args, **kwargs)
    if not _aio_patched:
        patch_aiobotocore_if_loaded()


def patch_aiobotocore_if_loaded() -> None:
    """Patch aiobotocore once it is imported; never import it here."""
    global _aio_patched
    loaded = sys.modules.get("aiobotocore.session")
    # hasattr: a session made while aiobotocore.session is still being imported waits.
    if _aio_patched or loaded is None or not hasattr(loaded, "AioSession"):
        return
    from hookmock import _aio_patches

    with _aio_patch_lock:
        if not _aio_patched:
            _aio_patches.apply()
            _aio_patched = True


def apply() -> None:
    botocore.session.Session.__init__ = _init
    botocore.session.Session.get_credentials = _get_credentials
    botocore.session.Session.get_auth_token = _get_auth_token
    botocore.session.Session.create_client = _create_client
    botocore.httpsession.URLLib3Session.send = _send
    patch_aiobotocore_if_loaded()
