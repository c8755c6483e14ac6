"""Answering an aiobotocore client's call: the same dispatch, awaited the async way.

aiobotocore awaits whatever a ``before-call`` handler returns, so for an
async client the answer handler hands back this coroutine. It reads request
bodies that are async readers, runs dispatch (in a worker thread where the
operation may wait, so a long poll never stalls the event loop that would
send the message it waits for), and returns aiobotocore's response kinds:
an ``AioAWSResponse`` and the installed aiobotocore's streaming body.
Imported only once aiobotocore is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import IO, Any

from aiobotocore.awsrequest import AioAWSResponse
from botocore.response import StreamingBody

from hookmock._aio_bodies import async_streaming_body, is_async_reader, spool
from hookmock._dispatch import dispatch, runs_unlocked
from hookmock._world import World


async def answer(
    world: World,
    model: Any,
    params: Mapping[str, Any],
    url: str,
    context: Mapping[str, Any],
    request_signer: Any,
) -> tuple[AioAWSResponse, dict[str, Any]]:
    payload = _payload_member(model.input_shape)
    spooled: IO[bytes] | None = None
    if payload is not None and is_async_reader(params.get(payload)):
        spooled = await spool(params[payload])
        params = {**params, payload: spooled}
    try:
        if runs_unlocked(model) and _on_asyncio():
            http, parsed = await asyncio.to_thread(
                dispatch, world, model, params, url, context, request_signer
            )
        else:
            http, parsed = dispatch(world, model, params, url, context, request_signer)
    finally:
        if spooled is not None:
            spooled.close()
    payload = _payload_member(model.output_shape)
    body = parsed.get(payload) if payload is not None else None
    if isinstance(body, StreamingBody):
        parsed[payload] = async_streaming_body(body, url, http.status_code, http.headers)
    # raw=None: no wire body, as with aiobotocore's own Stubber.
    return AioAWSResponse(http.url, http.status_code, http.headers, None), parsed


def _payload_member(shape: Any) -> Any:
    """The name of the structure's streamed payload member, if it has one."""
    if shape is None:
        return None
    name = shape.serialization.get("payload")
    if name is None:
        return None
    member = shape.members[name]
    return name if member.type_name == "blob" else None


def _on_asyncio() -> bool:
    """aiobotocore 3 also runs under trio (via anyio): there, dispatch runs inline."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
