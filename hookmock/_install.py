"""Process-wide mocking from interpreter start: install(), and the sitecustomize hook."""

from __future__ import annotations

import importlib.util
import sys
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


PTH_NAME = "hookmock-install.pth"
PTH_LINE = "import hookmock; hookmock.install()\n"


def _purelib() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def default_sitecustomize_path() -> Path:
    """Where ``--install`` hooks hookmock into this environment's start-up.

    This environment's ``sitecustomize.py`` (an existing one is extended), or,
    where a sitecustomize from outside the environment would shadow one
    written here (Debian and Ubuntu system Pythons ship one), a ``.pth`` file
    in site-packages: site runs both before any user code.
    """
    spec = importlib.util.find_spec("sitecustomize")
    if spec is None or not spec.origin:
        return _purelib() / "sitecustomize.py"
    existing = Path(spec.origin).resolve()
    if existing.is_relative_to(Path(sys.prefix).resolve()):
        return existing
    return _purelib() / PTH_NAME


def write_sitecustomize(path: Path) -> bool:
    """Hook hookmock into ``path`` (a sitecustomize or a .pth); False if it was there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".pth":
        if path.exists() and path.read_text() == PTH_LINE:
            return False
        path.write_text(PTH_LINE)
        return True
    text = path.read_text() if path.exists() else ""
    if BEGIN in text:
        return False
    separator = "\n" if text and not text.endswith("\n") else ""
    path.write_text(f"{text}{separator}{BLOCK}")
    return True


def remove_sitecustomize(path: Path) -> bool:
    """Take hookmock's hook out of ``path``; delete the file if nothing else is left."""
    if not path.exists():
        return False
    if path.suffix == ".pth":
        path.unlink()
        return True
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
