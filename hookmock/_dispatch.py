"""One call: find the backend operation, run it on the world's state, render the answer.

``answer`` is the core both fronts share: botocore's ``before-call`` event
(``dispatch``, which wraps the outcome as botocore's parsed response) and the
HTTP server (which serializes it onto the wire).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.awsrequest import AWSResponse

from hookmock import backends
from hookmock._authz.settings import settings_of
from hookmock._credentials import expired_token_error, has_expired, signs_request
from hookmock._errors import OperationNotImplemented
from hookmock._partitions import partition_of
from hookmock._world import Principal, World
from hookmock.backends._core import Answer, Call
from hookmock.shapes.errors import AWSError
from hookmock.shapes.render import render_output
from hookmock.shapes.responses import error_response, new_request_id, rendered_response
from hookmock.shapes.validate import check_input


class Success:
    """An operation's result, rendered as botocore's parser returns it (without
    ``ResponseMetadata``), and its HTTP status."""

    __slots__ = ("parsed", "status")

    def __init__(self, parsed: dict[str, Any], status: int) -> None:
        self.parsed = parsed
        self.status = status


Outcome = Success | AWSError
"""What one call comes to: a result, or the error AWS would have answered with."""


def peek_access_key(request_signer: Any) -> str | None:
    """The access key id the client would sign with, read without refreshing anything.

    Refreshable credentials would call STS or a credential process on refresh;
    reading the stored attribute keeps that from ever happening.
    """
    credentials = getattr(request_signer, "_credentials", None)
    if credentials is None:
        return None
    stored = vars(credentials)
    key = stored.get("access_key", stored.get("_access_key"))
    return key if isinstance(key, str) else None


def runs_unlocked(operation_model: Any) -> bool:
    """Whether the backend runs this operation outside its lock because it may take a
    while: a long poll that waits for messages, a write that reads a large body."""
    spec = backends.service(operation_model.service_model.service_name)
    operation = spec.operations.get(operation_model.name) if spec is not None else None
    return operation is not None and not operation.locked


def not_implemented(operation_model: Any) -> OperationNotImplemented:
    """hookmock's error for an operation without a backend."""
    service_name = operation_model.service_model.service_name
    spec = backends.service(service_name)
    return OperationNotImplemented(
        service_name, operation_model.name, spec.operations if spec else ()
    )


def resolve_principal(
    world: World,
    access_key_id: str | None,
    partition: str,
    operation_model: Any,
    region: str,
    *,
    signed: bool = True,
) -> Principal:
    """Who is calling. The one place a call's caller is decided, for both fronts:
    the world's access-key registry, else the default account's root. Only a
    ``signed`` operation counts as the key's last use."""
    return world.principal_for(
        access_key_id,
        partition,
        service=operation_model.service_model.endpoint_prefix if signed else "",
        region=region,
    )


def answer(
    world: World,
    operation_model: Any,
    params: Mapping[str, Any],
    *,
    region: str,
    access_key_id: str | None,
    url: str,
    context: Mapping[str, Any],
    request_id: str,
    request_signer: Any = None,
) -> Outcome:
    """Run one call on ``world``: validate ``params``, run the backend operation
    (under its lock unless declared otherwise) and render its result.

    Raises hookmock's not-implemented error for operations without a backend;
    every error AWS would answer with is returned, not raised. ``request_signer`` is
    an in-process client's (access control reads the secret key it signs with), or
    over HTTP the request's ``SignedRequest`` (access control verifies its signature).
    """
    spec = backends.service(operation_model.service_model.service_name)
    operation = spec.operations.get(operation_model.name) if spec is not None else None
    if spec is None or operation is None:
        raise not_implemented(operation_model)
    partition = partition_of(region)
    signed = signs_request(operation_model)
    principal = resolve_principal(
        world, access_key_id, partition, operation_model, region, signed=signed
    )
    if signed and has_expired(principal, world.clock.now()):
        return expired_token_error(operation_model.service_model)
    location = partition if spec.scope == "partition" else region
    owner = "" if spec.shared_across_accounts else principal.account_id
    backend = world.backend(spec, owner, location)
    call = Call(
        world, principal, region, partition, request_id, operation_model, context, endpoint=url
    )
    try:
        if settings_of(world).enabled:
            # the evaluator loads with the first call of a world that checks access
            from hookmock._authz.check import authorize

            authorize(call, params, request_signer)
        as_sent = {name: params[name] for name in operation.unchecked if name in params}
        if as_sent:
            params = {name: value for name, value in params.items() if name not in as_sent}
        params = check_input(operation_model, params, operation.input_error or spec.input_error)
        params.update(as_sent)
        if operation.locked:
            with backend.lock:
                result = operation.handler(backend, call, params)
        else:
            result = operation.handler(backend, call, params)
    except AWSError as error:
        return error
    members, status, verbatim = result, 200, None
    if isinstance(result, Answer):
        members, status, verbatim = result.result, result.status, result.verbatim
    parsed = render_output(operation_model.output_shape, members, operation_model.service_model)
    if verbatim:
        parsed.update(verbatim)
    return Success(parsed, status)


def dispatch(
    world: World,
    operation_model: Any,
    params: Mapping[str, Any],
    url: str,
    context: Mapping[str, Any],
    request_signer: Any,
) -> tuple[AWSResponse, dict[str, Any]]:
    """Answer a botocore client's call in-process: what a ``before-call`` handler returns."""
    request_id = new_request_id()
    outcome = answer(
        world,
        operation_model,
        params,
        region=context.get("client_region") or "",
        access_key_id=peek_access_key(request_signer),
        url=url,
        context=context,
        request_id=request_id,
        request_signer=request_signer,
    )
    if type(outcome) is Success:
        return rendered_response(operation_model, url, outcome.parsed, request_id, outcome.status)
    assert isinstance(outcome, AWSError)
    return error_response(operation_model, url, outcome, request_id)
