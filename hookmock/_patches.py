"""The two places botocore offers no event for, patched once and dormant until mocking.

- Credential resolution: while a session is mocked, ``get_credentials`` hands
  out AWS's documentation example key instead of walking the provider chain,
  so no instance-metadata, container, SSO or credential-process lookup can
  leave the process and no real credentials are read. Credentials given
  explicitly to the session are kept: they name the caller (see World).
- The HTTP send of sync botocore: clients whose session predates hookmock's
  import carry no handlers, so the event guard cannot stop them. While a
  process-wide scope is active, their requests are refused here. This never
  answers a request; it only refuses one.
"""

from __future__ import annotations

import weakref
from typing import Any

import botocore.credentials
import botocore.httpsession
import botocore.session

from hookmock._errors import RealRequestBlocked, blocked_request_message
from hookmock._state import STATE
from hookmock._world import DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY

CREDENTIALS_METHOD = "hookmock"

mocked_sessions: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
"""botocore sessions under hookmock.activate → number of live activations."""

_original_get_credentials = botocore.session.Session.get_credentials
_original_send = botocore.httpsession.URLLib3Session.send


def mock_credentials() -> botocore.credentials.Credentials:
    return botocore.credentials.Credentials(
        DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY, method=CREDENTIALS_METHOD
    )


def _get_credentials(self: Any) -> Any:
    if STATE.world is None and not mocked_sessions.get(self):
        return _original_get_credentials(self)
    given = self._credentials
    if given is not None and getattr(given, "method", None) in (None, "explicit"):
        return given
    return mock_credentials()


def _send(self: Any, request: Any) -> Any:
    if STATE.world is not None:
        raise RealRequestBlocked(
            blocked_request_message(
                getattr(request, "url", "?"),
                reason=(
                    "The client that sent it is not connected to hookmock: its session was "
                    "created before hookmock was imported, or it is a client made before "
                    "hookmock.activate() that was never passed to it."
                ),
            )
        )
    return _original_send(self, request)


def apply() -> None:
    botocore.session.Session.get_credentials = _get_credentials
    botocore.httpsession.URLLib3Session.send = _send
