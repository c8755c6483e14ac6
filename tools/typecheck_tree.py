"""Stage the installed layout (hookmock/ with backends/ and shapes/ inside) for mypy.

mypy cannot follow setuptools' package-dir mapping, so it checks a tree of
symlinks that looks like the installed package. Prints the tree's path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {"backends": ROOT / "backends", "shapes": ROOT / "shapes"}


def stage(tree: Path = ROOT / "build" / "typecheck") -> Path:
    shutil.rmtree(tree, ignore_errors=True)
    package = tree / "hookmock"
    package.mkdir(parents=True)
    for entry in (ROOT / "hookmock").iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for name, source in MAPPED.items():
        (package / name).symlink_to(source)
    return tree


if __name__ == "__main__":
    print(stage())
