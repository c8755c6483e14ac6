"""The WSGI application: one HTTP request in, the world's answer out on the wire.

route → parse → ``answer`` (the core the in-process hooks use too) → serialize.
Region and caller come from the request's signature (credential scope and access
key). Signatures are verified where the world has access control on (``iam=True``):
the request goes to ``answer`` as a ``SignedRequest`` that access control checks,
as it checks an in-process client's secret. An ``authenticate`` hook, if given,
sees every AWS request first.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from http import HTTPStatus
from typing import Any

import attrs
import botocore.session

from hookmock._authz.settings import enable
from hookmock._dispatch import Success, answer
from hookmock._world import World
from hookmock.backends._core import SERVED_AT
from hookmock.server import _aws_chunked, _control
from hookmock.server._credentials import Credentials, read_credentials
from hookmock.server._verify import HttpSignature
from hookmock.shapes.errors import AWSError
from hookmock.shapes.protocols import JSON_FAMILY, protocol_of
from hookmock.shapes.responses import new_request_id
from hookmock.shapes.wire import (
    WireRequest,
    WireResponse,
    WireRoutingError,
    WireValueError,
    parse_request,
    route,
    serialize_error,
    serialize_response,
)
from hookmock.shapes.wire._s3_hosts import virtual_host_bucket

logger = logging.getLogger("hookmock.server")

DEFAULT_REGION = "us-east-1"
"""The region of requests whose signature names none (anonymous requests, SigV2)."""

_OPERATION_KEY = "hookmock.operation"
"""Where the WSGI environ records the operation a request was routed to (for the log)."""

StartResponse = Callable[..., Any]
Authenticate = Callable[[WireRequest, Credentials, World], AWSError | None]
"""Checks a request's signature; returns the error to answer with, or None to let it in."""

_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Status"


def _malformed_input(service_model: Any, message: str) -> AWSError:
    """The error a service answers a request it cannot read with, per protocol."""
    protocol = protocol_of(service_model)
    if protocol in JSON_FAMILY:
        return AWSError("SerializationException", message)
    if protocol == "rest-xml":
        return AWSError(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our "
            "published schema",
        )
    return AWSError("MalformedQueryString", message, 404)


class _Body:
    """A response body handed to the WSGI server: closes streamed payloads when done."""

    def __init__(self, body: bytes | Iterable[bytes], closers: list[Any]) -> None:
        self._body = [body] if isinstance(body, bytes) else body
        self._closers = closers

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        close_body = getattr(self._body, "close", None)
        if close_body is not None:
            close_body()
        for closer in self._closers:
            closer.close()


