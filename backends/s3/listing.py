"""Listing a bucket: prefix, delimiter roll-up and markers, by seeking, never scanning.

Keys are kept in code-point order, which is UTF-8 byte order, as S3 lists
them. A page costs O(log N) to find its start plus the entries it returns;
keys rolled up into a common prefix are skipped with one seek, not walked.
"""

from __future__ import annotations

from urllib.parse import quote

import attrs

from hookmock.backends.s3.models import S3Object
from hookmock.shapes.paginate import SortedIndex

PAST_EVERYTHING = "\U0010ffff"
"""Appended to a common prefix, a position after every key that starts with it."""


@attrs.frozen
class Listing:
    objects: list[S3Object]
    prefixes: list[str]
    truncated: bool
    last: str | None
    """The last entry returned, a key or a common prefix (S3's NextMarker)."""
    resume: str | None
    """Where the next page starts after (a continuation token's position)."""


def list_entries(
    index: SortedIndex[str, S3Object],
    prefix: str,
    delimiter: str,
    after: str | None,
    max_keys: int,
) -> Listing:
    objects: list[S3Object] = []
    prefixes: list[str] = []
    last: str | None = None
    resume: str | None = None
    truncated = False
    if after is not None and after >= prefix:
        entries = index.after(after)
    else:
        entries = index.after(prefix, inclusive=True)
    while True:
        for key, obj in entries:
            if not key.startswith(prefix):
                return Listing(objects, prefixes, False, last, resume)
            cut = key.find(delimiter, len(prefix)) if delimiter else -1
            if cut >= 0:
                common = key[: cut + len(delimiter)]
                if after is None or common > after:
                    if len(objects) + len(prefixes) == max_keys:
                        return Listing(objects, prefixes, True, last, resume)
                    prefixes.append(common)
                    last, resume = common, common + PAST_EVERYTHING
                entries = index.after(common + PAST_EVERYTHING)
                break
            if len(objects) + len(prefixes) == max_keys:
                truncated = True
                return Listing(objects, prefixes, truncated, last, resume)
            objects.append(obj)
            last = resume = key
        else:
            return Listing(objects, prefixes, False, last, resume)


def url_encoded(value: str | None, encode: bool) -> str | None:
    """S3's EncodingType=url form (botocore decodes it when it asked for it itself)."""
    if value is None or not encode:
        return value
    return quote(value, safe="/")
