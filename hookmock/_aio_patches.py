"""The _patches of botocore, for aiobotocore: imported only once aiobotocore is.

aiobotocore's session overrides ``get_credentials`` and client creation with
coroutines, and sends through its own HTTP sessions, so botocore's patched
methods never run for it. These do the same job for async clients: while a
session is mocked, no credential chain is walked (no environment, file or
instance-metadata lookup) and client creation uses no network; a request
hookmock did not answer is refused before it is sent.
"""

from __future__ import annotations

from typing import Any

from aiobotocore.credentials import AioCredentials
from aiobotocore.endpoint import AioEndpoint
from aiobotocore.httpsession import AIOHTTPSession
from aiobotocore.session import AioSession

from hookmock._patches import (
    creating_mocked_client,
    credentials_while_mocked,
    is_mocked,
    refusal,
)

_original_get_credentials = AioSession.get_credentials
_original_create_client = AioSession._create_client
_original_endpoint_send = AioEndpoint._send
_original_aiohttp_send = AIOHTTPSession.send


async def _get_credentials(self: Any) -> Any:
    if not is_mocked(self):
        return await _original_get_credentials(self)
    return credentials_while_mocked(self, AioCredentials)


async def _create_client(self: Any, *args: Any, **kwargs: Any) -> Any:
    if not is_mocked(self):
        return await _original_create_client(self, *args, **kwargs)
    with creating_mocked_client():
        return await _original_create_client(self, *args, **kwargs)


async def _endpoint_send(self: Any, request: Any) -> Any:
    """Every client's send, whichever HTTP session class (aiohttp, httpx) it uses."""
    error = refusal(request)
    if error is not None:
        raise error
    return await _original_endpoint_send(self, request)


async def _aiohttp_send(self: Any, request: Any) -> Any:
    """Sends that bypass endpoints: instance metadata and container credentials."""
    error = refusal(request)
    if error is not None:
        raise error
    return await _original_aiohttp_send(self, request)


def apply() -> None:
    AioSession.get_credentials = _get_credentials
    AioSession._create_client = _create_client
    AioEndpoint._send = _endpoint_send
    AIOHTTPSession.send = _aiohttp_send
