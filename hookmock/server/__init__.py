"""hookmock's backends behind HTTP, for clients that cannot be reached in-process.

``hookmock server`` runs it from the command line; ``Server`` runs it in a
background thread (``with Server() as server: ... endpoint_url=server.url``).
Needs the ``server`` extra: ``pip install 'hookmock[server]'``.
"""

from __future__ import annotations

try:
    import waitress  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError(
        "hookmock's server needs the 'server' extra: pip install 'hookmock[server]'"
    ) from error

from hookmock.server._app import Authenticate, HookmockApp
from hookmock.server._credentials import Credentials
from hookmock.server._run import DEFAULT_HOST, DEFAULT_PORT, Server, serve

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "Authenticate",
    "Credentials",
    "HookmockApp",
    "Server",
    "serve",
]
