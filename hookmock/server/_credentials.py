"""Who signed a request, and for which region: read from its signature, not checked.

SigV4 names the access key, date, region and service in its credential scope,
in the ``Authorization`` header or a presigned URL's ``X-Amz-Credential``; SigV4a
names the regions in ``X-Amz-Region-Set``; SigV2 (``AWS key:sig``, ``AWSAccessKeyId``)
names only the key. Verifying signatures is access control's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs

import attrs


@attrs.frozen
class Credentials:
    access_key_id: str | None = None
    region: str | None = None
    service: str | None = None

    @property
    def signed(self) -> bool:
        return self.access_key_id is not None


def _from_scope(scope: str) -> Credentials:
    parts = scope.split("/")
    if len(parts) == 5:
        return Credentials(parts[0] or None, parts[2] or None, parts[3] or None)
    if len(parts) == 4:  # SigV4a: key/date/service/aws4_request
        return Credentials(parts[0] or None, None, parts[2] or None)
    return Credentials(parts[0] or None)


def _region_set(value: str | None) -> str | None:
    if not value:
        return None
    first = value.split(",")[0].strip()
    return None if not first or "*" in first else first


def read_credentials(headers: Mapping[str, str], query: str) -> Credentials:
    """The signer's credentials of a request (headers lower-cased, query raw)."""
    authorization = headers.get("authorization", "")
    found = Credentials()
    if authorization.startswith("AWS4-"):
        for part in authorization.split(" ", 1)[-1].split(","):
            name, _, value = part.strip().partition("=")
            if name == "Credential":
                found = _from_scope(value)
                break
    elif authorization.startswith("AWS "):
        found = Credentials(authorization[4:].rsplit(":", 1)[0] or None)
    elif query and ("X-Amz-Credential=" in query or "AWSAccessKeyId=" in query):
        fields = parse_qs(query, keep_blank_values=True)
        if "X-Amz-Credential" in fields:
            found = _from_scope(fields["X-Amz-Credential"][0])
            region_set = _region_set(fields.get("X-Amz-Region-Set", [""])[0])
            if region_set and found.region is None:
                found = attrs.evolve(found, region=region_set)
        else:
            found = Credentials(fields["AWSAccessKeyId"][0] or None)
    if found.region is None:
        region_set = _region_set(headers.get("x-amz-region-set"))
        if region_set:
            found = attrs.evolve(found, region=region_set)
    return found