class HookmockApp:
    """hookmock's backends as a WSGI application, over one world."""

    def __init__(
        self,
        world: World | None = None,
        services: Iterable[str] | None = None,
        *,
        authenticate: Authenticate | None = None,
        iam: bool = False,
        s3_hosts: Iterable[str] = (),
    ) -> None:
        self.world = world if world is not None else World()
        if iam:
            enable(self.world)
        self.s3_hosts = tuple(_hostname_of(name) for name in s3_hosts)
        """Hostnames on which ``bucket.<name>`` is S3 virtual-host addressing."""
        names = sorted(services) if services is not None else _control.implemented_services()
        unknown = [name for name in names if name not in _control.implemented_services()]
        if unknown:
            raise ValueError(
                f"hookmock implements no {', '.join(unknown)} backend; it serves "
                f"{', '.join(_control.implemented_services())}"
            )
        self.services = names
        loader = botocore.session.get_session()
        self.service_models: Mapping[str, Any] = {
            name: loader.get_service_model(name) for name in names
        }
        self.authenticate = authenticate
        """Access control's hook: when set, every AWS request's signature goes through it."""
        self.endpoint = ""
        """The server's base URL once it listens (for the dashboard)."""

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = _wire_request(environ, self.s3_hosts)
        if request.path.startswith(_control.PREFIX):
            return self._control(request, start_response)
        credentials = read_credentials(request.headers, request.query)
        if _is_dashboard(request, credentials):
            page = _control.dashboard(self.world, self.services, self.endpoint)
            start_response(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
            )
            return [page]
        began = time.perf_counter()
        response, closers = self._aws(request, credentials, environ)
        if logger.isEnabledFor(logging.INFO):
            logger.info(
                '%s "%s %s" %s %d %.1fms',
                environ.get("REMOTE_ADDR", "-"),
                request.method,
                request.path,
                environ.get(_OPERATION_KEY, "-"),
                response.status,
                (time.perf_counter() - began) * 1000,
            )
        headers = [(k, v) for k, v in response.headers if k.lower() not in _HOP_BY_HOP]
        if isinstance(response.body, bytes) and not any(
            k.lower() == "content-length" for k, _ in headers
        ):
            headers.append(("Content-Length", str(len(response.body))))
        start_response(_status_line(response.status), headers)
        return _Body(response.body, closers)

    def _control(self, request: WireRequest, start_response: StartResponse) -> Iterable[bytes]:
        action = request.path[len(_control.PREFIX) :]
        status, body = 200, b""
        if action == "state" and request.method == "GET":
            body = _control.state_json(self.world, self.services)
        elif action == "reset" and request.method == "POST":
            self.world.reset()
            body = b'{"reset": true}\n'
        elif action == "health" and request.method == "GET":
            body = b'{"status": "ok"}\n'
        elif action in ("state", "reset", "health"):
            status, body = 405, b'{"error": "method not allowed"}\n'
        else:
            status, body = 404, b'{"error": "no such hookmock endpoint"}\n'
        start_response(
            _status_line(status),
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]

    def _aws(
        self, request: WireRequest, credentials: Credentials, environ: dict[str, Any]
    ) -> tuple[WireResponse, list[Any]]:
        request_id = new_request_id()
        signature = HttpSignature(request)
        try:
            request = _decoded(request)
            found = route(request, self.service_models)
        except WireRoutingError as error:
            return _unrouted(error, request_id), []
        except _aws_chunked.MalformedChunks:
            return _unrouted(
                WireRoutingError(
                    "You did not provide the number of bytes specified by the "
                    "Content-Length HTTP header",
                    code="IncompleteBody",
                ),
                request_id,
            ), []
        except Exception:
            logger.exception("hookmock failed to route %s %s", request.method, request.path)
            failed = WireRoutingError(
                "hookmock failed on this request; its traceback is in the server's log.",
                code="InternalError",
            )
            return _unrouted(failed, request_id, 500), []
        service_model, operation_model = found.service_model, found.operation_model
        environ[_OPERATION_KEY] = f"{service_model.service_name}:{operation_model.name}"
        region = credentials.region or DEFAULT_REGION
        served_at = _base_url(environ, request)
        try:
            if self.authenticate is not None:
                refused = self.authenticate(request, credentials, self.world)
                if refused is not None:
                    raise refused
            try:
                params = parse_request(found, request)
            except WireValueError as error:
                raise _malformed_input(service_model, str(error)) from error
            outcome = answer(
                self.world,
                operation_model,
                params,
                region=region,
                access_key_id=credentials.access_key_id,
                url=served_at + request.path,
                context={"client_region": region, SERVED_AT: served_at},
                request_id=request_id,
                request_signer=signature,
            )
        except AWSError as error:
            outcome = error
        except NotImplementedError as error:  # hookmock lacks the operation or a feature
            outcome = AWSError("NotImplemented", str(error), 501, sender_fault=False)
        except Exception:
            logger.exception("hookmock failed on %s %s", request.method, request.path)
            outcome = _internal_error()
        if isinstance(outcome, Success):
            closers = [
                v for v in outcome.parsed.values() if hasattr(v, "read") and hasattr(v, "close")
            ]
            try:
                return serialize_response(
                    operation_model, outcome.parsed, outcome.status, request_id
                ), closers
            except Exception:
                logger.exception("hookmock failed to answer %s %s", request.method, request.path)
                for closer in closers:
                    closer.close()
                outcome = _internal_error()
        return serialize_error(service_model, outcome, request_id, operation_model), []


