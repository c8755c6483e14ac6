"""The project as shipped: wheel contents, installed layout, CLI and coverage file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from hookmock.__main__ import main

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_only_the_hookmock_package(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("hookmock-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names}
    assert {t for t in top_level if not t.endswith(".dist-info")} == {"hookmock"}
    for required in (
        "hookmock/py.typed",
        "hookmock/backends/__init__.py",
        "hookmock/backends/sts/backend.py",
        "hookmock/shapes/render.py",
    ):
        assert required in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[pytest11]" in text
    assert "hookmock.pytest_plugin" in text


def test_installed_layout_maps_backends_and_shapes_under_hookmock(tmp_path: Path) -> None:
    probe = (
        "import importlib.util, hookmock.backends, hookmock.shapes;"
        "print(importlib.util.find_spec('backends'), importlib.util.find_spec('shapes'));"
        "print(hookmock.backends.service('sts').name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["None", "None", "sts"]


def test_every_source_folder_is_a_package() -> None:
    """setup.py finds sub-packages by their __init__.py; a folder without one
    works from a checkout but is missing from the installed wheel."""
    missing = [
        str(folder.relative_to(ROOT))
        for top in ("hookmock", "backends", "shapes")
        for folder in [ROOT / top, *(ROOT / top).rglob("*")]
        if folder.is_dir() and any(folder.glob("*.py")) and not (folder / "__init__.py").exists()
    ]
    assert missing == []


def test_check_command_answers_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "arn:aws:iam::123456789012:root" in out
    assert "nothing was sent to AWS" in out


def test_coverage_file_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--check", "--file", str(ROOT / "IMPLEMENTATION_COVERAGE.md")]) == 0


def test_coverage_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "COVERAGE.md"
    stale.write_text("# hookmock implementation coverage\n\n## sts\n\n- [ ] GetCallerIdentity\n")
    assert main(["coverage", "--check", "--file", str(stale)]) == 1
    assert main(["coverage", "--write", "--file", str(stale)]) == 0
    assert "- [x] GetCallerIdentity" in stale.read_text()
