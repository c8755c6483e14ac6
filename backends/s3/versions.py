"""The versions of every key in a bucket: what versioning keeps, and what readers see.

Each key holds its versions oldest first; its *current* object is the newest
version when that is not a delete marker. Buckets that never had versioning
hold one version per key (id ``null``), so one structure serves every state.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, Union

import attrs

from hookmock.backends.s3 import errors
from hookmock.shapes.paginate import SortedIndex

if TYPE_CHECKING:
    from hookmock.backends.s3.models import S3Object

Versioning = Literal["Enabled", "Suspended"] | None
NULL_VERSION = "null"
_VERSION_ID_LENGTH = 32


@attrs.define(eq=False)
class DeleteMarker:
    key: str
    version_id: str
    last_modified: dt.datetime
    owner: str


Version = Union["S3Object", DeleteMarker]


def new_version_id() -> str:
    """S3's version ids are opaque URL-safe strings; ours are 32 random characters."""
    return secrets.token_urlsafe(24)


def is_well_formed_version_id(version_id: str) -> bool:
    return version_id == NULL_VERSION or (
        len(version_id) == _VERSION_ID_LENGTH
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in version_id)
    )


@attrs.define(eq=False)
class KeyVersions:
    versions: list[Version] = attrs.field(factory=list)
    """Oldest first."""

    @property
    def current(self) -> S3Object | None:
        latest = self.versions[-1]
        return None if isinstance(latest, DeleteMarker) else latest

    def find(self, version_id: str) -> Version | None:
        for version in reversed(self.versions):
            if version.version_id == version_id:
                return version
        return None

    def newest_first(self) -> list[Version]:
        return self.versions[::-1]


class ObjectStore:
    """A bucket's keys in UTF-8 order, each with its versions.

    Reads without a version id see the current object; ``after`` yields only
    keys that have one, so ListObjects pages seek as before.
    """

    def __init__(self) -> None:
        self.keys: SortedIndex[str, KeyVersions] = SortedIndex()

    def __bool__(self) -> bool:
        return len(self.keys) > 0

    def get(self, key: str) -> S3Object | None:
        versions = self.keys.get(key)
        return None if versions is None else versions.current

    def latest(self, key: str) -> Version | None:
        versions = self.keys.get(key)
        return None if versions is None else versions.versions[-1]

    def find(self, key: str, version_id: str) -> Version | None:
        versions = self.keys.get(key)
        return None if versions is None else versions.find(version_id)

    def resolve(self, key: str, version_id: str | None, method: str) -> S3Object:
        """The object a read names: the current one, or the version asked for."""
        if version_id is None:
            current = self.get(key)
            if current is None:
                raise errors.no_such_key(key)
            return current
        if not is_well_formed_version_id(version_id):
            raise errors.invalid_version_id(version_id)
        found = self.find(key, version_id)
        if found is None:
            raise errors.no_such_version(key, version_id)
        if isinstance(found, DeleteMarker):
            raise errors.method_not_allowed(method, "DeleteMarker")
        return found

    def after(self, position: Any, *, inclusive: bool = False) -> Iterator[tuple[str, S3Object]]:
        for key, versions in self.keys.after(position, inclusive=inclusive):
            current = versions.current
            if current is not None:
                yield key, current

    def add(self, version: Version, versioning: Versioning) -> Version:
        """Store a new version under ``versioning``; it becomes the key's current one.

        Enabled buckets keep every version; suspended ones replace the ``null``
        version; buckets never versioned keep only the newest.
        """
        version.version_id = new_version_id() if versioning == "Enabled" else NULL_VERSION
        versions = self.keys.get(version.key)
        if versions is None or versioning is None:
            self.keys[version.key] = KeyVersions([version])
            return version
        if versioning == "Suspended":
            versions.versions = [v for v in versions.versions if v.version_id != NULL_VERSION]
        versions.versions.append(version)
        return version

    def remove(self, key: str, version_id: str) -> Version | None:
        """Delete one version for good; the key's next newest becomes current."""
        versions = self.keys.get(key)
        found = None if versions is None else versions.find(version_id)
        if versions is None or found is None:
            return None
        versions.versions.remove(found)
        if not versions.versions:
            del self.keys[key]
        return found

    def remove_key(self, key: str) -> None:
        self.keys.discard(key)
