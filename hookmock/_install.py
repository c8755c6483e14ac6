"""Process-wide mocking from interpreter start: install(), and the sitecustomize hook."""

from __future__ import annotations

import importlib.util
import sysconfig
from pathlib import Path

from hookmock._state import STATE
from hookmock._world import World

BEGIN = "# >>> hookmock install >>>"
END = "# <<< hookmock install <<<"
BLOCK = f"{BEGIN}\nimport hookmock as _hookmock\n\n_hookmock.install()\ndel _hookmock\n{END}\n"


def install() -> World:
    """Mock every AWS client in this process from now on, in one world.

    Meant for ``sitecustomize``: hookmock is then imported before any user
    code, so even clients made at module level are mocked. ``aws`` scopes
    opened later still get a fresh world of their own while they last.
    """
    return STATE.install()


def uninstall() -> None:
    """Undo :func:`install`: clients outside any ``aws`` scope talk to AWS again."""
    STATE.uninstall()


def default_sitecustomize_path() -> Path:
    """Where this environment's ``sitecustomize`` lives, or would be written."""
    spec = importlib.util.find_spec("sitecustomize")
    if spec is not None and spec.origin:
        return Path(spec.origin)
    return Path(sysconfig.get_paths()["purelib"]) / "sitecustomize.py"


def write_sitecustomize(path: Path) -> bool:
    """Add hookmock's install block to ``path``; False if it was there already."""
    text = path.read_text() if path.exists() else ""
    if BEGIN in text:
        return False
    separator = "\n" if text and not text.endswith("\n") else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{text}{separator}{BLOCK}")
    return True


def remove_sitecustomize(path: Path) -> bool:
    """Take hookmock's block out of ``path``; delete the file if nothing else is left."""
    if not path.exists():
        return False
    text = path.read_text()
    start = text.find(BEGIN)
    if start < 0:
        return False
    end = text.find(END, start)
    end = len(text) if end < 0 else end + len(END) + 1
    rest = text[:start] + text[end:]
    if rest.strip():
        path.write_text(rest)
    else:
        path.unlink()
    return True
