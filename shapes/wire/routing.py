"""Which service and operation an HTTP request is for, from the models alone.

The service comes from the SigV4 credential scope (header or presigned query),
else from ``X-Amz-Target`` (json), the rpc-v2 path, ``Action`` (query/ec2) or
the Host. The operation comes from the target or action name, or, for the rest
protocols, from matching the method, path and query against every operation's
``requestUri`` and keeping the most specific match.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

import attrs

from hookmock.shapes.protocols import protocol_of
from hookmock.shapes.wire._rest_table import (
    RestTemplate,
    Score,
    query_pairs,
    score,
    template_for,
)
from hookmock.shapes.wire._s3_hosts import hostname, s3_path
from hookmock.shapes.wire.parse_query import form_pairs
from hookmock.shapes.wire.request import Route, WireRequest, WireRoutingError

REST_PROTOCOLS = frozenset({"rest-json", "rest-xml"})
_CREDENTIAL = re.compile(r"Credential=([^,\s]+)")
_RPC_V2_PATH = re.compile(r"/service/([^/]+)/operation/([^/?]+)")


@attrs.define
class _Service:
    """What routing needs from one service model, computed once per model."""

    model: Any
    protocol: str
    operation_names: frozenset[str]
    rest_by_method: dict[str, list[RestTemplate]] | None = None

    def rest_templates(self, method: str) -> list[RestTemplate]:
        if self.rest_by_method is None:
            grouped: dict[str, list[RestTemplate]] = {}
            for name in self.model.operation_names:
                template = template_for(self.model.operation_model(name))
                grouped.setdefault(template.method, []).append(template)
            self.rest_by_method = grouped
        return self.rest_by_method.get(method, [])

    def operation(self, name: str) -> Any | None:
        if name in self.operation_names:
            return self.model.operation_model(name)
        return None


_services: weakref.WeakKeyDictionary[Any, _Service] = weakref.WeakKeyDictionary()


def _service(model: Any) -> _Service:
    found = _services.get(model)
    if found is None:
        names = frozenset(model.operation_names)
        found = _services[model] = _Service(model, protocol_of(model), names)
    return found


@attrs.frozen
class _Index:
    services: tuple[_Service, ...]
    by_signing_name: dict[str, list[_Service]]
    by_endpoint_prefix: dict[str, list[_Service]]
    by_target_prefix: dict[str, list[_Service]]


def _build_index(models: list[Any]) -> _Index:
    services = tuple(_service(model) for model in models)
    signing: dict[str, list[_Service]] = {}
    endpoint: dict[str, list[_Service]] = {}
    target: dict[str, list[_Service]] = {}
    for service in services:
        metadata = service.model.metadata
        signing_name = metadata.get("signingName") or metadata.get("endpointPrefix", "")
        signing.setdefault(signing_name, []).append(service)
        endpoint.setdefault(metadata.get("endpointPrefix", ""), []).append(service)
        if "targetPrefix" in metadata:
            target.setdefault(metadata["targetPrefix"], []).append(service)
    return _Index(services, signing, endpoint, target)


_indexes: dict[tuple[tuple[str, int], ...], tuple[_Index, list[Any]]] = {}
_indexes_lock = threading.Lock()
_MAX_INDEXES = 16


def _index(service_models: Mapping[str, Any]) -> _Index:
    key = tuple((name, id(model)) for name, model in service_models.items())
    found = _indexes.get(key)
    if found is None:
        models = list(service_models.values())
        with _indexes_lock:
            if len(_indexes) >= _MAX_INDEXES:
                _indexes.clear()
            # The models stay referenced next to their ids, so no id is reused.
            found = _indexes[key] = (_build_index(models), models)
    return found[0]


def credential_scope_service(request: WireRequest) -> str | None:
    """The service named in the SigV4 (or SigV4a) credential scope, if signed."""
    credential = None
    authorization = request.headers.get("authorization", "")
    found = _CREDENTIAL.search(authorization)
    if found:
        credential = found.group(1)
    elif "X-Amz-Credential" in request.query:
        for key, value in parse_qsl(request.query, keep_blank_values=True):
            if key == "X-Amz-Credential":
                credential = value
    if credential is None:
        return None
    parts = credential.split("/")
    return parts[-2] if len(parts) >= 4 else None


def route(request: WireRequest, service_models: Mapping[str, Any]) -> Route:
    """The service and operation ``request`` is for; WireRoutingError if none."""
    index = _index(service_models)
    scope = credential_scope_service(request)
    candidates: list[_Service] | None = None
    if scope is not None:
        candidates = index.by_signing_name.get(scope) or index.by_endpoint_prefix.get(scope)
        if not candidates:
            raise WireRoutingError(f"no service here is signed for as {scope!r}")

    target = request.headers.get("x-amz-target")
    if target:
        return _by_target(index, candidates, target)
    rpc = _RPC_V2_PATH.search(request.path)
    if rpc and request.method.upper() == "POST":
        return _by_rpc_v2(index, candidates, rpc.group(1), rpc.group(2))
    action = None
    version = None
    if not candidates or any(s.protocol not in REST_PROTOCOLS for s in candidates):
        for key, value in form_pairs(request):
            if key == "Action":
                action = value
            elif key == "Version":
                version = value
    if action is not None:
        return _by_action(index, candidates, action, version)
    return _by_rest(index, candidates, request)


def _narrow(found: list[_Service], candidates: list[_Service] | None) -> list[_Service]:
    if candidates is None:
        return found
    return [service for service in found if service in candidates] or found


def _by_target(index: _Index, candidates: list[_Service] | None, target: str) -> Route:
    prefix, _, name = target.rpartition(".")
    services = _narrow(index.by_target_prefix.get(prefix, []), candidates)
    if not services:
        raise WireRoutingError(f"no service takes X-Amz-Target {target!r}")
    return _first_with_operation(services, name, "json")


def _by_rpc_v2(
    index: _Index, candidates: list[_Service] | None, service_name: str, name: str
) -> Route:
    services = _narrow(index.by_target_prefix.get(service_name, []), candidates)
    if not services:
        raise WireRoutingError(f"no service is named {service_name!r}")
    return _first_with_operation(services, name, "smithy-rpc-v2-cbor")


def _first_with_operation(services: list[_Service], name: str, protocol: str) -> Route:
    """The route to operation ``name`` of the first of ``services`` that has one."""
    for service in services:
        operation = service.operation(name)
        if operation is not None:
            return Route(service.model, operation, protocol)
    raise WireRoutingError(
        f"{services[0].model.service_name} has no operation {name!r}",
        code="UnknownOperationException",
    )


def _by_action(
    index: _Index, candidates: list[_Service] | None, action: str, version: str | None
) -> Route:
    pool = [s for s in (candidates or index.services) if s.protocol not in REST_PROTOCOLS]
    found = [s for s in pool if s.operation(action) is not None]
    if not found:
        where = pool[0].model.service_name if candidates and pool else "any service"
        raise WireRoutingError(f"{where} has no action {action!r}", code="InvalidAction")
    if version is not None:
        found.sort(key=lambda s: s.model.metadata.get("apiVersion") != version)
    service = found[0]
    protocol = "ec2" if service.protocol == "ec2" else "query"
    return Route(service.model, service.operation(action), protocol)


def _by_host(index: _Index, host: str) -> list[_Service] | None:
    for label in hostname(host).split("."):
        found = index.by_endpoint_prefix.get(label)
        if found:
            return found
    return None


def _by_rest(index: _Index, candidates: list[_Service] | None, request: WireRequest) -> Route:
    if candidates is None:
        candidates = _by_host(index, request.host)
    if candidates is None:
        # Unsigned and no service in the Host: anonymous S3 access is the one
        # kind of request that arrives like this.
        candidates = index.by_endpoint_prefix.get("s3")
    if not candidates:
        raise WireRoutingError("cannot tell which service this request is for")
    method = request.method.upper()
    query: dict[str, list[str]] = {}
    for key, value in query_pairs(request.query):
        query.setdefault(key, []).append(value)
    best: tuple[Score, _Service, RestTemplate] | None = None
    for service in candidates:
        if service.protocol not in REST_PROTOCOLS:
            continue
        path = s3_path(request) if service.model.service_name == "s3" else request.path
        for template in service.rest_templates(method):
            if template.pattern.fullmatch(path) is None:
                continue
            found = score(template, query, request.headers)
            if found is not None and (best is None or found > best[0]):
                best = (found, service, template)
    if best is None:
        names = ", ".join(s.model.service_name for s in candidates)
        raise WireRoutingError(
            f"no {names} operation takes {method} {request.path}", code="MethodNotAllowed"
        )
    _, service, template = best
    return Route(service.model, template.operation_model, service.protocol)
