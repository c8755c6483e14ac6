"""One call: find the backend operation, run it on the world's state, render the answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.awsrequest import AWSResponse

from hookmock import backends
from hookmock._authz import authorize
from hookmock._credentials import expired_token_error, has_expired
from hookmock._errors import OperationNotImplemented
from hookmock._partitions import partition_of
from hookmock._world import World
from hookmock.backends._core import Answer, Call
from hookmock.shapes.errors import AWSError
from hookmock.shapes.responses import error_response, new_request_id, success_response
from hookmock.shapes.validate import check_input


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


def dispatch(
    world: World,
    operation_model: Any,
    params: Mapping[str, Any],
    url: str,
    context: Mapping[str, Any],
    request_signer: Any,
) -> tuple[AWSResponse, dict[str, Any]]:
    service_name = operation_model.service_model.service_name
    name = operation_model.name
    spec = backends.service(service_name)
    operation = spec.operations.get(name) if spec is not None else None
    if spec is None or operation is None:
        raise OperationNotImplemented(service_name, name, spec.operations if spec else ())

    region = context.get("client_region") or ""
    partition = partition_of(region)
    principal = world.principal_for(
        peek_access_key(request_signer),
        partition,
        service=operation_model.service_model.endpoint_prefix,
        region=region,
    )
    if has_expired(principal, world.clock.now()):
        expired = expired_token_error(operation_model.service_model)
        return error_response(operation_model, url, expired, new_request_id())
    location = partition if spec.scope == "partition" else region
    owner = "" if spec.shared_across_accounts else principal.account_id
    backend = world.backend(spec, owner, location)
    request_id = new_request_id()
    call = Call(
        world, principal, region, partition, request_id, operation_model, context, endpoint=url
    )
    try:
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
        return error_response(operation_model, url, error, request_id)
    members, status, verbatim = result, 200, None
    if isinstance(result, Answer):
        members, status, verbatim = result.result, result.status, result.verbatim
    http, parsed = success_response(operation_model, url, members, request_id, status)
    if verbatim:
        parsed.update(verbatim)
    return http, parsed
