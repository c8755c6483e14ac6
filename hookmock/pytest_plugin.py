"""pytest plugin (``pytest11`` entry point).

Loading it imports hookmock before any test module, so sessions and clients
that test modules create at import time carry hookmock's handlers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from hookmock._scope import MockScope
from hookmock._world import World

if TYPE_CHECKING:
    from hookmock.server import Server


@pytest.fixture
def hookmock() -> Iterator[World]:
    """Mock AWS for one test; yields the test's fresh world."""
    with MockScope() as world:
        yield world


@pytest.fixture(scope="session")
def hookmock_server_session() -> Iterator[Server]:
    """hookmock's HTTP server for the whole session (one per pytest-xdist worker),
    on a free loopback port, in a background thread. Needs the ``server`` extra."""
    try:
        from hookmock.server import Server
    except ImportError as error:
        pytest.fail(str(error), pytrace=False)
    with Server() as server:
        yield server


@pytest.fixture
def hookmock_server(hookmock_server_session: Server) -> str:
    """The endpoint URL of the session's hookmock server, its world emptied for this
    test: ``boto3.client("s3", endpoint_url=hookmock_server)``."""
    hookmock_server_session.world.reset()
    return hookmock_server_session.url
