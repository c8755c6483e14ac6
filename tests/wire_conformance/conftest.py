"""botocore's protocol test vectors, run in reverse against hookmock's wire layer.

The vectors ship in botocore's sdist, not its wheel: ``nox -s wire_conformance``
caches them (see vectors.py). Without them (the default test run, offline) the
tests skip.

A test module sets ``CONFORMANCE_DIRECTION`` ("input" or "output") and
parametrizes its tests with a ``protocol`` argument; the summary prints passes,
failures and skips per direction and protocol.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from vectors import vectors_dir


def vector_files(direction: str) -> list[Path]:
    """This direction's vector files, current and legacy; none when not cached."""
    root = vectors_dir()
    if root is None:
        return []
    found = [*(root / direction).glob("*.json"), *(root / "legacy" / direction).glob("*.json")]
    return sorted(found)


def cases(direction: str) -> Iterator[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(id, suite without its cases, case) for every vector of ``direction``."""
    root = vectors_dir()
    for path in vector_files(direction):
        label = path.relative_to(root).as_posix() if root else path.name
        for suite_index, suite in enumerate(json.loads(path.read_text("utf-8"))):
            suite_cases = suite.pop("cases")
            for case_index, case in enumerate(suite_cases):
                case_id = case.get("id") or f"{suite_index}:{case_index}"
                yield f"{label}::{case_id}", suite, case


_results: Counter[tuple[str, str, str]] = Counter()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    direction = getattr(getattr(item, "module", None), "CONFORMANCE_DIRECTION", None)
    callspec = getattr(item, "callspec", None)
    if direction is None or callspec is None or "protocol" not in callspec.params:
        return
    protocol = callspec.params["protocol"]
    if not isinstance(protocol, str):
        return  # no vectors cached: the empty parametrization's placeholder
    if report.when == "call" or (report.when == "setup" and report.skipped):
        _results[(direction, protocol, report.outcome)] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _results:
        return
    terminalreporter.section("wire conformance (botocore protocol vectors, reversed)")
    rows = sorted({(d, p) for d, p, _ in _results})
    for direction, protocol in rows:
        passed = _results[(direction, protocol, "passed")]
        failed = _results[(direction, protocol, "failed")]
        skipped = _results[(direction, protocol, "skipped")]
        terminalreporter.write_line(
            f"{direction:6} {protocol:20} passed {passed:4}  failed {failed:3}  skipped {skipped:3}"
        )
