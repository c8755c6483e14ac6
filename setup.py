"""Package discovery for the mapped ``backends/`` and ``shapes/`` folders.

pyproject.toml alone cannot list sub-packages of a remapped folder, and every
new backend package would otherwise have to be added by hand. Everything else
lives in pyproject.toml.
"""

from setuptools import find_packages, setup

MAPPED = {"hookmock.backends": "backends", "hookmock.shapes": "shapes"}

packages = find_packages(include=["hookmock", "hookmock.*"])
for package, folder in MAPPED.items():
    packages.append(package)
    packages.extend(f"{package}.{sub}" for sub in find_packages(where=folder))

setup(packages=packages, package_dir=MAPPED)
