"""hookmock.install(), the sitecustomize command, and the pytest plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import hookmock
from hookmock.__main__ import main
from hookmock._install import default_sitecustomize_path
from hookmock._state import STATE

from conftest import RecordingServer
from helpers import add_identity, caller_account, current_world, sts, sts_as


def test_install_mocks_the_process_until_uninstall(network: RecordingServer) -> None:
    hookmock.install()
    try:
        installed = current_world()
        add_identity(installed, "AKIAINSTALLED0000001", "111111111111")
        assert caller_account(sts_as("AKIAINSTALLED0000001")) == "111111111111"
        assert hookmock.install() is installed  # idempotent
        with hookmock.aws() as scoped:
            assert scoped is not installed
            assert caller_account(sts_as("AKIAINSTALLED0000001")) == "123456789012"
        assert current_world() is installed
        assert caller_account(sts(endpoint_url=network.url)) == "123456789012"
    finally:
        hookmock.uninstall()
    assert STATE.world is None
    assert network.requests == []


MODULE_LEVEL_SCRIPT = """
import os
import boto3

# Created at import time, before any test or scope: the classic "pesky import".
CLIENT = boto3.client("sts", region_name="us-east-1", endpoint_url=os.environ["RECORDER_URL"])

print(CLIENT.get_caller_identity()["Arn"])
"""


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_sitecustomize_install_mocks_a_subprocess_from_its_first_line(
    tmp_path: Path, network: RecordingServer, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    target = site / "sitecustomize.py"
    script = tmp_path / "app.py"
    script.write_text(MODULE_LEVEL_SCRIPT)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(HOME=str(home), PYTHONPATH=str(site), RECORDER_URL=network.url)

    assert main(["sitecustomize", "--install", "--path", str(target)]) == 0
    assert "installed hookmock in" in capsys.readouterr().out
    mocked = run([sys.executable, str(script)], env, tmp_path)
    assert mocked.returncode == 0, mocked.stderr
    assert mocked.stdout.strip() == "arn:aws:iam::123456789012:root"
    assert network.requests == []

    assert main(["sitecustomize", "--uninstall", "--path", str(target)]) == 0
    assert not target.exists()
    env.update(AWS_ACCESS_KEY_ID="AKIAREALREALREALREAL", AWS_SECRET_ACCESS_KEY="s")
    real = run([sys.executable, str(script)], env, tmp_path)
    assert real.returncode == 0, real.stderr
    assert real.stdout.strip() == "arn:aws:iam::999999999999:user/real"
    assert network.requests == ["POST /"]


def test_sitecustomize_keeps_what_was_already_there(tmp_path: Path) -> None:
    target = tmp_path / "sitecustomize.py"
    target.write_text("import os\nOWN = 1")
    assert main(["sitecustomize", "--install", "--path", str(target)]) == 0
    assert main(["sitecustomize", "--install", "--path", str(target)]) == 0
    text = target.read_text()
    assert text.startswith("import os\nOWN = 1\n")
    assert text.count("_hookmock.install()") == 1
    assert main(["sitecustomize", "--uninstall", "--path", str(target)]) == 0
    assert target.read_text() == "import os\nOWN = 1\n"
    assert main(["sitecustomize", "--uninstall", "--path", str(target)]) == 0


@pytest.mark.parametrize(
    ("existing", "expected"),
    [
        (None, "{purelib}/sitecustomize.py"),
        ("{prefix}/lib/sitecustomize.py", "{prefix}/lib/sitecustomize.py"),
        ("/usr/lib/python3/sitecustomize.py", "{purelib}/hookmock-install.pth"),
    ],
    ids=["none", "inside-the-environment", "shadowed-from-outside"],
)
def test_sitecustomize_target(
    existing: str | None, expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import importlib.machinery

    import hookmock._install as install_module

    places = {"prefix": str(tmp_path / "env"), "purelib": str(tmp_path / "env" / "site")}
    monkeypatch.setattr(sys, "prefix", places["prefix"])
    monkeypatch.setattr(install_module, "_purelib", lambda: Path(places["purelib"]))
    spec = (
        importlib.machinery.ModuleSpec("sitecustomize", None, origin=existing.format(**places))
        if existing
        else None
    )
    monkeypatch.setattr(install_module.importlib.util, "find_spec", lambda name: spec)
    assert default_sitecustomize_path() == Path(expected.format(**places)).resolve()


def test_pth_hook_mocks_a_process_from_its_site_start_up(
    tmp_path: Path, network: RecordingServer
) -> None:
    site_dir = tmp_path / "site"
    hook = site_dir / "hookmock-install.pth"
    assert main(["sitecustomize", "--install", "--path", str(hook)]) == 0
    script = tmp_path / "app.py"
    script.write_text(MODULE_LEVEL_SCRIPT)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(RECORDER_URL=network.url)
    # site.addsitedir processes .pth files exactly as interpreter start-up does.
    start = (
        f"import site, runpy; site.addsitedir({str(site_dir)!r}); runpy.run_path({str(script)!r})"
    )
    result = run([sys.executable, "-c", start], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "arn:aws:iam::123456789012:root"
    assert network.requests == []
    assert main(["sitecustomize", "--uninstall", "--path", str(hook)]) == 0
    assert not hook.exists()


PLUGIN_TESTS = """
import os

import boto3

import hookmock

CLIENT = boto3.client("sts", region_name="us-east-1", endpoint_url=os.environ["RECORDER_URL"])


def test_module_level_client_is_mocked(hookmock):
    assert CLIENT.get_caller_identity()["Account"] == "123456789012"


def test_fixture_yields_a_fresh_world_per_test(hookmock):
    from hookmock._world import Principal

    assert hookmock.backends() == []
    hookmock.register_access_key("AKIAPLUGIN0000000001", Principal.root("111111111111"))
    client = boto3.client(
        "sts", region_name="us-east-1",
        aws_access_key_id="AKIAPLUGIN0000000001", aws_secret_access_key="s",
    )
    assert client.get_caller_identity()["Account"] == "111111111111"
    assert len(hookmock.backends()) == 1


def test_fixture_world_is_a_hookmock_world(hookmock):
    from hookmock import World
    assert type(hookmock) is World
"""


def test_pytest_plugin_fixture_and_module_level_clients(
    pytester: pytest.Pytester, network: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECORDER_URL", network.url)
    pytester.makepyfile(test_inner=PLUGIN_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=3)
    assert network.requests == []
