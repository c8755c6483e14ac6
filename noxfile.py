"""Developer sessions: `nox` runs tests (newest and floor botocore), lint and typecheck."""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests", "lint", "typecheck"]

ROOT = Path(__file__).resolve().parent

BOTOCORE_FLOOR = "1.36"
"""Oldest botocore hookmock supports; pyproject.toml's dependency floor must match."""


@nox.session
@nox.parametrize("botocore", ["newest", BOTOCORE_FLOOR])
def tests(session: nox.Session, botocore: str) -> None:
    """The test suite against the newest botocore, and against the supported floor."""
    pins = [] if botocore == "newest" else [f"botocore=={botocore}.*", f"boto3=={botocore}.*"]
    session.install("-e", ".[test]", *pins)
    if pins:
        session.run(
            "python",
            "-c",
            f"import botocore; assert botocore.__version__.startswith('{botocore}.'), "
            "botocore.__version__",
        )
    session.run("pytest", *session.posargs)


AIOBOTOCORE_FLOOR = "2.19"
"""The first aiobotocore on botocore 1.36 (BOTOCORE_FLOOR); the async extra's floor must match."""

ASYNC_STACKS = {
    "aiobotocore": "aiobotocore",
    "aioboto3": "aioboto3",
    "floor": f"aiobotocore=={AIOBOTOCORE_FLOOR}.*",
}
"""What each async session installs first: its pins decide botocore."""


@nox.session
@nox.parametrize("stack", list(ASYNC_STACKS))
def tests_async(session: nox.Session, stack: str) -> None:
    """Async clients: the newest aiobotocore, the newest aioboto3, and the oldest aiobotocore
    hookmock supports, each with the botocore it pins and the boto3 of that botocore, plus
    s3fs, pandas and pyarrow."""
    session.install(ASYNC_STACKS[stack])
    botocore = session.run(
        "python", "-c", "import botocore; print(botocore.__version__)", silent=True
    )
    assert isinstance(botocore, str)
    # boto3 is released in lockstep with botocore: same version number.
    pins = [f"botocore=={botocore.strip()}", f"boto3=={botocore.strip()}"]
    session.install("-e", ".[test,async]", ASYNC_STACKS[stack], *pins)
    session.run("python", "-m", "pip", "check")
    session.run("pytest", "tests/async_clients", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy over a staged copy of the installed layout (see tools/typecheck_tree.py)."""
    session.install("-e", ".[test]", "mypy", "types-regex")
    tree = session.run("python", "tools/typecheck_tree.py", silent=True)
    assert isinstance(tree, str)
    with session.chdir(tree.strip()):
        session.run(
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "-p",
            "hookmock",
        )


def _protocol_vectors(session: nox.Session) -> Path:
    """botocore's protocol test vectors for the installed botocore: the wheel lacks
    them, so fetch its sdist once and keep tests/unit/protocols in the user cache."""
    version = session.run(
        "python", "-c", "import botocore; print(botocore.__version__)", silent=True
    )
    assert isinstance(version, str)
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    cache = cache_home / "hookmock" / f"botocore-{version.strip()}"
    vectors = cache / "tests" / "unit" / "protocols"
    if vectors.is_dir():
        return vectors
    sdists = cache_home / "hookmock" / "sdist"
    session.run(
        "python", "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
        f"botocore=={version.strip()}", "-d", str(sdists),
    )  # fmt: skip
    with tarfile.open(sdists / f"botocore-{version.strip()}.tar.gz") as archive:
        prefix = f"botocore-{version.strip()}/"
        members = []
        for member in archive.getmembers():
            if member.name.startswith(prefix + "tests/unit/protocols/") and member.isfile():
                member.name = member.name[len(prefix) :]
                members.append(member)
        archive.extractall(cache, members=members, filter="data")
    return vectors


@nox.session
def wire_conformance(session: nox.Session) -> None:
    """botocore's protocol test vectors, run in reverse against hookmock's wire layer;
    prints a pass count per protocol (tests/wire_conformance skip in the plain run)."""
    session.install("-e", ".[test]")
    vectors = _protocol_vectors(session)
    session.run(
        "pytest",
        "tests/wire_conformance",
        "-s",
        "-p",
        "no:cacheprovider",
        *session.posargs,
        env={"HOOKMOCK_PROTOCOL_VECTORS": str(vectors)},
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (never part of the test run): hookmock against botocore's floor and moto."""
    session.install("-e", ".[bench]")
    session.run("python", "tests/benchmarks/report.py", *session.posargs)
    session.run("python", "tests/benchmarks/bench_calls.py")
    session.run("python", "tests/benchmarks/bench_s3.py", *session.posargs)
    session.run("python", "tests/benchmarks/bench_dynamodb.py", *session.posargs)
    session.run("python", "tests/benchmarks/bench_sqs.py")
    session.run("python", "tests/benchmarks/bench_sns.py")
