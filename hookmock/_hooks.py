"""The botocore event handlers, and how they get onto emitters.

Flow of one call (see design.md): ``before-parameter-build`` binds the call
to a world and remembers the final API params in the call's ``context``;
``before-call`` answers from that world, so botocore never serializes onto
the wire nor signs; ``before-send`` is a guard that refuses anything that
still tries to leave. All three are registered at the shallowest event name
in botocore's "last" section, so every other handler (a user's Stubber
included) runs first.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

import botocore.handlers
from botocore.awsrequest import AWSResponse

from hookmock._dispatch import dispatch
from hookmock._errors import RealRequestBlocked, blocked_request_message
from hookmock._state import STATE
from hookmock._world import World

BINDING_KEY = "hookmock"
"""Key of the call's botocore ``context`` dict where the binding is kept."""

BIND_EVENT = "before-parameter-build"
ENDPOINT_EVENT = "before-endpoint-resolution"
ANSWER_EVENT = "before-call"
GUARD_EVENT = "before-send"


class Binding:
    """A call that hookmock answers: which world, and the API params as built."""

    __slots__ = ("params", "world")

    def __init__(self, world: World, params: dict[str, Any]) -> None:
        self.world = world
        self.params = params


def bind_global(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Bind the call to the process-wide world, unless an activation bound it already."""
    world = STATE.world
    if world is not None and BINDING_KEY not in context:
        context[BINDING_KEY] = Binding(world, params)


def skip_account_lookup(builtins: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Endpoint rules may read the account id from the credentials, which would
    refresh refreshable ones (a credential process, a container endpoint, STS).
    A call hookmock answers has no endpoint to pick: never resolve it."""
    if BINDING_KEY in context and "AWS::Auth::AccountId" in builtins:
        builtins["AWS::Auth::AccountId"] = None


def answer(
    model: Any, params: dict[str, Any], request_signer: Any, context: dict[str, Any], **_: Any
) -> tuple[AWSResponse, dict[str, Any]] | Coroutine[Any, Any, Any] | None:
    binding = context.get(BINDING_KEY)
    if binding is None:
        return None
    url = params.get("url", "")
    if is_async_client(request_signer):
        # aiobotocore awaits what a handler returns: answer with a coroutine.
        from hookmock import _aio_answer

        return _aio_answer.answer(
            binding.world, model, binding.params, url, context, request_signer
        )
    return dispatch(binding.world, model, binding.params, url, context, request_signer)


_async_signer_types: dict[type, bool] = {}


def is_async_client(request_signer: Any) -> bool:
    """Whether the call comes from an aiobotocore client (its signer is aiobotocore's)."""
    kind = type(request_signer)
    known = _async_signer_types.get(kind)
    if known is None:
        known = any(base.__module__.startswith("aiobotocore.") for base in kind.__mro__)
        _async_signer_types[kind] = known
    return known


def guard_global(request: Any, **_: Any) -> None:
    if STATE.world is not None:
        raise RealRequestBlocked(
            blocked_request_message(
                getattr(request, "url", "?"),
                reason="hookmock did not answer this call, so it would have gone to the network.",
            )
        )


HandlerSpec = tuple[str, Any, str]
"""(event, handler, unique id)."""

SKIP_ACCOUNT_LOOKUP: HandlerSpec = (
    ENDPOINT_EVENT,
    skip_account_lookup,
    "hookmock-skip-account-lookup",
)
ANSWER: HandlerSpec = (ANSWER_EVENT, answer, "hookmock-answer")
"""Shared by the process-wide set and by activations: neither binds a world."""

GLOBAL_HANDLERS: tuple[HandlerSpec, ...] = (
    (BIND_EVENT, bind_global, "hookmock-bind-global"),
    SKIP_ACCOUNT_LOOKUP,
    ANSWER,
    (GUARD_EVENT, guard_global, "hookmock-guard-global"),
)
"""The process-wide handler set, in registration order."""


def install_builtin_handlers() -> None:
    """Make every botocore session created from now on carry the (dormant) handlers."""
    builtin = botocore.handlers.BUILTIN_HANDLERS
    for event, handler, _ in GLOBAL_HANDLERS:
        spec = (event, handler, botocore.handlers.REGISTER_LAST)
        if spec not in builtin:
            builtin.append(spec)


def register_global_handlers(emitter: Any) -> None:
    """Give an emitter made before hookmock was imported the same handlers."""
    for event, handler, unique_id in GLOBAL_HANDLERS:
        emitter.register_last(event, handler, unique_id=unique_id)


def carries_handlers(emitter: Any) -> bool:
    """Whether ``emitter`` already runs hookmock's answer handler."""
    inner = getattr(emitter, "_emitter", emitter)
    trie = getattr(inner, "_handlers", None)
    if trie is None:
        return False
    return answer in trie.prefix_search(f"{ANSWER_EVENT}.sts.GetCallerIdentity")
