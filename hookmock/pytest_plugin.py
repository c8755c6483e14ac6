"""pytest plugin (``pytest11`` entry point).

Loading it imports hookmock before any test module, so sessions and clients
that test modules create at import time carry hookmock's handlers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hookmock._scope import MockScope
from hookmock._world import World


@pytest.fixture
def hookmock() -> Iterator[World]:
    """Mock AWS for one test; yields the test's fresh world."""
    with MockScope() as world:
        yield world