def _internal_error() -> AWSError:
    return AWSError(
        "InternalError",
        "hookmock failed on this request; its traceback is in the server's log.",
        500,
        sender_fault=False,
    )


def _is_dashboard(request: WireRequest, credentials: Credentials) -> bool:
    """An unsigned ``GET /`` (a browser), not an anonymous S3 listing of a bucket
    named by its virtual host or asked with a query."""
    return (
        request.method == "GET"
        and request.path == "/"
        and not request.query
        and not credentials.signed
        and virtual_host_bucket(request.host, request.s3_hosts) is None
    )


def _hostname_of(name: str) -> str:
    """A configured S3 host as the Host header is compared with it: lower-case, no port."""
    name = name.strip().lower()
    host, _, port = name.rpartition(":")
    return host if host and port.isdigit() and not name.endswith("]") else name


def _wire_request(environ: Mapping[str, Any], s3_hosts: tuple[str, ...] = ()) -> WireRequest:
    raw_uri = environ.get("REQUEST_URI") or environ.get("RAW_URI")
    if raw_uri:
        path, _, query = str(raw_uri).partition("?")
        if "://" in path:  # an absolute-form request target
            path = "/" + path.split("://", 1)[1].partition("/")[2]
    else:
        path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
    headers: dict[str, str] = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = value
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["content-length"] = environ["CONTENT_LENGTH"]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    return WireRequest(
        method=environ["REQUEST_METHOD"].upper(),
        path=path or "/",
        query=query,
        headers=headers,
        body=body,
        host=headers.get("host", ""),
        s3_hosts=s3_hosts,
    )


def _decoded(request: WireRequest) -> WireRequest:
    """The request with an aws-chunked body decoded, its trailing checksum headers
    merged in as the headers they stand for, and aws-chunked gone from its encoding."""
    if not _aws_chunked.is_aws_chunked(request.headers):
        return request
    decoded = _aws_chunked.decode(request.body)
    headers = dict(request.headers)
    declared = headers.get("x-amz-decoded-content-length")
    if declared is not None and declared.isdigit() and int(declared) != len(decoded.body):
        raise _aws_chunked.MalformedChunks("decoded length differs from the declared one")
    encoding = _aws_chunked.without_aws_chunked(headers.pop("content-encoding", ""))
    if encoding:
        headers["content-encoding"] = encoding
    headers["content-length"] = str(len(decoded.body))
    for name in ("x-amz-decoded-content-length", "x-amz-trailer"):
        headers.pop(name, None)
    headers.update(decoded.trailers)
    return attrs.evolve(request, headers=headers, body=decoded.body)


def _base_url(environ: Mapping[str, Any], request: WireRequest) -> str:
    """``scheme://host[:port]`` the client reached this server at (its Host header)."""
    scheme = environ.get("wsgi.url_scheme", "http")
    host = request.host or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    return f"{scheme}://{host}"


def _unrouted(error: WireRoutingError, request_id: str, status: int = 400) -> WireResponse:
    """An answer for a request no served service or operation matches: S3's XML error
    form, which every SDK reads well enough to report the code and message."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{_xml_text(error.code)}</Code>"
        f"<Message>{_xml_text(error.message)}</Message>"
        f"<RequestId>{request_id}</RequestId></Error>"
    ).encode()
    return WireResponse(
        status,
        [
            ("Content-Type", "application/xml"),
            ("Content-Length", str(len(body))),
            ("x-amzn-RequestId", request_id),
        ],
        body,
    )


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
