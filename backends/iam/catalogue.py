"""AWS managed policies (``arn:aws:iam::aws:policy/...``), read from a generated data file.

The file, ``data/aws_managed_policies.json.gz``, is written by
``tools/generate_aws_managed_policies.py``, whose docstring says where its
content comes from. It is read on the first call that needs an AWS managed
policy, never at import: most tests never touch one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gzip
import json
from collections.abc import Iterator
from importlib import resources
from typing import Any

import attrs

from hookmock.backends.iam.models import ManagedPolicy, PolicyVersion, Tags

DATA_FILE = "aws_managed_policies.json.gz"


@attrs.frozen
class Entry:
    """One AWS managed policy as the catalogue holds it (its default version only)."""

    name: str
    path: str
    policy_id: str
    created: dt.datetime
    updated: dt.datetime
    version_id: str
    description: str
    document: str


def _time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(
        name=raw["name"],
        path=raw["path"],
        policy_id=raw["id"],
        created=_time(raw["created"]),
        updated=_time(raw["updated"]),
        version_id=raw["version"],
        description=raw.get("description", ""),
        document=json.dumps(raw["document"], separators=(",", ":")),
    )


@attrs.frozen
class Catalogue:
    by_name: dict[str, Entry]
    names: list[str]
    """Every name, sorted: the order ListPolicies pages them in."""

    def after(self, position: Any) -> Iterator[tuple[str, Entry]]:
        start = 0 if position is None else bisect.bisect_right(self.names, position)
        for name in self.names[start:]:
            yield name, self.by_name[name]


@functools.cache
def load() -> Catalogue:
    """The catalogue, read once per process."""
    data = (
        resources.files("hookmock.backends.iam").joinpath("data").joinpath(DATA_FILE).read_bytes()
    )
    raw = json.loads(gzip.decompress(data))
    entries = {item["name"]: _entry(item) for item in raw["policies"]}
    return Catalogue(entries, sorted(entries))


def entry(name: str) -> Entry | None:
    return load().by_name.get(name)


def arn(entry: Entry, partition: str) -> str:
    return f"arn:{partition}:iam::aws:policy{entry.path}{entry.name}"


def is_aws_managed(policy_arn: str) -> bool:
    return policy_arn.split(":", 5)[4:5] == ["aws"]


def as_policy(entry: Entry, partition: str) -> ManagedPolicy:
    """A fresh, unattached ManagedPolicy for ``entry``: one account's view of it."""
    policy = ManagedPolicy(
        name=entry.name,
        path=entry.path,
        policy_id=entry.policy_id,
        arn=arn(entry, partition),
        description=entry.description,
        created=entry.created,
        updated=entry.updated,
        tags=Tags(case_insensitive=False),
        default_version_id=entry.version_id,
    )
    policy.versions[entry.version_id] = PolicyVersion(
        entry.version_id, entry.document, entry.updated
    )
    return policy
