"""Conditional requests and byte ranges (RFC 7232 / 7233 as S3 applies them)."""

from __future__ import annotations

import datetime as dt
import re

from hookmock.backends.s3.errors import not_modified, precondition_failed
from hookmock.backends.s3.models import S3Object
from hookmock.shapes import AWSError

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _etag_matches(header: str, etag: str) -> bool:
    wanted = {tag.strip() for tag in header.split(",")}
    return "*" in wanted or etag in wanted or etag.strip('"') in wanted


def check_read_conditions(
    obj: S3Object,
    if_match: str | None,
    if_none_match: str | None,
    if_modified_since: dt.datetime | None,
    if_unmodified_since: dt.datetime | None,
    prefix: str = "If",
) -> None:
    """Raise 412 or 304 as S3 does for GET/HEAD (and 412 for copy sources).

    If-Match that holds overrides a failing If-Unmodified-Since; If-None-Match
    that fails overrides a holding If-Modified-Since.
    """
    if if_match is not None:
        if not _etag_matches(if_match, obj.etag):
            raise precondition_failed(f"{prefix}-Match")
    elif if_unmodified_since is not None and obj.last_modified > if_unmodified_since:
        raise precondition_failed(f"{prefix}-Unmodified-Since")
    if if_none_match is not None:
        if _etag_matches(if_none_match, obj.etag):
            raise _unchanged(prefix, "None-Match")
    elif if_modified_since is not None and obj.last_modified <= if_modified_since:
        raise _unchanged(prefix, "Modified-Since")


def _unchanged(prefix: str, condition: str) -> AWSError:
    # A copy source that did not change fails its precondition; a GET is Not Modified.
    return precondition_failed(f"{prefix}-{condition}") if prefix != "If" else not_modified()


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single satisfiable range, None for the whole object.

    A header that is not a single byte range is ignored, as S3 ignores it;
    a range that starts past the end raises InvalidRange (416).
    """
    if header is None:
        return None
    match = _RANGE.match(header.strip())
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first_text, last_text = match.groups()
    if first_text == "":
        suffix = int(last_text)
        if suffix == 0:
            raise invalid_range(header, size)
        return max(size - suffix, 0), size - 1
    first = int(first_text)
    last = size - 1 if last_text == "" else min(int(last_text), size - 1)
    if last_text != "" and int(last_text) < first:
        return None
    if first >= size:
        raise invalid_range(header, size)
    return first, last


def invalid_range(header: str, size: int) -> AWSError:
    return AWSError(
        "InvalidRange",
        "The requested range is not satisfiable",
        416,
        fields={"RangeRequested": header, "ActualObjectSize": str(size)},
    )
