"""Running the application on a port: in the foreground (``hookmock server``) or in a
background thread of the current process (``hookmock.server.Server``).

The HTTP side is waitress: HTTP/1.1 keep-alive, ``Expect: 100-continue``, chunked
request bodies (buffered, spilled to temporary files when large), streamed
responses with back-pressure, and a pool of worker threads for concurrent clients.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import waitress.server
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser

from hookmock._world import World
from hookmock.server._app import Authenticate, HookmockApp

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000
DEFAULT_THREADS = 16
"""Worker threads: each SQS long poll holds one for up to 20 seconds."""
CONNECTION_LIMIT = 1000
"""Open connections before waitress stops accepting (its default, 100, is reached by a
few dozen SDK clients, each keeping a pool of keep-alive connections per service)."""

# waitress warns whenever a request waits for a free worker thread: under load that
# is expected, not worth a line per request.
logging.getLogger("waitress.queue").setLevel(logging.ERROR)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only ever reaches this machine."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(found) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in found)


class _RequestParser(HTTPRequestParser):  # type: ignore[misc]
    """waitress's parser, minus a hang: for a request that announces no body
    (``Content-Length: 0``) yet sends ``Expect: 100-continue`` (botocore does, for an
    empty PutObject), waitress answers 100 Continue and then waits for a body that
    never comes. With no body to wait for, no 100 is needed: answer at once."""

    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        if self.body_rcv is None:
            self.expect_continue = False


class _Channel(HTTPChannel):  # type: ignore[misc]
    parser_class = _RequestParser


def _create(app: HookmockApp, host: str, port: int, threads: int) -> Any:
    server = waitress.server.create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        connection_limit=CONNECTION_LIMIT,
        ident="hookmock",
        asyncore_use_poll=True,
        expose_tracebacks=False,
        clear_untrusted_proxy_headers=True,
    )
    for dispatcher in [server, *getattr(server, "map", {}).values()]:
        if isinstance(dispatcher, waitress.server.BaseWSGIServer):
            dispatcher.channel_class = _Channel
    return server


def _listening(server: Any) -> list[tuple[str, int]]:
    if hasattr(server, "effective_port"):
        return [(str(server.effective_host), int(server.effective_port))]
    return [(str(listen[0]), int(listen[1])) for listen in server.effective_listen]


def _url(host: str, port: int) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


class Server:
    """hookmock's HTTP server, run in a background thread of this process.

    ``with Server() as server:`` starts it on a free loopback port and stops it on
    exit; point clients at ``server.url`` (``endpoint_url=server.url``). It answers
    from ``world`` (a fresh one unless given), which ``server.world`` exposes.
    """

    def __init__(
        self,
        world: World | None = None,
        services: Iterable[str] | None = None,
        *,
        host: str = DEFAULT_HOST,
        port: int = 0,
        threads: int = DEFAULT_THREADS,
        authenticate: Authenticate | None = None,
        iam: bool = False,
        s3_hosts: Iterable[str] = (),
    ) -> None:
        self.app = HookmockApp(
            world, services, authenticate=authenticate, iam=iam, s3_hosts=s3_hosts
        )
        self._host = host
        self._port = port
        self._threads = threads
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def world(self) -> World:
        return self.app.world

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the hookmock server is not running")
        return _listening(self._server)[0][1]

    @property
    def url(self) -> str:
        """The endpoint URL, e.g. ``http://127.0.0.1:51234``."""
        if self._server is None:
            raise RuntimeError("the hookmock server is not running")
        host, port = _listening(self._server)[0]
        return _url(host, port)

    def start(self) -> Server:
        if self._server is not None:
            raise RuntimeError("the hookmock server is already running")
        self._server = _create(self.app, self._host, self._port, self._threads)
        self.app.endpoint = self.url
        self._thread = threading.Thread(
            target=self._server.run, name=f"hookmock-server-{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening, close every connection and end the worker threads."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        # Workers first: one finishing a response wakes the loop through its
        # trigger, which must still be open then.
        server.task_dispatcher.shutdown(timeout=5)
        # The loop owns its sockets: close them from inside it, which ends it.
        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=10)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(
    services: Iterable[str] | None = None,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    threads: int = DEFAULT_THREADS,
    world: World | None = None,
    iam: bool = False,
    s3_hosts: Iterable[str] = (),
) -> None:
    """Serve in the foreground until interrupted (``hookmock server``)."""
    app = HookmockApp(world, services, iam=iam, s3_hosts=s3_hosts)
    server = _create(app, host, port, threads)
    listening = _listening(server)
    app.endpoint = _url(*listening[0])
    if not is_loopback(host):
        exposure = (
            "hookmock is a test double, not a security boundary: its control endpoints "
            "reset and dump its state unsigned."
            if iam
            else "hookmock checks no signatures and has no access control (see --iam): "
            "anyone who can reach this port can read and change its state."
        )
        print(
            f"hookmock: WARNING: listening on {host}, which is reachable from other "
            f"machines. {exposure}",
            file=sys.stderr,
        )
    urls = ", ".join(_url(h, p) for h, p in listening)
    print(f"hookmock serving {', '.join(app.services)} on {urls} (Ctrl-C stops)", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
