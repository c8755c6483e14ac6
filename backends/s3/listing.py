"""Listing a bucket: prefix, delimiter roll-up and markers, by seeking, never scanning.

Keys are kept in code-point order, which is UTF-8 byte order, as S3 lists
them. A page costs O(log N) to find its start plus the entries it returns;
keys rolled up into a common prefix are skipped with one seek, not walked.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import quote

import attrs

from hookmock.backends._core import Params
from hookmock.backends.s3 import errors
from hookmock.backends.s3.models import S3Object
from hookmock.backends.s3.versions import KeyVersions, ObjectStore, Version

MAX_KEYS = 1000
PAST_EVERYTHING = "\U0010ffff"
"""Appended to a common prefix, a position after every key that starts with it."""

E = TypeVar("E")
V = TypeVar("V")
V_co = TypeVar("V_co", covariant=True)


class KeyIndex(Protocol[V_co]):
    def after(self, position: Any, *, inclusive: bool = False) -> Iterator[tuple[str, V_co]]: ...


@attrs.frozen
class Listing(Generic[E]):
    entries: list[E]
    prefixes: list[str]
    truncated: bool
    last: str | None
    """The key of the last entry returned, or the last common prefix (S3's NextMarker)."""
    last_entry: E | None
    """The last entry returned, when the page did not end on a common prefix."""

    @property
    def resume(self) -> str | None:
        """Where the next page starts after (a continuation token's position)."""
        if self.last is not None and self.last_entry is None:
            return self.last + PAST_EVERYTHING  # past all the common prefix rolled up
        return self.last


def _walk(
    index: KeyIndex[V],
    prefix: str,
    delimiter: str,
    after: str | None,
    max_keys: int,
    expand: Callable[[str, V], Sequence[E]],
    inclusive: bool = False,
) -> Listing[E]:
    """One page of entries; ``expand`` turns a key's value into its entries.

    With ``inclusive`` the key ``after`` itself is walked too (ListObjectVersions
    resuming inside a key: ``expand`` drops what was already returned).
    """
    entries: list[E] = []
    prefixes: list[str] = []
    last: str | None = None
    last_entry: E | None = None
    if after is not None and after >= prefix:
        walked = index.after(after, inclusive=inclusive)
    else:
        walked = index.after(prefix, inclusive=True)

    def page(truncated: bool) -> Listing[E]:
        return Listing(entries, prefixes, truncated, last, last_entry)

    while True:
        for key, value in walked:
            if not key.startswith(prefix):
                return page(False)
            cut = key.find(delimiter, len(prefix)) if delimiter else -1
            if cut >= 0:
                common = key[: cut + len(delimiter)]
                if after is None or common > after:
                    if len(entries) + len(prefixes) == max_keys:
                        return page(True)
                    prefixes.append(common)
                    last, last_entry = common, None
                walked = index.after(common + PAST_EVERYTHING)
                break
            for entry in expand(key, value):
                if len(entries) + len(prefixes) == max_keys:
                    return page(True)
                entries.append(entry)
                last, last_entry = key, entry
        else:
            return page(False)


def list_objects(
    store: ObjectStore, prefix: str, delimiter: str, after: str | None, max_keys: int
) -> Listing[S3Object]:
    return _walk(store, prefix, delimiter, after, max_keys, lambda _, obj: (obj,))


def list_versions(
    store: ObjectStore,
    prefix: str,
    delimiter: str,
    key_marker: str | None,
    version_marker: str | None,
    max_keys: int,
) -> Listing[tuple[Version, bool]]:
    """(version, is latest) newest first within each key, after (key_marker, version_marker)."""

    def expand(key: str, versions: KeyVersions) -> Sequence[tuple[Version, bool]]:
        ordered = [(v, n == 0) for n, v in enumerate(versions.newest_first())]
        if key == key_marker and version_marker is not None:
            ids = [v.version_id for v, _ in ordered]
            ordered = ordered[ids.index(version_marker) + 1 :] if version_marker in ids else []
        return ordered

    return _walk(
        store.keys,
        prefix,
        delimiter,
        key_marker,
        max_keys,
        expand,
        inclusive=version_marker is not None,
    )


def page_size(params: Params) -> int:
    """MaxKeys as S3 applies it: at most 1000, and never negative."""
    max_keys = params.get("MaxKeys")
    if max_keys is not None and max_keys < 0:
        raise errors.invalid_argument(
            "Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", max_keys
        )
    return MAX_KEYS if max_keys is None else min(max_keys, MAX_KEYS)


def listing_members(
    params: Params, bucket: str, listing: Listing[Any], encode: bool
) -> dict[str, Any]:
    """The members every bucket listing answers with."""
    prefixes = [{"Prefix": url_encoded(p, encode)} for p in listing.prefixes]
    return {
        "Name": bucket,
        "Prefix": url_encoded(params.get("Prefix") or "", encode),
        "Delimiter": url_encoded(params.get("Delimiter"), encode),
        "MaxKeys": MAX_KEYS if params.get("MaxKeys") is None else params["MaxKeys"],
        "CommonPrefixes": prefixes or None,
        "EncodingType": params.get("EncodingType"),
        "IsTruncated": listing.truncated,
    }


def part_page(numbers: Iterable[int], params: Params) -> tuple[int, int, list[int], bool]:
    """(marker, limit, page, truncated): the part numbers after PartNumberMarker,
    MaxParts of them and at most 1000, as ListParts and GetObjectAttributes page parts."""
    marker = int(params.get("PartNumberMarker") or 0)
    limit = min(params.get("MaxParts") or MAX_KEYS, MAX_KEYS)
    after = sorted(n for n in numbers if n > marker)
    return marker, limit, after[:limit], len(after) > limit


def url_encoded(value: str | None, encode: bool) -> str | None:
    """S3's EncodingType=url form (botocore decodes it when it asked for it itself)."""
    if value is None or not encode or _UNQUOTED.issuperset(value):
        return value
    return quote(value, safe="/")


_UNQUOTED = frozenset(string.ascii_letters + string.digits + "_.-~/")
"""The characters ``quote(value, safe="/")`` leaves as they are."""
