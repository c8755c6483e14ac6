"""botocore's protocol test vectors, from the sdist `nox -s wire_conformance` caches.

The wheel does not ship ``tests/unit/protocols``; the nox session downloads the
sdist of the installed botocore and points HOOKMOCK_PROTOCOL_VECTORS at the
extracted folder. Without it these tests skip, so the default run needs no network.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore
import pytest
from botocore.model import OperationModel, ServiceModel


def cache_dir() -> Path:
    """Where the session unpacks the sdist of the installed botocore."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "hookmock" / f"botocore-{botocore.__version__}"


def vectors_dir() -> Path | None:
    configured = os.environ.get("HOOKMOCK_PROTOCOL_VECTORS")
    folder = Path(configured) if configured else cache_dir() / "tests" / "unit" / "protocols"
    return folder if folder.is_dir() else None


def require_vectors() -> Path:
    folder = vectors_dir()
    if folder is None:
        pytest.skip("botocore's protocol vectors are not cached: run `nox -s wire_conformance`")
    return folder


def botocore_ignored(folder: Path, protocol: str, direction: str) -> set[str]:
    """Cases botocore itself does not pass (its own ignore list)."""
    ignore = json.loads((folder / "protocol-tests-ignore-list.json").read_text())
    general = ignore.get("general", {}).get(direction, {})
    specific = ignore.get("protocols", {}).get(protocol, {}).get(direction, {})
    return {*general.get("cases", []), *general.get("suites", []), *specific.get("cases", [])}


def cases(folder: Path, direction: str, name: str) -> Iterator[tuple[Any, dict[str, Any]]]:
    """(operation model, case) for every case of one vector file."""
    for suite in json.loads((folder / direction / f"{name}.json").read_text()):
        for raw in suite["cases"]:
            case = copy.deepcopy(raw)
            description = {k: copy.deepcopy(v) for k, v in suite.items() if k != "cases"}
            operation_name = case.get("given", {}).get("name", "OperationName")
            description["operations"] = {operation_name: case["given"]}
            model = ServiceModel(description, service_name="vectors")
            case["suite"] = suite["description"]
            yield OperationModel(case["given"], model, operation_name), case
